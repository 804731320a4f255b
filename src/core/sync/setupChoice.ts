import type { SyncFs } from './syncFs';
import { teamFolderPaths } from './teamFolderLayout';

/**
 * What setting up a chosen folder most likely means: `join` when a teammate already made it a
 * Lore team folder (it has lore/FORMAT.json), `create` otherwise (empty, or anything else).
 * Only a default for the question the user is asked; never decides on its own.
 */
export async function likelySetupMode(fs: SyncFs, folder: string): Promise<'create' | 'join'> {
  const format = await fs.stat(teamFolderPaths(folder).format).catch(() => undefined);
  return format?.kind === 'file' ? 'join' : 'create';
}
