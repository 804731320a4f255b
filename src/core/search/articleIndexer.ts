import type { Database } from '../store/database';

export interface IndexableArticle {
  title: string;
  tags: string[];
  body: string;
}

/** Puts an article's text into the full-text index (or takes it out when `article` is null). */
export function indexArticle(db: Database, rowid: number, article: IndexableArticle | null): void {
  db.run('DELETE FROM article_fts WHERE rowid = ?', rowid);
  if (!article) return;
  db.run('INSERT INTO article_fts (rowid, title, tags, body) VALUES (?, ?, ?, ?)', rowid, article.title, article.tags.join(' '), article.body);
}
