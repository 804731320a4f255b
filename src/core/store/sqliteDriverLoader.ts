import * as fs from 'node:fs';
import * as path from 'node:path';
import { StoreError, describeError } from '../errors';
import { createBetterSqliteDriver } from './betterSqliteDriver';
import { SQL_DRIVER_NAMES, type SqlDriver, type SqlDriverName } from './driver';
import { createNodeSqliteDriver } from './nodeSqliteDriver';
import { createWasmSqliteDriver } from './wasmSqliteDriver';

export interface DriverLoadOptions {
  /** Folder holding per-runtime builds: `<nativeDir>/<platform>-<arch>-abi<N>/better_sqlite3.node`. */
  nativeDir?: string;
  /** Try this driver first (tests: LORE_SQLITE_DRIVER). */
  prefer?: SqlDriverName;
  /**
   * Drivers to treat as not loading, to simulate a host that lacks them (tests only:
   * LORE_SQLITE_UNAVAILABLE=better-sqlite3,node:sqlite simulates a VS Code with neither).
   */
  unavailable?: readonly SqlDriverName[];
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

/** What the log and `Lore: Show Log` call each driver. */
export function driverDescription(name: SqlDriverName): string {
  return name === 'wasm' ? 'SQLite on WebAssembly (node-sqlite3-wasm)' : name;
}

/** Driver names from a comma-separated list (an environment variable); unknown names are ignored. */
export function driverNames(list: string | undefined): SqlDriverName[] {
  return (list ?? '').split(',').map((s) => s.trim()).filter((s): s is SqlDriverName => SQL_DRIVER_NAMES.includes(s as SqlDriverName));
}

/**
 * Picks the SQLite driver that works in this host: better-sqlite3 when a build for this
 * runtime's ABI loads, else the built-in `node:sqlite`, else SQLite compiled to WebAssembly
 * (slower, and windows take turns on the database: see docs/SQLITE-DRIVERS.md). The log line
 * names the driver and why the ones before it were not used. If none loads, the error says
 * which runtime this is and what to install, in one message.
 */
export function loadSqliteDriver(options: DriverLoadOptions = {}): SqlDriver {
  const log = options.log ?? (() => undefined);
  const prefer = options.prefer ?? driverNames(process.env.LORE_SQLITE_DRIVER)[0];
  const unavailable = options.unavailable ?? driverNames(process.env.LORE_SQLITE_UNAVAILABLE);
  const attempts: Array<[SqlDriverName, () => SqlDriver]> = [
    ['better-sqlite3', () => loadBetterSqlite(options)],
    ['node:sqlite', () => probe(createNodeSqliteDriver())],
    ['wasm', () => probe(createWasmSqliteDriver())],
  ];
  const preferred = attempts.findIndex(([name]) => name === prefer);
  if (preferred > 0) attempts.unshift(...attempts.splice(preferred, 1));
  const failures: string[] = [];
  for (const [name, load] of attempts) {
    if (unavailable.includes(name)) {
      failures.push(`${driverDescription(name)}: hidden to simulate a host without it (LORE_SQLITE_UNAVAILABLE)`);
      continue;
    }
    try {
      const driver = load();
      log(`SQLite driver: ${driverDescription(name)} (${runtimeDescription()})${failures.length ? `; not used: ${failures.join('; ')}` : ''}`);
      return driver;
    } catch (error) {
      failures.push(`${driverDescription(name)}: ${loadFailureText(error)}`);
    }
  }
  throw noDriverError(options.host ?? 'vscode', failures);
}

/** The error when no SQLite driver loads: what to install depends on who runs Lore. */
export function noDriverError(host: 'vscode' | 'cli', failures: string[]): StoreError {
  const builtIn = host === 'cli'
    ? 'or run the lore CLI on Node 22.5 or later, which has the built-in node:sqlite'
    : 'or use a VS Code whose runtime has the built-in node:sqlite (the README\'s Compatibility section lists them)';
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
