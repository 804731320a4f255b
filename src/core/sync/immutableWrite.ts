import { LoreError } from '../errors';
import { newId } from '../hash';
import { describeFsError, dirName, errorCode, joinPath, type SyncFs } from './syncFs';

export interface ImmutableWriteOptions {
  /** Folder for temp files (`lore/.staging`); readers never look in it. */
  staging: string;
  /** Prefix of this device's temp files, so it only ever cleans up its own. */
  tag: string;
  sleep: (ms: number) => Promise<void>;
  /** How long to keep retrying a rename refused with EPERM/EBUSY (antivirus, sync clients). */
  renameRetryMs?: number;
}

const RENAME_RETRY_CODES = new Set(['EPERM', 'EBUSY', 'EACCES']);

/**
 * Writes a file that is never changed afterwards, so that a crash at any moment leaves either
 * no file or the whole file: a new temp file (`wx`), fsync, close, rename to the final name
 * (retried while Windows refuses with EPERM/EBUSY), fsync of the folder, then the file is read
 * back and compared. When the final file already holds exactly these bytes nothing is written.
 */
export async function writeImmutableFile(fs: SyncFs, path: string, bytes: Uint8Array, options: ImmutableWriteOptions): Promise<'written' | 'already-there'> {
  if (await holdsBytes(fs, path, bytes)) return 'already-there';
  await fs.mkdirp(options.staging);
  await fs.mkdirp(dirName(path));
  const temp = joinPath(options.staging, `${options.tag}-${newId()}.tmp`);
  let renamed = false;
  try {
    const file = await fs.createExclusive(temp);
    try {
      await file.write(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await renameWithRetry(fs, temp, path, options);
    renamed = true;
    await fs.syncDir(dirName(path));
  } catch (error) {
    if (!renamed) await fs.remove(temp).catch(() => undefined);
    throw explainWriteError(error, path);
  }
  if (!(await holdsBytes(fs, path, bytes))) {
    throw new LoreError(
      `Lore wrote ${path} but reading it back gave different content.`,
      'The team folder may be on a failing disk or an unreliable share. Lore will write it again on the next sync.',
    );
  }
  return 'written';
}

async function holdsBytes(fs: SyncFs, path: string, bytes: Uint8Array): Promise<boolean> {
  const stat = await fs.stat(path);
  if (!stat || stat.kind !== 'file' || stat.size !== bytes.byteLength) return false;
  const existing = await fs.readFile(path);
  return Buffer.compare(existing, bytes) === 0;
}

async function renameWithRetry(fs: SyncFs, from: string, to: string, options: ImmutableWriteOptions): Promise<void> {
  const budget = options.renameRetryMs ?? 60_000;
  let waited = 0;
  let delay = 50;
  for (;;) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      if (!RENAME_RETRY_CODES.has(errorCode(error) ?? '') || waited >= budget) throw error;
      const pause = Math.min(delay, budget - waited);
      await options.sleep(pause);
      waited += pause;
      delay = Math.min(delay * 2, 5_000);
    }
  }
}

function explainWriteError(error: unknown, path: string): LoreError {
  if (error instanceof LoreError) return error;
  const code = errorCode(error);
  const hint =
    code === 'ENOSPC' ? 'Free some space on the team folder\'s disk; Lore keeps your changes and writes them on the next sync.' :
    code === 'EROFS' || code === 'EACCES' || code === 'EPERM' ? 'Check that you may write to the team folder (and that no program keeps it locked); your changes are kept and written on the next sync.' :
    'Your changes are kept and written on the next sync.';
  return new LoreError(`Lore could not write ${path}: ${describeFsError(error)}.`, hint, { cause: error });
}

/** Removes this device's temp files left by a crash (other devices' temp files are theirs to clean). */
export async function cleanStaging(fs: SyncFs, staging: string, tag: string): Promise<number> {
  let removed = 0;
  let entries;
  try {
    entries = await fs.list(staging);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.kind === 'file' && entry.name.startsWith(`${tag}-`) && entry.name.endsWith('.tmp')) {
      await fs.remove(joinPath(staging, entry.name)).then(() => removed++, () => undefined);
    }
  }
  return removed;
}
