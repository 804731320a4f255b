import { indexArticle, reindexArticleSnippets, snippetText } from '../search/articleIndexer';
import { canonicalJson } from '../hash';
import { parseHlc } from '../hlc';
import { revisionOf } from '../articles/reviewWorkflow';
import { linkKey } from '../articles/wikiLinks';
import { isLanguageId, REVIEW_VERDICTS, type ArticleReview, type ArticleVote, type OutdatedReport } from '../model';
import { feedbackColumns, votesAsReports, type FeedbackColumns } from '../articles/articleFeedback';
import type { Database } from './database';
import { getEvent, headsOf } from './eventLog';
import type { EntityKind, LoreEvent } from './events';
import { resolveRecord, type FieldMerger, type ResolvedRecord } from './fieldResolution';
import { writeArticleLinks } from './linkIndex';
import { isWithdrawnFromHere } from './privacy';
import { parseTagsColumn } from './rows';

/** How a record is recomputed: field mergers, where events come from, the names devices registered. */
export interface Recompute {
  mergers: FieldMerger[];
  lookup?: (eventId: string) => LoreEvent | undefined;
  registeredAuthor?: (device: string) => string | undefined;
}

/**
 * Recomputes one record from its head events and writes it (local writes and events from the
 * team folder alike). Returns true when a delete lost to an edit.
 */
export function rematerialize(db: Database, entity: EntityKind, id: string, how: Recompute): boolean {
  const lookup = how.lookup ?? ((eventId: string) => getEvent(db, eventId));
  const heads = headsOf(db, entity, id, lookup);
  const record = resolveRecord(heads, lookup, how.mergers, how.registeredAuthor);
  // A teammate withdrew the article (made it private): it leaves this machine's view.
  if ((entity === 'article' || entity === 'path') && isWithdrawnFromHere(db, heads, record.values)) record.values = { ...record.values, deleted: true };
  project(db, entity, id, record);
  return record.deleteOverridden;
}

/**
 * Writes a record's resolved state into the table the views and queries read. Only columns
 * that come from events are written; local-only columns (anchor state) are left as they are.
 * A record whose creating event has not arrived yet (out-of-order delivery) is not written.
 */
export function project(db: Database, entity: EntityKind, id: string, record: ResolvedRecord): void {
  const v = record.values;
  const updatedAt = record.lastHlc ? new Date(parseHlc(record.lastHlc).ms).toISOString() : new Date(0).toISOString();
  const deleted = v.deleted === true ? 1 : 0;
  switch (entity) {
    case 'article': {
      if (typeof v.title !== 'string' || typeof v.createdAt !== 'string') return;
      const tags = Array.isArray(v.tags) ? (v.tags as string[]) : [];
      const body = typeof v.body === 'string' ? v.body : '';
      projectArticle(db, id, {
        title: v.title, title_key: linkKey(v.title), body, tags: JSON.stringify(tags), team: str(v.team), author: str(v.author) ?? 'unknown',
        status: str(v.status) ?? 'draft', visibility: str(v.visibility) ?? 'team', created_at: v.createdAt,
        updated_at: updatedAt, conflicts: record.conflicts.length ? JSON.stringify(record.conflicts) : null, deleted,
        ...(healthColumns('article', v) as HealthColumns),
        ...withFeedback(reviewColumns(v.title, body, v), v),
      }, tags);
      return;
    }
    case 'snippet': {
      if (typeof v.articleId !== 'string' || !v.anchor || typeof v.anchor !== 'object') return;
      const anchor = v.anchor as { path?: string };
      const code = str(v.code) ?? '';
      const path = anchor.path ?? '';
      // The article's search entry holds its snippets' code and paths: indexed again when they change.
      const old = db.get<{ article_id: string; position: number; code: string; path: string; deleted: number }>(
        'SELECT article_id, position, code, path, deleted FROM snippets WHERE id = ?', id);
      const searchable = !old || old.article_id !== v.articleId || old.code !== code || old.path !== path
        || old.deleted !== deleted || old.position !== num(v.position);
      const articles = searchable ? [...new Set([v.articleId, ...(old ? [old.article_id] : [])])] : [];
      const before = articles.map((articleId) => snippetText(db, articleId));
      db.run(
        `INSERT INTO snippets (id, article_id, position, code, language, path, anchor, deleted, accepted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET article_id = excluded.article_id, position = excluded.position, code = excluded.code,
           language = excluded.language, path = excluded.path, deleted = excluded.deleted, accepted = excluded.accepted,
           local_anchor = CASE WHEN anchor = excluded.anchor THEN local_anchor END, anchor = excluded.anchor`,
        id, v.articleId, num(v.position), code, isLanguageId(v.language) ? v.language : 'plaintext', path,
        JSON.stringify(v.anchor), deleted, healthColumns('snippet', v).accepted,
      );
      articles.forEach((articleId, i) => reindexArticleSnippets(db, articleId, before[i]));
      return;
    }
    case 'thread': {
      if (!v.anchor || typeof v.anchor !== 'object' || typeof v.createdAt !== 'string') return;
      const anchor = v.anchor as { path?: string };
      db.run(
        `INSERT INTO review_threads (id, kind, state, path, anchor, author, created_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, state = excluded.state, path = excluded.path,
           local_anchor = CASE WHEN anchor = excluded.anchor THEN local_anchor END, anchor = excluded.anchor,
           author = excluded.author, created_at = excluded.created_at, updated_at = excluded.updated_at, deleted = excluded.deleted`,
        id, str(v.kind) ?? 'suggestion', str(v.state) ?? 'open', anchor.path ?? '', JSON.stringify(v.anchor),
        str(v.author) ?? 'unknown', v.createdAt, updatedAt, deleted,
      );
      return;
    }
    case 'path': {
      // Steps as canonical JSON: events read from the team folder have their keys sorted, so
      // every machine writes the same text for the same steps.
      if (typeof v.title !== 'string' || typeof v.createdAt !== 'string') return;
      db.run(
        `INSERT INTO learning_paths (id, title, description, team, visibility, start_here, steps, author, created_at, updated_at, deleted)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, description = excluded.description, team = excluded.team,
           visibility = excluded.visibility, start_here = excluded.start_here, steps = excluded.steps, author = excluded.author,
           created_at = excluded.created_at, updated_at = excluded.updated_at, deleted = excluded.deleted`,
        id, v.title, str(v.description) ?? '', str(v.team), v.visibility === 'private' ? 'private' : 'team', v.startHere === true ? 1 : 0,
        canonicalJson(Array.isArray(v.steps) ? v.steps : []), str(v.author) ?? 'unknown', v.createdAt, updatedAt, deleted,
      );
      return;
    }
    case 'comment': {
      if (typeof v.threadId !== 'string' || typeof v.createdAt !== 'string') return;
      db.run(
        `INSERT INTO review_comments (id, thread_id, author, body, created_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET thread_id = excluded.thread_id, author = excluded.author, body = excluded.body,
           created_at = excluded.created_at, updated_at = excluded.updated_at, deleted = excluded.deleted`,
        id, v.threadId, str(v.author) ?? 'unknown', str(v.body) ?? '', v.createdAt, updatedAt, deleted,
      );
      return;
    }
  }
}

