import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { searchArticles } from '../../../src/core/search/searchArticles';
import { Database } from '../../../src/core/store/database';
import { articleIdsByTitle, articlesLinkingTo } from '../../../src/core/store/linkQueries';
import {
  LATEST_SCHEMA_VERSION, MIGRATIONS, pendingMigrations, runMigrationsInSteps, upgradeAhead, type Migration, type UpgradeProgress,
} from '../../../src/core/store/migrations';
import { tempDir, testDriver } from './testStore';

/** A database as Lore wrote it at schema 3 (before snippet code was searchable), with `count` articles. */
function schema3Database(count: number): string {
  const file = path.join(tempDir(), 'lore.db');
  const db = Database.open(file, testDriver(), { migrations: MIGRATIONS.filter((m) => m.version <= 3) });
  db.transaction(() => {
    for (let n = 0; n < count; n++) {
      db.run(`INSERT INTO articles (id, title, body, tags, author, status, created_at, updated_at) VALUES (?, ?, ?, '[]', 'Ada', 'published', '2026-01-01', '2026-01-01')`,
        `a${n}`, `Article ${n}`, n === 5 ? 'Body of article 5, after [[article  7]].' : `Body of article ${n}.`);
    }
    db.run(`INSERT INTO snippets (id, article_id, code, language, path, anchor) VALUES ('s0', 'a7', 'function registerAccount() {}', 'javascript', 'src/accounts.ts', '{}')`);
  });
  db.close();
  return file;
}

const openWithoutMigrating = (file: string) => Database.open(file, testDriver(), { migrate: false });

describe(`Upgrading a large database in steps (${testDriver().name})`, () => {
  it('says which upgrades are still to run, and that the search index rebuild is long work', () => {
    const db = openWithoutMigrating(schema3Database(3));
    const pending = pendingMigrations(db);
    assert.deepEqual(pending.map((m) => m.version), MIGRATIONS.filter((m) => m.version > 3).map((m) => m.version));
    assert.match(pending[0].longWork ?? '', /search index/);
    db.close();
  });

  it('upgrades an old database in steps whatever its size, and a new or current one not at all', () => {
    const small = openWithoutMigrating(schema3Database(3));
    const ahead = upgradeAhead(small);
    assert.equal(ahead?.articles, 3, 'three articles are still upgraded in steps, not inside the first use');
    assert.ok(ahead.longWork.length >= 1 && ahead.longWork.every((m) => m.longWork));
    small.close();
    const fresh = Database.open(path.join(tempDir(), 'new.db'), testDriver(), { migrate: false });
    assert.equal(upgradeAhead(fresh), undefined, 'a new database just gets its tables');
    fresh.close();
    const current = Database.open(path.join(tempDir(), 'current.db'), testDriver());
    assert.equal(upgradeAhead(current), undefined);
    current.close();
  });

  it('reports its progress, lets other work run between steps, and leaves the code of snippets searchable', async () => {
    const db = openWithoutMigrating(schema3Database(1_200));
    const progress: UpgradeProgress[] = [];
    let pauses = 0;
    await runMigrationsInSteps(db, {
      onProgress: (p) => progress.push(p),
      pause: async () => {
        pauses++;
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    assert.equal(db.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION);
    const steps = (version: number) => progress.filter((p) => p.migration.version === version).map((p) => [p.done, p.total]);
    assert.deepEqual(steps(4), [[500, 1_200], [1_000, 1_200], [1_200, 1_200]]);
    assert.deepEqual(steps(7), [[1_000, 1_200], [1_200, 1_200]], 'every article gets its revision, in steps');
    assert.deepEqual(steps(8), [[1_000, 1_200], [1_200, 1_200]], 'the links of every article are indexed, in steps');
    assert.deepEqual([...new Set(progress.map((p) => p.migration.version))], [4, 7, 8], 'only the long migrations report');
    assert.ok(pauses >= progress.length, 'the upgrade pauses after every step');
    assert.deepEqual(searchArticles(db, 'registerAccount').results.map((r) => r.articleId), ['a7']);
    assert.equal(searchArticles(db, '"Article 1199"').results[0]?.articleId, 'a1199');
    assert.deepEqual(articlesLinkingTo(db, { id: 'a7', title: 'Article 7' }).map((a) => a.id), ['a5'], 'Linked from, from the index');
    assert.equal(articleIdsByTitle(db, ['ARTICLE 1199']).get('article 1199'), 'a1199');
    db.close();
  });

  it('keeps the database readable by another window while it pauses', async function () {
    // Without WAL (SQLite on WebAssembly) a reader waits for the writer: docs/SQLITE-DRIVERS.md.
    if (testDriver().name === 'wasm') this.skip();
    const file = schema3Database(1_200);
    const db = openWithoutMigrating(file);
    const other = openWithoutMigrating(file);
    const seenByOther: number[] = [];
    await runMigrationsInSteps(db, {
      pause: async () => {
        seenByOther.push(other.get<{ n: number }>('SELECT count(*) AS n FROM articles')!.n);
      },
    });
    assert.ok(seenByOther.length >= 3);
    assert.ok(seenByOther.every((n) => n === 1_200));
    assert.equal(other.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION, 'the other window sees the upgrade once it is committed');
    db.close();
    other.close();
  });

  it('waits for another window running the same upgrade, then finds it done', async () => {
    const file = schema3Database(1_200);
    const first = openWithoutMigrating(file);
    const second = openWithoutMigrating(file);
    const secondProgress: UpgradeProgress[] = [];
    let secondDone = false;
    // The first window stops after its first step, holding the write lock, until released.
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const firstRun = runMigrationsInSteps(first, { onProgress: () => started(), pause: () => gate });
    await firstStarted;
    // The second window's retries while the database is locked are the signal that it waits.
    let refusals = 0;
    let refused!: () => void;
    const secondRefused = new Promise<void>((resolve) => (refused = resolve));
    const secondRun = runMigrationsInSteps(second, {
      onProgress: (p) => secondProgress.push(p),
      pause: () => {
        refusals++;
        refused();
        return new Promise((resolve) => setImmediate(resolve));
      },
    }).then(() => (secondDone = true));
    await secondRefused;
    assert.equal(secondDone, false, 'the second window waits while the first holds the write lock');
    release();
    await Promise.all([firstRun, secondRun]);
    assert.ok(refusals >= 1);
    assert.deepEqual(secondProgress, [], 'the work is not done twice');
    assert.equal(second.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION);
    assert.deepEqual(searchArticles(second, 'registerAccount').results.map((r) => r.articleId), ['a7']);
    first.close();
    second.close();
  });

  it('rolls back a long upgrade that fails half-way, keeping every article', async () => {
    const db = openWithoutMigrating(schema3Database(10));
    const failing: Migration = {
      version: 4,
      description: 'test: fails after its first step',
      longWork: 'testing',
      *up(d) {
        d.exec('DELETE FROM articles');
        yield { done: 1, total: 2 };
        throw new Error('disk full');
      },
    };
    await assert.rejects(runMigrationsInSteps(db, { migrations: [failing] }), /disk full/);
    assert.equal(db.pragmaNumber('user_version'), 3);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM articles')!.n, 10);
    db.close();
  });
});
