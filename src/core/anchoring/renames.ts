/**
 * Keeping anchors on files that were renamed or moved: from git's rename detection
 * (`git diff --name-status -M <commit>`) and from the editor's rename events (files and folders).
 */
import type { Anchor } from '../model';
import { unquote } from './unifiedDiff';

export interface PathRename {
  oldPath: string;
  newPath: string;
}

export interface NameStatus {
  /** Files renamed, with git's similarity score (0..100) when it gave one. */
  renames: Array<PathRename & { similarity?: number }>;
  /** Files deleted. */
  deleted: string[];
  /** Files added (including copies' new paths). */
  added: string[];
}

/**
 * Parse `git diff --name-status -M` output, either line-based (tab separated, quoted unusual
 * paths) or with `-z` (NUL separated).
 */
export function parseNameStatus(output: string): NameStatus {
  const result: NameStatus = { renames: [], deleted: [], added: [] };
  const fields = output.includes('\0') ? output.split('\0') : output.split(/\r?\n/).flatMap((line) => (line ? line.split('\t') : []));
  for (let i = 0; i < fields.length; i++) {
    const status = fields[i];
    if (!status) continue;
    const code = status[0];
    if (code === 'R' || code === 'C') {
      const from = clean(fields[i + 1]);
      const to = clean(fields[i + 2]);
      i += 2;
      if (!from || !to) continue;
      if (code === 'R') {
        const score = Number(status.slice(1));
        result.renames.push(Number.isFinite(score) && status.length > 1 ? { oldPath: from, newPath: to, similarity: score } : { oldPath: from, newPath: to });
      } else {
        result.added.push(to);
      }
    } else if (/^[ADMTUX]/.test(code)) {
      const path = clean(fields[i + 1]);
      i += 1;
      if (!path) continue;
      if (code === 'D') result.deleted.push(path);
      else if (code === 'A') result.added.push(path);
    }
  }
  return result;
}

function clean(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return unquote(path).replace(/\\/g, '/');
}

/** Map of old path to new path from git rename detection output. */
export function renamesFromGit(nameStatusOutput: string): Map<string, string> {
  return new Map(parseNameStatus(nameStatusOutput).renames.map((r) => [r.oldPath, r.newPath]));
}

/**
 * Where a path is after a list of renames applied in order. A rename of a folder moves
 * everything under it; a rename that does not concern the path leaves it alone.
 */
export function renamedPath(path: string, renames: Iterable<PathRename> | ReadonlyMap<string, string>): string {
  const list: PathRename[] = isMap(renames) ? [...renames].map(([oldPath, newPath]) => ({ oldPath, newPath })) : [...renames];
  let current = path;
  for (const { oldPath, newPath } of list) {
    const from = trimSlashes(oldPath);
    const to = trimSlashes(newPath);
    if (!from) continue;
    if (current === from) current = to;
    else if (current.startsWith(`${from}/`)) current = `${to}${current.slice(from.length)}`;
  }
  return current;
}

function isMap(value: unknown): value is ReadonlyMap<string, string> {
  return value instanceof Map;
}

function trimSlashes(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * Apply workspace rename events (files or folders, oldPath → newPath, in the order they
 * happened) to anchors. Returns new anchor objects for the anchors that moved and the same
 * objects for the rest, so callers can tell which to save by identity.
 */
export function applyRenameEvents<T extends Anchor>(anchors: readonly T[], events: readonly PathRename[]): T[] {
  return anchors.map((anchor) => {
    const path = renamedPath(anchor.path, events);
    return path === anchor.path ? anchor : { ...anchor, path };
  });
}
