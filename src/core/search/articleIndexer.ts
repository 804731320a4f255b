import type { Database } from '../store/database';
import { indexText, vocabularyWordsOf } from './textAnalyzer';

export interface IndexableArticle {
  title: string;
  tags: string[];
  body: string;
}

/**
 * Puts an article's text into the full-text index (or takes it out when `article` is null).
 * Called by the store inside the transaction that writes the article, so the index never
 * disagrees with the articles table.
 *
 * `previous` is what the index holds for this row now, when the caller knows it: null for
 * nothing (a new or deleted article: there is no entry to delete), or the text last indexed.
 * Then an unchanged text writes nothing, and only words the previous text did not have are
 * looked up in `search_words` (every word of an indexed text is already there: the table
 * only grows). Without `previous`, the entry is replaced and every word looked up.
 */
export function indexArticle(db: Database, rowid: number, article: IndexableArticle | null, previous?: IndexableArticle | null): void {
  if (previous !== undefined && sameText(article, previous)) return;
  if (previous !== null) db.run('DELETE FROM article_fts WHERE rowid = ?', rowid);
  if (!article) return;
  const words = new Map<string, string>();
  db.run(
    'INSERT INTO article_fts (rowid, title, tags, body) VALUES (?, ?, ?, ?)',
    rowid, indexText(article.title, words), indexText(article.tags.join(' '), words), indexText(article.body, words),
  );
  if (previous) {
    const known = new Set<string>();
    for (const text of [previous.title, previous.tags.join(' '), previous.body]) vocabularyWordsOf(text, known);
    for (const word of known) words.delete(word);
  }
  for (const [word, stem] of words) db.run('INSERT OR IGNORE INTO search_words (word, stem) VALUES (?, ?)', word, stem);
}

function sameText(a: IndexableArticle | null, b: IndexableArticle | null): boolean {
  if (!a || !b) return a === b;
  return a.title === b.title && a.body === b.body && a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]);
}
