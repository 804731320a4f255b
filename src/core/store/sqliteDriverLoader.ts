import * as fs from 'node:fs';
import * as path from 'node:path';
import { StoreError, describeError } from '../errors';
import { createBetterSqliteDriver } from './betterSqliteDriver';
import type { SqlDriver, SqlDriverName } from './driver';
import { createNodeSqliteDriver } from './nodeSqliteDriver';

export interface DriverLoadOptions {
  /** Folder holding per-runtime builds: `<nativeDir>/<platform>-<arch>-abi<N>/better_sqlite3.node`. */
  nativeDir?: string;
  /** Force one driver (tests, or the `lore.databaseDriver` setting). */
  prefer?: SqlDriverName;
  log?: (message: string) => void;
  /** Who runs Lore, for the advice when no driver loads: the extension (VS Code) or the `lore` CLI (Node). */
  host?: 'vscode' | 'cli';
}

/** Where a per-runtime better-sqlite3 build for the running host lives. */
export function nativeBuildFolderName(): string {
  return `${process.platform}-${process.arch}-abi${process.versions.modules}`;
}

function runtimeDescription(): string {
  const electron = process.versions.electron ? `Electron ${process.versions.electron}, ` : '';
  return `${electron}Node ${process.versions.node}, ABI ${process.versions.modules}, ${process.platform}-${process.arch}`;
}

function probe(driver: SqlDriver): SqlDriver {
  const connection = driver.open(':memory:');
  try {
    connection.exec('CREATE VIRTUAL TABLE probe USING fts5(x)');
  } finally {
    connection.close();
  }
  return driver;
}

function loadBetterSqlite(options: DriverLoadOptions): SqlDriver {
  if (options.nativeDir) {
    const file = path.join(options.nativeDir, nativeBuildFolderName(), 'better_sqlite3.node');
    if (fs.existsSync(file)) {
       
      const addon = module.require.bind(module)(file) as object;
      return probe(createBetterSqliteDriver(addon));
    }
  }
  return probe(createBetterSqliteDriver());
}

/**
 * Picks the SQLite driver that works in this host: better-sqlite3 when a build for this
 * runtime's ABI loads, else the built-in `node:sqlite`. If neither loads, the error says
 * which runtime this is and what to install, in one message.
 */
export function loadSqliteDriver(options: DriverLoadOptions = {}): SqlDriver {
  const log = options.log ?? (() => undefined);
  const prefer = options.prefer ?? (process.env.LORE_SQLITE_DRIVER as SqlDriverName | undefined);
  const attempts: Array<[SqlDriverName, () => SqlDriver]> = [
    ['better-sqlite3', () => loadBetterSqlite(options)],
    ['node:sqlite', () => probe(createNodeSqliteDriver())],
  ];
  if (prefer === 'node:sqlite') attempts.reverse();
  const failures: string[] = [];
  for (const [name, load] of attempts) {
    try {
      const driver = load();
      log(`SQLite driver: ${name} (${runtimeDescription()})${failures.length ? `; not used: ${failures.join('; ')}` : ''}`);
      return driver;
    } catch (error) {
      failures.push(`${name}: ${loadFailureText(error)}`);
    }
  }
  throw noDriverError(options.host ?? 'vscode', failures);
}

/** The error when no SQLite driver loads: what to install depends on who runs Lore. */
export function noDriverError(host: 'vscode' | 'cli', failures: string[]): StoreError {
  const builtIn = host === 'cli'
    ? 'or run the lore CLI on Node 22.5 or later, which has the built-in node:sqlite'
    : 'or use VS Code 1.97 or later, whose runtime has the built-in node:sqlite';
  return new StoreError(
    `Lore cannot open its database: no SQLite driver loads in this runtime (${runtimeDescription()}).`,
    `Install the Lore build for your platform (its better-sqlite3 must match ABI ${process.versions.modules}), ` +
      `${builtIn}. Details: ${failures.join('; ')}`,
  );
}

/**
 * Why a driver did not load, whole but on one line: loaders list what they tried on the lines
 * after "Tried:", and that list is what the user needs to see.
 */
export function loadFailureText(error: unknown): string {
  const text = describeError(error);
  const oneLine = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).join(' ');
  return oneLine.length > 2000 ? `${oneLine.slice(0, 2000)}…` : oneLine;
}
