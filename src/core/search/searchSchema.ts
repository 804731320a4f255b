/**
 * The full-text index: an FTS5 table with no stored content (the articles table holds the
 * text), its rowid equal to articles.rowid, updated in the same transaction as each write.
 */
export const SEARCH_SCHEMA = `
  CREATE VIRTUAL TABLE article_fts USING fts5(
    title, tags, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  );
`;
