import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import type { SqlDriver } from '../../../src/core/store/driver';
import { LoreStore, type StoreOptions } from '../../../src/core/store/loreStore';
import { loadSqliteDriver } from '../../../src/core/store/sqliteDriverLoader';

let cachedDriver: SqlDriver | undefined;

/**
 * The driver under test: better-sqlite3; node:sqlite when LORE_SQLITE_DRIVER=node:sqlite (the
 * store-node24 stage); SQLite on WebAssembly when LORE_SQLITE_UNAVAILABLE=better-sqlite3,node:sqlite
 * (the store-wasm stage: the loader falls back to it as on a host where neither loads).
 */
export function testDriver(): SqlDriver {
  cachedDriver ??= loadSqliteDriver();
  return cachedDriver;
}

export function tempDir(prefix = 'lore-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openTestStore(file = ':memory:', options: Partial<StoreOptions> = {}): LoreStore {
  return LoreStore.open(file, { driver: testDriver(), author: 'Ada', clock: new ManualClock(), ...options });
}

export const sampleAnchor = (path = 'src/cache.ts', line = 10) => ({
  path,
  range: { startLine: line, startCharacter: 0, endLine: line + 2, endCharacter: 1 },
  text: 'function get(key) {\n  return cache[key];\n}',
  contextBefore: '',
  contextAfter: '',
  hash: 'abc',
});
