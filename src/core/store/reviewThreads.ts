import { LoreError, NotFoundError } from '../errors';
import { thanksField } from '../articles/articleFeedback';
import { newId } from '../hash';
import {
  sameName, validateAnchor, validateAnchorState, validateCommentBody, validateThreadKind, validateThreadState,
  type Anchor, type AnchorState, type ReviewComment, type ReviewThread, type ThreadKind, type ThreadState,
} from '../model';
import { toComment, toThread, type CommentRow, type ThreadRow } from './rows';
import type { StoreWriter } from './storeWriter';

export interface NewThread {
  anchor: Anchor;
  kind: ThreadKind;
  body: string;
}

export interface ThreadFilter {
  path?: string;
  state?: ThreadState;
  author?: string;
}

/**
 * Review notes and their comments: shared with the team always (see `privacy.ts`), written
 * through the store's one write path; where a note was found on this machine is local.
 */
export class ReviewThreads {
  constructor(private readonly store: StoreWriter) {}

  private get db() {
    return this.store.db;
  }

  create(input: NewThread): ReviewThread {
    const id = newId();
    const now = this.store.now();
    const anchor = validateAnchor(input.anchor);
    const kind = validateThreadKind(input.kind);
    const body = validateCommentBody(input.body);
    this.store.write(() => {
      this.store.emit('thread', id, { anchor, kind, state: 'open', author: this.store.author(), createdAt: now });
      this.store.emit('comment', newId(), { threadId: id, body, author: this.store.author(), createdAt: now });
    });
    return this.get(id)!;
  }

  get(id: string): ReviewThread | undefined {
    const row = this.db.get<ThreadRow>('SELECT * FROM review_threads WHERE id = ? AND deleted = 0', id);
    if (!row) return undefined;
    return toThread(row, this.db.all<CommentRow>('SELECT * FROM review_comments WHERE thread_id = ? AND deleted = 0 ORDER BY created_at, id', id));
  }

  private require(id: string): ReviewThread {
    const thread = this.get(id);
    if (!thread) throw new NotFoundError('review thread', id);
    return thread;
  }

  list(filter: ThreadFilter = {}): ReviewThread[] {
    const where = ['deleted = 0'];
    const params: string[] = [];
    for (const field of ['path', 'state', 'author'] as const) {
      const value = filter[field];
      if (!value) continue;
      where.push(`${field} = ?`);
      params.push(value);
    }
    const rows = this.db.all<ThreadRow>(`SELECT * FROM review_threads WHERE ${where.join(' AND ')} ORDER BY path, created_at, id`, ...params);
    if (!rows.length) return [];
    const comments = this.db.all<CommentRow>(
      `SELECT c.* FROM review_comments c JOIN review_threads t ON t.id = c.thread_id
       WHERE c.deleted = 0 AND ${where.map((w) => `t.${w}`).join(' AND ')} ORDER BY c.created_at, c.id`,
      ...params,
    );
    const byThread = new Map<string, CommentRow[]>();
    for (const c of comments) (byThread.get(c.thread_id) ?? byThread.set(c.thread_id, []).get(c.thread_id)!).push(c);
    return rows.map((row) => toThread(row, byThread.get(row.id) ?? []));
  }

  addComment(threadId: string, body: string): ReviewComment {
    this.require(threadId);
    const id = newId();
    const now = this.store.now();
    this.store.write(() => this.store.emit('comment', id, { threadId, body: validateCommentBody(body), author: this.store.author(), createdAt: now }));
    return this.comment(id)!;
  }

  editComment(id: string, body: string): ReviewComment {
    this.requireComment(id);
    this.store.write(() => this.store.emit('comment', id, { body: validateCommentBody(body) }));
    return this.comment(id)!;
  }

  /** Deletes a comment; a thread whose last comment goes is deleted with it. */
  deleteComment(id: string): void {
    const row = this.requireComment(id);
    this.store.write(() => {
      this.store.emit('comment', id, { deleted: true });
      const left = this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM review_comments WHERE thread_id = ? AND deleted = 0', row.thread_id)!.n;
      if (left === 0) this.store.emit('thread', row.thread_id, { deleted: true });
    });
  }

  private comment(id: string): ReviewComment | undefined {
    const row = this.db.get<CommentRow>('SELECT * FROM review_comments WHERE id = ?', id);
    return row && toComment(row);
  }

  private requireComment(id: string): CommentRow {
    const row = this.db.get<CommentRow>('SELECT * FROM review_comments WHERE id = ? AND deleted = 0', id);
    if (!row) throw new NotFoundError('comment', id);
    return row;
  }

  setState(id: string, state: ThreadState): ReviewThread {
    const thread = this.require(id);
    if (thread.state !== validateThreadState(state)) this.store.write(() => this.store.emit('thread', id, { state }));
    return this.get(id)!;
  }

  setKind(id: string, kind: ThreadKind): ReviewThread {
    const thread = this.require(id);
    if (thread.kind !== validateThreadKind(kind)) this.store.write(() => this.store.emit('thread', id, { kind }));
    return this.get(id)!;
  }

  delete(id: string): void {
    this.require(id);
    this.store.write(() => this.store.emit('thread', id, { deleted: true }));
  }

  /**
   * Thank: kudos from this person to the note's author, synced like an article's Thank (the
   * thread field `thanks_<hash of the name>`, one per person: `thankedBy` are those who already
   * did, by registered name). The author cannot thank themselves.
   */
  thank(id: string, thankedBy: readonly string[]): ReviewThread {
    const thread = this.require(id);
    const me = this.store.author();
    if (sameName(thread.author, me)) throw new LoreError('You wrote this note: thanks are for your teammates to give.');
    if (thankedBy.some((n) => sameName(n, me))) throw new LoreError(`You already thanked ${thread.author} for this note.`);
    this.store.write(() => this.store.emit('thread', id, { [thanksField(me)]: { at: this.store.now() } }));
    return this.get(id)!;
  }

  /** A user re-attached a note to other code: shared with the team. */
  reattach(id: string, anchor: Anchor): ReviewThread {
    this.require(id);
    this.store.write(() => {
      this.store.emit('thread', id, { anchor: validateAnchor(anchor) });
      this.db.run("UPDATE review_threads SET anchor_state = 'attached', anchor_note = NULL, local_anchor = NULL WHERE id = ?", id);
    });
    return this.get(id)!;
  }

  /** Where re-anchoring found a note on this machine (without `anchor`: where it was last found stays). Local only, never published. */
  setAnchorState(id: string, state: AnchorState, note?: string, anchor?: Anchor): void {
    validateAnchorState(state);
    this.store.write(() => this.db.run('UPDATE review_threads SET anchor_state = ?, anchor_note = ?, local_anchor = COALESCE(?, local_anchor) WHERE id = ?',
      state, note ?? null, anchor ? JSON.stringify(validateAnchor(anchor)) : null, id), 'thread', id);
  }
}
