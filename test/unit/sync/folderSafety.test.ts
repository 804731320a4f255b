import { strict as assert } from 'node:assert';
import { encodeFormatFile } from '../../../src/core/sync/folderFiles';
import { fsError } from '../../../src/core/sync/memorySyncFs';
import { FOLDER, stateHash, syncAll, team, type Replica } from './syncTestKit';

async function teamWithArticles() {
  const { fs, replicas } = await team(['Ann', 'Bob']);
  const [ann, bob] = replicas;
  for (let i = 0; i < 6; i++) ann.store.createArticle({ title: `Ann ${i}`, body: 'text' });
  bob.store.createArticle({ title: 'Bob 1' });
  await syncAll(replicas);
  assert.equal(bob.store.countArticles(), 7);
  return { fs, ann, bob };
}

function snapshotOf(r: Replica) {
  return { hash: stateHash(r.store), count: r.store.countArticles() };
}

describe('A folder that is unmounted, emptied, replaced or disconnected (fault test 4)', () => {
  it('stops with a clear message when the folder is not there, and writes nothing at the mount point', async () => {
    const { fs, bob } = await teamWithArticles();
    const before = snapshotOf(bob);
    bob.store.createArticle({ title: 'Written while unmounted' });
    fs.deleteTree(FOLDER);
    const summary = await bob.engine.syncNow();
    assert.match(summary.stopped!.reason, /is not there/);
    assert.match(summary.stopped!.hint, /mounted/);
    assert.equal(bob.engine.status.state, 'stopped');
    assert.equal(bob.store.countArticles(), before.count + 1);
    assert.deepEqual(fs.allFiles(), [], 'nothing may be written where the share should be mounted');
    assert.equal(bob.store.unpublishedEvents().length, 1, 'the change waits in the outbox');
  });

  it('stops when the folder was emptied (no lore/FORMAT.json), deleting nothing locally', async () => {
    const { fs, bob } = await teamWithArticles();
    const before = snapshotOf(bob);
    fs.deleteTree(`${FOLDER}/lore`);
    const summary = await bob.engine.syncNow();
    assert.match(summary.stopped!.reason, /no lore\/FORMAT\.json: it is empty, not mounted, or not a Lore team folder/);
    assert.deepEqual(snapshotOf(bob), before);
  });

  it('warns when files read before have vanished (the device folders emptied), deleting nothing', async () => {
    const { fs, bob } = await teamWithArticles();
    const before = snapshotOf(bob);
    fs.deleteTree(`${FOLDER}/lore/devices`);
    const summary = await bob.engine.syncNow();
    assert.equal(summary.stopped, undefined);
    assert.ok(summary.warnings.some((w) => /no longer in the team folder .*Nothing was deleted here/.test(w)), summary.warnings.join('\n'));
    assert.deepEqual(snapshotOf(bob), before);
    assert.deepEqual((await bob.engine.syncNow()).warnings, [], 'told once');
  });

  it('refuses another team\'s folder put in its place', async () => {
    const { fs, bob } = await teamWithArticles();
    const before = snapshotOf(bob);
    fs.deleteTree(`${FOLDER}/lore`);
    fs.putFile(`${FOLDER}/lore/FORMAT.json`, encodeFormatFile('someotherteam', '2026-01-01T00:00:00Z'));
    bob.store.createArticle({ title: 'Must not go to the other team' });
    const summary = await bob.engine.syncNow();
    assert.match(summary.stopped!.reason, /belongs to another Lore team/);
    assert.deepEqual(fs.allFiles(`${FOLDER}/lore/devices`), []);
    assert.equal(bob.store.countArticles(), before.count + 1);
  });

  it('survives the connection dropping in the middle of a scan, and catches up afterwards', async () => {
    const { fs, ann, bob } = await teamWithArticles();
    for (let i = 0; i < 5; i++) {
      ann.store.createArticle({ title: `Late ${i}` });
      await ann.engine.syncNow(); // one segment each
    }
    const before = snapshotOf(bob);
    for (const failAfter of [0, 1, 2, 3, 5, 8, 13]) {
      let ops = 0;
      let fired = false;
      fs.fault = (op) => {
        if ((op === 'list' || op === 'read' || op === 'stat') && ++ops > failAfter) {
          fired = true;
          return fsError(ops % 2 ? 'EIO' : 'ENOENT', op, '?');
        }
        return undefined;
      };
      const summary = await bob.engine.syncNow();
      assert.ok(bob.store.countArticles() >= before.count, `articles lost when the share dropped after ${failAfter} reads`);
      assert.ok(fired, `the connection was dropped after ${failAfter} reads (the scan reads more than that)`);
      assert.ok(summary.stopped || summary.warnings.length > 0 || summary.pending.length > 0, `the dropped connection after ${failAfter} reads went unreported`);
    }
    fs.fault = undefined;
    await bob.engine.syncNow();
    assert.equal(bob.store.countArticles(), before.count + 5);
    assert.equal(stateHash(bob.store), stateHash(ann.store));
  });
});
