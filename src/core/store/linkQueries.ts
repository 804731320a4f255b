import { linkedArticleIds } from '../articles/outgoingLinks';
import { findWikiLinks, linkKey } from '../articles/wikiLinks';
import type { Database } from './database';
import type { ArticleTitle } from './rows';

/**
 * The store's side of links between articles (`wikiLinks.ts`): which article a title names, and
 * which articles link to one. Both are index lookups (migration 8): `articles.title_key` is each
 * title as links compare it, and `article_links` what each live article links to, kept by
 * projections.ts on every write, local or synced (linkIndex.ts). `+deleted` keeps SQLite from
 * choosing an index on `deleted` (which nearly every row shares) over these: without it, the
 * planner read every live article (hundreds of milliseconds at 50,000; see bench/relatedBench.ts).
 */

/** A LIKE pattern matching `text` with any run of white space as anything (`\` escapes). */
function loosePattern(text: string): string {
  return text.trim().split(/\s+/).map((word) => word.replace(/[\\%_]/g, (c) => `\\${c}`)).join('%');
}

/** The live article with a title key (of two, the one changed last). Exported for the query-plan test. */
export const ARTICLE_BY_TITLE_SQL = 'SELECT id FROM articles WHERE title_key = ? AND +deleted = 0 ORDER BY updated_at DESC, id LIMIT 1';

/** The live articles linking to a title key or an article id. Exported for the query-plan test. */
export const LINKING_SQL = `SELECT id, title FROM articles
      WHERE id IN (SELECT source_id FROM article_links WHERE (target = ? AND kind = 'title') OR (target = ? AND kind = 'id'))
        AND +deleted = 0 AND id != ?
      ORDER BY title COLLATE NOCASE, id`;

/**
 * For each title, the id of the live article with that title (compared as links compare them);
 * of two articles with one title, the one changed last. Titles no article has (links to a
 * missing title) are left out.
 */
export function articleIdsByTitle(db: Database, titles: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const key of new Set(titles.map(linkKey))) {
    if (!key) continue;
    const match = db.get<{ id: string }>(ARTICLE_BY_TITLE_SQL, key);
    if (match) found.set(key, match.id);
  }
  return found;
}

/** The live articles (other than the target) whose text links to it, by title or by Lore link. */
export function articlesLinkingTo(db: Database, target: { id: string; title: string }): ArticleTitle[] {
  return db.all<ArticleTitle>(LINKING_SQL, linkKey(target.title), target.id, target.id);
}

/**
 * articlesLinkingTo by reading every body (a LIKE, then the link parser): what Lore did before
 * the link index, kept as the bench's baseline and the tests' second opinion.
 */
export function articlesLinkingToByScan(db: Database, target: { id: string; title: string }): ArticleTitle[] {
  const rows = db.all<ArticleTitle & { body: string }>(
    `SELECT id, title, body FROM articles
      WHERE deleted = 0 AND id != ? AND (body LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')
      ORDER BY title COLLATE NOCASE, id`,
    target.id, `%[[%${loosePattern(target.title)}%]]%`, `%/article/${target.id}%`,
  );
  const key = linkKey(target.title);
  return rows
    .filter((row) => findWikiLinks(row.body).some((link) => linkKey(link.target) === key) || linkedArticleIds(row.body).includes(target.id))
    .map(({ id, title }) => ({ id, title }));
}

/** The live articles (other than `exceptId`) whose `[[…]]` links name `title`, with their text. */
export function articlesWithWikiLinksTo(db: Database, title: string, exceptId: string): Array<ArticleTitle & { body: string }> {
  return db.all<ArticleTitle & { body: string }>(
    `SELECT id, title, body FROM articles
      WHERE id IN (SELECT source_id FROM article_links WHERE target = ? AND kind = 'title') AND +deleted = 0 AND id != ?`,
    linkKey(title), exceptId,
  );
}

/**
 * Titles for `[[` completion: live articles whose title holds the typed words in order (any
 * case), titles starting with them first, then the ones changed last; at most `limit`.
 */
export function articleTitlesMatching(db: Database, typed: string, limit: number): ArticleTitle[] {
  const words = typed.trim() ? `%${loosePattern(typed)}%` : '%';
  const start = typed.trim() ? `${loosePattern(typed)}%` : '%';
  return db.all<ArticleTitle>(
    `SELECT id, title FROM articles WHERE deleted = 0 AND title LIKE ? ESCAPE '\\'
      ORDER BY (title LIKE ? ESCAPE '\\') DESC, updated_at DESC, id LIMIT ?`,
    words, start, Math.max(1, Math.floor(limit)),
  );
}
