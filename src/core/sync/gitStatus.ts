import { NodeGit } from '../anchoring/nodeGit';

/**
 * The Lore files under `<folder>/lore` that git has not committed (untracked, added or modified),
 * or undefined when the folder is not in a git repository (or git is not installed). In a team
 * folder kept in git, uncommitted files reach no teammate, and `git clean` or `git stash -u`
 * removes them. Git is called the one way Lore calls it (`NodeGit`: no shell, one timeout policy).
 */
export async function uncommittedLoreFiles(folder: string): Promise<string[] | undefined> {
  const files = await new NodeGit({ cwd: folder }).uncommittedFiles('lore').catch(() => undefined);
  return files?.filter((file) => !file.includes('/.staging/'));
}
