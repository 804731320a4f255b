import type { Database } from '../store/database';

/**
 * Merges some of the full-text index's segments: at most `pages` pages (4 KB each) are
 * written, in one short transaction. Returns true while there is more to merge; the step that
 * returns false checkpoints the database's write-ahead log.
 *
 * Every save adds a small segment to the index, and searching reads every segment, so they
 * are merged now and then. Lore does that here, when the editor is idle, rather than during
 * saves (see searchSchema.ts). Call it after writes have settled, a step at a time, e.g.
 * `while (compactSearchIndex(db)) await idle()`; each step takes a few milliseconds to a
 * few tens of milliseconds.
 */
export function compactSearchIndex(db: Database, pages = 100): boolean {
  const budget = Math.max(16, Math.floor(pages));
  const more = db.transaction(() => {
    const before = totalChanges(db);
    db.exec(`INSERT INTO article_fts (article_fts, rank) VALUES ('merge', ${budget})`);
    // FTS5 counts a change for each page it writes: fewer than two means there was nothing left to merge.
    return totalChanges(db) - before >= 2;
  });
  // The last step also copies the write-ahead log into the database (Database.checkpoint), so
  // the next saves do not pay for that either.
  if (!more) db.checkpoint();
  return more;
}

/** Merges until nothing is left to merge (after a bulk import, in a CLI, in benchmarks). Returns the steps taken. */
export function compactSearchIndexFully(db: Database, pages = 400): number {
  let steps = 1;
  while (compactSearchIndex(db, pages) && steps < 100_000) steps++;
  return steps;
}

function totalChanges(db: Database): number {
  return db.get<{ n: number }>('SELECT total_changes() AS n')?.n ?? 0;
}
