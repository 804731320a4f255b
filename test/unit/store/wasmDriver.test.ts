import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { StoreError } from '../../../src/core/errors';
import { Database } from '../../../src/core/store/database';
import { LoreStore } from '../../../src/core/store/loreStore';
import { loadSqliteDriver } from '../../../src/core/store/sqliteDriverLoader';
import { createWasmSqliteDriver } from '../../../src/core/store/wasmSqliteDriver';
import { tempDir } from './testStore';

/** The native driver this runtime has (better-sqlite3 on Node 20, node:sqlite on Node 24), never the WebAssembly one. */
const nativeDriver = () => loadSqliteDriver({ unavailable: ['wasm'] });
const wasm = createWasmSqliteDriver();
const openStore = (file: string, busyTimeoutMs = 5000) =>
  LoreStore.open(file, { driver: wasm, author: 'Ada', clock: new ManualClock(), busyTimeoutMs });

const children: ChildProcess[] = [];

/** Another window, as its own process, holding a write transaction on `file` (see wasmHolder.ts). */
async function otherWindowHolding(file: string, mode: 'commit' | 'crash'): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, '..', '..', 'fixtures', 'wasmHolder.ts'), file, mode], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the other window exited (${code}) before holding the lock`)));
  });
  return child;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => child.once('exit', () => resolve()));

describe('SQLite on WebAssembly: two windows, crashes and databases from the other drivers', () => {
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('makes a window wait for another window\'s write, then sees it; a live window\'s lock is never taken', async () => {
    const file = path.join(tempDir(), 'lore.db');
    const store = openStore(file, 50);
    const article = store.createArticle({ title: 'Before the other window wrote' });
    const other = await otherWindowHolding(file, 'commit');
    assert.throws(() => store.updateArticle(article.id, { title: 'While the other window writes' }), (e: unknown) =>
      e instanceof StoreError && /locked by another program/.test(e.message));
    other.stdin!.write('go\n');
    await exited(other);
    assert.equal(store.getMeta('written by the other window'), 'commit');
    store.updateArticle(article.id, { title: 'After the other window wrote' });
    assert.equal(store.getArticle(article.id)?.title, 'After the other window wrote');
    store.close();
  });

  it('recovers from a window killed in the middle of a write: its lock is cleared, its half-done write rolled back', async () => {
    const file = path.join(tempDir(), 'lore.db');
    const store = openStore(file, 50);
    const article = store.createArticle({ title: 'Saved before the crash' });
    const other = await otherWindowHolding(file, 'crash');
    other.stdin!.write('die\n');
    await exited(other);
    assert.ok(fs.existsSync(`${file}.lock`), 'the killed window left its lock behind');
    store.updateArticle(article.id, { title: 'Saved after the crash' });
    assert.equal(store.getArticle(article.id)?.title, 'Saved after the crash');
    assert.equal(store.getMeta('written by the other window'), undefined, 'the killed window\'s write is rolled back');
    store.close();
    const reopened = openStore(file);
    assert.equal(reopened.getArticle(article.id)?.title, 'Saved after the crash');
    reopened.close();
  });

  it('opens a database the native driver left in WAL mode, with everything in it', () => {
    const file = path.join(tempDir(), 'lore.db');
    const native = LoreStore.open(file, { driver: nativeDriver(), author: 'Ada', clock: new ManualClock() });
    const article = native.createArticle({ title: 'Written on the native driver', body: 'findable text' });
    native.close();
    const store = openStore(file);
    assert.equal(store.getArticle(article.id)?.title, 'Written on the native driver');
    assert.equal(store.db.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode, 'delete');
    store.close();
  });

  it('refuses a database another runtime has open in WAL mode, and says what to close', () => {
    const file = path.join(tempDir(), 'lore.db');
    const native = Database.open(file, nativeDriver());
    native.run("INSERT INTO meta (key, value) VALUES ('open', 'natively')");
    assert.throws(() => openStore(file), (e: unknown) =>
      e instanceof StoreError && /open in Lore on another SQLite driver/.test(e.message) && /Close the other program/.test(e.hint ?? ''));
    assert.equal(native.get<{ value: string }>("SELECT value FROM meta WHERE key = 'open'")?.value, 'natively');
    native.close();
  });
});
