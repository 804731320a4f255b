/**
 * The full-text index, created by migration 1.
 *
 * - `article_fts`: FTS5 over each article's title, tags and body, rowid = articles.rowid,
 *   updated in the same transaction as each write (see articleIndexer.ts). It holds the
 *   *stems* that Lore's analyzer (textAnalyzer.ts: Unicode words, lunr's Porter stemmer)
 *   produces, one space between them, so FTS5's plain `ascii` tokenizer splits exactly where
 *   Lore did and word positions, needed for "exact phrases", are kept. No copy of the text
 *   is stored (`content = ''`; the articles table has it) and rows can still be deleted by
 *   rowid (`contentless_delete`). `prefix = '2 3'` keeps short prefix queries (`ca*`) fast.
 * - `article_fts_vocab`: every stem with the number of articles that contain it, used to
 *   weigh typo corrections by how common they are.
 * - `search_words`: every word (before stemming) the articles contain, for prefix queries
 *   that run past a stem (`authenticati*` → "authentication" → stem "authent") and for typo
 *   correction over real words. Append-only; `id` lets each window pick up words added by
 *   another since it last looked.
 */
export const SEARCH_SCHEMA = `
  CREATE VIRTUAL TABLE article_fts USING fts5(
    title, tags, body,
    content = '', contentless_delete = 1,
    tokenize = 'ascii',
    prefix = '2 3'
  );
  CREATE VIRTUAL TABLE article_fts_vocab USING fts5vocab(article_fts, 'row');
  CREATE TABLE search_words (
    id   INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE,
    stem TEXT NOT NULL
  );
`;
