/**
 * What anchoring needs from git, as a small interface so tests and other hosts can supply it.
 * Paths are workspace-relative with forward slashes; the real implementation is nodeGit.ts.
 */
import type { Anchor } from '../model';
import type { AnchorHistory } from './resolveAnchor';
import { parseNameStatus } from './renames';

export interface GitPort {
  /** The commit HEAD points at; undefined outside a repository or before the first commit. */
  head(): Promise<string | undefined>;
  /** A file's text at a commit; undefined when the file or the commit does not exist. */
  show(commit: string, path: string): Promise<string | undefined>;
  /** Unified diff from a commit to the working tree, with rename detection; all files when no paths are given. */
  diff(commit: string, paths?: readonly string[]): Promise<string | undefined>;
  /** `git diff --name-status -M <commit>` output (working tree against the commit), paths relative to the workspace. */
  nameStatus(commit: string): Promise<string | undefined>;
  /** How a file stands against HEAD; undefined when git cannot tell (no repository, no git). */
  fileState?(path: string): Promise<GitFileState | undefined>;
  /** Many `show`s at once (one process for all), in the order asked; undefined for each that does not exist. */
  showMany?(requests: ReadonlyArray<{ commit: string; path: string }>): Promise<Array<string | undefined>>;
  /**
   * `nameStatus` for many commits in one process. Undefined when it cannot answer for all of them
   * that way (the working tree differs from HEAD): ask `nameStatus` one commit at a time then.
   */
  nameStatusMany?(commits: readonly string[]): Promise<Map<string, string> | undefined>;
  /** Files under a folder that git has not committed (untracked, added or modified); undefined outside a repository. */
  uncommittedFiles?(folder: string): Promise<string[] | undefined>;
  /** `git config user.name` as the repository sees it (its own config, then the user's); undefined when unset. */
  userName?(): Promise<string | undefined>;
  /**
   * `git blame --porcelain` of 0-based lines `startLine`..`endLine` (inclusive) of a file as it is
   * on disk; undefined when git cannot tell (not tracked, lines past the end, no repository).
   */
  blameLines?(path: string, startLine: number, endLine: number, timeoutMs?: number): Promise<string | undefined>;
}

/**
 * A working-tree file against HEAD: `unmodified` (its text is HEAD's), `modified` (changed,
 * staged or not), `uncommitted` (untracked, ignored, or added but never committed).
 */
export type GitFileState = 'unmodified' | 'modified' | 'uncommitted';

export interface LoadedHistory {
  /** The anchor's path now, after renames git detected since its commit. */
  path: string;
  /** History to pass to `resolveAnchor` (empty when the anchor has no commit or git cannot help). */
  history: AnchorHistory;
}

/**
 * The history of an anchor's file since its commit: where the file is now and its text at the
 * commit; when git reports the file deleted (not renamed), the diff of the files added since, so
 * a move git could not pair (moved to another folder and much edited) is still followed. Never throws for ordinary git trouble (no repository, commit gone after a rebase):
 * the history is then empty and resolution falls back to symbols and fuzzy search.
 */
export async function anchorHistory(git: GitPort, anchor: Anchor): Promise<LoadedHistory> {
  if (!anchor.commit) return { path: anchor.path, history: {} };
  const [oldText, nameStatus] = await Promise.all([
    git.show(anchor.commit, anchor.path).catch(() => undefined),
    git.nameStatus(anchor.commit).catch(() => undefined),
  ]);
  const status = nameStatus ? parseNameStatus(nameStatus) : undefined;
  const renamed = status?.renames.find((r) => r.oldPath === anchor.path)?.newPath;
  const history: AnchorHistory = oldText === undefined ? {} : { oldText };
  // A file moved and edited too much for git's rename detection shows as a delete and adds: the
  // code may be in one of the added files, whose diff (all lines added) the resolver searches.
  if (!renamed && status?.deleted.includes(anchor.path) && status.added.length) {
    const diff = await git.diff(anchor.commit, status.added.slice(0, MAX_ADDED_FILES)).catch(() => undefined);
    if (diff) history.diff = diff;
  }
  return { path: renamed ?? anchor.path, history };
}

/** Added files searched at most for a deleted file's code (a large import adds thousands). */
const MAX_ADDED_FILES = 200;
