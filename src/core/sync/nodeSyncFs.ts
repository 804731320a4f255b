import { promises as fsp, constants as fsConstants } from 'node:fs';
import * as nodePath from 'node:path';
import type { DirEntry, FileStat, SyncFs, WritableFile } from './syncFs';

/** SyncFs on the real disk (local folders, network shares, cloud-synced folders, git checkouts). */
export function createNodeSyncFs(platform: NodeJS.Platform = process.platform): SyncFs {
  const local = (path: string): string => nodePath.normalize(path);
  return {
    async list(dir): Promise<DirEntry[]> {
      const entries = await fsp.readdir(local(dir), { withFileTypes: true });
      return entries
        .filter((e) => e.isFile() || e.isDirectory())
        .map((e) => ({ name: e.name, kind: e.isDirectory() ? 'dir' : 'file' }));
    },
    async stat(path): Promise<FileStat | undefined> {
      try {
        const s = await fsp.stat(local(path));
        return { kind: s.isDirectory() ? 'dir' : 'file', size: s.size, mtimeMs: s.mtimeMs };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async readFile(path): Promise<Uint8Array> {
      // O_NONBLOCK: a FIFO (or device) where a file should be must not block the read forever.
      const handle = await fsp.open(local(path), fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
      try {
        if (!(await handle.stat()).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EINVAL' });
        return new Uint8Array(await handle.readFile());
      } finally {
        await handle.close();
      }
    },
    async createExclusive(path): Promise<WritableFile> {
      const handle = await fsp.open(local(path), fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY, 0o644);
      return {
        async write(data) {
          let offset = 0;
          while (offset < data.byteLength) {
            const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset);
            offset += bytesWritten;
          }
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
    rename: (from, to) => fsp.rename(local(from), local(to)),
    async mkdirp(dir) {
      await fsp.mkdir(local(dir), { recursive: true });
    },
    remove: (path) => fsp.rm(local(path), { force: true }),
    async syncDir(dir) {
      // Windows cannot open a folder for fsync; its renames are journaled by NTFS instead.
      if (platform === 'win32') return;
      const handle = await fsp.open(local(dir), 'r');
      try {
        await handle.sync();
      } catch (error) {
        // Some network file systems refuse fsync on folders; the read-back check still runs.
        if (!['EINVAL', 'ENOTSUP', 'EBADF', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      } finally {
        await handle.close();
      }
    },
  };
}
