import { strict as assert } from 'node:assert';
import { generateDeviceKeyPair } from '../../../src/core/sync/deviceKeys';
import { encodeSnapshot } from '../../../src/core/sync/snapshotFile';
import type { SyncFs } from '../../../src/core/sync/syncFs';
import { verifyTeamFolder } from '../../../src/core/sync/verifyTeamFolder';
import { plantForgedSnapshot, privateKeyOf, segmentsInFolder } from './hostileMember';
import { FOLDER, allEventIds, openReplica, stateHash, syncAll, team, type Replica } from './syncTestKit';

const DAY = 24 * 3_600_000;
const segmentsOf = (fs: { allFiles(prefix?: string): string[] }, r: Replica) => fs.allFiles(`${FOLDER}/lore/devices/${r.store.deviceId}`).filter((f) => f.endsWith('.ndjson'));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

async function publishSome(r: Replica, n: number, label = r.name): Promise<void> {
  for (let i = 0; i < n; i++) {
    r.store.createArticle({ title: `${label} ${i}`, body: `body ${i}` });
    await r.engine.syncNow();
  }
}

/** Everything a sync said that would worry a user about files gone from the folder. */
function worries(summary: { warnings: string[]; alarms: string[]; pending: unknown[]; waitingFor: unknown[] }): string[] {
  return [...summary.warnings, ...summary.alarms, ...summary.pending.map((p) => JSON.stringify(p)), ...summary.waitingFor.map((w) => JSON.stringify(w))];
}

