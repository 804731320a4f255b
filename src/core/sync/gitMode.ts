/**
 * Git mode: a team folder inside a git repository whose branch has an upstream is synced through
 * git itself. Before reading, Lore pulls (fetch, then a fast-forward, or a merge when its own
 * commits are not pushed yet); after publishing, it commits this device's new Lore files (only
 * those paths: whatever else the user has changed or staged stays as it is) and pushes; a push
 * refused because someone pushed first is followed by a pull and another push, a few times.
 *
 * Every file under `lore/devices/<id>/` is written once by one device and blobs and snapshots are
 * named by their content, so merging two clones' Lore commits never conflicts. Lore never merges
 * or pushes commits of the user's own (code not yet pushed): it says so and leaves them to the
 * user. It never runs while a merge, rebase, cherry-pick or revert is in progress in the
 * repository, and git runs as the user has it (config, hooks, credential helpers).
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { plural } from '../plural';
import { classifyGitFailure, describeGitFailure, type GitFailure } from './gitFailure';
import type { GitRun, GitRunner } from './gitRunner';
import { printable } from './printable';

/**
 * `synced`: pulled and pushed as far as needed. `not-applicable`: not a repository, or its branch
 * has no upstream. `blocked`: the repository is in a state Lore must not touch (a merge in
 * progress, a detached HEAD, uncommitted changes in the way). `waiting`: the user's own commits
 * are not pushed yet. `failed`: git could not reach, or was refused by, the remote.
 */
export type GitSyncState = 'synced' | 'not-applicable' | 'blocked' | 'waiting' | 'failed';

export interface GitSyncReport {
  state: GitSyncState;
  /** One sentence for the status bar's tooltip and the CLI. */
  message: string;
  /** Files committed by this sync. */
  committed: number;
  /** Teammates' commits were merged (or fast-forwarded) into the branch. */
  pulled: boolean;
  pushed: boolean;
  failure?: GitFailure;
}

/** What the sync engine asks of git mode (tests may supply their own). */
export interface TeamFolderGit {
  /** Before reading the folder: bring teammates' commits in. */
  pull(folder: string): Promise<GitSyncReport>;
  /**
   * After publishing: commit the files of these devices (this database's) and push. `keepAlive`
   * is called before every push attempt (the engine renews its publishing lease there).
   */
  push(folder: string, ownDevices: ReadonlySet<string>, keepAlive?: () => void): Promise<GitSyncReport>;
  /** Whether a folder outside git (or without an upstream) is a problem to report (`lore sync --git`) or simply not git mode (the `auto` setting). */
  readonly required: boolean;
}

/** `lore.sync.gitMode`: `off` leaves git to the user (Lore only warns about uncommitted files); `auto` syncs through git where it can. */
export type GitModeSetting = 'off' | 'auto';

export interface GitModeOptions {
  runner: GitRunner;
  /** Report a folder that is not in a repository with an upstream as a problem. */
  required?: boolean;
  /** Pushes tried in one sync when others keep pushing first. Default 5. */
  maxPushAttempts?: number;
}

interface RepoContext {
  folder: string;
  /** The folder's path inside the repository, `/`-terminated, '' at the top. */
  prefix: string;
  branch: string;
  remote: string;
  /** The upstream branch on the remote, e.g. `refs/heads/main`. */
  mergeRef: string;
  /** How the upstream is shown: `origin/main`. */
  upstream: string;
}

const IN_PROGRESS: ReadonlyArray<[string, string]> = [
  ['MERGE_HEAD', 'a merge'],
  ['rebase-merge', 'a rebase'],
  ['rebase-apply', 'a rebase'],
  ['CHERRY_PICK_HEAD', 'a cherry-pick'],
  ['REVERT_HEAD', 'a revert'],
];

export class GitMode implements TeamFolderGit {
  readonly required: boolean;
  private readonly runner: GitRunner;
  private readonly maxPushAttempts: number;

  constructor(options: GitModeOptions) {
    this.runner = options.runner;
    this.required = options.required ?? false;
    this.maxPushAttempts = Math.max(1, options.maxPushAttempts ?? 5);
  }

  async pull(folder: string): Promise<GitSyncReport> {
    const ctx = await this.context(folder);
    if ('state' in ctx) return ctx;
    const fetched = await this.fetch(ctx);
    if (fetched) return fetched;
    const merged = await this.integrate(ctx);
    if ('state' in merged) return merged;
    return report('synced', merged.pulled ? `Pulled teammates' changes from ${ctx.upstream}.` : `Up to date with ${ctx.upstream}.`, { pulled: merged.pulled });
  }

