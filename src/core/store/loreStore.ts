import { systemClock, type Clock } from '../clock';
import { LoreError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../hash';
import { compareStamps, HybridClock, parseHlc } from '../hlc';
import {
  validateAuthor, validateBody, validateOptionalName, validateReviewAfterDays, validateStatus, validateTags,
  validateTitle, validateVisibility,
  type Anchor, type AnchorState, type Article, type ArticleReview, type ArticleStatus, type ReviewComment, type ReviewThread, type Snippet,
  type ThreadKind, type ThreadState, type Visibility,
} from '../model';
import { approversOf, checkStatusChange } from '../articles/reviewWorkflow';
import { Database } from './database';
import type { SqlDriver } from './driver';
import { getEvent, headIdsOf, headsOf, insertEvent } from './eventLog';
import { sealEvent, type EntityKind, type LoreEvent } from './events';
import { resolveRecord, type FieldConflict, type FieldMerger } from './fieldResolution';
import { isPrivateEvent, isWithdrawnFromHere, publishedIdsByField, visibilityBefore } from './privacy';
import { project } from './projections';
import {
  toArticle, toConflicts, toSummary,
  type ArticleRow, type ArticleSummary, type ArticleTitle, type SnippetRow, type ThreadRow,
} from './rows';
import { articleIdsByTitle, articlesLinkingTo, articlesWithWikiLinksTo, articleTitlesMatching } from './linkQueries';
import { knowledgeGraph } from './graphQueries';
import type { KnowledgeGraph } from '../articles/knowledgeGraph';
import { renameWikiLinks } from '../articles/wikiLinks';
import { relatedArticles, relatedToArticles, type RelatedArticle } from '../articles/relatedArticles';
import { searchArticles, warmUpSearch, type ParsedQuery, type SearchOptions, type SearchResponse } from '../search/searchArticles';
import { compactSearchIndex } from '../search/searchMaintenance';
import { rememberingWords } from '../search/articleIndexer';
import { EventOutbox } from './eventOutbox';
import { ImageStore } from './imageStore';
import { ReviewThreads, type NewThread, type ThreadFilter } from './reviewThreads';
import type { StoreWriter } from './storeWriter';
import { cleanSnippet, SnippetRecords, type NewSnippet } from './snippetRecords';
import { ArticleReviews } from './articleReviews';
import { LearningPaths, type LearningPathPatch, type NewLearningPath, type NewPathStep } from './learningPaths';
import type { LearningPath, PathProgress, StepPatch } from '../paths/pathModel';

export interface StoreOptions {
  driver: SqlDriver;
  /** Name written on new articles and comments. */
  author: string;
  clock?: Clock;
  /** Merges concurrent field versions (the sync layer's three-way body merge). */
  mergers?: FieldMerger[];
  busyTimeoutMs?: number;
}

/** What changed, for views to refresh. `remote` changes came from the team folder. */
export interface StoreChange {
  entities: EntityKind[];
  ids: string[];
  origin: 'local' | 'remote';
  /** Records where a delete lost to an edit made without seeing it. */
  deletesOverridden: string[];
}

export type { NewSnippet } from './snippetRecords';

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

export type { NewThread, ThreadFilter } from './reviewThreads';

export interface ArticleFilter {
  /** null: articles without tags. */
  tag?: string | null;
  status?: ArticleStatus;
  /** null: articles without a team. */
  team?: string | null;
  limit?: number;
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
  touched: number;
  /** Devices whose clocks are far ahead of ours. */
  skewedDevices: string[];
}

type Listener = (change: StoreChange) => void;

/** Article rows with their snippet counts, as lists and trees show them. */
const SUMMARY_SELECT = `SELECT a.*, (SELECT COUNT(*) FROM snippets s WHERE s.article_id = a.id AND s.deleted = 0) AS snippet_count
  FROM articles a`;

/** The WHERE clause (on `articles a`) and LIMIT of an article filter; deleted articles never match. */
function articleFilterSql(filter: ArticleFilter): { where: string; params: string[]; limit: string } {
  // With a tag, SQLite must look the tag up first (`+` keeps it off the index of the deleted
  // flag, which matches nearly every row and made a tag group cost a scan of 50,000 articles).
  const where = [filter.tag ? '+a.deleted = 0' : 'a.deleted = 0'];
  const params: string[] = [];
  if (filter.tag) {
    where.push('a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)');
    params.push(filter.tag);
  }
  if (filter.status) {
    where.push('a.status = ?');
    params.push(filter.status);
  }
  if (filter.team) {
    where.push('a.team = ?');
    params.push(filter.team);
  }
  if (filter.team === null) where.push('a.team IS NULL');
  if (filter.tag === null) where.push('a.id NOT IN (SELECT article_id FROM article_tags)');
  const limit = filter.limit ? `LIMIT ${Math.max(1, Math.floor(filter.limit))}` : '';
  return { where: where.join(' AND '), params, limit };
}

/**
 * Lore's local knowledge base. Every write is one transaction that appends a content-hashed
 * event and recomputes the record it touches from its events, exactly as events from the team
 * folder are applied, so every machine that holds the same events shows the same knowledge.
 */
export class LoreStore {
  private readonly listeners = new Set<Listener>();
  private readonly hlc: HybridClock;
  private readonly threads: ReviewThreads;
  private readonly images: ImageStore;
  private readonly outbox: EventOutbox;
  private readonly snippets: SnippetRecords;
  private readonly reviews: ArticleReviews;
  private readonly paths: LearningPaths;
  /** The one write path the store's parts (and its own article methods) use. */
  private readonly writer: StoreWriter;
  private currentDeviceId: string;
  private registeredAuthor: ((device: string) => string | undefined) | undefined;

  private constructor(
    readonly db: Database,
    public author: string,
    private readonly clock: Clock,
    private readonly mergers: FieldMerger[],
  ) {
    this.currentDeviceId = this.db.transaction(() => {
      const existing = this.getMeta('deviceId');
      if (existing) return existing;
      const id = newId();
      this.setMeta('deviceId', id);
      return id;
    });
    this.hlc = new HybridClock(clock, this.getMeta('hlc'));
    const now = () => new Date(this.clock.now()).toISOString();
    const writer: StoreWriter = this.writer = {
      db,
      author: () => this.author,
      now,
      write: (work, entity, id) => this.write(work, entity, id),
      emit: (entity, entityId, changes, seen) => this.emit(entity, entityId, changes, seen),
    };
    this.threads = new ReviewThreads(writer);
    this.images = new ImageStore(db, now);
    this.outbox = new EventOutbox(db);
    this.snippets = new SnippetRecords(writer);
    this.reviews = new ArticleReviews(writer, { get: (id) => this.getArticle(id), require: (id) => this.requireArticle(id) });
    this.paths = new LearningPaths(writer);
  }

  /** The id this database writes events under (see renewDeviceId). */
  get deviceId(): string {
    return this.currentDeviceId;
  }

  /** Full-text search over this knowledge base (core/search/searchArticles.ts). */
  search(query: string | ParsedQuery, options: SearchOptions = {}): SearchResponse {
    return searchArticles(this.db, query, options);
  }

  /** Loads search's typo vocabulary ahead of the first search, off the typing path. */
  warmUpSearch(): void {
    warmUpSearch(this.db);
  }

  /** Merges the full-text index one small step; true while there is more to merge. */
  compactSearchIndex(): boolean {
    return compactSearchIndex(this.db);
  }

  /** Changes whenever another connection (another window, the CLI) commits to this database. */
  dataVersion(): number {
    return this.db.pragmaNumber('data_version');
  }

  /**
   * Gives this database a new device id, starting its sequence again. Sync calls it when it finds
   * another machine writing under this id (a copied database or disk image): both histories are
   * kept, and from now on the two machines no longer share an id.
   */
  renewDeviceId(): string {
    return this.db.transaction(() => {
      const id = newId();
      this.setMeta('deviceId', id);
      this.setMeta('seq', '0');
      this.currentDeviceId = id;
      return id;
    });
  }

  static open(file: string, options: StoreOptions): LoreStore {
    return LoreStore.onDatabase(Database.open(file, options.driver, { busyTimeoutMs: options.busyTimeoutMs }), options);
  }

  /** A store on a database that is already open and migrated (see runMigrationsInSteps). */
  static onDatabase(db: Database, options: Omit<StoreOptions, 'driver' | 'busyTimeoutMs'>): LoreStore {
    return new LoreStore(db, validateAuthor(options.author), options.clock ?? systemClock, options.mergers ?? []);
  }

  get driverName(): string {
    return this.db.connection.driverName;
  }

  close(): void {
    this.listeners.clear();
    this.db.close();
  }

  /** Calls `listener` after every committed change. Returns a function that unsubscribes. */
  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- meta ---------------------------------------------------------------------------------

  getMeta(key: string): string | undefined {
    return this.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', key, value);
  }

  // --- articles -----------------------------------------------------------------------------

  createArticle(input: NewArticle): Article {
    const id = newId();
    const now = this.writer.now();
    const visibility = validateVisibility(input.visibility ?? 'team');
    const changes = {
      title: validateTitle(input.title),
      body: validateBody(input.body ?? ''),
      tags: validateTags(input.tags ?? []),
      team: validateOptionalName('team', input.team) ?? null,
      status: validateStatus(input.status ?? 'draft'),
      visibility,
      author: this.author,
      createdAt: now,
    };
    if (changes.status === 'in-review') throw new LoreError(`"${changes.title}" has no reviewers yet.`, 'Create it as a draft, then use Lore: Request Review.');
    const snippets = (input.snippets ?? []).map((s) => cleanSnippet(s));
    this.write(() => {
      this.emit('article', id, changes);
      snippets.forEach((s, position) => this.emit('snippet', newId(), { articleId: id, position, ...s }));
    });
    return this.getArticle(id)!;
  }

  /**
   * Changes an article. A missing field keeps its value. Visibility changes follow the privacy
   * rule (privacy.ts): team → private withdraws the article from teammates' views (copies they
   * already received cannot be recalled); private → team publishes only the current state as a
   * new version, and only with `share: true`, because the author must be asked first.
   */
  updateArticle(id: string, patch: ArticlePatch, options: { share?: boolean } = {}): Article {
    const current = this.requireArticle(id);
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
    this.write(() => {
      if (current.visibility === 'team' && visibility === 'private') this.emit('article', id, { visibility });
      if (Object.keys(changes).length) this.emit('article', id, changes, this.shownVersions(id, current, Object.keys(changes)));
      if (current.visibility === 'private' && visibility === 'team') this.shareCurrentState(id);
      if (typeof changes.title === 'string') this.renameLinksTo(current.title, changes.title, id);
    });
    return this.getArticle(id)!;
  }

  /**
   * A renamed article keeps its links: every other article whose `[[Old title]]` named it now
   * says `[[New title]]` (one ordinary edit each, synced like any other).
   */
  private renameLinksTo(oldTitle: string, newTitle: string, renamedId: string): void {
    for (const linking of articlesWithWikiLinksTo(this.db, oldTitle, renamedId)) {
      const body = renameWikiLinks(linking.body, oldTitle, newTitle);
      const article = body === undefined ? undefined : this.getArticle(linking.id);
      if (article && body !== undefined) this.emit('article', linking.id, { body }, this.shownVersions(linking.id, article, ['body']));
    }
  }

  /** For `[[Title]]` links: the id of the article each title names (see linkQueries.ts). */
  articleIdsByTitle(titles: readonly string[]): Map<string, string> {
    return articleIdsByTitle(this.db, titles);
  }

  /** Titles for `[[` completion, best first (see linkQueries.ts). */
  articleTitlesMatching(typed: string, limit: number): ArticleTitle[] {
    return articleTitlesMatching(this.db, typed, limit);
  }

  /** The articles most related to this one, each with why (see core/articles/relatedArticles.ts). */
  relatedArticles(id: string, limit = 5): RelatedArticle[] {
    return relatedArticles(this.db, id, limit);
  }

  /** Articles related to these ones together, leaving them and `exclude` out (For This File). */
  relatedToArticles(articles: ReadonlyArray<{ id: string; title: string }>, limit = 5, exclude: Iterable<string> = []): RelatedArticle[] {
    return relatedToArticles(this.db, articles, limit, exclude);
  }

  /** The articles that link to this one ("Linked from"). */
  articlesLinkingTo(target: { id: string; title: string }): ArticleTitle[] {
    return articlesLinkingTo(this.db, target);
  }

  /** Articles, tags, teams and code files joined by links, tags and snippets, for the graph view (see graphQueries.ts). */
  knowledgeGraph(limit?: number): KnowledgeGraph {
    return knowledgeGraph(this.db, limit);
  }

  // --- keeping articles true (articleReviews.ts) -----------------------------------------------

  /** Mark Verified: the article is confirmed still true, by this user, now (see ArticleReviews). */
  markVerified(id: string): Article {
    return this.reviews.markVerified(id);
  }

  /** Request Review: asks teammates to review the article, which goes in review. */
  requestReview(id: string, reviewers: readonly string[]): Article {
    return this.reviews.requestReview(id, reviewers);
  }

  /** Approve or Request Changes (comment required) on the revision shown now. */
  reviewArticle(id: string, verdict: ArticleReview['verdict'], comment?: string): Article {
    return this.reviews.review(id, verdict, comment);
  }

  /** Report Outdated: a reader says the article is no longer true (optional reason). */
  reportOutdated(id: string, reason?: string): Article {
    return this.reviews.reportOutdated(id, reason);
  }

  /** Withdraw My Report: the reader takes back their Report Outdated. */
  withdrawReport(id: string): Article {
    return this.reviews.withdrawReport(id);
  }

  /** Articles in review (private ones cannot be), newest first, with their reviewers and reviews. */
  articlesInReview(): Article[] {
    return this.reviews.inReview();
  }

  /** The names Lore knows, for choosing reviewers (authors and registered device names), sorted, each once. */
  knownNames(): string[] {
    return this.reviews.knownNames();
  }

  /**
   * Settles a conflict on one field: the chosen (or hand-merged) value becomes the only head,
   * replacing every version the user was shown.
   */
  resolveConflict(id: string, field: string, value: unknown): Article {
    this.requireArticle(id);
    if (field === 'title') value = validateTitle(value);
    else if (field === 'body') value = validateBody(value);
    else throw new ValidationError('field', `Only title and body conflicts are resolved by hand; got "${field}".`);
    this.write(() => this.emit('article', id, { [field]: value }));
    return this.getArticle(id)!;
  }

  /**
   * For fields shown in conflict, the versions the user was looking at: the shown one only. An
   * ordinary edit then replaces what the user saw and the other versions stay in conflict until
   * resolveConflict settles them, so no concurrent edit is ever dropped without being shown.
   */
  private shownVersions(id: string, current: Article, fields: string[]): Record<string, string[]> {
    const conflicted = new Set(this.getConflicts(id).map((c) => c.field));
    const seen: Record<string, string[]> = {};
    const heads = conflicted.size ? headsOf(this.db, 'article', id) : new Map<string, LoreEvent[]>();
    for (const field of fields) {
      if (!conflicted.has(field)) continue;
      const shown = JSON.stringify((current as unknown as Record<string, unknown>)[field]);
      seen[field] = (heads.get(field) ?? []).filter((e) => JSON.stringify(e.changes[field]) === shown).map((e) => e.id);
    }
    return seen;
  }

  deleteArticle(id: string): void {
    const article = this.requireArticle(id);
    this.write(() => {
      this.emit('article', id, { deleted: true });
      for (const snippet of article.snippets) this.emit('snippet', snippet.id, { deleted: true });
    });
  }

  /**
   * Brings deleted records back (the user refused a mass deletion that came from the team folder).
   * The restore is an ordinary change that has seen the delete, so it is shared with the team.
   */
  restoreRecords(records: Array<{ entity: EntityKind; id: string }>): void {
    this.write(() => {
      for (const { entity, id } of records) this.emit(entity, id, { deleted: false });
    });
  }

  getArticle(id: string): Article | undefined {
    const row = this.db.get<ArticleRow>('SELECT * FROM articles WHERE id = ? AND deleted = 0', id);
    if (!row) return undefined;
    const snippets = this.db.all<SnippetRow>('SELECT * FROM snippets WHERE article_id = ? AND deleted = 0 ORDER BY position, id', id);
    return toArticle(row, snippets);
  }

  /** Whether a live article with this id is here (cheaper than getArticle: no body, no snippets). */
  hasArticle(id: string): boolean {
    return !!this.db.get('SELECT 1 FROM articles WHERE id = ? AND deleted = 0', id);
  }

  private requireArticle(id: string): Article {
    const article = this.getArticle(id);
    if (!article) throw new NotFoundError('article', id);
    return article;
  }

  /** How many articles (not deleted) have fields edited at the same time on different machines. */
  conflictedArticleCount(): number {
    return this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM articles WHERE deleted = 0 AND conflicts IS NOT NULL')!.n;
  }

  /** Versions of an article's fields that were edited at the same time on different machines. */
  getConflicts(id: string): FieldConflict[] {
    const row = this.db.get<Pick<ArticleRow, 'conflicts'>>('SELECT conflicts FROM articles WHERE id = ? AND deleted = 0', id);
    return row ? toConflicts(row) : [];
  }

  /** Articles (private ones included, deleted ones not), most recently updated first. */
  listArticles(filter: ArticleFilter = {}): ArticleSummary[] {
    const { where, params, limit } = articleFilterSql(filter);
    const rows = this.db.all<ArticleRow & { snippet_count: number }>(
      `${SUMMARY_SELECT} WHERE ${where} ORDER BY a.updated_at DESC, a.id ${limit}`,
      ...params,
    );
    return rows.map(toSummary);
  }

  /**
   * The ids and titles of the articles `listArticles` lists for the same filter, in the same
   * order, without reading anything else: enough to sort and page a group of thousands before
   * any row is shown (the rows shown get their summaries from `summariesOf`).
   */
  listArticleTitles(filter: ArticleFilter = {}): ArticleTitle[] {
    const { where, params, limit } = articleFilterSql(filter);
    return this.db.all<ArticleTitle>(`SELECT a.id, a.title FROM articles a WHERE ${where} ORDER BY a.updated_at DESC, a.id ${limit}`, ...params);
  }

  /** Summaries of the given articles, in the order given (missing or deleted ones left out). */
  summariesOf(ids: string[]): ArticleSummary[] {
    return ids
      .map((id) => this.db.get<ArticleRow & { snippet_count: number }>(
        `${SUMMARY_SELECT} WHERE a.id = ? AND a.deleted = 0`, id))
      .filter((row): row is ArticleRow & { snippet_count: number } => row !== undefined)
      .map(toSummary);
  }

  /** How many articles each tag, team or status has, for the tree's groups (no article rows loaded). */
  groupCounts(by: 'tag' | 'team' | 'status'): Array<{ key: string | null; count: number }> {
    if (by === 'tag') {
      // Counts kept by triggers (migration 5): reading them costs the same at 50 or 50,000
      // articles, where counting article_tags took ~200 ms on a window's first open.
      const tagged = this.db.all<{ key: string; count: number }>('SELECT tag AS key, articles AS count FROM tag_counts');
      const untagged = this.countArticles() - this.storeCount('tagged_articles');
      return untagged > 0 ? [...tagged, { key: null, count: untagged }] : tagged;
    }
    const column = by === 'team' ? 'team' : 'status';
    return this.db.all<{ key: string | null; count: number }>(
      `SELECT ${column} AS key, COUNT(*) AS count FROM articles WHERE deleted = 0 GROUP BY ${column}`,
    );
  }

  countArticles(): number {
    return this.storeCount('live_articles');
  }

  /** A count the database keeps up to date itself (triggers of migration 5). */
  private storeCount(name: 'live_articles' | 'tagged_articles'): number {
    return this.db.get<{ value: number }>('SELECT value FROM store_counts WHERE name = ?', name)!.value;
  }

  /**
   * Articles whose review date may have passed: created, or last verified, at least their review
   * period (else `defaultDays`) ago, at `now` (ms), archived ones aside. A day's slack is left to
   * the caller, which decides exactly (core/articles/articleHealth.ts): SQLite's day numbers are
   * floating point.
   */
  reviewCandidateIds(defaultDays: number, now: number): string[] {
    return this.db.all<{ id: string }>(
      `SELECT id FROM articles WHERE deleted = 0 AND status <> 'archived'
         AND julianday(COALESCE(verified_at, created_at)) + COALESCE(review_after_days, ?) <= julianday(?) + 1`,
      defaultDays, new Date(now).toISOString(),
    ).map((r) => r.id);
  }

  /** Articles some reader reported outdated (whether the report still counts: articleHealth.activeReports). */
  reportedArticleIds(): string[] {
    return this.db.all<{ id: string }>("SELECT id FROM articles WHERE deleted = 0 AND reports IS NOT NULL AND status <> 'archived'").map((r) => r.id);
  }

  /** Articles with a snippet in `path`, newest first. */
  articlesForPath(path: string): ArticleSummary[] {
    const rows = this.db.all<ArticleRow & { snippet_count: number }>(
      `${SUMMARY_SELECT} WHERE a.deleted = 0 AND a.id IN (SELECT article_id FROM snippets WHERE path = ? AND deleted = 0)
       ORDER BY a.updated_at DESC`,
      path,
    );
    return rows.map(toSummary);
  }

  // --- snippets (snippetRecords.ts) ----------------------------------------------------------

  snippetsForPath(path: string): Snippet[] {
    return this.snippets.forPath(path);
  }

  /**
   * Every snippet of the articles the team shares and still uses (not private, not archived),
   * each with its article's title, in one query: what `lore check` checks.
   */
  teamSnippets(): Array<{ snippet: Snippet; articleTitle: string }> {
    return this.snippets.ofTeam();
  }

  /** Every file that snippets of live articles point into, for a background check of them all. */
  snippetPaths(): string[] {
    return this.snippets.paths();
  }

  getSnippet(id: string): Snippet | undefined {
    return this.snippets.get(id);
  }

  addSnippet(articleId: string, input: NewSnippet): Snippet {
    this.requireArticle(articleId);
    return this.snippets.add(articleId, input);
  }

  removeSnippet(id: string): void {
    this.snippets.remove(id);
  }

  /** A user re-attached a snippet to other code: shared with the team. */
  reattachSnippet(id: string, anchor: Anchor): Snippet {
    return this.snippets.reattach(id, anchor);
  }

  /** The snippet takes the code as it is now (Update Snippet), shared as one change. */
  updateSnippetCode(id: string, input: { code: string; anchor: Anchor }): Snippet {
    return this.snippets.updateCode(id, input);
  }

  /** Still Accurate: the snippet's text is confirmed right for the code as it is now (see SnippetRecords.confirm). */
  confirmSnippet(id: string, codeHash: string): Snippet {
    return this.snippets.confirm(id, codeHash);
  }

  /**
   * Who last gave the snippet new code, and when (ISO time): undefined while its code is the
   * code it was shared with. Of concurrent updates, the one whose code is shown.
   */
  snippetCodeUpdate(id: string): { author: string; at: string } | undefined {
    const heads = headsOf(this.db, 'snippet', id).get('code') ?? [];
    const latest = [...heads].sort(compareStamps).pop();
    // The event that made the snippet (or shared it again from private) names its article.
    if (!latest || 'articleId' in latest.changes) return undefined;
    return { author: this.registeredAuthor?.(latest.device) ?? latest.author, at: new Date(parseHlc(latest.hlc).ms).toISOString() };
  }

  /** Where re-anchoring found a snippet on this machine (without `anchor`: where it was last found stays). Local only, never published. */
  setSnippetAnchorState(id: string, state: AnchorState, anchor?: Anchor): void {
    this.snippets.setAnchorState(id, state, anchor);
  }

  // --- images (imageStore.ts) ----------------------------------------------------------------

  /** Stores an image by content hash (the same image twice is stored once). Returns the hash. */
  putImage(data: Uint8Array, mime: string): string {
    return this.images.put(data, mime);
  }

  getImage(hash: string): { mime: string; data: Uint8Array } | undefined {
    return this.images.get(hash);
  }

  listImageHashes(): string[] {
    return this.images.hashes();
  }

  // --- review threads (reviewThreads.ts) ------------------------------------------------------

  createThread(input: NewThread): ReviewThread {
    return this.threads.create(input);
  }

  getThread(id: string): ReviewThread | undefined {
    return this.threads.get(id);
  }

  listThreads(filter: ThreadFilter = {}): ReviewThread[] {
    return this.threads.list(filter);
  }

  addComment(threadId: string, body: string): ReviewComment {
    return this.threads.addComment(threadId, body);
  }

  editComment(id: string, body: string): ReviewComment {
    return this.threads.editComment(id, body);
  }

  /** Deletes a comment; a thread whose last comment goes is deleted with it. */
  deleteComment(id: string): void {
    this.threads.deleteComment(id);
  }

  setThreadState(id: string, state: ThreadState): ReviewThread {
    return this.threads.setState(id, state);
  }

  setThreadKind(id: string, kind: ThreadKind): ReviewThread {
    return this.threads.setKind(id, kind);
  }

  deleteThread(id: string): void {
    this.threads.delete(id);
  }

  /** A user re-attached a note to other code: shared with the team. */
  reattachThread(id: string, anchor: Anchor): ReviewThread {
    return this.threads.reattach(id, anchor);
  }

  /** Where re-anchoring found a note on this machine (without `anchor`: where it was last found stays). Local only, never published. */
  setThreadAnchorState(id: string, state: AnchorState, note?: string, anchor?: Anchor): void {
    this.threads.setAnchorState(id, state, note, anchor);
  }

  /** Review notes and articles that point into a file, for CodeLens and the For This File view. */
  countsForPath(path: string): { notes: number; articles: number } {
    const notes = this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM review_threads WHERE path = ? AND deleted = 0', path)!.n;
    const articles = this.db.get<{ n: number }>(
      `SELECT COUNT(DISTINCT s.article_id) AS n FROM snippets s JOIN articles a ON a.id = s.article_id
       WHERE s.path = ? AND s.deleted = 0 AND a.deleted = 0`, path)!.n;
    return { notes, articles };
  }

  /** Moves notes and snippets when a file or folder is renamed in the workspace. */
  renamePath(oldPath: string, newPath: string): number {
    let moved = 0;
    this.write(() => {
      const rewrite = (path: string): string | undefined =>
        path === oldPath ? newPath : path.startsWith(`${oldPath}/`) ? newPath + path.slice(oldPath.length) : undefined;
      for (const row of this.db.all<ThreadRow>("SELECT * FROM review_threads WHERE deleted = 0 AND (path = ? OR path LIKE ? ESCAPE '\\')", oldPath, `${escapeLike(oldPath)}/%`)) {
        const anchor = JSON.parse(row.anchor) as Anchor;
        const target = rewrite(anchor.path);
        if (!target) continue;
        this.emit('thread', row.id, { anchor: { ...anchor, path: target } });
        moved++;
      }
      for (const row of this.db.all<SnippetRow>("SELECT * FROM snippets WHERE deleted = 0 AND (path = ? OR path LIKE ? ESCAPE '\\')", oldPath, `${escapeLike(oldPath)}/%`)) {
        const anchor = JSON.parse(row.anchor) as Anchor;
        const target = rewrite(anchor.path);
        if (!target) continue;
        this.emit('snippet', row.id, { anchor: { ...anchor, path: target } });
        moved++;
      }
    });
    return moved;
  }

  // --- learning paths (learningPaths.ts) ---------------------------------------------------

  createPath(input: NewLearningPath): LearningPath {
    return this.paths.create(input);
  }

  getPath(id: string): LearningPath | undefined {
    return this.paths.get(id);
  }

  listPaths(): LearningPath[] {
    return this.paths.list();
  }

  updatePath(id: string, patch: LearningPathPatch, options: { share?: boolean } = {}): LearningPath {
    return this.paths.update(id, patch, options);
  }

  setPathSteps(id: string, steps: NewPathStep[]): LearningPath {
    return this.paths.setSteps(id, steps);
  }

  addPathStep(id: string, step: NewPathStep, index?: number): { path: LearningPath; stepId: string } {
    return this.paths.addStep(id, step, index);
  }

  movePathStep(id: string, stepId: string, offset: number): LearningPath {
    return this.paths.moveStep(id, stepId, offset);
  }

  movePathStepTo(id: string, stepId: string, index: number): LearningPath {
    return this.paths.moveStepTo(id, stepId, index);
  }

  removePathStep(id: string, stepId: string): LearningPath {
    return this.paths.removeStep(id, stepId);
  }

  updatePathStep(id: string, stepId: string, patch: StepPatch): LearningPath {
    return this.paths.updateStep(id, stepId, patch);
  }

  deletePath(id: string): void {
    this.paths.delete(id);
  }

  /** This person's place in a path, on this machine only. */
  pathProgress(id: string): PathProgress | undefined {
    return this.paths.progress(id);
  }

  setPathProgress(id: string, step: number): PathProgress {
    return this.paths.setProgress(id, step);
  }

  playedPathIds(): Set<string> {
    return this.paths.playedPathIds();
  }

  // --- events, for sync ---------------------------------------------------------------------

  /** Events made here that are not yet in the team folder (private ones never are). */
  unpublishedEvents(limit = 10_000): LoreEvent[] {
    return this.outbox.unpublished(limit);
  }

  markPublished(ids: string[]): void {
    this.outbox.markPublished(ids);
  }

  /** Every event made here goes back into the outbox (joining another team: published again there). */
  markAllUnpublished(): void {
    this.outbox.markAllUnpublished();
  }

  getEvent(id: string): LoreEvent | undefined {
    return this.outbox.get(id);
  }

  hasEvent(id: string): boolean {
    return this.outbox.has(id);
  }

  /** Every non-private event, in a stable order (for snapshots and verification). */
  allEvents(): Generator<LoreEvent> {
    return this.outbox.all();
  }

  /**
   * Applies events from other devices (already validated). Idempotent and order-independent:
   * events already here are skipped, and each touched record is recomputed from all its events.
   */
  ingest(events: LoreEvent[]): IngestResult {
    const touched = new Map<string, { entity: EntityKind; id: string }>();
    const skewed = new Set<string>();
    let inserted = 0;
    const overridden: string[] = [];
    this.db.transaction(() => {
      this.hlc.receive(this.getMeta('hlc') ?? this.hlc.current());
      const deviceId = (this.currentDeviceId = this.getMeta('deviceId') ?? this.currentDeviceId);
      for (const event of events) {
        if (!insertEvent(this.db, event, { local: event.device === deviceId, private: false })) continue;
        if (event.device === deviceId) this.db.run('UPDATE events SET published = 1 WHERE id = ?', event.id);
        inserted++;
        if (this.hlc.receive(event.hlc).skewed) skewed.add(event.device);
        touched.set(`${event.entity}:${event.entityId}`, { entity: event.entity, id: event.entityId });
      }
      // The events given are the ones stored (ids are content hashes): no need to read them back.
      const given = new Map(events.map((e) => [e.id, e]));
      const lookup = (eventId: string): LoreEvent | undefined => given.get(eventId) ?? getEvent(this.db, eventId);
      // Registered names do not change during an ingest: each device's is asked for once.
      const names = new Map<string, string | undefined>();
      const resolver = this.registeredAuthor;
      const author = resolver && ((device: string): string | undefined => {
        if (!names.has(device)) names.set(device, resolver(device));
        return names.get(device);
      });
      rememberingWords(this.db, () => {
        for (const { entity, id } of touched.values()) {
          if (this.rematerialize(entity, id, lookup, author)) overridden.push(id);
        }
      });
      this.setMeta('hlc', this.hlc.current());
    });
    if (touched.size) {
      this.fire({
        entities: [...new Set([...touched.values()].map((t) => t.entity))],
        ids: [...touched.values()].map((t) => t.id),
        origin: 'remote',
        deletesOverridden: overridden,
      });
    }
    return { inserted, duplicates: events.length - inserted, touched: touched.size, skewedDevices: [...skewed] };
  }

  // --- internals ----------------------------------------------------------------------------

  /** Runs a local write in a transaction and tells listeners what it touched. */
  private write(work: () => void, entity?: EntityKind, id?: string): void {
    const touched: Array<{ entity: EntityKind; id: string }> = [];
    this.pending = touched;
    try {
      this.db.transaction(work);
    } finally {
      this.pending = undefined;
    }
    if (entity && id) touched.push({ entity, id });
    if (touched.length) {
      this.fire({ entities: [...new Set(touched.map((t) => t.entity))], ids: [...new Set(touched.map((t) => t.id))], origin: 'local', deletesOverridden: [] });
    }
  }

  private pending: Array<{ entity: EntityKind; id: string }> | undefined;

  /** Appends a local event (inside a transaction) and recomputes its record. */
  private emit(entity: EntityKind, entityId: string, changes: Record<string, unknown>, seen: Record<string, string[]> = {}): LoreEvent {
    const isPrivate = isPrivateEvent(visibilityBefore(this.db, entity, entityId, changes), changes);
    // Another window may have written since: continue from the newest stamp and sequence number.
    this.hlc.receive(this.getMeta('hlc') ?? this.hlc.current());
    this.currentDeviceId = this.getMeta('deviceId') ?? this.currentDeviceId;
    const seq = Number(this.getMeta('seq') ?? '0') + 1;
    const heads = headIdsOf(this.db, entity, entityId);
    // A delete cites every field it saw, so an edit it did not see can win over it.
    const prev: Record<string, string[]> = changes.deleted === true ? heads : {};
    for (const field of Object.keys(changes)) prev[field] = seen[field] ?? heads[field] ?? [];
    const event = sealEvent({
      entity, entityId, device: this.deviceId, seq, author: this.author, hlc: this.hlc.tick(), changes, prev,
    });
    insertEvent(this.db, event, { local: true, private: isPrivate });
    this.setMeta('seq', String(seq));
    this.setMeta('hlc', this.hlc.current());
    this.rematerialize(entity, entityId);
    this.pending?.push({ entity, id: entityId });
    return event;
  }

  /**
   * Where names shown as authors come from: the name a device registered with (team-folder sync
   * sets this), so an event cannot claim to be someone else's. Unknown devices keep their text.
   */
  setAuthorResolver(resolver: ((device: string) => string | undefined) | undefined): void {
    this.registeredAuthor = resolver;
  }

  /** The resolver set by setAuthorResolver, so that whoever replaces it for a while can put it back. */
  get authorResolver(): ((device: string) => string | undefined) | undefined {
    return this.registeredAuthor;
  }

  /** Recomputes one record from its head events. Returns true when a delete lost to an edit. */
  private rematerialize(
    entity: EntityKind, id: string,
    lookup: (eventId: string) => LoreEvent | undefined = (eventId) => getEvent(this.db, eventId),
    registeredAuthor = this.registeredAuthor,
  ): boolean {
    const heads = headsOf(this.db, entity, id, lookup);
    const record = resolveRecord(heads, lookup, this.mergers, registeredAuthor);
    // A teammate withdrew the article (made it private): it leaves this machine's view.
    if ((entity === 'article' || entity === 'path') && isWithdrawnFromHere(this.db, heads, record.values)) record.values = { ...record.values, deleted: true };
    project(this.db, entity, id, record);
    return record.deleteOverridden;
  }

  /**
   * A private article becomes shared: its current state, and its snippets', is published as new
   * versions that replace whatever teammates may hold. Nothing of its private history leaves
   * this machine (text removed while it was private stays here).
   */
  private shareCurrentState(articleId: string): void {
    const article = this.requireArticle(articleId);
    const seenOf = (entity: EntityKind, id: string) => {
      const seen = publishedIdsByField(this.db, entity, id);
      for (const [field, ids] of Object.entries(headIdsOf(this.db, entity, id))) seen[field] = [...(seen[field] ?? []), ...ids];
      return seen;
    };
    this.emit('article', articleId, {
      title: article.title, body: article.body, tags: article.tags, team: article.team ?? null, status: article.status,
      visibility: 'team', author: article.author, createdAt: article.createdAt,
      ...(article.owner ? { owner: article.owner } : {}),
      ...(article.reviewAfterDays ? { reviewAfterDays: article.reviewAfterDays } : {}),
      ...(article.verified ? { verifiedAt: article.verified.at, verifiedBy: article.verified.by } : {}),
    }, seenOf('article', articleId));
    const snippets = this.db.all<SnippetRow & { deleted: number }>('SELECT * FROM snippets WHERE article_id = ?', articleId);
    for (const row of snippets) {
      const seen = seenOf('snippet', row.id);
      if (!row.deleted) {
        const accepted = row.accepted ? JSON.parse(row.accepted) as { hash: string; at: string; by: string } : undefined;
        const snippet = {
          articleId, position: row.position, code: row.code, language: row.language, anchor: JSON.parse(row.anchor) as Anchor,
          ...(accepted ? { accepted: { hash: accepted.hash, at: accepted.at }, acceptedBy: accepted.by } : {}),
        };
        this.emit('snippet', row.id, snippet, seen);
      } else if (Object.keys(publishedIdsByField(this.db, 'snippet', row.id)).length) {
        // Removed while private, but teammates hold it from before: they remove it too.
        this.emit('snippet', row.id, { deleted: true }, seen);
      }
    }
  }

  private fire(change: StoreChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A failing view must not break the write that already committed.
      }
    }
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
