import { strict as assert } from 'node:assert';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { fsError, MemorySyncFs, type FsOperation } from '../../../src/core/sync/memorySyncFs';
import { verifyTeamFolder } from '../../../src/core/sync/verifyTeamFolder';
import { FOLDER, T0, allEventIds, openReplica, stateHash } from './syncTestKit';

class Crash extends Error {}

const WRITE_OPS = new Set<FsOperation>(['create', 'write', 'sync', 'close', 'rename', 'syncDir', 'mkdir']);

/** Ann (database on disk) publishes three articles; the file system "loses power" at operation `crashAt`. */
async function runWithCrashAt(crashAt: number | undefined, dir: string): Promise<{ ops: number; ok: true }> {
  const fs = new MemorySyncFs();
  await fs.mkdirp(FOLDER);
  const dbFile = path.join(dir, `ann-${crashAt ?? 'clean'}.db`);
  const clock = new ManualClock(T0);
  let ann = openReplica('Ann', fs, { file: dbFile, clock });
  const bob = openReplica('Bob', fs);
  await ann.engine.setUp(FOLDER, 'create');
  await bob.engine.setUp(FOLDER, 'join');
  const ids = [0, 1, 2].map((i) => ann.store.createArticle({ title: `Article ${i}`, body: 'x'.repeat(200) }).id);

  let ops = 0;
  const seen: FsOperation[] = [];
  fs.fault = (op) => {
    ops++;
    seen.push(op);
    if (crashAt !== undefined && ops === crashAt) throw new Crash(`power cut at operation ${ops} (${op})`);
    return undefined;
  };
  const first = await ann.engine.syncNow();
  fs.fault = undefined;
  if (crashAt === undefined) return { ops, ok: true };
  if (WRITE_OPS.has(seen[crashAt - 1])) {
    assert.ok(first.warnings.length > 0 || first.stopped, `the crash at ${crashAt} (${seen[crashAt - 1]}) went unreported`);
  }

  // Power cut: unsynced bytes are lost, the process is gone; Ann's Lore starts again from its database.
  fs.crash();
  ann.store.close();
  clock.advance(5 * 60_000); // Lore starts again a few minutes later; the dead window's lease has expired
  ann = openReplica('Ann', fs, { file: dbFile, clock });
  ann.engine.setFolder(FOLDER);
  const again = await ann.engine.syncNow();
  assert.deepEqual(again.warnings, [], `after the crash at ${crashAt}: ${again.warnings.join('; ')}`);
  assert.equal(ann.store.unpublishedEvents().length, 0);

  const read = await bob.engine.syncNow();
  assert.equal(read.pending.length, 0, JSON.stringify(read.pending));
  for (const id of ids) assert.ok(bob.store.getArticle(id), `article lost after a crash at operation ${crashAt} (${seen[crashAt - 1]})`);
  assert.deepEqual(allEventIds(bob.store), allEventIds(ann.store));
  assert.equal(stateHash(bob.store), stateHash(ann.store));
  // Nothing written twice: one segment, no fork, a clean chain.
  const segments = fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).filter((f) => f.endsWith('.ndjson'));
  assert.equal(segments.length, 1, `after a crash at ${crashAt}: ${segments.join(', ')}`);
  const report = await verifyTeamFolder(fs, FOLDER);
  assert.ok(report.ok, report.problems.map((p) => p.message).join('\n'));
  ann.store.close();
  return { ops, ok: true };
}

describe('A crash at every step of writing (fault test 5)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'lore-crash-'));
  });
  after(() => nodeFs.rmSync(dir, { recursive: true, force: true }));

  it('loses nothing and applies nothing twice, wherever the power is cut', async () => {
    const { ops } = await runWithCrashAt(undefined, dir);
    assert.ok(ops > 10, `a publish takes ${ops} operations`);
    for (let crashAt = 1; crashAt <= ops; crashAt++) await runWithCrashAt(crashAt, dir);
  });

  it('leaves no half-written segment under its final name, and cleans its own temp files', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp(FOLDER);
    const ann = openReplica('Ann', fs);
    await ann.engine.setUp(FOLDER, 'create');
    ann.store.createArticle({ title: 'One' });
    fs.fault = (op) => (op === 'rename' ? fsError('EIO', 'rename', '?') : undefined);
    await ann.engine.syncNow();
    fs.crash();
    assert.deepEqual(fs.allFiles(`${FOLDER}/lore/devices`).filter((f) => f.endsWith('.ndjson')), []);
    fs.fault = undefined;
    await ann.engine.syncNow();
    assert.deepEqual(fs.allFiles(`${FOLDER}/lore/.staging`), []);
    assert.equal(fs.allFiles(`${FOLDER}/lore/devices`).filter((f) => f.endsWith('.ndjson')).length, 1);
  });

  it('recovers when Lore stops between writing a segment and recording it as published', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp(FOLDER);
    const ann = openReplica('Ann', fs);
    const bob = openReplica('Bob', fs);
    await ann.engine.setUp(FOLDER, 'create');
    await bob.engine.setUp(FOLDER, 'join');
    ann.store.createArticle({ title: 'Once only' });
    const markPublished = ann.store.markPublished.bind(ann.store);
    ann.store.markPublished = () => {
      throw new Crash('stopped before recording');
    };
    const first = await ann.engine.syncNow();
    assert.ok(first.warnings.some((w) => /stopped before recording/.test(w)));
    ann.store.markPublished = markPublished;
    await bob.engine.syncNow(); // Bob may read the file already; that is fine
    const second = await ann.engine.syncNow();
    assert.deepEqual(second.warnings, []);
    assert.equal(ann.store.unpublishedEvents().length, 0);
    assert.equal(fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).filter((f) => f.endsWith('.ndjson')).length, 1);
    await bob.engine.syncNow();
    assert.equal(bob.store.countArticles(), 1);
  });
});