type HealthColumns = { owner: string | null; review_after_days: number | null; verified_at: string | null; verified_by: string | null };

/**
 * The health columns of a record from its resolved values (article: owner, review period, last
 * verification; snippet: its Still Accurate confirmation as JSON). Values of the wrong shape read
 * as none. Shared with migration 6, which fills them for events that came before it.
 */
export function healthColumns(entity: EntityKind, v: Record<string, unknown>): Record<string, string | number | null> {
  if (entity === 'snippet') {
    const accepted = v.accepted as { hash?: unknown; at?: unknown } | null | undefined;
    const ok = accepted && typeof accepted === 'object' && typeof accepted.hash === 'string' && typeof accepted.at === 'string';
    return { accepted: ok ? JSON.stringify({ hash: accepted.hash, at: accepted.at, by: str(v.acceptedBy) ?? 'unknown' }) : null };
  }
  const days = v.reviewAfterDays;
  const verifiedAt = str(v.verifiedAt);
  const columns: HealthColumns = {
    owner: str(v.owner),
    review_after_days: typeof days === 'number' && Number.isInteger(days) && days > 0 ? days : null,
    verified_at: verifiedAt,
    verified_by: verifiedAt ? str(v.verifiedBy) ?? 'unknown' : null,
  };
  return columns;
}

type ReviewColumns = { revision: string; reviewers: string | null; approved_by: string | null; reviews: string | null; reports: string | null };

/**
 * The review columns of an article from its resolved values (migration 7): its revision (hash of
 * title and body), the reviewers asked and who approved what was published (JSON lists), and
 * each person's latest review and Report Outdated (JSON lists, oldest first) from the `review_…`
 * and `report_…` fields. Values of the wrong shape read as none. Shared with migration 7.
 */
export function reviewColumns(title: string, body: string, v: Record<string, unknown>): ReviewColumns {
  const reviews: ArticleReview[] = [];
  const reports: OutdatedReport[] = [];
  for (const [field, value] of Object.entries(v)) {
    const r = value as Record<string, unknown> | null;
    if (!r || typeof r !== 'object' || typeof r.revision !== 'string' || typeof r.at !== 'string' || typeof r.by !== 'string') continue;
    if (/^review_[0-9a-f]{16}$/.test(field) && REVIEW_VERDICTS.includes(r.verdict as ArticleReview['verdict'])) {
      reviews.push({ by: r.by, verdict: r.verdict as ArticleReview['verdict'], revision: r.revision, at: r.at, ...(typeof r.comment === 'string' ? { comment: r.comment } : {}) });
    } else if (/^report_[0-9a-f]{16}$/.test(field) && r.reported === true) {
      reports.push({ by: r.by, revision: r.revision, at: r.at, ...(typeof r.reason === 'string' ? { reason: r.reason } : {}) });
    }
  }
  const byTime = (a: { at: string; by: string }, b: { at: string; by: string }) => a.at.localeCompare(b.at) || a.by.localeCompare(b.by);
  const names = (value: unknown) => (Array.isArray(value) && value.length ? JSON.stringify(value.filter((n) => typeof n === 'string')) : null);
  return {
    revision: revisionOf(title, body),
    reviewers: names(v.reviewers),
    approved_by: names(v.approvedBy),
    reviews: reviews.length ? JSON.stringify(reviews.sort(byTime)) : null,
    reports: reports.length ? JSON.stringify(reports.sort(byTime)) : null,
  };
}

