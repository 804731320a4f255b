// The opened workspace as a git repository of its own, for scenarios where code changes arrive
// through git (a commit, a pull) rather than an editor. Without it the demo copy, which lives
// under .vscode-test/runs/ inside Lore's own checkout, is a folder git ignores: Lore then sees
// every file as never committed and has no history to follow.
import { execFileSync } from 'node:child_process';

export interface GitAuthor {
  name: string;
  email: string;
}

/**
 * Runs git in `repo` and returns what it printed. The machine's and the developer's git
 * configuration are left out (hooks, signing, a default branch), so only the repository's own
 * configuration counts; a failure throws with git's message.
 */
export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

/** Gives the repository its own author, as a person's clone would have. */
export function setGitAuthor(repo: string, author: GitAuthor): void {
  git(repo, 'config', 'user.name', author.name);
  git(repo, 'config', 'user.email', author.email);
}

/**
 * Makes `folder` a git repository (branch main, `author` in its local configuration) with
 * everything in it committed once. Returns that commit.
 */
export function makeGitRepository(folder: string, author: GitAuthor, message = 'The project as it starts'): string {
  git(folder, 'init', '--quiet', '--initial-branch=main');
  setGitAuthor(folder, author);
  git(folder, 'add', '--all');
  git(folder, 'commit', '--quiet', '-m', message);
  return git(folder, 'rev-parse', 'HEAD').trim();
}
