/** GitPort over the `git` command line (execFile, never a shell). */
import { execFile, spawn } from 'node:child_process';
import { LoreError } from '../errors';
import type { GitFileState, GitPort } from './gitPort';

export interface NodeGitOptions {
  /** The workspace folder; paths are relative to it. */
  cwd: string;
  /** The git executable. Default `git` on the PATH. */
  gitPath?: string;
  /** Give up on one git call after this long. Default GIT_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** Lore's one timeout for a git call, in the extension and the CLI alike (blame may ask for less). */
export const GIT_TIMEOUT_MS = 10_000;
/**
 * The same policy for a git call that talks to a remote (fetch, push in a team folder's git
 * mode): a network and a server's hooks take longer than a local call, so six times as long.
 */
export const GIT_NETWORK_TIMEOUT_MS = 6 * GIT_TIMEOUT_MS;

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class NodeGit implements GitPort {
  private readonly gitPath: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: NodeGitOptions) {
    this.gitPath = options.gitPath ?? 'git';
    this.timeoutMs = options.timeoutMs ?? GIT_TIMEOUT_MS;
  }

  async head(): Promise<string | undefined> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', 'HEAD']);
    return r.code === 0 ? r.stdout.trim() || undefined : undefined;
  }

  async show(commit: string, path: string): Promise<string | undefined> {
    checkCommit(commit);
    const r = await this.run(['show', `${commit}:./${path}`]);
    return r.code === 0 ? r.stdout : undefined;
  }

  async diff(commit: string, paths: readonly string[] = []): Promise<string | undefined> {
    checkCommit(commit);
    const r = await this.run(['diff', '--no-color', '--no-ext-diff', '-M', '--relative', commit, '--', ...paths]);
    return r.code === 0 ? r.stdout : undefined;
  }

  async nameStatus(commit: string): Promise<string | undefined> {
    checkCommit(commit);
    const r = await this.run(['diff', '--name-status', '-M', '--relative', '-z', commit]);
    return r.code === 0 ? r.stdout : undefined;
  }

  async fileState(path: string): Promise<GitFileState | undefined> {
    const r = await this.run(['status', '--porcelain=v1', '-z', '--ignored=matching', '--untracked-files=all', '--', `./${path}`]);
    if (r.code !== 0) return undefined;
    return gitFileStateFrom(r.stdout);
  }

  /**
   * Many file versions for the cost of two processes: `git cat-file --batch-check` names the blob
   * of every `<commit>:./<path>`, then `--batch` reads each distinct blob once (a file unchanged
   * across many commits is one blob, and its text is one string shared by all its answers).
   */
  async showMany(requests: ReadonlyArray<{ commit: string; path: string }>): Promise<Array<string | undefined>> {
    const results: Array<string | undefined> = new Array(requests.length).fill(undefined);
    const batched: number[] = [];
    for (let i = 0; i < requests.length; i++) {
      checkCommit(requests[i].commit);
      // The batch protocol is one name per line: a path with a line break goes on its own.
      if (/[\r\n]/.test(requests[i].path)) results[i] = await this.show(requests[i].commit, requests[i].path);
      else batched.push(i);
    }
    if (!batched.length) return results;
    const names = (await this.runWithInput(['cat-file', '--batch-check'], batched.map((i) => `${requests[i].commit}:./${requests[i].path}\n`).join('')))
      .toString('utf8')
      .split('\n');
    const blobOf = new Map<number, string>();
    batched.forEach((i, k) => {
      // `<oid> blob <size>`, or `<name> missing` / `ambiguous`, or another type (a folder).
      const m = /^([0-9a-f]+) blob \d+$/.exec(names[k] ?? '');
      if (m) blobOf.set(i, m[1]);
    });
    const blobs = [...new Set(blobOf.values())];
    const texts = new Map<string, string>();
    if (blobs.length) {
      const output = await this.runWithInput(['cat-file', '--batch'], blobs.map((oid) => `${oid}\n`).join(''));
      let pos = 0;
      for (const oid of blobs) {
        const eol = output.indexOf(0x0a, pos);
        if (eol < 0) break;
        const m = /^([0-9a-f]+) blob (\d+)$/.exec(output.toString('utf8', pos, eol));
        pos = eol + 1;
        if (!m) continue;
        const size = Number(m[2]);
        texts.set(oid, output.toString('utf8', pos, pos + size));
        pos += size + 1;
      }
    }
    for (const [i, oid] of blobOf) results[i] = texts.get(oid);
    return results;
  }

  /**
   * Name-status of the working tree against each full commit id, from one `git diff-tree --stdin`
   * (commit against HEAD, with rename detection). That equals `nameStatus` only when the working
   * tree is HEAD's, so a checkout with changes to tracked files gets undefined (CI checkouts are clean).
   */
  async nameStatusMany(commits: readonly string[]): Promise<Map<string, string> | undefined> {
    if (commits.some((c) => !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(c))) return undefined;
    const head = await this.head();
    if (!head || (await this.run(['diff', '--quiet', 'HEAD', '--'])).code !== 0) return undefined;
    const input = commits.map((c) => `${c} ${head}\n`).join('');
    const output = (await this.runWithInput(['diff-tree', '-R', '-r', '-M', '--relative', '--name-status', '-z', '--stdin'], input)).toString('utf8');
    const result = new Map<string, string>(commits.map((c) => [c, '']));
    const fields = output.split('\0');
    let current: string[] | undefined;
    const flush = (commit: string | undefined) => {
      if (commit !== undefined && current) result.set(commit, current.join('\0'));
    };
    let commit: string | undefined;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (!field) continue;
      if (/^[0-9a-f]{40,64}$/.test(field)) {
        // A block's header: the commit of the pair it answers for.
        flush(commit);
        commit = field;
        current = [];
        continue;
      }
      // A status, then one path (two for renames and copies).
      const paths = field[0] === 'R' || field[0] === 'C' ? 2 : 1;
      current?.push(field, ...fields.slice(i + 1, i + 1 + paths));
      i += paths;
    }
    flush(commit);
    return result;
  }

  private runWithInput(args: string[], input: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.gitPath, args, { cwd: this.options.cwd, windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      let stderr = '';
      const timer = setTimeout(() => child.kill(), this.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error.code === 'ENOENT'
          ? new LoreError('Git was not found, so Lore cannot follow code through your history.', 'Install git or put it on the PATH; notes will still be re-attached by searching the code.', { cause: error })
          : new LoreError(`Git failed: ${error.message}`, undefined, { cause: error }));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(Buffer.concat(chunks));
        else reject(new LoreError(`Git failed: ${stderr.trim() || `git ${args[0]} exited with ${code}`}`));
      });
      // A closed stdin (git exited early) is reported by 'close' with its exit code.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }

  /**
   * The files under a folder (relative to cwd) that git has not committed: untracked, added or
   * modified; undefined outside a repository.
   */
  async uncommittedFiles(folder: string): Promise<string[] | undefined> {
    const r = await this.run(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', `./${folder}`]);
    if (r.code !== 0) return undefined;
    return r.stdout.split('\0').filter((entry) => entry.length > 3).map((entry) => entry.slice(3));
  }

  async userName(): Promise<string | undefined> {
    const r = await this.run(['config', '--get', 'user.name']);
    // Exit code 1: the key is not set anywhere.
    return r.code === 0 ? r.stdout.trim() || undefined : undefined;
  }

  async blameLines(path: string, startLine: number, endLine: number, timeoutMs = this.timeoutMs): Promise<string | undefined> {
    if (!(Number.isInteger(startLine) && Number.isInteger(endLine) && startLine >= 0 && endLine >= startLine)) return undefined;
    const r = await this.run(['blame', '--porcelain', '-L', `${startLine + 1},${endLine + 1}`, '--', `./${path}`], timeoutMs);
    return r.code === 0 ? r.stdout : undefined;
  }

  private run(args: string[], timeoutMs = this.timeoutMs): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      execFile(
        this.gitPath,
        ['-c', 'core.quotepath=off', '-c', 'diff.noprefix=false', ...args],
        { cwd: this.options.cwd, maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, windowsHide: true, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(new LoreError('Git was not found, so Lore cannot follow code through your history.', 'Install git or put it on the PATH; notes will still be re-attached by searching the code.', { cause: error }));
            return;
          }
          if (error && typeof (error as { code?: unknown }).code !== 'number') {
            reject(new LoreError(`Git failed: ${stderr.trim() || error.message}`, undefined, { cause: error }));
            return;
          }
          resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr });
        },
      );
    });
  }
}

/**
 * Reads `git status --porcelain=v1 -z` for one file: nothing listed means HEAD's text;
 * `??`/`!!` (untracked, ignored) and `A` in the index (added, never committed) mean HEAD has
 * no such file; anything else is a change against HEAD.
 */
export function gitFileStateFrom(porcelain: string): GitFileState {
  const entry = porcelain.split('\0').find((e) => e.length >= 3);
  if (!entry) return 'unmodified';
  const code = entry.slice(0, 2);
  if (code === '??' || code === '!!' || code[0] === 'A') return 'uncommitted';
  return 'modified';
}

function checkCommit(commit: string): void {
  // A commit id only: never something git could read as an option or a revision expression.
  if (!/^[0-9a-f]{4,64}$/i.test(commit)) throw new LoreError(`"${commit}" is not a git commit id.`);
}
