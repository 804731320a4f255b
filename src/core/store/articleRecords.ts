import { LoreError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../hash';
import {
  validateBody, validateOptionalName, validateReviewAfterDays, validateStatus, validateTags, validateTitle, validateVisibility,
  type Article, type ArticleStatus, type Visibility,
} from '../model';
import { approversOf, checkStatusChange } from '../articles/reviewWorkflow';
import { renameWikiLinks } from '../articles/wikiLinks';
import { articleConflicts } from './articleQueries';
import { shareCurrentState } from './articleSharing';
import { headsOf } from './eventLog';
import type { EntityKind, LoreEvent } from './events';
import { articlesWithWikiLinksTo } from './linkQueries';
import { toArticle, type ArticleRow, type SnippetRow } from './rows';
import { cleanSnippet, type NewSnippet } from './snippetRecords';
import type { StoreWriter } from './storeWriter';

export interface NewArticle {
  title: string;
  body?: string;
  tags?: string[];
  team?: string;
  status?: ArticleStatus;
  visibility?: Visibility;
  snippets?: NewSnippet[];
}

export interface ArticlePatch {
  title?: string;
  body?: string;
  tags?: string[];
  team?: string | null;
  /** A person or a team (front matter `owner:`); null: none. */
  owner?: string | null;
  /** Days between reviews (front matter `review-after:`); null: the setting decides. */
  reviewAfterDays?: number | null;
  status?: ArticleStatus;
  visibility?: Visibility;
}

/**
 * Articles' own writes (create, edit, visibility, delete, restore, conflict resolution) and
 * reading one article, all through the store's one write path (privacy decided by privacy.ts).
 */
export class ArticleRecords {
  constructor(private readonly store: StoreWriter) {}

  private get db() {
    return this.store.db;
  }

  create(input: NewArticle): Article {
    const id = newId();
    const now = this.store.now();
    const visibility = validateVisibility(input.visibility ?? 'team');
    const changes = {
      title: validateTitle(input.title),
      body: validateBody(input.body ?? ''),
      tags: validateTags(input.tags ?? []),
      team: validateOptionalName('team', input.team) ?? null,
      status: validateStatus(input.status ?? 'draft'),
      visibility,
      author: this.store.author(),
      createdAt: now,
    };
    if (changes.status === 'in-review') throw new LoreError(`"${changes.title}" has no reviewers yet.`, 'Create it as a draft, then use Lore: Request Review.');
    const snippets = (input.snippets ?? []).map((s) => cleanSnippet(s));
    this.store.write(() => {
      this.store.emit('article', id, changes);
      snippets.forEach((s, position) => this.store.emit('snippet', newId(), { articleId: id, position, ...s }));
    });
    return this.get(id)!;
  }

  /**
   * Changes an article. A missing field keeps its value. Visibility changes follow the privacy
   * rule (privacy.ts): team → private withdraws the article from teammates' views (copies they
   * already received cannot be recalled); private → team publishes only the current state as a
   * new version, and only with `share: true`, because the author must be asked first.
   */
  update(id: string, patch: ArticlePatch, options: { share?: boolean } = {}): Article {
    const current = this.require(id);
    const changes: Record<string, unknown> = {};
    if (patch.title !== undefined && validateTitle(patch.title) !== current.title) changes.title = validateTitle(patch.title);
    if (patch.body !== undefined && validateBody(patch.body) !== current.body) changes.body = patch.body;
    if (patch.tags !== undefined) {
      const tags = validateTags(patch.tags);
      if (tags.join('\n') !== current.tags.join('\n')) changes.tags = tags;
    }
    if (patch.team !== undefined) {
      const team = validateOptionalName('team', patch.team) ?? null;
      if (team !== (current.team ?? null)) changes.team = team;
    }
    if (patch.owner !== undefined) {
      const owner = validateOptionalName('owner', patch.owner) ?? null;
      if (owner !== (current.owner ?? null)) changes.owner = owner;
    }
    if (patch.reviewAfterDays !== undefined) {
      const days = validateReviewAfterDays(patch.reviewAfterDays) ?? null;
      if (days !== (current.reviewAfterDays ?? null)) changes.reviewAfterDays = days;
    }
    if (patch.status !== undefined && validateStatus(patch.status) !== current.status) {
      // Checked against the revision being saved with it: a new revision saved in the same change counts.
      const revised = { ...current, ...(changes.title !== undefined || changes.body !== undefined
        ? { revision: '(new)', reviews: current.reviews } : {}) };
      checkStatusChange(revised, patch.status);
      changes.status = patch.status;
      // Publishing records who approved the revision published (none: an empty list replaces an older record).
      const approvers = patch.status === 'published' ? approversOf(revised) : [];
      if (approvers.length || (patch.status === 'published' && current.approvedBy?.length)) changes.approvedBy = approvers;
    }
    const visibility = patch.visibility === undefined ? current.visibility : validateVisibility(patch.visibility);
    if (Object.keys(changes).length === 0 && visibility === current.visibility) return current;
    if (current.visibility === 'private' && visibility === 'team' && !options.share) {
      throw new LoreError(
        `"${current.title}" is private: sharing it with the team needs the author's confirmation.`,
        'Ask first, then update it with { share: true }: its current state is published as a new version, its private history stays here.',
      );
    }
    this.store.write(() => {
      if (current.visibility === 'team' && visibility === 'private') this.store.emit('article', id, { visibility });
      if (Object.keys(changes).length) this.store.emit('article', id, changes, this.shownVersions(id, current, Object.keys(changes)));
      if (current.visibility === 'private' && visibility === 'team') shareCurrentState(this.store, this.require(id));
      if (typeof changes.title === 'string') this.renameLinksTo(current.title, changes.title, id);
    });
    return this.get(id)!;
  }

  /**
   * A renamed article keeps its links: every other article whose `[[Old title]]` named it now
   * says `[[New title]]` (one ordinary edit each, synced like any other).
   */
  private renameLinksTo(oldTitle: string, newTitle: string, renamedId: string): void {
    for (const linking of articlesWithWikiLinksTo(this.db, oldTitle, renamedId)) {
      const body = renameWikiLinks(linking.body, oldTitle, newTitle);
      const article = body === undefined ? undefined : this.get(linking.id);
      if (article && body !== undefined) this.store.emit('article', linking.id, { body }, this.shownVersions(linking.id, article, ['body']));
    }
  }

  /**
   * Settles a conflict on one field: the chosen (or hand-merged) value becomes the only head,
   * replacing every version the user was shown.
   */
  resolveConflict(id: string, field: string, value: unknown): Article {
    this.require(id);
    if (field === 'title') value = validateTitle(value);
    else if (field === 'body') value = validateBody(value);
    else throw new ValidationError('field', `Only title and body conflicts are resolved by hand; got "${field}".`);
    this.store.write(() => this.store.emit('article', id, { [field]: value }));
    return this.get(id)!;
  }

  /**
   * For fields shown in conflict, the versions the user was looking at: the shown one only. An
   * ordinary edit then replaces what the user saw and the other versions stay in conflict until
   * resolveConflict settles them, so no concurrent edit is ever dropped without being shown.
   */
  private shownVersions(id: string, current: Article, fields: string[]): Record<string, string[]> {
    const conflicted = new Set(articleConflicts(this.db, id).map((c) => c.field));
    const seen: Record<string, string[]> = {};
    const heads = conflicted.size ? headsOf(this.db, 'article', id) : new Map<string, LoreEvent[]>();
    for (const field of fields) {
      if (!conflicted.has(field)) continue;
      const shown = JSON.stringify((current as unknown as Record<string, unknown>)[field]);
      seen[field] = (heads.get(field) ?? []).filter((e) => JSON.stringify(e.changes[field]) === shown).map((e) => e.id);
    }
    return seen;
  }

  delete(id: string): void {
    const article = this.require(id);
    this.store.write(() => {
      this.store.emit('article', id, { deleted: true });
      for (const snippet of article.snippets) this.store.emit('snippet', snippet.id, { deleted: true });
    });
  }

  /**
   * Brings deleted records back (the user refused a mass deletion that came from the team folder).
   * The restore is an ordinary change that has seen the delete, so it is shared with the team.
   */
  restore(records: Array<{ entity: EntityKind; id: string }>): void {
    this.store.write(() => {
      for (const { entity, id } of records) this.store.emit(entity, id, { deleted: false });
    });
  }

  get(id: string): Article | undefined {
    const row = this.db.get<ArticleRow>('SELECT * FROM articles WHERE id = ? AND deleted = 0', id);
    if (!row) return undefined;
    const snippets = this.db.all<SnippetRow>('SELECT * FROM snippets WHERE article_id = ? AND deleted = 0 ORDER BY position, id', id);
    return toArticle(row, snippets);
  }

  /** Whether a live article with this id is here (cheaper than get: no body, no snippets). */
  has(id: string): boolean {
    return !!this.db.get('SELECT 1 FROM articles WHERE id = ? AND deleted = 0', id);
  }

  require(id: string): Article {
    const article = this.get(id);
    if (!article) throw new NotFoundError('article', id);
    return article;
  }
}
