import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLore, type LoreRun } from './runLore';
import { LoreStore } from '../../../src/core/store/loreStore';
import { loadSqliteDriver } from '../../../src/core/store/sqliteDriverLoader';
import { insertEvent } from '../../../src/core/store/eventLog';
import { sealEvent } from '../../../src/core/store/events';
import { formatHlc } from '../../../src/core/hlc';
import { systemClock } from '../../../src/core/clock';
import { FlushLease } from '../../../src/core/sync/flushLease';


// `lore sync` tells what needs the user and exits non-zero for it (issue 16, items 6 and 9).
describe('lore sync: honest reporting', function () {
  this.timeout(30_000);
  let dir: string;
  let team: string;

  async function lore(who: string, ...argv: string[]): Promise<LoreRun> {
    return runLore(argv, {
      env: { LORE_DB: path.join(dir, `${who}.db`), LORE_AUTHOR: who },
      version: '9.8.7',
    });
  }

  function articles(who: string, count: number): void {
    const store = LoreStore.open(path.join(dir, `${who}.db`), { driver: loadSqliteDriver(), author: who });
    try {
      for (let i = 0; i < count; i++) store.createArticle({ title: `${who} ${i}` });
    } finally {
      store.close();
    }
  }

  function deleteAll(who: string): void {
    const store = LoreStore.open(path.join(dir, `${who}.db`), { driver: loadSqliteDriver(), author: who });
    try {
      for (const a of store.listArticles()) store.deleteArticle(a.id);
    } finally {
      store.close();
    }
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-cli-sync-'));
    team = path.join(dir, 'team');
    fs.mkdirSync(team);
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists held deletions, exits 3 while they wait, and applies or refuses them on request', async () => {
    articles('ann', 6);
    assert.equal((await lore('ann', 'sync', '--team-folder', team, '--create')).code, 0);
    assert.equal((await lore('bob', 'sync', '--team-folder', team, '--join')).code, 0);
    deleteAll('ann');
    assert.equal((await lore('ann', 'sync', '--team-folder', team)).code, 0);
    const synced = await lore('bob', 'sync', '--team-folder', team);
    assert.equal(synced.code, 3);
    assert.match(synced.stderr, /The team folder asks to delete or empty 6 articles at once/, 'counted per kind, as in VS Code');
    assert.match(synced.stderr, /Article "ann 0", deleted by ann/);
    assert.match(synced.stderr, /--approve-held/);
    const listed = await lore('bob', 'sync', '--team-folder', team, '--held');
    assert.equal(listed.code, 3);
    assert.match(listed.stdout, /ann 5/);
    const refused = await lore('bob', 'sync', '--team-folder', team, '--reject-held');
    assert.match(refused.stderr, /Refused 6 held deletion\(s\)/);
    assert.equal(refused.code, 0, refused.stderr);
    assert.match((await lore('bob', 'stats')).stdout, /^6 article\(s\)/);
  });

  it('exits 3 and says who holds the publishing lease while changes wait, instead of "Published 0"', async () => {
    articles('ann', 1);
    assert.equal((await lore('ann', 'sync', '--team-folder', team, '--create')).code, 0);
    const store = LoreStore.open(path.join(dir, 'ann.db'), { driver: loadSqliteDriver(), author: 'ann' });
    assert.ok(new FlushLease(store, systemClock, 'killed-lore-sync', 180_000, 'lore sync (process 4242)').acquire());
    store.createArticle({ title: 'Waiting' });
    store.close();
    const run = await lore('ann', 'sync', '--team-folder', team);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /1 change is waiting to be shared: lore sync \(process 4242\), another Lore window or process on this machine, is publishing/);
  });

  it('prints changes set aside as "Set aside:" lines on every sync, and they alone do not fail it', async () => {
    articles('ann', 1);
    assert.equal((await lore('ann', 'sync', '--team-folder', team, '--create')).code, 0);
    assert.equal((await lore('bob', 'sync', '--team-folder', team, '--join')).code, 0);
    const store = LoreStore.open(path.join(dir, 'ann.db'), { driver: loadSqliteDriver(), author: 'ann' });
    const seq = Number(store.getMeta('seq') ?? '0') + 1;
    const event = sealEvent({
      entity: 'article', entityId: 'badstatus', device: store.deviceId, seq, author: 'ann', hlc: formatHlc({ ms: Date.now(), counter: 1 }),
      changes: { title: 'Bad', body: '', tags: [], team: null, status: 'evil', visibility: 'team', author: 'ann', createdAt: new Date().toISOString() }, prev: {},
    });
    store.db.transaction(() => {
      store.setMeta('seq', String(seq));
      insertEvent(store.db, event, { local: true, private: false });
    });
    store.close();
    assert.equal((await lore('ann', 'sync', '--team-folder', team)).code, 0);
    for (let i = 0; i < 2; i++) {
      const run = await lore('bob', 'sync', '--team-folder', team);
      assert.match(run.stderr, /Set aside: a change from ann's device \([0-9a-f]{8}\) \(lore\/devices\/.*line 2\): .*status/, run.stderr);
      assert.doesNotMatch(run.stderr, /Problem:/);
      assert.equal(run.code, 0, run.stderr);
    }
  });
});
