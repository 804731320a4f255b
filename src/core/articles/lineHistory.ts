import type { GitPort } from '../anchoring/gitPort';

/** One commit that last changed some of the shared lines, as `git blame` names it. */
export interface HistoryEntry {
  commit: string;
  author: string;
  /** `YYYY-MM-DD`, the author date in UTC. */
  date: string;
  subject: string;
}

/** A draft lists at most this many commits, newest first. */
export const MAX_HISTORY = 5;

/**
 * Who last changed lines `startLine`..`endLine` (0-based, inclusive) of a file and why: the
 * distinct commits `git blame` names for them, newest first, at most MAX_HISTORY. Empty without
 * git, outside a repository, for an untracked file, or when git is slower than `timeoutMs`;
 * never throws.
 */
export async function lineHistory(git: GitPort | undefined, path: string, startLine: number, endLine: number, timeoutMs?: number): Promise<HistoryEntry[]> {
  if (!git?.blameLines) return [];
  try {
    const porcelain = await git.blameLines(path, startLine, endLine, timeoutMs);
    return porcelain ? historyFromBlame(porcelain) : [];
  } catch {
    return [];
  }
}

/**
 * Reads `git blame --porcelain`: each line's header `<sha> <orig> <final> [<count>]`, then (the
 * first time a commit appears) `author`, `author-time`, `summary` and other fields, then the
 * line itself after a tab. Lines not committed yet (the all-zero commit) are left out.
 */
export function historyFromBlame(porcelain: string): HistoryEntry[] {
  const commits = new Map<string, { author?: string; time?: number; subject?: string }>();
  let current: { author?: string; time?: number; subject?: string } | undefined;
  for (const line of porcelain.split('\n')) {
    if (line.startsWith('\t')) continue;
    const header = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) \d+ \d+(?: \d+)?$/.exec(line);
    if (header) {
      const sha = header[1];
      current = commits.get(sha);
      if (!current) {
        current = {};
        commits.set(sha, current);
      }
      continue;
    }
    if (!current) continue;
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space + 1);
    if (key === 'author') current.author = value;
    else if (key === 'author-time') current.time = Number(value);
    else if (key === 'summary') current.subject = value;
  }
  return [...commits]
    .filter(([sha]) => !/^0+$/.test(sha))
    .map(([commit, c]) => ({ commit, author: c.author ?? '', time: c.time ?? 0, subject: c.subject ?? '' }))
    .sort((a, b) => b.time - a.time)
    .slice(0, MAX_HISTORY)
    .map(({ commit, author, time, subject }) => ({ commit, author, date: dateOf(time), subject }));
}

function dateOf(seconds: number): string {
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString().slice(0, 10) : '';
}
