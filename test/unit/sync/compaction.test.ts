import { strict as assert } from 'node:assert';
import { FOLDER, allEventIds, openReplica, stateHash, syncAll, team } from './syncTestKit';

const DAY = 24 * 3_600_000;
const BODY = ['# Onboarding', 'Install Node 20.', '', 'Clone the repository.', '', 'Run npm install.', '', 'Ask Ann for access.'].join('\n');

describe('Snapshots, a compaction race and a device back after months (fault test 12)', function () {
  this.timeout(30_000);

  it('loses nothing: new members start from a snapshot and converge with everyone', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob', 'Cy']);
    const [ann, bob, cy] = replicas;
    const onboarding = ann.store.createArticle({ title: 'Onboarding', body: BODY, tags: ['team'] }).id;
    for (let i = 0; i < 8; i++) {
      replicas[i % 3].store.createArticle({ title: `Note ${i}`, body: `Body ${i}` });
      await syncAll(replicas, 1);
    }
    await syncAll(replicas);

    // Cy goes on leave with unsynced edits to an old article.
    cy.store.updateArticle(onboarding, { body: BODY.replace('Install Node 20.', 'Install Node 20 (use nvm).') });
    cy.store.updateArticle(onboarding, { title: 'Onboarding (Cy\'s notes)' });
    const cyNote = cy.store.createArticle({ title: 'Written on leave' }).id;

    // Meanwhile the team edits the same article, and two machines compact at the same time.
    bob.store.updateArticle(onboarding, { body: BODY.replace('Ask Ann for access.', 'Ask Bob for access.') });
    ann.store.updateArticle(onboarding, { title: 'Onboarding guide' });
    await bob.engine.syncNow();
    const snapA = await ann.engine.writeSnapshot(); // Ann has not read Bob's edit yet
    await ann.engine.syncNow();
    const snapB = await bob.engine.writeSnapshot(); // Bob has read Ann's
    assert.ok('path' in snapA && 'path' in snapB && snapA.path !== snapB.path);
    assert.ok(snapB.covers > snapA.covers);
    bob.store.createArticle({ title: 'After the snapshots' });
    await syncAll([ann, bob]);
    // Bob's snapshot carries everything Ann's did, and more: Ann removes hers.
    assert.deepEqual(fs.allFiles(`${FOLDER}/lore/snapshots`), [`${FOLDER}/${snapB.path}`]);

    // A new member starts from the snapshot that covers most, then reads only newer segments.
    const dee = openReplica('Dee', fs, { engine: { batchEvents: 7 } }); // the snapshot is applied in several transactions
    await dee.engine.setUp(FOLDER, 'join');
    const deeFirst = await dee.engine.syncNow();
    assert.equal(deeFirst.snapshotLoaded, snapB.path);
    assert.ok(deeFirst.filesRead < 5, `read ${deeFirst.filesRead} files`);
    assert.deepEqual(allEventIds(dee.store), allEventIds(bob.store));
    assert.equal(stateHash(dee.store), stateHash(bob.store));

    // Cy comes back four months later (clock far ahead of the others' last stamps).
    cy.clock.advance(120 * DAY);
    const back = await cy.engine.syncNow();
    assert.ok(back.published >= 3 && back.ingested > 0);
    await syncAll([ann, bob, cy, dee], 2);

    // A member joining after Cy's return starts from the older snapshots and still converges.
    const eve = openReplica('Eve', fs);
    await eve.engine.setUp(FOLDER, 'join');
    await eve.engine.syncNow();
    const everyone = [ann, bob, cy, dee, eve];
    const hash = stateHash(ann.store);
    for (const r of everyone) assert.equal(stateHash(r.store), hash, `${r.name} differs`);
    for (const r of everyone) assert.deepEqual(allEventIds(r.store), allEventIds(ann.store));

    // Nothing Cy did on leave was lost: merged, won, or kept as a conflict version.
    const article = eve.store.getArticle(onboarding)!;
    assert.match(article.body, /use nvm/);
    assert.match(article.body, /Ask Bob for access/);
    const titles = [article.title, ...eve.store.getConflicts(onboarding).filter((c) => c.field === 'title').flatMap((c) => c.versions.map((v) => v.value))];
    assert.ok(titles.includes('Onboarding (Cy\'s notes)') && titles.includes('Onboarding guide'), titles.join(' | '));
    assert.ok(eve.store.getArticle(cyNote));
  });

  it('falls back to reading every segment when the snapshot is damaged', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    for (let i = 0; i < 4; i++) ann.store.createArticle({ title: `A${i}` });
    await syncAll(replicas);
    const snap = await ann.engine.writeSnapshot();
    assert.ok('path' in snap);
    const file = `${FOLDER}/${snap.path}`;
    fs.putFile(file, fs.getFile(file)!.subarray(0, 40));
    const cy = openReplica('Cy', fs);
    await cy.engine.setUp(FOLDER, 'join');
    const summary = await cy.engine.syncNow();
    assert.equal(summary.snapshotLoaded, undefined);
    assert.ok(summary.pending.some((p) => p.path === snap.path && /unzipped/.test(p.reason)), JSON.stringify(summary.pending));
    assert.equal(cy.store.countArticles(), 4);
    assert.equal(stateHash(cy.store), stateHash(bob.store));
    assert.deepEqual((await cy.engine.syncNow()).pending, [], 'once started, the damaged snapshot no longer matters');
  });

  it('writes snapshots by itself after enough segments, not again until there are enough new ones, and drops its own older one', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob'], undefined, { snapshotEverySegments: 6 });
    const [ann, bob] = replicas;
    const snapshots = () => fs.allFiles(`${FOLDER}/lore/snapshots`);
    const written: string[] = [];
    for (let i = 0; i < 30; i++) {
      ann.store.createArticle({ title: `S${i}` });
      const summary = await ann.engine.syncNow();
      if (summary.snapshotWritten) written.push(summary.snapshotWritten);
      assert.ok(snapshots().length <= 1, 'Ann keeps only her newest snapshot');
    }
    assert.ok(written.length >= 2 && written.length <= 5, `wrote ${written.length} snapshots for 30 segments`);
    assert.equal(snapshots()[0], `${FOLDER}/${written[written.length - 1]}`);
    // Bob sees Ann's recent snapshot and does not write his own.
    const bobSync = await bob.engine.syncNow();
    assert.equal(bobSync.snapshotWritten, undefined);
    assert.equal(snapshots().length, 1);
  });
});
