/**
 * The full-text index. Migration 1 created it over title, tags and body (SEARCH_SCHEMA_V1,
 * kept as released); migration 4 recreated `article_fts` with the snippets' code as a fourth
 * column (ARTICLE_FTS_SCHEMA) and rebuilt it.
 *
 * - `article_fts`: FTS5 over each article's title, tags, body and code (its snippets' file
 *   paths and code, see articleIndexer.ts), rowid = articles.rowid, updated in the same
 *   transaction as each write. It holds the *stems* that Lore's analyzer (textAnalyzer.ts:
 *   Unicode words, lunr's Porter stemmer; identifiers in code also split into their parts)
 *   produces, one space between them, so FTS5's plain `ascii` tokenizer splits exactly where
 *   Lore did and word positions, needed for "exact phrases", are kept. No copy of the text
 *   is stored (`content = ''`; the articles and snippets tables have it) and rows can still be
 *   deleted by rowid (`contentless_delete`). `prefix = '2 3'` keeps short prefix queries
 *   (`ca*`) fast. `automerge = 0`: FTS5's default merges index segments during writes, which
 *   made one save in about twenty-five take 20–40 ms at 50,000 articles; segments are merged
 *   when the editor is idle instead (searchMaintenance.ts), and FTS5's crisis merge (16
 *   segments on a level) still bounds them if that never runs.
 * - `article_fts_vocab`: every stem with the number of articles that contain it, used to
 *   weigh typo corrections by how common they are.
 * - `search_words`: every word (before stemming) the articles contain, for prefix queries
 *   that run past a stem (`authenticati*` → "authentication" → stem "authent") and for typo
 *   correction over real words. Append-only; `id` lets each window pick up words added by
 *   another since it last looked.
 */
export const ARTICLE_FTS_SCHEMA = `
  CREATE VIRTUAL TABLE article_fts USING fts5(
    title, tags, body, code,
    content = '', contentless_delete = 1,
    tokenize = 'ascii',
    prefix = '2 3'
  );
  INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 0);
  CREATE VIRTUAL TABLE article_fts_vocab USING fts5vocab(article_fts, 'row');
`;

/** What migration 1 created (released: never change it). */
export const SEARCH_SCHEMA_V1 = `
  CREATE VIRTUAL TABLE article_fts USING fts5(
    title, tags, body,
    content = '', contentless_delete = 1,
    tokenize = 'ascii',
    prefix = '2 3'
  );
  INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 0);
  CREATE VIRTUAL TABLE article_fts_vocab USING fts5vocab(article_fts, 'row');
  CREATE TABLE search_words (
    id   INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE,
    stem TEXT NOT NULL
  );
`;

/** The words table of SEARCH_SCHEMA_V1, for databases made before migration 1 had it (migration 4 adds it). */
export const SEARCH_WORDS_IF_MISSING = `
  CREATE TABLE IF NOT EXISTS search_words (
    id   INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE,
    stem TEXT NOT NULL
  );
`;
