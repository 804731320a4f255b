import { LoreError } from '../errors';
import type { SyncFs, WritableFile } from './syncFs';

/** How long one file operation on the team folder may take before sync gives up on it. */
export const DEFAULT_FS_TIMEOUT_MS = 60_000;

/** The error of an operation that did not finish in time; `code` makes it a transient fault (retried next sync). */
export function timeoutError(op: string, path: string, ms: number): Error {
  const error = new LoreError(
    `${op} of ${path} did not finish within ${Math.round(ms / 1000)} s (a hung network share or sync client?)`,
    'Check that the team folder is reachable; Lore tries again on the next sync.',
  ) as LoreError & { code: string; timedOut: boolean };
  error.code = 'ETIMEDOUT';
  error.timedOut = true;
  return error;
}

/**
 * A SyncFs whose every operation fails with ETIMEDOUT after `ms` instead of waiting forever: a
 * hung share (an NFS mount that stopped answering, a FIFO where a file should be) must not hang
 * sync. The operation itself may still finish later; its result is then ignored.
 */
export function timedSyncFs(fs: SyncFs, ms = DEFAULT_FS_TIMEOUT_MS): SyncFs {
  const timed = <T>(op: string, path: string, work: () => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(op, path, ms)), ms);
    });
    return Promise.race([work(), timeout]).finally(() => clearTimeout(timer));
  };
  const file = (path: string, inner: WritableFile): WritableFile => ({
    write: (data) => timed('Writing', path, () => inner.write(data)),
    sync: () => timed('Flushing', path, () => inner.sync()),
    close: () => timed('Closing', path, () => inner.close()),
  });
  return {
    list: (dir) => timed('Listing', dir, () => fs.list(dir)),
    stat: (path) => timed('Checking', path, () => fs.stat(path)),
    readFile: (path) => timed('Reading', path, () => fs.readFile(path)),
    createExclusive: async (path) => file(path, await timed('Creating', path, () => fs.createExclusive(path))),
    rename: (from, to) => timed('Renaming', to, () => fs.rename(from, to)),
    mkdirp: (dir) => timed('Creating', dir, () => fs.mkdirp(dir)),
    remove: (path) => timed('Removing', path, () => fs.remove(path)),
    syncDir: (dir) => timed('Flushing', dir, () => fs.syncDir(dir)),
  };
}
