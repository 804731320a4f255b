import { strict as assert } from 'node:assert';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { verifyTeamFolder } from '../../../src/core/sync/verifyTeamFolder';
import { FOLDER, T0, allEventIds, openReplica, stateHash, syncAll } from './syncTestKit';

describe('A device id reused by a cloned machine (fault test 9)', () => {
  let dir: string;
  before(() => {
    dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'lore-clone-'));
  });
  after(() => nodeFs.rmSync(dir, { recursive: true, force: true }));

  it('detects the fork, keeps both branches, and moves both copies to new device ids', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp(FOLDER);
    const annFile = path.join(dir, 'ann.db');
    let ann = openReplica('Ann', fs, { file: annFile });
    const cy = openReplica('Cy', fs);
    await ann.engine.setUp(FOLDER, 'create');
    await cy.engine.setUp(FOLDER, 'join');
    ann.store.createArticle({ title: 'Before the copy' });
    await syncAll([ann, cy]);
    const oldId = ann.store.deviceId;

    // Ann's disk is imaged onto a second laptop: same database, same device id, same key.
    ann.store.close();
    const cloneFile = path.join(dir, 'clone.db');
    nodeFs.copyFileSync(annFile, cloneFile);
    ann = openReplica('Ann', fs, { file: annFile, clock: new ManualClock(T0 + 60_000) });
    const clone = openReplica('Ann', fs, { file: cloneFile, clock: new ManualClock(T0 + 60_000) });
    for (const r of [ann, clone]) r.engine.setFolder(FOLDER);
    assert.equal(clone.store.deviceId, oldId);

    const fromAnn = ann.store.createArticle({ title: 'Written on the original' }).id;
    const fromClone = clone.store.createArticle({ title: 'Written on the copy' }).id;
    const annFirst = await ann.engine.syncNow();
    // The copy syncs second: it already sees the original's segment under its own id.
    const cloneFirst = await clone.engine.syncNow();
    assert.equal(annFirst.deviceRenewed, undefined);
    assert.ok(cloneFirst.deviceRenewed);
    assert.ok(cloneFirst.warnings.some((w) => /Another machine was writing to the team folder as this one/.test(w)));

    const seen = await cy.engine.syncNow();
    assert.ok(seen.warnings.some((w) => /2 different histories from segment 2 on/.test(w)), seen.warnings.join('\n'));
    assert.ok(cy.store.getArticle(fromAnn) && cy.store.getArticle(fromClone), 'both branches are kept');
    assert.ok(!(await cy.engine.syncNow()).warnings.some((w) => /different histories/.test(w)), 'told once, not on every sync');

    const report = await verifyTeamFolder(fs, FOLDER);
    assert.ok(report.problems.some((p) => /different segments numbered 2 .*history forked/.test(p.message)), JSON.stringify(report.problems));

    // The original notices the copy on its next sync and also continues under a new id.
    const annSync = await ann.engine.syncNow();
    assert.ok(annSync.deviceRenewed);
    assert.notEqual(ann.store.deviceId, oldId);
    assert.notEqual(clone.store.deviceId, oldId);
    assert.notEqual(ann.store.deviceId, clone.store.deviceId);

    // From now on their changes no longer collide.
    ann.store.createArticle({ title: 'After renewal (original)' });
    clone.store.createArticle({ title: 'After renewal (copy)' });
    await syncAll([ann, clone, cy], 3);
    assert.equal(stateHash(ann.store), stateHash(cy.store));
    assert.equal(stateHash(clone.store), stateHash(cy.store));
    assert.deepEqual(allEventIds(ann.store), allEventIds(cy.store));
    assert.equal(cy.store.countArticles(), 5);
    const forksAfter = (await verifyTeamFolder(fs, FOLDER)).problems.filter((p) => /forked/.test(p.message));
    assert.equal(forksAfter.length, 1, 'only the old fork remains; the new ids do not fork');
    ann.store.close();
    clone.store.close();
  });
});