/**
 * The review columns with readers' feedback (articleFeedback.ts): votes, their counts, the
 * discussion, and Not helpful (outdated or wrong) votes added to the reports, so that they make
 * the article need attention like Report Outdated.
 */
export function withFeedback(review: ReviewColumns, v: Record<string, unknown>): ReviewColumns & FeedbackColumns {
  const feedback = feedbackColumns(v);
  if (!feedback.votes) return { ...review, ...feedback };
  const reports = votesAsReports(JSON.parse(feedback.votes) as ArticleVote[], review.reports ? JSON.parse(review.reports) as OutdatedReport[] : []);
  return { ...review, ...feedback, reports: reports.length ? JSON.stringify(reports) : null };
}

/** The columns of an article row that come from its events. */
const ARTICLE_COLUMNS = ['title', 'body', 'tags', 'team', 'author', 'status', 'visibility', 'created_at', 'updated_at', 'conflicts', 'deleted',
  'owner', 'review_after_days', 'verified_at', 'verified_by', 'revision', 'reviewers', 'approved_by', 'reviews', 'reports', 'title_key',
  'votes', 'helpful', 'not_helpful', 'discussion', 'thanked_by'] as const;
type ArticleColumns = { [K in (typeof ARTICLE_COLUMNS)[number]]: string | number | null } & { title: string; body: string; tags: string; deleted: number };

/**
 * Writes an article row, its tags, its links (linkIndex.ts) and its search entry. Only what differs from the row already
 * there is written: an edit of the body leaves the tag rows, the indexes on team and status and
 * the words already known to search untouched, so a save writes fewer pages.
 */
function projectArticle(db: Database, id: string, row: ArticleColumns, tags: string[]): void {
  const old = db.get<ArticleColumns & { rowid: number }>(`SELECT rowid, ${ARTICLE_COLUMNS.join(', ')} FROM articles WHERE id = ?`, id);
  let rowid: number;
  if (!old) {
    db.run(
      `INSERT INTO articles (id, ${ARTICLE_COLUMNS.join(', ')}) VALUES (?, ${ARTICLE_COLUMNS.map(() => '?').join(', ')})`,
      id, ...ARTICLE_COLUMNS.map((c) => row[c]),
    );
    rowid = db.get<{ rowid: number }>('SELECT rowid FROM articles WHERE id = ?', id)!.rowid;
  } else {
    rowid = old.rowid;
    const changed = ARTICLE_COLUMNS.filter((c) => old[c] !== row[c]);
    if (changed.length) {
      db.run(`UPDATE articles SET ${changed.map((c) => `${c} = ?`).join(', ')} WHERE rowid = ?`, ...changed.map((c) => row[c]), rowid);
    }
  }
  // article_tags lists the tags of live articles only.
  if (!old || old.tags !== row.tags || old.deleted !== row.deleted) {
    const listed = new Set(row.deleted ? [] : tags);
    const before = old ? db.all<{ tag: string }>('SELECT tag FROM article_tags WHERE article_id = ?', id).map((r) => r.tag) : [];
    for (const tag of before) if (!listed.has(tag)) db.run('DELETE FROM article_tags WHERE article_id = ? AND tag = ?', id, tag);
    const had = new Set(before);
    for (const tag of listed) if (!had.has(tag)) db.run('INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)', id, tag);
  }
  // article_links lists the links of live articles only.
  if (!old || old.body !== row.body || old.deleted !== row.deleted) {
    if (old || !row.deleted) writeArticleLinks(db, id, row.deleted ? null : row.body);
  }
  // The index holds the text of a live row as it was last written (null: nothing indexed),
  // with its snippets' text, which writing the article does not change.
  const textChanged = !old || old.deleted !== row.deleted || old.title !== row.title || old.body !== row.body || old.tags !== row.tags;
  if (!textChanged || (row.deleted && old?.deleted)) return;
  const code = snippetText(db, id);
  const indexed = old && !old.deleted ? { title: old.title, tags: parseTagsColumn(old.tags), body: old.body, code } : null;
  indexArticle(db, rowid, row.deleted ? null : { title: row.title, tags, body: row.body, code }, indexed);
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
