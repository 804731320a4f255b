import type { ReviewThread, ThreadKind } from '../model';
import picomatch from 'picomatch';
import { isOutdated } from './threadLabel';

export type StatusFilter = 'all' | 'open' | 'resolved';

/** Which review notes a view or an export includes. Every field narrows; none means all. */
export interface ReviewFilter {
  status?: StatusFilter;
  /** Only notes started by this author. */
  author?: string;
  /**
   * Only notes in these files: exact workspace-relative paths, folders (`src/store/`), or
   * globs (`src/**\/*.ts`, `*.md`). A pattern without a slash matches file names anywhere.
   */
  files?: string[];
  kinds?: ThreadKind[];
  /** Only notes whose place is in doubt or whose code is gone. */
  outdatedOnly?: boolean;
}

export function filterThreads(threads: readonly ReviewThread[], filter: ReviewFilter = {}): ReviewThread[] {
  const matchers = (filter.files ?? []).map((p) => p.trim()).filter(Boolean).map(pathMatcher);
  return threads.filter((t) => {
    if (filter.status && filter.status !== 'all' && t.state !== filter.status) return false;
    if (filter.author && t.author !== filter.author) return false;
    if (filter.kinds?.length && !filter.kinds.includes(t.kind)) return false;
    if (filter.outdatedOnly && !isOutdated(t.anchorState)) return false;
    if (matchers.length && !matchers.some((m) => m(t.anchor.path))) return false;
    return true;
  });
}

/**
 * A test for workspace-relative paths, from a path, a folder, or a glob (`*`, `**`, `?`, `{a,b}`,
 * `[ab]`, through picomatch, the matcher most of the JavaScript tool chain uses). A pattern without
 * a slash matches file names anywhere, as in `.gitignore`.
 */
export function pathMatcher(pattern: string): (path: string) => boolean {
  const clean = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!picomatch.scan(clean).isGlob) {
    if (clean.endsWith('/')) return (path) => path.startsWith(clean);
    return (path) => path === clean || path.startsWith(`${clean}/`);
  }
  return picomatch(clean, { dot: true, basename: !clean.includes('/') });
}

/** Review notes of one file, with the counts the tree and CodeLens show. */
export interface FileGroup {
  path: string;
  threads: ReviewThread[];
  open: number;
  resolved: number;
  outdated: number;
}

/** Threads grouped by file, files in path order, threads by line within each file. */
export function groupByFile(threads: readonly ReviewThread[]): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  for (const thread of threads) {
    const path = thread.anchor.path;
    let group = groups.get(path);
    if (!group) {
      group = { path, threads: [], open: 0, resolved: 0, outdated: 0 };
      groups.set(path, group);
    }
    group.threads.push(thread);
    if (thread.state === 'open') group.open++;
    else group.resolved++;
    if (isOutdated(thread.anchorState)) group.outdated++;
  }
  for (const group of groups.values()) {
    group.threads.sort((a, b) => a.anchor.range.startLine - b.anchor.range.startLine || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
  return [...groups.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `2 open · 1 resolved · 1 outdated`, leaving out zero counts (but never empty). */
export function countsText(counts: { open: number; resolved: number; outdated?: number }): string {
  const parts: string[] = [];
  if (counts.open) parts.push(`${counts.open} open`);
  if (counts.resolved) parts.push(`${counts.resolved} resolved`);
  if (counts.outdated) parts.push(`${counts.outdated} outdated`);
  return parts.length ? parts.join(' · ') : 'no notes';
}

/** A short description of a filter, for a view's title bar: `open · mine`. Empty for no filter. */
export function filterText(filter: ReviewFilter, me?: string): string {
  const parts: string[] = [];
  if (filter.status && filter.status !== 'all') parts.push(filter.status);
  if (filter.author) parts.push(filter.author === me ? 'mine' : `by ${filter.author}`);
  if (filter.kinds?.length) parts.push(filter.kinds.join(', '));
  if (filter.outdatedOnly) parts.push('outdated');
  if (filter.files?.length) parts.push(filter.files.join(', '));
  return parts.join(' · ');
}
