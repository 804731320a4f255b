import * as fs from 'node:fs';
import { StoreError } from '../errors';
import { explainOpenError } from './database';
import type { SqlConnection, SqlDriver, SqlStatement, SqlValue } from './driver';
import { clearStaleLock, registerUser, unregisterUser } from './wasmLocks';

interface WasmStatement {
  run(values?: SqlValue[]): { changes: number };
  iterate(values?: SqlValue[]): IterableIterator<Record<string, unknown>>;
  all(values?: SqlValue[]): Array<Record<string, unknown>>;
  finalize(): void;
  readonly isFinalized: boolean;
  /** node-sqlite3-wasm's own reset (clear bindings + sqlite3_reset); not in its typings. */
  _reset?: () => boolean;
}
interface WasmDatabase {
  readonly inTransaction: boolean;
  exec(sql: string): void;
  prepare(sql: string): WasmStatement;
  close(): void;
}
interface WasmModule {
  Database: new (file: string, options?: { readOnly?: boolean; fileMustExist?: boolean }) => WasmDatabase;
}

/** The package is loaded (and its WebAssembly compiled, ~25 ms) only when this driver is chosen. */
function loadModule(): WasmModule {
  return require('node-sqlite3-wasm') as WasmModule;
}

/**
 * SQLite compiled to WebAssembly (node-sqlite3-wasm), for hosts where neither a better-sqlite3
 * build for the runtime's ABI nor `node:sqlite` loads. It has FTS5 but no WAL (its file layer
 * has no shared memory), so the database uses a rollback journal: a window that writes makes
 * the others wait (busy timeout) rather than read alongside. Locks are directories; see
 * wasmLocks.ts for how one left by a crashed window is cleared.
 */
export function createWasmSqliteDriver(): SqlDriver {
  const sqlite = loadModule();
  return {
    name: 'wasm',
    open(file, options): SqlConnection {
      const readOnly = options?.readonly ?? false;
      if (file !== ':memory:') {
        clearStaleLock(file);
        if (!readOnly) leaveWalMode(sqlite, file);
      }
      const db = new sqlite.Database(file, { readOnly });
      return wrap(db, file);
    },
  };
}

function wrap(db: WasmDatabase, file: string): SqlConnection {
  // Statements hold WebAssembly memory until finalized: one per SQL text, all finalized on close.
  const statements = new Map<string, WasmStatement>();
  const user = { inTransaction: () => db.inTransaction };
  const onDisk = file !== ':memory:';
  if (onDisk) registerUser(file, user);

  /** A statement stopped after its first row keeps its read lock (the lock directory): reset it. */
  const reset = (stmt: WasmStatement) => void stmt._reset?.();

  /**
   * A busy error caused by a lock a crashed process left behind is cleared once and the work
   * retried. Without WAL a read waits for a writer too, so a busy error can come from any
   * statement: it says what happened, as a write's does.
   */
  const retryingStaleLock = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (!onDisk || !/locked|busy/i.test(String(error))) throw error;
      if (clearStaleLock(file)) return work();
      throw explainOpenError(error, file);
    }
  };

  const prepared = (sql: string): WasmStatement => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = retryingStaleLock(() => db.prepare(sql));
      statements.set(sql, stmt);
    }
    return stmt;
  };

  return {
    driverName: 'wasm',
    exec: (sql) => retryingStaleLock(() => db.exec(sql)),
    prepare: (sql): SqlStatement => {
      const stmt = prepared(sql);
      return {
        run: (...params: SqlValue[]) => retryingStaleLock(() => {
          try {
            return { changes: stmt.run(params).changes };
          } finally {
            reset(stmt);
          }
        }),
        get: <T>(...params: SqlValue[]) => retryingStaleLock(() => {
          try {
            const first = stmt.iterate(params).next();
            return (first.done ? undefined : first.value) as T | undefined;
          } finally {
            reset(stmt);
          }
        }),
        all: <T>(...params: SqlValue[]) => retryingStaleLock(() => stmt.all(params) as T[]),
      };
    },
    close: () => {
      for (const stmt of statements.values()) if (!stmt.isFinalized) stmt.finalize();
      statements.clear();
      try {
        db.close();
      } finally {
        if (onDisk) unregisterUser(file, user);
      }
    },
  };
}

/** Bytes 18 and 19 of a SQLite file are 2 when it is in WAL mode (as better-sqlite3 and node:sqlite leave Lore's). */
function isWalFile(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const header = Buffer.alloc(20);
    return fs.readSync(fd, header, 0, 20, 0) === 20 && header[18] === 2 && header[19] === 2;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A database last opened by Lore on better-sqlite3 or node:sqlite is in WAL mode, which this
 * driver cannot open shared. When no other runtime has it open (no -wal or -shm file beside
 * it), it is switched back to a rollback journal, under an exclusive lock; otherwise opening
 * it here would bypass that runtime's locks, so Lore refuses and says what to close.
 */
function leaveWalMode(sqlite: WasmModule, file: string): void {
  if (!isWalFile(file)) return;
  if (fs.existsSync(`${file}-wal`) || fs.existsSync(`${file}-shm`)) {
    throw new StoreError(
      `The Lore database at ${file} is open in Lore on another SQLite driver (the lore CLI, or a VS Code whose Lore runs on better-sqlite3 or node:sqlite), ` +
        'and this VS Code can only use it through SQLite on WebAssembly, which cannot share it with that program.',
      'Close the other program (or VS Code window) and reload this window. If none is open, run `lore stats` once with the lore CLI: it finishes what the other program left and closes the database properly.',
    );
  }
  const db = new sqlite.Database(file);
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('PRAGMA journal_mode = DELETE');
  } finally {
    db.close();
  }
}
