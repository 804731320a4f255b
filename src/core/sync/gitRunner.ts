/**
 * Runs the git executable for the team folder's git mode (gitMode.ts), behind an interface so
 * tests can put a fake in its place. The real one runs `git` as the user has it (their config,
 * hooks and credential helpers), never through a shell, with Lore's one timeout policy
 * (GIT_TIMEOUT_MS, GIT_NETWORK_TIMEOUT_MS for calls that reach a remote).
 */
import { execFile } from 'node:child_process';
import { GIT_NETWORK_TIMEOUT_MS, GIT_TIMEOUT_MS } from '../anchoring/nodeGit';

export interface GitRun {
  /** Exit code; -1 when git did not run to the end (not found, killed by the timeout). */
  code: number;
  stdout: string;
  stderr: string;
  /** Killed after the timeout. */
  timedOut?: boolean;
  /** The git executable was not found. */
  missing?: boolean;
}

export interface GitRunner {
  /** Runs `git <args>` in `cwd`; `network` calls get the longer timeout. Never rejects. */
  run(cwd: string, args: readonly string[], options?: { network?: boolean; input?: string; env?: Record<string, string> }): Promise<GitRun>;
}

export interface NodeGitRunnerOptions {
  gitPath?: string;
  /** Extra environment (tests give a HOME of their own); the process's environment otherwise. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  networkTimeoutMs?: number;
}

export function nodeGitRunner(options: NodeGitRunnerOptions = {}): GitRunner {
  // No terminal prompt for a user name or password: there is nobody to answer it, and a prompt
  // would hang until the timeout. Credential helpers and ssh agents still answer as usual.
  // Messages in English, so that what failed (offline, rejected, authentication) can be told apart.
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', LANGUAGE: 'en', ...options.env };
  return {
    run: (cwd, args, runOptions = {}) => new Promise((resolve) => {
      const timeout = runOptions.network ? options.networkTimeoutMs ?? GIT_NETWORK_TIMEOUT_MS : options.timeoutMs ?? GIT_TIMEOUT_MS;
      const child = execFile(
        options.gitPath ?? 'git',
        ['-c', 'core.quotepath=off', ...args],
        { cwd, env: runOptions.env ? { ...env, ...runOptions.env } : env, timeout, maxBuffer: 64 * 1024 * 1024, windowsHide: true, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (!error) return resolve({ code: 0, stdout, stderr });
          const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown };
          if (e.code === 'ENOENT') return resolve({ code: -1, stdout, stderr: 'git: command not found', missing: true });
          if (e.killed || e.signal) return resolve({ code: -1, stdout, stderr, timedOut: true });
          resolve({ code: typeof e.code === 'number' ? e.code : -1, stdout, stderr: stderr || e.message });
        },
      );
      if (runOptions.input !== undefined) {
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(runOptions.input);
      }
    }),
  };
}
