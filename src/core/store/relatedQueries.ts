import { SIGNAL_COLUMNS, type SignalRow } from '../search/ranking';
import type { Database } from './database';
import type { ArticleTitle } from './rows';

/**
 * The store's side of "Related articles" (`core/articles/relatedArticles.ts` ranks): for one
 * article, the other articles that share its tags, its snippets' files, or its distinctive
 * words. Each query returns a bounded number of candidates, best first, so the cost does not
 * grow with the knowledge base beyond what the indexes read.
 */

/** The article relatedness starts from: its text and the files and symbols of its live snippets. */
export interface RelatedSource {
  rowid: number;
  id: string;
  title: string;
  body: string;
  tags: string[];
  snippets: Array<{ path: string; symbolPath?: string }>;
}

export function relatedSource(db: Database, articleId: string): RelatedSource | undefined {
  const row = db.get<{ rowid: number; id: string; title: string; body: string; tags: string }>(
    'SELECT rowid, id, title, body, tags FROM articles WHERE id = ? AND deleted = 0', articleId,
  );
  if (!row) return undefined;
  const snippets = db.all<{ path: string; anchor: string }>(
    'SELECT path, anchor FROM snippets WHERE article_id = ? AND deleted = 0 ORDER BY position, id', articleId,
  ).map((s) => ({ path: s.path, symbolPath: symbolOf(s.anchor) }));
  const tags = db.all<{ tag: string }>('SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag', articleId).map((t) => t.tag);
  return { rowid: row.rowid, id: row.id, title: row.title, body: row.body, tags, snippets };
}

/** How many live articles there are, and how many carry each of `tags` (counts kept by triggers). */
export function tagFrequencies(db: Database, tags: readonly string[]): { articles: number; byTag: Map<string, number> } {
  const articles = db.get<{ value: number }>("SELECT value FROM store_counts WHERE name = 'live_articles'")?.value ?? 0;
  const byTag = new Map<string, number>();
  for (const tag of tags) byTag.set(tag, db.get<{ articles: number }>('SELECT articles FROM tag_counts WHERE tag = ?', tag)?.articles ?? 0);
  return { articles, byTag };
}

/**
 * Other live articles with at least one of the weighted tags, those with the largest sum of
 * their shared tags' weights first (then by id, so ties are stable); at most `limit`.
 */
export function articlesSharingTags(db: Database, exceptId: string, weights: ReadonlyMap<string, number>, limit: number): Array<{ id: string; tags: string[] }> {
  if (!weights.size) return [];
  const values = [...weights].map(() => '(?, ?)').join(', ');
  // article_tags lists live articles only (projections.ts keeps it so).
  const rows = db.all<{ id: string; tags: string }>(
    `WITH wanted(tag, weight) AS (VALUES ${values})
     SELECT t.article_id AS id, group_concat(t.tag, char(31)) AS tags, sum(w.weight) AS weight
       FROM article_tags t JOIN wanted w ON w.tag = t.tag
      WHERE t.article_id <> ?
      GROUP BY t.article_id ORDER BY weight DESC, t.article_id LIMIT ?`,
    ...[...weights].flat(), exceptId, limit,
  );
  return rows.map((r) => ({ id: r.id, tags: r.tags.split('\u001f').sort() }));
}

/** Other live articles' snippets in any of `paths` (with their symbols), at most `limit` rows. */
export function snippetsInPaths(db: Database, exceptId: string, paths: readonly string[], limit: number): Array<{ articleId: string; path: string; symbolPath?: string }> {
  if (!paths.length) return [];
  const rows = db.all<{ article_id: string; path: string; anchor: string }>(
    `SELECT s.article_id, s.path, s.anchor FROM snippets s JOIN articles a ON a.id = s.article_id
      WHERE s.path IN (${paths.map(() => '?').join(', ')}) AND s.deleted = 0 AND a.deleted = 0 AND s.article_id <> ?
      ORDER BY s.article_id, s.position LIMIT ?`,
    ...paths, exceptId, limit,
  );
  return rows.map((r) => ({ articleId: r.article_id, path: r.path, symbolPath: symbolOf(r.anchor) }));
}

const remembered = new WeakMap<Database, { lastEvent: number; counts: Map<string, number> }>();
const REMEMBERED_STEMS = 50_000;

/**
 * How many articles the full-text index has each stem in (0 when none), or, with `atMost`, any
 * number above `atMost` for a stem in more articles than that (a caller that only needs to know
 * a word is common). FTS5 counts them by reading the stem's list of articles (milliseconds for a
 * word in thousands: `atMost` stops the count there, ten times cheaper for a common word), so
 * counts are remembered per connection until the next write (any window's: a write appends an
 * event). A count that stopped is remembered as -(atMost + 1): "more than atMost".
 */
