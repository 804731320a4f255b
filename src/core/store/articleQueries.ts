import type { ArticleStatus } from '../model';
import type { Database } from './database';
import { toConflicts, toSummary, type ArticleRow, type ArticleSummary, type ArticleTitle } from './rows';
import type { FieldConflict } from './fieldResolution';

/** Reading articles for lists, trees, counts and health checks: plain queries, no writes. */

export interface ArticleFilter {
  /** null: articles without tags. */
  tag?: string | null;
  status?: ArticleStatus;
  /** null: articles without a team. */
  team?: string | null;
  limit?: number;
}

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

/** How many articles (not deleted) have fields edited at the same time on different machines. */
export function conflictedArticleCount(db: Database): number {
  return db.get<{ n: number }>('SELECT COUNT(*) AS n FROM articles WHERE deleted = 0 AND conflicts IS NOT NULL')!.n;
}

/** Versions of an article's fields that were edited at the same time on different machines. */
export function articleConflicts(db: Database, id: string): FieldConflict[] {
  const row = db.get<Pick<ArticleRow, 'conflicts'>>('SELECT conflicts FROM articles WHERE id = ? AND deleted = 0', id);
  return row ? toConflicts(row) : [];
}

/** Articles (private ones included, deleted ones not), most recently updated first. */
export function listArticles(db: Database, filter: ArticleFilter = {}): ArticleSummary[] {
  const { where, params, limit } = articleFilterSql(filter);
  const rows = db.all<ArticleRow & { snippet_count: number }>(
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
export function listArticleTitles(db: Database, filter: ArticleFilter = {}): ArticleTitle[] {
  const { where, params, limit } = articleFilterSql(filter);
  return db.all<ArticleTitle>(`SELECT a.id, a.title FROM articles a WHERE ${where} ORDER BY a.updated_at DESC, a.id ${limit}`, ...params);
}

/** Summaries of the given articles, in the order given (missing or deleted ones left out). */
export function summariesOf(db: Database, ids: string[]): ArticleSummary[] {
  return ids
    .map((id) => db.get<ArticleRow & { snippet_count: number }>(
      `${SUMMARY_SELECT} WHERE a.id = ? AND a.deleted = 0`, id))
    .filter((row): row is ArticleRow & { snippet_count: number } => row !== undefined)
    .map(toSummary);
}

/** How many articles each tag, team or status has, for the tree's groups (no article rows loaded). */
export function groupCounts(db: Database, by: 'tag' | 'team' | 'status'): Array<{ key: string | null; count: number }> {
  if (by === 'tag') {
    // Counts kept by triggers (migration 5): reading them costs the same at 50 or 50,000
    // articles, where counting article_tags took ~200 ms on a window's first open.
    const tagged = db.all<{ key: string; count: number }>('SELECT tag AS key, articles AS count FROM tag_counts');
    const untagged = countArticles(db) - storeCount(db, 'tagged_articles');
    return untagged > 0 ? [...tagged, { key: null, count: untagged }] : tagged;
  }
  const column = by === 'team' ? 'team' : 'status';
  return db.all<{ key: string | null; count: number }>(
    `SELECT ${column} AS key, COUNT(*) AS count FROM articles WHERE deleted = 0 GROUP BY ${column}`,
  );
}

export function countArticles(db: Database): number {
  return storeCount(db, 'live_articles');
}

/** A count the database keeps up to date itself (triggers of migration 5). */
function storeCount(db: Database, name: 'live_articles' | 'tagged_articles'): number {
  return db.get<{ value: number }>('SELECT value FROM store_counts WHERE name = ?', name)!.value;
}

/**
 * Articles whose review date may have passed: created, or last verified, at least their review
 * period (else `defaultDays`) ago, at `now` (ms), archived ones aside. A day's slack is left to
 * the caller, which decides exactly (core/articles/articleHealth.ts): SQLite's day numbers are
 * floating point.
 */
export function reviewCandidateIds(db: Database, defaultDays: number, now: number): string[] {
  return db.all<{ id: string }>(
    `SELECT id FROM articles WHERE deleted = 0 AND status <> 'archived'
       AND julianday(COALESCE(verified_at, created_at)) + COALESCE(review_after_days, ?) <= julianday(?) + 1`,
    defaultDays, new Date(now).toISOString(),
  ).map((r) => r.id);
}

/** Articles some reader reported outdated (whether the report still counts: articleHealth.activeReports). */
export function reportedArticleIds(db: Database): string[] {
  return db.all<{ id: string }>("SELECT id FROM articles WHERE deleted = 0 AND reports IS NOT NULL AND status <> 'archived'").map((r) => r.id);
}

/** Articles with a snippet in `path`, newest first. */
export function articlesForPath(db: Database, path: string): ArticleSummary[] {
  const rows = db.all<ArticleRow & { snippet_count: number }>(
    `${SUMMARY_SELECT} WHERE a.deleted = 0 AND a.id IN (SELECT article_id FROM snippets WHERE path = ? AND deleted = 0)
     ORDER BY a.updated_at DESC`,
    path,
  );
  return rows.map(toSummary);
}
