import { NotFoundError, ValidationError } from '../errors';
import { newId } from '../hash';
import { compareStamps, parseHlc } from '../hlc';
import { validateAnchor, validateAnchorState, validateLanguage, validateSnippetCode, type Anchor, type AnchorState, type Snippet } from '../model';
import { headsOf } from './eventLog';
import { toSnippet, type SnippetRow } from './rows';
import type { StoreWriter } from './storeWriter';

export interface NewSnippet {
  code: string;
  language?: string;
  anchor: Anchor;
}

/** A snippet as it is stored: its code, a known language and a checked anchor. */
export function cleanSnippet(input: NewSnippet): { code: string; language: string; anchor: Anchor } {
  return { code: validateSnippetCode(input.code), language: validateLanguage(input.language), anchor: validateAnchor(input.anchor) };
}

/**
 * Articles' code snippets: shared with their article's visibility (see `privacy.ts`), written
 * through the store's one write path; where a snippet was found on this machine is local.
 */
export class SnippetRecords {
  constructor(private readonly store: StoreWriter) {}

  private get db() {
    return this.store.db;
  }

  forPath(path: string): Snippet[] {
    return this.db
      .all<SnippetRow>(
        `SELECT s.* FROM snippets s JOIN articles a ON a.id = s.article_id
         WHERE s.path = ? AND s.deleted = 0 AND a.deleted = 0 ORDER BY s.article_id, s.position`,
        path,
      )
      .map(toSnippet);
  }

  /**
   * Every snippet of the articles the team shares and still uses (not private, not archived),
   * each with its article's title, in one query: what `lore check` checks.
   */
  ofTeam(): Array<{ snippet: Snippet; articleTitle: string }> {
    return this.db
      .all<SnippetRow & { article_title: string }>(
        `SELECT s.*, a.title AS article_title FROM snippets s JOIN articles a ON a.id = s.article_id
         WHERE s.deleted = 0 AND a.deleted = 0 AND a.visibility <> 'private' AND a.status <> 'archived'
         ORDER BY a.title, s.article_id, s.position`,
      )
      .map((row) => ({ snippet: toSnippet(row), articleTitle: row.article_title }));
  }

  /** Every file that snippets of live articles point into, for a background check of them all. */
  paths(): string[] {
    return this.db.all<{ path: string }>(
      `SELECT DISTINCT s.path FROM snippets s JOIN articles a ON a.id = s.article_id
       WHERE s.deleted = 0 AND a.deleted = 0 ORDER BY s.path`,
    ).map((r) => r.path);
  }

  get(id: string): Snippet | undefined {
    const row = this.db.get<SnippetRow>('SELECT * FROM snippets WHERE id = ? AND deleted = 0', id);
    return row ? toSnippet(row) : undefined;
  }

  private require(id: string): Snippet {
    const snippet = this.get(id);
    if (!snippet) throw new NotFoundError('snippet', id);
    return snippet;
  }

  /** Adds a snippet after the article's last one (the caller checked the article exists). */
  add(articleId: string, input: NewSnippet): Snippet {
    const id = newId();
    const last = this.db.get<{ p: number | null }>('SELECT MAX(position) AS p FROM snippets WHERE article_id = ? AND deleted = 0', articleId)?.p;
    const position = last === null || last === undefined ? 0 : last + 1;
    this.store.write(() => this.store.emit('snippet', id, { articleId, position, ...cleanSnippet(input) }));
    return this.get(id)!;
  }

  remove(id: string): void {
    this.require(id);
    this.store.write(() => this.store.emit('snippet', id, { deleted: true }));
  }

  /** A user re-attached a snippet to other code: shared with the team. */
  reattach(id: string, anchor: Anchor): Snippet {
    this.require(id);
    this.store.write(() => {
      this.store.emit('snippet', id, { anchor: validateAnchor(anchor) });
      this.db.run("UPDATE snippets SET anchor_state = 'attached', local_anchor = NULL WHERE id = ?", id);
    });
    return this.get(id)!;
  }

  /**
   * The snippet takes the code as it is now (Update Snippet): its code and its anchor, already
   * through the secret review, are shared with the team as one change; the event records who
   * made it and when (see codeUpdate). Where this machine last found it is reset.
   */
  updateCode(id: string, input: { code: string; anchor: Anchor }): Snippet {
    const snippet = this.require(id);
    const changes: Record<string, unknown> = { code: validateSnippetCode(input.code), anchor: validateAnchor(input.anchor) };
    // A confirmation was for the old code: the snippet shows today's code now.
    if (snippet.accepted) Object.assign(changes, { accepted: null, acceptedBy: null });
    this.store.write(() => {
      this.store.emit('snippet', id, changes);
      this.db.run("UPDATE snippets SET anchor_state = 'attached', local_anchor = NULL WHERE id = ?", id);
    });
    return this.get(id)!;
  }

