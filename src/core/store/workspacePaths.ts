import type { Anchor } from '../model';
import type { Database } from './database';
import type { StoreWriter } from './storeWriter';

// Review notes and snippets by the workspace file they point into.

/** Review notes and articles that point into a file, for CodeLens and the For This File view. */
export function countsForPath(db: Database, path: string): { notes: number; articles: number } {
  const notes = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM review_threads WHERE path = ? AND deleted = 0', path)!.n;
  const articles = db.get<{ n: number }>(
    `SELECT COUNT(DISTINCT s.article_id) AS n FROM snippets s JOIN articles a ON a.id = s.article_id
     WHERE s.path = ? AND s.deleted = 0 AND a.deleted = 0`, path)!.n;
  return { notes, articles };
}

/** Moves notes and snippets when a file or folder is renamed in the workspace (shared with the team like any edit). */
export function renamePath(store: StoreWriter, oldPath: string, newPath: string): number {
  let moved = 0;
  store.write(() => {
    const rewrite = (path: string): string | undefined =>
      path === oldPath ? newPath : path.startsWith(`${oldPath}/`) ? newPath + path.slice(oldPath.length) : undefined;
    for (const [entity, table] of [['thread', 'review_threads'], ['snippet', 'snippets']] as const) {
      const rows = store.db.all<{ id: string; anchor: string }>(
        `SELECT id, anchor FROM ${table} WHERE deleted = 0 AND (path = ? OR path LIKE ? ESCAPE '\\')`, oldPath, `${escapeLike(oldPath)}/%`);
      for (const row of rows) {
        const anchor = JSON.parse(row.anchor) as Anchor;
        const target = rewrite(anchor.path);
        if (!target) continue;
        store.emit(entity, row.id, { anchor: { ...anchor, path: target } });
        moved++;
      }
    }
  });
  return moved;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