  async push(folder: string, ownDevices: ReadonlySet<string>, keepAlive?: () => void): Promise<GitSyncReport> {
    const ctx = await this.context(folder);
    if ('state' in ctx) return ctx;
    const commit = await this.commitOwnFiles(ctx, ownDevices);
    if (typeof commit !== 'number') return commit;
    let pulled = false;
    for (let attempt = 1; ; attempt++) {
      const counts = await this.counts(ctx);
      if (!counts) return report('failed', `Lore could not compare the branch ${printable(ctx.branch)} with ${ctx.upstream}.`, { committed: commit });
      if (counts.ahead === 0) {
        return report('synced', commit ? `Committed ${plural(commit, 'Lore file')}; ${ctx.upstream} already has them.` : `Up to date with ${ctx.upstream}.`, { committed: commit, pulled });
      }
      const own = await this.onlyLoreCommits(ctx);
      if (own !== true) return { ...own, committed: commit };
      keepAlive?.();
      const pushed = await this.git(ctx, ['push', '--quiet', ctx.remote, `HEAD:${ctx.mergeRef}`], true);
      if (pushed.code === 0) {
        return report('synced', `${commit ? `Committed ${plural(commit, 'Lore file')} and pushed` : 'Pushed'} to ${ctx.upstream}.`, { committed: commit, pulled, pushed: true });
      }
      const failure = classifyGitFailure(pushed.stderr, pushed);
      if (!failure.retryable || attempt >= this.maxPushAttempts) {
        return report('failed', describeGitFailure('push', ctx.remote, failure), { committed: commit, pulled, failure });
      }
      // Someone pushed first: take their commits in (Lore files only on both sides: no conflicts) and try again.
      const fetched = await this.fetch(ctx);
      if (fetched) return { ...fetched, committed: commit };
      const merged = await this.integrate(ctx);
      if ('state' in merged) return { ...merged, committed: commit };
      pulled ||= merged.pulled;
    }
  }

  // --- steps ------------------------------------------------------------------------------------

  private async context(folder: string): Promise<RepoContext | GitSyncReport> {
    // One call for where the folder is in the repository, the branch, and the operations in progress.
    const facts = await this.runner.run(folder, ['rev-parse', '--show-prefix', '--symbolic-full-name', 'HEAD', ...IN_PROGRESS.flatMap(([p]) => ['--git-path', p])]);
    if (facts.missing) return report('failed', 'Git mode is on, but git was not found. Install git or put it on the PATH.');
    if (facts.code !== 0) {
      const inRepo = (await this.runner.run(folder, ['rev-parse', '--show-prefix'])).code === 0;
      return report('not-applicable', inRepo
        ? 'The git repository of the team folder has no commit yet, so git mode does nothing. Commit and push it once.'
        : 'The team folder is not in a git repository, so git mode does nothing.');
    }
    const [prefix, ref, ...inProgress] = facts.stdout.split(/\r?\n/);
    for (const [i, [, what]] of IN_PROGRESS.entries()) {
      if (inProgress[i] && existsSync(nodePath.resolve(folder, inProgress[i]))) {
        return report('blocked', `You have ${what} in progress in the git repository of the team folder: Lore does not commit, pull or push until you finish or abort it. Your Lore files are kept and go out at the next sync after that.`);
      }
    }
    if (!ref.startsWith('refs/heads/')) return report('blocked', 'The git repository of the team folder is not on a branch (a detached HEAD): Lore does not commit or push. Check out your branch again.');
    const branch = ref.slice('refs/heads/'.length);
    const upstream = await this.runner.run(folder, ['for-each-ref', '--format=%(upstream:remotename)%00%(upstream:remoteref)%00%(upstream:short)', '--', ref]);
    const [remote, mergeRef, short] = upstream.stdout.trim().split('\0');
    if (upstream.code !== 0 || !remote || !mergeRef || remote === '.') {
      return report('not-applicable', `The branch ${printable(branch)} has no upstream on a remote, so git mode does nothing. Push it once with \`git push -u <remote> ${printable(branch)}\`.`);
    }
    return { folder, prefix, branch, remote, mergeRef, upstream: printable(short || `${remote}/${branch}`) };
  }

  private async fetch(ctx: RepoContext): Promise<GitSyncReport | undefined> {
    const fetched = await this.git(ctx, ['fetch', '--quiet', ctx.remote, ctx.mergeRef], true);
    if (fetched.code === 0) return undefined;
    const failure = classifyGitFailure(fetched.stderr, fetched);
    return report('failed', describeGitFailure('pull', ctx.remote, failure), { failure });
  }

