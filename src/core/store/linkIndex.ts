import { outgoingLinks } from '../articles/outgoingLinks';
import type { Database } from './database';

/**
 * The link index (`article_links`, migration 8): one row per title or article id that a live
 * article's text links to, written with the article row (local saves and sync alike go through
 * projections.ts), so "who links here" and "which article does this title name" are index
 * lookups (linkQueries.ts) instead of reading bodies.
 */
export function writeArticleLinks(db: Database, articleId: string, body: string | null): void {
  db.run('DELETE FROM article_links WHERE source_id = ?', articleId);
  if (body === null) return;
  const { titleKeys, articleIds } = outgoingLinks(body);
  for (const key of titleKeys) db.run("INSERT OR IGNORE INTO article_links (source_id, kind, target) VALUES (?, 'title', ?)", articleId, key);
  for (const id of articleIds) db.run("INSERT OR IGNORE INTO article_links (source_id, kind, target) VALUES (?, 'id', ?)", articleId, id);
}
