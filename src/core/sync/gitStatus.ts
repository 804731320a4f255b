import { execFile } from 'node:child_process';

/**
 * The Lore files under `<folder>/lore` that git has not committed (untracked, added or modified),
 * or undefined when the folder is not in a git repository (or git is not installed). In a team
 * folder kept in git, uncommitted files reach no teammate, and `git clean` or `git stash -u`
 * removes them.
 */
export function uncommittedLoreFiles(folder: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['-C', folder, 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', 'lore'], { timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) {
        resolve(undefined);
        return;
      }
      const files = stdout.split('\0').filter((entry) => entry.length > 3).map((entry) => entry.slice(3))
        .filter((file) => !file.includes('/.staging/'));
      resolve(files);
    });
  });
}
