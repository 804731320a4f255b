import { dirName, type DirEntry, type FileStat, type SyncFs, type WritableFile } from './syncFs';

/** Every operation a fault can be injected into. */
export type FsOperation = 'list' | 'stat' | 'read' | 'create' | 'write' | 'sync' | 'close' | 'rename' | 'mkdir' | 'remove' | 'syncDir';

/** Returns (or throws) an error to make `op` on `path` fail; undefined lets it run. */
export type FaultHook = (op: FsOperation, path: string) => Error | undefined | void;

interface MemoryFile {
  data: Uint8Array;
  mtimeMs: number;
  /** Bytes that survive a crash (written before the last fsync). */
  durable: number;
}

/** An error shaped like Node's (`code`, `syscall`, `path`). */
export function fsError(code: string, op: string, path: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: ${op} '${path}'`) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = op;
  error.path = path;
  return error;
}

/**
 * An in-memory SyncFs for tests and benchmarks. Faults are injected through `fault`; `crash()`
 * drops data that was never fsynced; `hide()` makes listings stale; `putFile()` plays the part of
 * a sync client delivering (possibly partial) files with any timestamp.
 */
export class MemorySyncFs implements SyncFs {
  private readonly files = new Map<string, MemoryFile>();
  private readonly dirs = new Set<string>(['/']);
  private readonly hidden = new Set<string>();
  fault: FaultHook | undefined;
  /** Counts of operations, for tests that check what was (not) done. */
  readonly counts = new Map<FsOperation, number>();

  constructor(private readonly now: () => number = () => Date.UTC(2026, 0, 1)) {}

  private check(op: FsOperation, path: string): void {
    this.counts.set(op, (this.counts.get(op) ?? 0) + 1);
    const error = this.fault?.(op, path);
    if (error) throw error;
  }

  private norm(path: string): string {
    const clean = path.replace(/\/+$/, '');
    return clean === '' ? '/' : clean;
  }

  async list(dir: string): Promise<DirEntry[]> {
    dir = this.norm(dir);
    this.check('list', dir);
    if (!this.dirs.has(dir)) throw fsError('ENOENT', 'scandir', dir);
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const out = new Map<string, DirEntry>();
    for (const path of this.files.keys()) {
      if (path.startsWith(prefix) && !path.slice(prefix.length).includes('/') && !this.hidden.has(path)) {
        out.set(path, { name: path.slice(prefix.length), kind: 'file' });
      }
    }
    for (const path of this.dirs) {
      if (path !== dir && path.startsWith(prefix) && !path.slice(prefix.length).includes('/') && !this.hidden.has(path)) {
        out.set(path, { name: path.slice(prefix.length), kind: 'dir' });
      }
    }
    return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    path = this.norm(path);
    this.check('stat', path);
    const file = this.files.get(path);
    if (file) return { kind: 'file', size: file.data.byteLength, mtimeMs: file.mtimeMs };
    if (this.dirs.has(path)) return { kind: 'dir', size: 0, mtimeMs: 0 };
    return undefined;
  }

  async readFile(path: string): Promise<Uint8Array> {
    path = this.norm(path);
    this.check('read', path);
    const file = this.files.get(path);
    if (!file) throw fsError(this.dirs.has(path) ? 'EISDIR' : 'ENOENT', 'open', path);
    return file.data.slice();
  }

  async createExclusive(path: string): Promise<WritableFile> {
    path = this.norm(path);
    this.check('create', path);
    if (this.files.has(path) || this.dirs.has(path)) throw fsError('EEXIST', 'open', path);
    if (!this.dirs.has(dirName(path))) throw fsError('ENOENT', 'open', path);
    const file: MemoryFile = { data: new Uint8Array(0), mtimeMs: this.now(), durable: 0 };
    this.files.set(path, file);
    let closed = false;
    return {
      write: async (data) => {
        this.check('write', path);
        if (closed) throw fsError('EBADF', 'write', path);
        const next = new Uint8Array(file.data.byteLength + data.byteLength);
        next.set(file.data);
        next.set(data, file.data.byteLength);
        file.data = next;
        file.mtimeMs = this.now();
      },
      sync: async () => {
        this.check('sync', path);
        file.durable = file.data.byteLength;
      },
      close: async () => {
        this.check('close', path);
        closed = true;
      },
    };
  }

  async rename(from: string, to: string): Promise<void> {
    from = this.norm(from);
    to = this.norm(to);
    this.check('rename', to);
    const file = this.files.get(from);
    if (!file) throw fsError('ENOENT', 'rename', from);
    if (!this.dirs.has(dirName(to))) throw fsError('ENOENT', 'rename', to);
    if (this.dirs.has(to)) throw fsError('EISDIR', 'rename', to);
    this.files.delete(from);
    this.files.set(to, file);
  }

  async mkdirp(dir: string): Promise<void> {
    dir = this.norm(dir);
    this.check('mkdir', dir);
    this.addDirs(dir);
  }

  async remove(path: string): Promise<void> {
    path = this.norm(path);
    this.check('remove', path);
    this.files.delete(path);
  }

  async syncDir(dir: string): Promise<void> {
    this.check('syncDir', this.norm(dir));
  }

  // --- test controls ----------------------------------------------------------------------------

  /** Writes a file directly (a sync client delivering it), creating folders; any mtime. */
  putFile(path: string, data: Uint8Array | string, mtimeMs = this.now()): void {
    path = this.norm(path);
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data.slice();
    this.addDirs(dirName(path));
    this.files.set(path, { data: bytes, mtimeMs, durable: bytes.byteLength });
  }

  getFile(path: string): Uint8Array | undefined {
    return this.files.get(this.norm(path))?.data.slice();
  }

  hasFile(path: string): boolean {
    return this.files.has(this.norm(path));
  }

  /** Every file path under `prefix`, sorted. */
  allFiles(prefix = '/'): string[] {
    const p = this.norm(prefix);
    return [...this.files.keys()].filter((f) => p === '/' || f === p || f.startsWith(`${p}/`)).sort();
  }

  deleteFile(path: string): void {
    this.files.delete(this.norm(path));
  }

  /** Removes a folder and everything in it (an unmounted share, an emptied folder). */
  deleteTree(dir: string): void {
    const d = this.norm(dir);
    for (const f of [...this.files.keys()]) if (f === d || f.startsWith(`${d}/`)) this.files.delete(f);
    for (const f of [...this.dirs]) if (f === d || f.startsWith(`${d}/`)) this.dirs.delete(f);
  }

  /** Listings leave this path out until `unhide` (a stale directory listing). */
  hide(path: string): void {
    this.hidden.add(this.norm(path));
  }

  unhide(path?: string): void {
    if (path === undefined) this.hidden.clear();
    else this.hidden.delete(this.norm(path));
  }

  /** A power cut: every file keeps only the bytes that were fsynced. */
  crash(): void {
    for (const file of this.files.values()) {
      if (file.durable < file.data.byteLength) file.data = file.data.slice(0, file.durable);
    }
  }

  private addDirs(dir: string): void {
    let d = this.norm(dir);
    while (d !== '/' && d !== '.' && !this.dirs.has(d)) {
      this.dirs.add(d);
      d = dirName(d);
    }
  }
}