describe('Compaction deletes old segments safely (issue 18)', function () {
  this.timeout(30_000);

  it('deletes a device\'s own segments only once a snapshot carries them and every active device has read them', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    await syncAll(replicas);
    await publishSome(ann, 3);
    assert.equal(segmentsOf(fs, ann).length, 3);
    await ann.engine.syncNow();
    assert.equal(segmentsOf(fs, ann).length, 3, 'no snapshot carries them yet');
    const snap = await ann.engine.writeSnapshot();
    assert.ok('path' in snap);
    await ann.engine.syncNow();
    assert.equal(segmentsOf(fs, ann).length, 3, 'Bob has not read them yet');

    const bobSync = await bob.engine.syncNow();
    assert.deepEqual(worries(bobSync), []);
    assert.ok(fs.hasFile(`${FOLDER}/lore/acks/${bob.store.deviceId}.json`), 'Bob acknowledges what he read');
    const annSync = await ann.engine.syncNow();
    assert.equal(annSync.compacted, 3);
    assert.equal(segmentsOf(fs, ann).length, 0);
    assert.ok(fs.hasFile(`${FOLDER}/${snap.path}`));

    // Nobody is alarmed, nobody writes the files again, Verify finds nothing missing.
    for (const r of replicas) {
      const summary = await r.engine.syncNow();
      assert.deepEqual(worries(summary), [], r.name);
      assert.deepEqual(summary.repaired, []);
    }
    assert.equal(segmentsOf(fs, ann).length, 0);
    const report = await bob.engine.verify();
    assert.ok(report.ok, JSON.stringify(report.problems));
    assert.equal(report.compacted, 3);
    assert.match(report.summary, /intact: .*3 compacted into snapshots/);

    // A new member gets everything from the snapshot and converges.
    const cy = openReplica('Cy', fs);
    await cy.engine.setUp(FOLDER, 'join');
    const first = await cy.engine.syncNow();
    assert.deepEqual(worries(first), []);
    assert.equal(cy.store.countArticles(), 3);
    assert.equal(stateHash(cy.store), stateHash(ann.store));
  });

  it('an active device that has not synced holds deletion back; one silent for more than 90 days does not, and catches up with nothing lost when it returns', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob', 'Cy']);
    const [ann, bob, cy] = replicas;
    await publishSome(ann, 2, 'early');
    await syncAll(replicas);
    // Cy goes away with unpublished changes, to an article of Ann's among them.
    const early = ann.store.db.all<{ id: string }>('SELECT id FROM articles ORDER BY title').map((r) => r.id);
    cy.store.updateArticle(early[0], { body: 'Cy rewrote this while away' });
    const cyNote = cy.store.createArticle({ title: 'Written while away' }).id;

    await publishSome(ann, 3, 'later');
    await bob.engine.syncNow();
    const snap = await ann.engine.writeSnapshot();
    assert.ok('path' in snap);
    for (const r of [ann, bob]) r.clock.advance(30 * DAY);
    await syncAll([ann, bob]);
    assert.equal(segmentsOf(fs, ann).length, 3, 'Cy, active 30 days ago, read the two early segments (deleted) but not the three later ones');

    for (const r of [ann, bob]) r.clock.advance(70 * DAY);
    await syncAll([ann, bob]);
    assert.equal(segmentsOf(fs, ann).length, 0, 'Cy, silent for 100 days, no longer holds deletion back');

    cy.clock.advance(100 * DAY);
    const back = await cy.engine.syncNow();
    assert.deepEqual(worries(back), []);
    assert.ok(back.published >= 2);
    await syncAll(replicas);
    for (const r of replicas) assert.deepEqual(allEventIds(r.store), allEventIds(ann.store), r.name);
    for (const r of replicas) assert.equal(stateHash(r.store), stateHash(ann.store), r.name);
    assert.equal(ann.store.getArticle(early[0])!.body, 'Cy rewrote this while away');
    assert.ok(ann.store.getArticle(cyNote));
    assert.ok((await ann.engine.verify()).ok);
  });

  it('a reader that listed a segment which is then deleted finds its events in the snapshot, with no error', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const annDir = `${FOLDER}/lore/devices/${ann.store.deviceId}/`;
    let race: (() => Promise<void>) | undefined;
    // Between Dee's listing of the folder and her reading of one of Ann's segments, Ann compacts.
    const racing: SyncFs = {
      list: (dir) => fs.list(dir),
      stat: async (path) => {
        if (race && path.startsWith(annDir) && path.endsWith('.ndjson')) {
          const run = race;
          race = undefined;
          await run();
        }
        return fs.stat(path);
      },
      readFile: (path) => fs.readFile(path),
      createExclusive: (path) => fs.createExclusive(path),
      rename: (a, b) => fs.rename(a, b),
      mkdirp: (d) => fs.mkdirp(d),
      remove: (p) => fs.remove(p),
      syncDir: (d) => fs.syncDir(d),
    };
    const dee = openReplica('Dee', racing);
    await dee.engine.setUp(FOLDER, 'join');
    await syncAll([ann, bob, dee]);
    await publishSome(ann, 3);
    await bob.engine.syncNow();
    // Dee was away for 100 days, so Ann does not wait for her.
    for (const r of [ann, bob, dee]) r.clock.advance(100 * DAY);
    let raced = false;
    race = async () => {
      assert.ok('path' in (await ann.engine.writeSnapshot()));
      await syncAll([bob, ann], 1);
      assert.equal(segmentsOf(fs, ann).length, 0, 'Ann deleted the segment Dee is about to read');
      raced = true;
    };
    const summary = await dee.engine.syncNow();
    assert.ok(raced);
    assert.deepEqual(worries(summary), []);
    assert.equal(summary.ingested, 3, 'all in the same sync');
    assert.deepEqual(allEventIds(dee.store), allEventIds(ann.store));
    assert.equal(stateHash(dee.store), stateHash(ann.store));
  });

  it('a hostile or broken snapshot makes nobody delete anything', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob', 'Mallory']);
    const [ann, bob, mallory] = replicas;
    await publishSome(ann, 3);
    await syncAll(replicas);
    // Forged segments "of" Ann, claiming her genuine ones too.
    plantForgedSnapshot(fs, mallory, { device: ann.store.deviceId, author: 'Ann' }, true);
    // Ann's genuine segments, byte for byte, but the covers list names one more it does not carry.
    const genuine = segmentsOf(fs, ann).map((f) => ({ text: text(fs.getFile(f)!) }));
    const covers = segmentsInFolder(fs).filter((c) => c.device === ann.store.deviceId);
    const { bytes, hash } = encodeSnapshot({ device: mallory.store.deviceId, created: '2026-03-01', covers: [...covers, { ...covers[0], number: 9, hash: 'f'.repeat(64) }], segments: genuine }, privateKeyOf(mallory));
    fs.putFile(`${FOLDER}/lore/snapshots/${hash}.ndjson.gz`, bytes);
    // The same genuine segments in a snapshot signed by a device nobody knows.
    const { bytes: b2, hash: h2 } = encodeSnapshot({ device: 'strangerdevice00000000000000000a', created: '2026-03-01', covers, segments: genuine }, generateDeviceKeyPair().privateKey);
    fs.putFile(`${FOLDER}/lore/snapshots/${h2}.ndjson.gz`, b2);
    await syncAll(replicas, 3);
    assert.equal(segmentsOf(fs, ann).length, 3);
    // Once an honest snapshot carries them, they go.
    assert.ok('path' in (await bob.engine.writeSnapshot()));
    await syncAll(replicas, 2);
    assert.equal(segmentsOf(fs, ann).length, 0);
  });

  it('of two snapshots carrying the same segments, written at once, exactly one stays', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    await publishSome(ann, 2);
    await publishSome(bob, 2);
    await syncAll(replicas);
    const a = await ann.engine.writeSnapshot();
    const b = await bob.engine.writeSnapshot();
    assert.ok('path' in a && 'path' in b && a.covers === b.covers && a.path !== b.path);
    await syncAll(replicas, 3);
    assert.equal(fs.allFiles(`${FOLDER}/lore/snapshots`).length, 1);
    assert.equal(segmentsOf(fs, ann).length + segmentsOf(fs, bob).length, 0);
    const cy = openReplica('Cy', fs);
    await cy.engine.setUp(FOLDER, 'join');
    await cy.engine.syncNow();
    assert.equal(stateHash(cy.store), stateHash(ann.store));
  });

  it('Verify still reports a segment that is gone and that no snapshot carries', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    await publishSome(ann, 2);
    await syncAll(replicas);
    const snap = await ann.engine.writeSnapshot();
    assert.ok('path' in snap);
    await syncAll(replicas);
    assert.equal(segmentsOf(fs, ann).length, 0);
    await publishSome(ann, 2, 'after');
    await bob.engine.syncNow();
    assert.equal(segmentsOf(fs, ann).length, 2, 'not carried yet');
    assert.ok((await bob.engine.verify()).ok);
    fs.deleteFile(segmentsOf(fs, ann)[0]); // segment 3, carried by no snapshot
    const report = await bob.engine.verify();
    assert.equal(report.ok, false);
    assert.match(report.problems.map((p) => p.message).join('\n'), /Segment 3 of device .* is missing from the team folder/);
    // And the snapshot itself removed: the compacted segments are missing too.
    fs.deleteFile(`${FOLDER}/${snap.path}`);
    const without = await bob.engine.verify();
    assert.match(without.problems.map((p) => p.message).join('\n'), /This machine read segment 2 of device .* that segment is no longer there/);
    assert.match((await verifyTeamFolder(fs, FOLDER)).problems.map((p) => p.message).join('\n'), /Segment 3 of device .* is missing/);
  });
});
