import { FORMAT_CONFLICT, parseFormatFile, type FormatFile } from './folderFiles';
import { describeFsError, errorCode, type SyncFs } from './syncFs';
import { FORMAT_MAJOR, teamFolderPaths } from './teamFolderLayout';

/** Why a sync did not run, for the extension to choose what to offer (mount, set up again, wait). */
export type StopCode = 'not-set-up' | 'unreachable' | 'missing' | 'not-a-team-folder' | 'unreadable' | 'other-team';

export type PreflightResult =
  | { ok: true; format: FormatFile; readOnly: boolean; warnings: string[] }
  | { ok: false; code: StopCode; reason: string; hint: string };

/** What the one who lost a race to create the team should do. */
const JOIN_THE_OTHER_TEAM =
  'Keep the teammate\'s lore/FORMAT.json, the one already in the shared repository that you pulled, and commit the merge; ' +
  'then join that team ("Lore: Set Up Team Folder" > Join, or lore sync --team-folder DIR --join): what you wrote is published again into it. Nothing was changed.';

/**
 * Before anything is read or written: is this our team's folder, and is it really there? An
 * unmounted share, an emptied folder or another team's folder stops the sync with a clear
 * message; nothing local changes, because nothing is ever inferred from files that are missing.
 * A folder written by a newer Lore (unknown major format) is only read, never written.
 */
export async function preflight(fs: SyncFs, root: string, teamId: string | undefined): Promise<PreflightResult> {
  const paths = teamFolderPaths(root);
  let rootStat;
  try {
    rootStat = await fs.stat(root);
  } catch (error) {
    return { ok: false, code: 'unreachable', reason: `Lore cannot reach the team folder ${root}: ${describeFsError(error)}.`, hint: 'Check the network share or sync client; Lore will try again. Nothing was changed.' };
  }
  if (!rootStat || rootStat.kind !== 'dir') {
    return { ok: false, code: 'missing', reason: `The team folder ${root} is not there.`, hint: 'Is the drive or network share mounted, or was the folder moved? Set lore.teamFolder to its new place. Nothing was changed.' };
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(paths.format);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return {
        ok: false,
        code: 'not-a-team-folder',
        reason: `The team folder ${root} has no lore/FORMAT.json: it is empty, not mounted, or not a Lore team folder.`,
        hint: 'If the share is not mounted, mount it; if the folder was emptied or replaced, restore it from a backup or a teammate\'s copy. Lore changed nothing here.',
      };
    }
    return { ok: false, code: 'unreadable', reason: `Lore cannot read lore/FORMAT.json in ${root}: ${describeFsError(error)}.`, hint: 'Lore will try again on the next sync. Nothing was changed.' };
  }
  const format = parseFormatFile(bytes);
  if (format === FORMAT_CONFLICT) {
    return { ok: false, code: 'unreadable', reason: `lore/FORMAT.json in ${root} ${format}.`, hint: JOIN_THE_OTHER_TEAM };
  }
  if (typeof format === 'string') {
    return { ok: false, code: 'unreadable', reason: `lore/FORMAT.json in ${root} cannot be used: ${format}.`, hint: 'If a sync client is still copying it, wait; otherwise restore it from a teammate\'s copy.' };
  }
  if (teamId && format.teamId !== teamId) {
    return {
      ok: false,
      code: 'other-team',
      reason: `The folder ${root} belongs to another Lore team (team ${format.teamId}, not ${teamId}).`,
      hint: 'Point lore.teamFolder back to your team\'s folder. If you and a teammate created the team at the same time, ' +
        'or your team really moved, join the team that is in this folder ("Lore: Set Up Team Folder" > Join, or lore sync --team-folder DIR --join): ' +
        'what you wrote is published again into that team. Nothing was changed.',
    };
  }
  const warnings: string[] = [];
  const readOnly = format.format > FORMAT_MAJOR;
  if (readOnly) warnings.push(`The team folder was set up by a newer version of Lore (format ${format.format}). Lore reads what it can but will not write there until you update the extension.`);
  return { ok: true, format, readOnly, warnings };
}
