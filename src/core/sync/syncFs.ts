import { describeError } from '../errors';
/**
 * The file-system operations sync needs, behind an interface so tests can inject every fault a
 * shared folder produces (truncated and late files, EPERM on rename, full disks, placeholders
 * that list but cannot be read, a folder that disappears mid-scan). Paths are `/`-separated;
 * the real implementation (nodeSyncFs.ts) maps them to the platform.
 */
export interface SyncFs {
  /** The entries of a folder. Throws (ENOENT) when the folder does not exist. */
  list(dir: string): Promise<DirEntry[]>;
  /** Size and kind of a path, or undefined when nothing is there. */
  stat(path: string): Promise<FileStat | undefined>;
  readFile(path: string): Promise<Uint8Array>;
  /** Creates a new file; fails with EEXIST when the path exists (`open(path, 'wx')`). */
  createExclusive(path: string): Promise<WritableFile>;
  /** Replaces `to` with `from` in one step. */
  rename(from: string, to: string): Promise<void>;
  /** Creates a folder and its parents; no error when it exists. */
  mkdirp(dir: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Makes a rename inside `dir` durable. A no-op where the platform cannot (Windows). */
  syncDir(dir: string): Promise<void>;
}

export interface WritableFile {
  write(data: Uint8Array): Promise<void>;
  /** Flushes the file's data to the disk (fsync). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface DirEntry {
  name: string;
  kind: 'file' | 'dir';
}

export interface FileStat {
  kind: 'file' | 'dir';
  size: number;
  mtimeMs: number;
}

/** Joins `/`-separated path parts, dropping empty ones and duplicate slashes. */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return joined.replace(/\/{2,}/g, (m, offset: number) => (offset === 0 ? m : '/'));
}

export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The `code` of a Node-style error (`ENOENT`, `EPERM`, …), if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Errors that usually go away when tried again a little later (antivirus, sync clients, placeholders). */
export const TRANSIENT_CODES = new Set(['EPERM', 'EBUSY', 'EACCES', 'EAGAIN', 'ETIMEDOUT', 'EIO', 'EMFILE', 'ENFILE', 'ECANCELED']);

/** A plain-words reason for a file error, for the list of files Lore is waiting for. */
export function describeFsError(error: unknown): string {
  // Lore's own time limit (timedSyncFs.ts) says what happened in its message.
  if ((error as { timedOut?: unknown } | null)?.timedOut === true) return (error as Error).message;
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT': return 'it disappeared before it could be read (the sync client may still be moving it)';
    case 'EPERM':
    case 'EACCES': return `access was refused (${code}); another program (antivirus, sync client) may be holding it`;
    case 'EBUSY': return 'it is in use by another program (EBUSY)';
    case 'EAGAIN':
    case 'ETIMEDOUT':
    case 'ECANCELED': return `it is not available on this machine yet (${code}); cloud placeholders are downloaded on first use`;
    case 'EIO': return 'the disk or network share reported an input/output error (EIO)';
    case 'ENOSPC': return 'the disk is full (ENOSPC)';
    case 'EROFS': return 'the folder is read-only (EROFS)';
    default: return describeError(error);
  }
}