  /** Fast-forwards, or merges when this branch holds Lore commits of its own that the upstream lacks. */
  private async integrate(ctx: RepoContext): Promise<{ pulled: boolean } | GitSyncReport> {
    const counts = await this.counts(ctx);
    if (!counts) return report('failed', `Lore could not compare the branch ${printable(ctx.branch)} with ${ctx.upstream}.`);
    if (counts.behind === 0) return { pulled: false };
    if (counts.ahead > 0) {
      const own = await this.onlyLoreCommits(ctx);
      if (own !== true) return own;
    }
    // Lore's own commits are not pushed yet: the merge commit is made aside (a temporary index),
    // so that the user's staged changes, which a real merge refuses, stay as they are.
    const target = counts.ahead === 0 ? '@{u}' : await this.mergeCommit(ctx);
    if (typeof target !== 'string') return target;
    // A fast-forward keeps whatever the user has changed or staged, unless teammates changed the same files.
    const merge = await this.git(ctx, ['merge', '--quiet', '--ff-only', target]);
    if (merge.code === 0) return { pulled: true };
    const output = `${merge.stdout}\n${merge.stderr}`;
    if (/would be overwritten|untracked working tree files would be/i.test(output)) {
      const line = output.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !/^(error|fatal|please|aborting)/i.test(l));
      return report('blocked', `Lore did not pull from ${ctx.upstream}: your uncommitted changes are in the way of teammates' commits${line ? ` (${printable(line)})` : ''}. Commit or stash them and pull yourself; Lore's files are kept meanwhile.`);
    }
    // A fast-forward either happens or leaves everything as it was.
    const line = output.split(/\r?\n/).map((l) => l.trim()).find((l) => /conflict|error|fatal/i.test(l)) ?? output.trim().split(/\r?\n/)[0] ?? '';
    return report('failed', `Lore could not merge ${ctx.upstream} into ${printable(ctx.branch)}: ${printable(line)}. Nothing was changed; pull yourself to see why.`);
  }

  /**
   * A commit merging the upstream into HEAD, made with a temporary index (read-tree's three-way
   * merge of whole files: Lore files are per device or named by content, so both sides never
   * change one path differently); the working tree and the user's index are not touched.
   */
  private async mergeCommit(ctx: RepoContext): Promise<string | GitSyncReport> {
    const failed = (what: string, r: GitRun) => report('failed', `Lore could not merge ${ctx.upstream} into ${printable(ctx.branch)} (${what}): ${printable(firstLine(r.stderr || r.stdout))}. Nothing was changed; pull yourself to see why.`);
    const ids = await this.git(ctx, ['rev-parse', 'HEAD', '@{u}', '--git-path', 'lore-merge-index']);
    const [head, upstream, indexPath] = ids.stdout.split(/\r?\n/).map((l) => l.trim());
    if (ids.code !== 0 || !head || !upstream || !indexPath) return failed('reading the branch', ids);
    const base = await this.git(ctx, ['merge-base', head, upstream]);
    if (base.code !== 0) return failed('finding where the branches met', base);
    const env = { GIT_INDEX_FILE: nodePath.resolve(ctx.folder, indexPath) };
    try {
      const read = await this.runner.run(ctx.folder, ['read-tree', '-m', '-i', '--aggressive', base.stdout.trim(), head, upstream], { env });
      if (read.code !== 0) return failed('merging the trees', read);
      const tree = await this.runner.run(ctx.folder, ['write-tree'], { env });
      if (tree.code !== 0) return failed('the same file was changed on both sides', tree);
      const message = `Lore: merge teammates' knowledge from ${ctx.upstream}`;
      const commit = await this.git(ctx, ['commit-tree', tree.stdout.trim(), '-p', head, '-p', upstream, '-m', message]);
      if (commit.code !== 0) return failed('writing the merge commit', commit);
      return commit.stdout.trim();
    } finally {
      await rm(env.GIT_INDEX_FILE, { force: true }).catch(() => undefined);
    }
  }

  /** True when every commit the upstream lacks changes only files under this team folder's `lore/`. */
  private async onlyLoreCommits(ctx: RepoContext): Promise<true | GitSyncReport> {
    const names = await this.git(ctx, ['diff', '--name-only', '-z', '--no-renames', '@{u}...HEAD']);
    if (names.code !== 0) return report('failed', `Lore could not list what the branch ${printable(ctx.branch)} has that ${ctx.upstream} lacks.`);
    const other = names.stdout.split('\0').filter(Boolean).find((p) => !p.startsWith(`${ctx.prefix}lore/`));
    if (other === undefined) return true;
    return report('waiting', `Your branch ${printable(ctx.branch)} has commits of your own that are not on ${ctx.upstream} yet (for example ${printable(other)}): Lore does not pull, merge or push them for you. Lore's commits go out with your next \`git push\`, or at a sync after it.`);
  }

  /** Commits this device's new or deleted Lore files, and nothing else; the number of files committed. */
  private async commitOwnFiles(ctx: RepoContext, ownDevices: ReadonlySet<string>): Promise<number | GitSyncReport> {
    const status = await this.git(ctx, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching', '--', 'lore']);
    if (status.code !== 0) return report('failed', `Lore could not read git's status of the team folder: ${printable(firstLine(status.stderr))}.`);
    const entries = parseStatus(status.stdout)
      .filter((entry) => entry.path.startsWith(ctx.prefix))
      .map((entry) => ({ ...entry, path: entry.path.slice(ctx.prefix.length) }));
    // A .gitignore rule that matches Lore's files would keep them from every teammate, silently.
    const ignored = entries.find((entry) => entry.code === '!!' && !entry.path.startsWith('lore/.staging/'));
    if (ignored) {
      return report('blocked', `Git ignores Lore's files in the team folder (${printable(ctx.prefix + ignored.path)}, by a .gitignore rule), so Lore cannot commit them and teammates do not get them. Remove the rule (\`git check-ignore -v\` names it).`);
    }
    const files = entries.filter((entry) => isOwnLoreChange(entry.path, entry.code, ownDevices)).map((entry) => entry.path);
    if (!files.length) return 0;
    const pathspecs = `${files.join('\0')}\0`;
    const add = await this.git(ctx, ['--literal-pathspecs', 'add', '--all', '--pathspec-from-file=-', '--pathspec-file-nul'], false, pathspecs);
    if (add.code !== 0) return report('failed', `Lore could not stage its files for git: ${printable(firstLine(add.stderr))}.`);
    const message = `Lore: ${plural(files.length, 'file')} from this device's team sync`;
    const commit = await this.git(ctx, ['--literal-pathspecs', 'commit', '--quiet', '-m', message, '--pathspec-from-file=-', '--pathspec-file-nul'], false, pathspecs);
    if (commit.code !== 0) {
      return report('failed', `Lore could not commit its files (a commit hook refused, or git does not know your name): ${printable(firstLine(commit.stderr || commit.stdout))}. They stay on disk and are tried again at the next sync.`);
    }
    return files.length;
  }

  private async counts(ctx: RepoContext): Promise<{ ahead: number; behind: number } | undefined> {
    const r = await this.git(ctx, ['rev-list', '--left-right', '--count', '@{u}...HEAD']);
    const m = /^(\d+)\s+(\d+)/.exec(r.stdout.trim());
    return r.code === 0 && m ? { behind: Number(m[1]), ahead: Number(m[2]) } : undefined;
  }

  private git(ctx: RepoContext, args: string[], network = false, input?: string): Promise<GitRun> {
    return this.runner.run(ctx.folder, args, { network, input });
  }
}