  /**
   * Still Accurate: the snippet's text is confirmed right for the code as it is now, without
   * taking that code (Update Snippet does that). What is recorded is the hash (textHash) of the
   * code confirmed, with who and when: snippet freshness reads the snippet as current while the
   * code at its anchor has that hash, and as changed again once the code changes further. The
   * snippet's code and anchor stay as shared, so Show Changes still diffs against what the
   * article shows. One shared change; two devices confirming at once both count, the later shown.
   */
  confirm(id: string, codeHash: string): Snippet {
    this.require(id);
    if (!/^[0-9a-f]{16,128}$/.test(codeHash)) throw new ValidationError('accepted', 'A confirmed snippet needs the hash of the code it was confirmed for.');
    const at = this.store.now();
    this.store.write(() => this.store.emit('snippet', id, { accepted: { hash: codeHash, at }, acceptedBy: this.store.author() }));
    return this.get(id)!;
  }

  /**
   * Who last gave the snippet new code, and when (ISO time): undefined while its code is the
   * code it was shared with. Of concurrent updates, the one whose code is shown; the name is
   * the one the writing device registered, when `registeredAuthor` knows it.
   */
  codeUpdate(id: string, registeredAuthor?: (device: string) => string | undefined): { author: string; at: string } | undefined {
    const heads = headsOf(this.db, 'snippet', id).get('code') ?? [];
    const latest = [...heads].sort(compareStamps).pop();
    // The event that made the snippet (or shared it again from private) names its article.
    if (!latest || 'articleId' in latest.changes) return undefined;
    return { author: registeredAuthor?.(latest.device) ?? latest.author, at: new Date(parseHlc(latest.hlc).ms).toISOString() };
  }

  /**
   * `codeUpdate` of many snippets in one query (a file's snippets, checked together): the ones
   * given new code since they were shared, by id.
   */
  codeUpdates(ids: readonly string[], registeredAuthor?: (device: string) => string | undefined): Map<string, { author: string; at: string }> {
    // Each snippet's heads of `code`, in the order `codeUpdate` reads them; whether the event made
    // the snippet (it names the article) and who wrote it, without parsing every event.
    const rows = this.db.all<{ entity_id: string; hlc: string; device: string; author: string; made: number }>(
      `SELECT h.entity_id, e.hlc, e.device, json_extract(e.json, '$.author') AS author,
              json_type(e.json, '$.changes.articleId') IS NOT NULL AS made
       FROM heads h JOIN events e ON e.id = h.event_id
       WHERE h.entity = 'snippet' AND h.field = 'code' AND h.entity_id IN (SELECT value FROM json_each(?))
       ORDER BY h.entity_id, h.event_id`,
      JSON.stringify(ids),
    );
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      const before = latest.get(row.entity_id);
      if (!before || compareStamps(before, row) <= 0) latest.set(row.entity_id, row);
    }
    const updates = new Map<string, { author: string; at: string }>();
    for (const [id, row] of latest) {
      if (!row.made) updates.set(id, { author: registeredAuthor?.(row.device) ?? row.author, at: new Date(parseHlc(row.hlc).ms).toISOString() });
    }
    return updates;
  }

  /** Where re-anchoring found a snippet on this machine (without `anchor`: where it was last found stays). Local only, never published. */
  setAnchorState(id: string, state: AnchorState, anchor?: Anchor): void {
    this.setAnchorStates([{ id, state, anchor }]);
  }

  /** `setAnchorState` of many snippets in one transaction, told to listeners as one change. */
  setAnchorStates(updates: ReadonlyArray<{ id: string; state: AnchorState; anchor?: Anchor }>): void {
    if (!updates.length) return;
    const rows = updates.map((u) => {
      validateAnchorState(u.state);
      return [u.state, u.anchor ? JSON.stringify(validateAnchor(u.anchor)) : null, u.id] as const;
    });
    this.store.write(() => {
      for (const row of rows) this.db.run('UPDATE snippets SET anchor_state = ?, local_anchor = COALESCE(?, local_anchor) WHERE id = ?', ...row);
    }, 'snippet', updates.map((u) => u.id));
  }
}