export function stemDocumentFrequencies(db: Database, stems: Iterable<string>, atMost = Infinity): Map<string, number> {
  const lastEvent = db.get<{ n: number | null }>('SELECT max(rowid) AS n FROM events')?.n ?? 0;
  let memory = remembered.get(db);
  if (!memory || memory.lastEvent !== lastEvent) remembered.set(db, (memory = { lastEvent, counts: new Map() }));
  const cache = memory.counts;
  const result = new Map<string, number>();
  const cap = Math.floor(atMost);
  for (const stem of stems) {
    if (result.has(stem)) continue;
    let doc = cache.get(stem);
    // Remembered as more than a smaller bound than asked now: count again.
    if (doc !== undefined && doc < 0 && -doc - 1 < cap) doc = undefined;
    if (doc === undefined) {
      if (Number.isFinite(cap)) {
        const n = db.get<{ n: number }>(STEM_COUNT_SQL, `"${stem.replace(/"/g, '""')}"`, cap + 1)?.n ?? 0;
        doc = n > cap ? -(cap + 1) : n;
      } else {
        doc = Number(db.get<{ doc: number }>('SELECT doc FROM article_fts_vocab WHERE term = ?', stem)?.doc ?? 0);
      }
      if (cache.size >= REMEMBERED_STEMS) cache.clear();
      cache.set(stem, doc);
    }
    result.set(stem, doc < 0 ? -doc : doc);
  }
  return result;
}

/** The articles with a stem, counted up to a bound (the stem quoted for FTS5, the bound). */
const STEM_COUNT_SQL = 'SELECT count(*) AS n FROM (SELECT 1 FROM article_fts WHERE article_fts MATCH ? LIMIT ?)';

/**
 * The articles whose indexed text best matches any of `stems` (bm25, the search's column
 * weights: title 10, tags 5, body 1, code 0.5), other than the one with `exceptRowid`.
 */
export function articlesMatchingStems(db: Database, exceptRowid: number, stems: readonly string[], limit: number): Array<{ id: string; rank: number }> {
  if (!stems.length) return [];
  const expression = stems.map((s) => `"${s.replace(/"/g, '""')}"`).join(' OR ');
  const ranked = db.all<{ rowid: number; rank: number }>(
    `SELECT rowid, bm25(article_fts, 10, 5, 1, 0.5) AS rank FROM article_fts
      WHERE article_fts MATCH ? AND rowid <> ? ORDER BY rank LIMIT ?`,
    expression, exceptRowid, limit,
  );
  if (!ranked.length) return [];
  const ids = new Map(db.all<{ rowid: number; id: string }>(
    `SELECT rowid, id FROM articles WHERE rowid IN (${ranked.map(() => '?').join(', ')}) AND +deleted = 0`,
    ...ranked.map((r) => r.rowid),
  ).map((r) => [r.rowid, r.id]));
  return ranked.filter((r) => ids.has(r.rowid)).map((r) => ({ id: ids.get(r.rowid)!, rank: r.rank }));
}

/**
 * Which of `stems` each of the given articles has in its title, tags or body (not its snippets'
 * code: a shared file is evidence of its own), through the full-text index: one lookup per stem,
 * far cheaper than reading and analysing each article's text.
 *
 * `+rowid`: the rowids are checked as each match comes out of the stem's list. With a plain
 * `rowid IN (…)` SQLite hands FTS5 one rowid at a time and FTS5 runs the match again for each
 * (60 candidates: ~15 ms a stem at 50,000 articles against ~2 ms; bench/relatedBench.ts).
 */
export function stemsInArticles(db: Database, stems: readonly string[], rowids: readonly number[]): Map<number, string[]> {
  const found = new Map<number, string[]>();
  if (!stems.length || !rowids.length) return found;
  const sql = stemInArticlesSql(rowids.length);
  for (const stem of stems) {
    const rows = db.all<{ rowid: number }>(sql, `{title tags body} : "${stem.replace(/"/g, '""')}"`, ...rowids);
    for (const { rowid } of rows) {
      const stemsOf = found.get(rowid) ?? [];
      stemsOf.push(stem);
      found.set(rowid, stemsOf);
    }
  }
  return found;
}

/** stemsInArticles' query for `count` rowids (exported for the query-plan test). */
export function stemInArticlesSql(count: number): string {
  return `SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND +rowid IN (${Array.from({ length: count }, () => '?').join(', ')})`;
}

/**
 * Ids and titles of the given articles that may be shown as related here: live, and not private
 * unless private on this machine's own account (a private article of a teammate is never in
 * this machine's view: the store marks it deleted; this holds even if a row says otherwise).
 */
export function showableArticles(db: Database, ids: readonly string[]): Array<ArticleTitle & SignalRow & { tags: string }> {
  if (!ids.length) return [];
  // `+a.deleted`: look the ids up by the id index (SQLite otherwise scanned the deleted/updated_at index: 130 ms at 50,000).
  // With the blend's columns (ranking.ts), so that the rows are read once (they come after the body).
  return db.all<ArticleTitle & SignalRow & { tags: string }>(
    `SELECT a.title, a.tags, ${SIGNAL_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')} FROM articles a
      WHERE a.id IN (${ids.map(() => '?').join(', ')}) AND +a.deleted = 0
        AND (a.visibility <> 'private' OR EXISTS (SELECT 1 FROM events e WHERE e.entity = 'article' AND e.entity_id = a.id AND e.local = 1))`,
    ...ids,
  );
}

function symbolOf(anchorJson: string): string | undefined {
  try {
    const symbol = (JSON.parse(anchorJson) as { symbolPath?: unknown }).symbolPath;
    return typeof symbol === 'string' && symbol ? symbol : undefined;
  } catch {
    return undefined;
  }
}