function report(state: GitSyncState, message: string, rest: Partial<GitSyncReport> = {}): GitSyncReport {
  return { state, message, committed: 0, pulled: false, pushed: false, ...rest };
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? 'no message';
}

/** `git status --porcelain=v1 -z`: two status letters, a space, the path (a rename's old path follows as its own field). */
export function parseStatus(output: string): Array<{ code: string; path: string }> {
  const fields = output.split('\0');
  const entries: Array<{ code: string; path: string }> = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field.length < 4) continue;
    entries.push({ code: field.slice(0, 2), path: field.slice(3) });
    if (field[0] === 'R' || field[0] === 'C') i++;
  }
  return entries;
}

/**
 * Whether a changed path (relative to the team folder) is one Lore writes for this database and
 * may commit: new or deleted files of its own devices, its acknowledgement file, and new shared
 * files named by content (blobs, snapshots, FORMAT.json, .gitattributes). A teammate's file, a
 * changed segment (Lore never rewrites one) or anything outside `lore/` is never committed.
 */
export function isOwnLoreChange(path: string, code: string, ownDevices: ReadonlySet<string>): boolean {
  if (!path.startsWith('lore/') || path.startsWith('lore/.staging/')) return false;
  const rest = path.slice('lore/'.length);
  const added = code === '??' || code[0] === 'A';
  const deleted = code.includes('D');
  const device = /^devices\/([^/]+)\//.exec(rest);
  if (device) return ownDevices.has(device[1]) && (added || deleted);
  const ack = /^acks\/([^/]+)\.json$/.exec(rest);
  if (ack) return ownDevices.has(ack[1]);
  if (rest.startsWith('snapshots/')) return added || deleted;
  if (rest.startsWith('blobs/') || rest === 'FORMAT.json' || rest === '.gitattributes') return added;
  return false;
}
