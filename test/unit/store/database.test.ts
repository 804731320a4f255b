import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StoreError } from '../../../src/core/errors';
import { sha256Hex } from '../../../src/core/hash';
import { searchArticles } from '../../../src/core/search/searchArticles';
import { indexText } from '../../../src/core/search/textAnalyzer';
import { Database } from '../../../src/core/store/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, runMigrations, type Migration } from '../../../src/core/store/migrations';
import { openTestStore, tempDir, testDriver } from './testStore';

describe(`Database and migrations (${testDriver().name})`, () => {
  // SQLite on WebAssembly has no shared memory, so no WAL: a rollback journal (docs/SQLITE-DRIVERS.md).
  const hasWal = testDriver().name !== 'wasm';

  it('creates the schema in WAL mode (a rollback journal on WebAssembly) with foreign keys on', () => {
    const file = path.join(tempDir(), 'lore.db');
    const db = Database.open(file, testDriver());
    assert.equal(db.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION);
    assert.equal(db.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode, hasWal ? 'wal' : 'delete');
    assert.equal(db.pragmaNumber('foreign_keys'), 1);
    db.close();
  });

  it('upgrades a database from an older schema, one migration per transaction', () => {
    const file = path.join(tempDir(), 'lore.db');
    const db = Database.open(file, testDriver());
    db.run("INSERT INTO meta (key, value) VALUES ('kept', 'yes')");
    const next: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      description: 'test: add a column',
      up: (d) => d.exec('ALTER TABLE articles ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0'),
    };
    runMigrations(db, [...MIGRATIONS, next]);
    assert.equal(db.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION + 1);
    assert.equal(db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'kept'")?.value, 'yes');
    assert.ok(db.all<{ name: string }>('PRAGMA table_info(articles)').some((c) => c.name === 'pinned'));
    db.close();
  });

  it("upgrades a database from before snippets were searchable: the index is rebuilt with their code", () => {
    const file = path.join(tempDir(), 'lore.db');
    // What Lore wrote at schema 3: title, tags and body indexed; snippets not.
    const old = Database.open(file, testDriver(), { migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    assert.equal(old.pragmaNumber('user_version'), 3);
    const articles = [
      { id: 'a1', title: 'Onboarding', body: 'Steps for a new account.', tags: ['accounts'], code: 'function addUser(name) {}', path: 'src/accounts/registration.ts' },
      { id: 'a2', title: 'Release checklist', body: 'Tag, build, publish.', tags: [], code: '', path: '' },
    ];
    for (const a of articles) {
      old.run(`INSERT INTO articles (id, title, body, tags, author, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'Ada', 'published', '2026-01-01', '2026-01-01')`,
        a.id, a.title, a.body, JSON.stringify(a.tags));
      const rowid = old.get<{ rowid: number }>('SELECT rowid FROM articles WHERE id = ?', a.id)!.rowid;
      const words = new Map<string, string>();
      old.run('INSERT INTO article_fts (rowid, title, tags, body) VALUES (?, ?, ?, ?)', rowid, indexText(a.title, words), indexText(a.tags.join(' '), words), indexText(a.body, words));
      for (const [word, stem] of words) old.run('INSERT OR IGNORE INTO search_words (word, stem) VALUES (?, ?)', word, stem);
      if (a.code) {
        old.run(`INSERT INTO snippets (id, article_id, code, language, path, anchor) VALUES (?, ?, ?, 'javascript', ?, '{}')`, `${a.id}-s`, a.id, a.code, a.path);
      }
    }
    old.run("INSERT INTO articles (id, title, body, author, status, created_at, updated_at, deleted) VALUES ('gone', 'Deleted', 'addUser', 'Ada', 'draft', '2026-01-01', '2026-01-01', 1)");
    const found = (db: Database, query: string) => searchArticles(db, query).results.map((r) => r.articleId);
    assert.deepEqual(found(old, 'addUser'), [], 'before the upgrade, code is not searchable');
    old.close();

    const store = openTestStore(file);
    assert.equal(store.db.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION);
    assert.deepEqual(found(store.db, 'addUser'), ['a1']);
    assert.deepEqual(found(store.db, 'user'), ['a1']);
    assert.deepEqual(found(store.db, 'registration'), ['a1'], 'the file path is indexed');
    assert.deepEqual(found(store.db, 'checklist'), ['a2'], 'titles, tags and bodies are indexed as before');
    assert.deepEqual(found(store.db, 'tag:accounts'), ['a1']);
    assert.deepEqual(found(store.db, 'addUs*'), ['a1'], 'code words join the vocabulary for prefixes');
    store.close();
  });

  it('rolls a failing migration back entirely', () => {
    const db = Database.open(':memory:', testDriver());
    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      description: 'test: fails half-way',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x)');
        d.exec('THIS IS NOT SQL');
      },
    };
    assert.throws(() => runMigrations(db, [...MIGRATIONS, broken]));
    assert.equal(db.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION);
    assert.equal(db.get("SELECT 1 FROM sqlite_master WHERE name = 'half_done'"), undefined);
    db.close();
  });

  it('refuses a database from a newer Lore, leaving the file byte for byte as it was', () => {
    const file = path.join(tempDir(), 'lore.db');
    const db = Database.open(file, testDriver());
    db.exec('PRAGMA journal_mode = DELETE');
    db.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();
    const before = sha256Hex(fs.readFileSync(file));
    assert.throws(() => Database.open(file, testDriver()), (e: unknown) =>
      e instanceof StoreError && /newer version of Lore/.test(e.message) && /Update the Lore extension/.test(e.hint ?? ''));
    assert.equal(sha256Hex(fs.readFileSync(file)), before);
    assert.ok(!fs.existsSync(`${file}-wal`));
  });

  it('explains a damaged database file and leaves it alone', () => {
    const file = path.join(tempDir(), 'lore.db');
    fs.writeFileSync(file, 'this is not a database, it is a shopping list\n'.repeat(100));
    const before = fs.readFileSync(file);
    assert.throws(() => Database.open(file, testDriver()), (e: unknown) =>
      e instanceof StoreError && /damaged or is not a SQLite database/.test(e.message) && /Move the file aside/.test(e.hint ?? ''));
    assert.deepEqual(fs.readFileSync(file), before);
  });

  it('explains a missing folder', () => {
    assert.throws(() => Database.open(path.join(tempDir(), 'no', 'such', 'dir', 'lore.db'), testDriver()), (e: unknown) =>
      e instanceof StoreError && /cannot open its database/.test(e.message));
  });

  it('says when another program holds the write lock, and loses nothing', () => {
    const file = path.join(tempDir(), 'lore.db');
    const holder = Database.open(file, testDriver());
    const store = openTestStore(file, { busyTimeoutMs: 50 });
    const article = store.createArticle({ title: 'Before the lock' });
    holder.exec('BEGIN IMMEDIATE');
    assert.throws(() => store.updateArticle(article.id, { title: 'During the lock' }), (e: unknown) =>
      e instanceof StoreError && /locked by another program/.test(e.message));
    holder.exec('ROLLBACK');
    assert.equal(store.getArticle(article.id)?.title, 'Before the lock');
    store.updateArticle(article.id, { title: 'After the lock' });
    assert.equal(store.getArticle(article.id)?.title, 'After the lock');
    holder.close();
    store.close();
  });

  it('copies the write-ahead log into the database file when asked to checkpoint', function () {
    if (!hasWal) this.skip();
    const dir = tempDir();
    const file = path.join(dir, 'lore.db');
    const store = openTestStore(file);
    const article = store.createArticle({ title: 'Saved before the checkpoint' });
    const copy = path.join(dir, 'copy.db');
    fs.copyFileSync(file, copy);
    const before = openTestStore(copy);
    assert.equal(before.getArticle(article.id), undefined, 'until a checkpoint, the article is only in the WAL');
    before.close();
    assert.equal(store.db.checkpoint(), true);
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });
    fs.copyFileSync(file, copy);
    const after = openTestStore(copy);
    assert.equal(after.getArticle(article.id)?.title, 'Saved before the checkpoint');
    after.close();
    store.close();
  });

  it('lets two connections (two VS Code windows) read and write the same database', () => {
    const file = path.join(tempDir(), 'lore.db');
    const windowA = openTestStore(file);
    const windowB = openTestStore(file);
    assert.equal(windowA.deviceId, windowB.deviceId, 'one database is one device');
    const fromA = windowA.createArticle({ title: 'Written in window A' });
    assert.equal(windowB.getArticle(fromA.id)?.title, 'Written in window A');
    windowB.updateArticle(fromA.id, { body: 'edited in B' });
    windowA.createArticle({ title: 'A again' });
    windowB.createArticle({ title: 'B again' });
    assert.equal(windowA.getArticle(fromA.id)?.body, 'edited in B');
    const seqs = windowA.unpublishedEvents().map((e) => e.seq);
    assert.deepEqual(seqs, [1, 2, 3, 4], 'sequence numbers stay unique and gapless across windows');
    const stamps = windowA.unpublishedEvents().map((e) => e.hlc);
    assert.deepEqual([...stamps].sort(), stamps, 'clock stamps keep increasing across windows');
    windowA.close();
    windowB.close();
  });
});
