import type { Database } from '../store/database';
import { parseTagsColumn } from '../store/rows';
import { codeVocabularyWordsOf, indexCode, indexText, vocabularyWordsOf } from './textAnalyzer';

export interface IndexableArticle {
  title: string;
  tags: string[];
  body: string;
  /** Its snippets as the index holds them: each one's file path and code (see snippetText). */
  code: string;
}

/**
 * Puts an article's text into the full-text index (or takes it out when `article` is null).
 * Called by the store inside the transaction that writes the article or one of its snippets,
 * so the index never disagrees with the articles and snippets tables.
 *
 * `previous` is what the index holds for this row now, when the caller knows it: null for
 * nothing (a new or deleted article: there is no entry to delete), or the text last indexed.
 * Then an unchanged text writes nothing, and only words the previous text did not have are
 * looked up in `search_words` (every word of an indexed text is already there: the table
 * only grows). Without `previous`, the entry is replaced and every word looked up.
 */
/** Words already written to `search_words` in the batch under way (see rememberingWords). */
const batchWords = new WeakMap<Database, Set<string>>();

/**
 * Runs `work` (inside a transaction) remembering which words it writes to `search_words`, so
 * that indexing many articles in one go looks each word up once, not once per article.
 */
export function rememberingWords<T>(db: Database, work: () => T): T {
  if (batchWords.has(db)) return work();
  batchWords.set(db, new Set());
  try {
    return work();
  } finally {
    batchWords.delete(db);
  }
}

export function indexArticle(db: Database, rowid: number, article: IndexableArticle | null, previous?: IndexableArticle | null): void {
  if (previous !== undefined && sameText(article, previous)) return;
  if (previous !== null) db.run('DELETE FROM article_fts WHERE rowid = ?', rowid);
  if (!article) return;
  const words = new Map<string, string>();
  insertEntry(db, rowid, article, words);
  if (previous) {
    const known = new Set<string>();
    for (const text of [previous.title, previous.tags.join(' '), previous.body]) vocabularyWordsOf(text, known);
    codeVocabularyWordsOf(previous.code, known);
    for (const word of known) words.delete(word);
  }
  const written = batchWords.get(db);
  for (const [word, stem] of words) {
    if (written?.has(word)) continue;
    db.run('INSERT OR IGNORE INTO search_words (word, stem) VALUES (?, ?)', word, stem);
    written?.add(word);
  }
}

/**
 * The text of an article's live snippets, as the index holds it: each snippet's file path,
 * then its code, in the order the article shows them. Empty for an article without snippets.
 */
export function snippetText(db: Database, articleId: string): string {
  const rows = db.all<{ path: string; code: string }>(
    'SELECT path, code FROM snippets WHERE article_id = ? AND deleted = 0 ORDER BY position, id', articleId,
  );
  let text = '';
  for (const row of rows) text += `${text ? '\n' : ''}${row.path}\n${row.code}`;
  return text;
}

/**
 * Indexes an article again after one of its snippets changed. `previousCode` is the snippets'
 * text the index held (snippetText before the change). A deleted or not yet arrived article
 * is not in the index and stays out.
 */
export function reindexArticleSnippets(db: Database, articleId: string, previousCode: string): void {
  const row = db.get<{ rowid: number; title: string; tags: string; body: string; deleted: number }>(
    'SELECT rowid, title, tags, body, deleted FROM articles WHERE id = ?', articleId,
  );
  if (!row || row.deleted) return;
  const text = { title: row.title, tags: parseTagsColumn(row.tags), body: row.body };
  indexArticle(db, row.rowid, { ...text, code: snippetText(db, articleId) }, { ...text, code: previousCode });
}

/** How far a long rebuild has got: articles indexed so far, of `total`. */
export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Fills an empty index from the articles and snippets tables (a migration that changes what
 * is indexed drops the index and runs this), then merges it into one segment, as idle-time
 * compaction would (a new database has no change to trigger that). Works in steps of 500
 * articles and yields the progress after each, so a caller can report it and let other work
 * run between steps (all inside the caller's transaction). Returns the number of articles
 * indexed. At 50,000 articles it takes about 10 s.
 */
export function* rebuildSearchIndexSteps(db: Database): Generator<RebuildProgress, number> {
  const total = db.get<{ n: number }>('SELECT count(*) AS n FROM articles WHERE deleted = 0')?.n ?? 0;
  const words = new Map<string, string>();
  let count = 0;
  let after = -1;
  for (;;) {
    const rows = db.all<{ rowid: number; id: string; title: string; tags: string; body: string }>(
      'SELECT rowid, id, title, tags, body FROM articles WHERE rowid > ? AND deleted = 0 ORDER BY rowid LIMIT 500', after,
    );
    if (!rows.length) break;
    for (const row of rows) {
      insertEntry(db, row.rowid, { title: row.title, tags: parseTagsColumn(row.tags), body: row.body, code: snippetText(db, row.id) }, words);
      count++;
    }
    after = rows[rows.length - 1].rowid;
    yield { done: count, total };
  }
  for (const [word, stem] of words) db.run('INSERT OR IGNORE INTO search_words (word, stem) VALUES (?, ?)', word, stem);
  db.exec("INSERT INTO article_fts (article_fts) VALUES ('optimize')");
  return count;
}

function insertEntry(db: Database, rowid: number, article: IndexableArticle, words: Map<string, string>): void {
  db.run(
    'INSERT INTO article_fts (rowid, title, tags, body, code) VALUES (?, ?, ?, ?, ?)',
    rowid, indexText(article.title, words), indexText(article.tags.join(' '), words), indexText(article.body, words),
    indexCode(article.code, words),
  );
}

function sameText(a: IndexableArticle | null, b: IndexableArticle | null): boolean {
  if (!a || !b) return a === b;
  return a.title === b.title && a.body === b.body && a.code === b.code
    && a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]);
}
