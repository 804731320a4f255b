import { articleIdFromLink } from '../articles/articleLinks';
import { findWikiLinks, linkKey } from '../articles/wikiLinks';
import { indexText } from '../search/textAnalyzer';
import type { Database } from './database';
import type { ArticleTitle } from './rows';

/**
 * The store's side of links between articles (`wikiLinks.ts`): which article a title names, and
 * which articles link to one. SQL narrows the candidates (LIKE ignores case for ASCII only), the
 * link parser decides, so a title inside code or a longer title never counts.
 */

/** A LIKE pattern matching `text` with any run of white space as anything (`\` escapes). */
function loosePattern(text: string): string {
  return text.trim().split(/\s+/).map((word) => word.replace(/[\\%_]/g, (c) => `\\${c}`)).join('%');
}

/**
 * For each title, the id of the live article with that title (compared as links compare them);
 * of two articles with one title, the one changed last. Titles no article has are left out.
 */
export function articleIdsByTitle(db: Database, titles: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const title of new Set(titles.map(linkKey))) {
    if (!title) continue;
    // The search index narrows to titles with these words in a row (a LIKE alone reads every title).
    const words = indexText(title);
    const candidates = words
      ? db.all<ArticleTitle>(
        `SELECT id, title FROM articles WHERE rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)
          AND deleted = 0 AND title LIKE ? ESCAPE '\\' ORDER BY updated_at DESC, id`,
        `{title} : "${words}"`, loosePattern(title),
      )
      : db.all<ArticleTitle>(
        "SELECT id, title FROM articles WHERE deleted = 0 AND title LIKE ? ESCAPE '\\' ORDER BY updated_at DESC, id",
        loosePattern(title),
      );
    const match = candidates.find((candidate) => linkKey(candidate.title) === title);
    if (match) found.set(title, match.id);
  }
  return found;
}

/**
 * The live articles (other than the target) whose text links to it, by title or by Lore link.
 * The full-text index narrows the candidates first: a body that links to the article has the
 * title's words in a row (or `article/<id>`), which FTS5 finds without reading every body (a
 * LIKE over all bodies took tens of milliseconds at 50,000 articles; see bench/relatedBench.ts).
 * A title with no word at all falls back to that scan.
 */
export function articlesLinkingTo(db: Database, target: { id: string; title: string }): ArticleTitle[] {
  const titleWords = indexText(target.title);
  if (!titleWords) return articlesLinkingToByScan(db, target);
  const phrase = (words: string) => `"${words.replace(/"/g, '""')}"`;
  const rows = db.all<ArticleTitle & { body: string }>(
    `SELECT id, title, body FROM articles
      WHERE rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)
        AND deleted = 0 AND id != ? AND (body LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')
      ORDER BY title COLLATE NOCASE, id`,
    `{body} : (${phrase(titleWords)} OR ${phrase(indexText(`article/${target.id}`))})`,
    target.id, `%[[%${loosePattern(target.title)}%]]%`, `%/article/${target.id}%`,
  );
  return linkingRows(rows, target);
}

/** articlesLinkingTo by reading every body (LIKE): for titles without words, and as the bench's baseline. */
export function articlesLinkingToByScan(db: Database, target: { id: string; title: string }): ArticleTitle[] {
  const rows = db.all<ArticleTitle & { body: string }>(
    `SELECT id, title, body FROM articles
      WHERE deleted = 0 AND id != ? AND (body LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')
      ORDER BY title COLLATE NOCASE, id`,
    target.id, `%[[%${loosePattern(target.title)}%]]%`, `%/article/${target.id}%`,
  );
  return linkingRows(rows, target);
}

/** The candidates whose links really name the target (the link parser decides: not in code, not a longer title). */
function linkingRows(rows: Array<ArticleTitle & { body: string }>, target: { id: string; title: string }): ArticleTitle[] {
  const key = linkKey(target.title);
  return rows
    .filter((row) => findWikiLinks(row.body).some((link) => linkKey(link.target) === key) || linksById(row.body, target.id))
    .map(({ id, title }) => ({ id, title }));
}

/** Whether a text holds Lore's own link to the article (what "Copy Article Link" gives). */
function linksById(body: string, id: string): boolean {
  return (body.match(/[a-z][a-z0-9+.-]*:\/\/[^\s)\]>"']+/gi) ?? []).some((href) => articleIdFromLink(href) === id);
}

/** The live articles (other than `exceptId`) whose `[[…]]` links name `title`, with their text. */
export function articlesWithWikiLinksTo(db: Database, title: string, exceptId: string): Array<ArticleTitle & { body: string }> {
  const key = linkKey(title);
  return db.all<ArticleTitle & { body: string }>(
    "SELECT id, title, body FROM articles WHERE deleted = 0 AND id != ? AND body LIKE ? ESCAPE '\\'",
    exceptId, `%[[%${loosePattern(title)}%]]%`,
  ).filter((row) => findWikiLinks(row.body).some((link) => linkKey(link.target) === key));
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
