/** GitPort over the `git` command line (execFile, never a shell). */
import { execFile } from 'node:child_process';
import { LoreError } from '../errors';
import type { GitFileState, GitPort } from './gitPort';

export interface NodeGitOptions {
  /** The workspace folder; paths are relative to it. */
  cwd: string;
  /** The git executable. Default `git` on the PATH. */
  gitPath?: string;
  /** Give up on one git call after this long. Default 15 s. */
  timeoutMs?: number;
}

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
    this.timeoutMs = options.timeoutMs ?? 15_000;
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

  async userName(): Promise<string | undefined> {
    const r = await this.run(['config', '--get', 'user.name']);
    // Exit code 1: the key is not set anywhere.
    return r.code === 0 ? r.stdout.trim() || undefined : undefined;
  }

  private run(args: string[]): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      execFile(
        this.gitPath,
        ['-c', 'core.quotepath=off', '-c', 'diff.noprefix=false', ...args],
        { cwd: this.options.cwd, maxBuffer: 256 * 1024 * 1024, timeout: this.timeoutMs, windowsHide: true, encoding: 'utf8' },
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
