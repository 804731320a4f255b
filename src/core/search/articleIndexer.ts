import type { Database } from '../store/database';
import { indexText } from './textAnalyzer';

export interface IndexableArticle {
  title: string;
  tags: string[];
  body: string;
}

/**
 * Puts an article's text into the full-text index (or takes it out when `article` is null).
 * Called by the store inside the transaction that writes the article, so the index never
 * disagrees with the articles table.
 */
export function indexArticle(db: Database, rowid: number, article: IndexableArticle | null): void {
  db.run('DELETE FROM article_fts WHERE rowid = ?', rowid);
  if (!article) return;
  const words = new Map<string, string>();
  db.run(
    'INSERT INTO article_fts (rowid, title, tags, body) VALUES (?, ?, ?, ?)',
    rowid, indexText(article.title, words), indexText(article.tags.join(' '), words), indexText(article.body, words),
  );
  for (const [word, stem] of words) db.run('INSERT OR IGNORE INTO search_words (word, stem) VALUES (?, ?)', word, stem);
}
