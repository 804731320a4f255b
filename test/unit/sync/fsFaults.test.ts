import { strict as assert } from 'node:assert';
import { fsError, MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { FOLDER, openReplica, stateHash, syncAll, team } from './syncTestKit';

describe('Refused renames, full disks and cloud placeholders (fault test 6)', () => {
  it('retries a rename refused with EPERM/EBUSY (antivirus) with growing pauses, then succeeds', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp(FOLDER);
    const pauses: number[] = [];
    const ann = openReplica('Ann', fs, { engine: { sleep: async (ms) => void pauses.push(ms) } });
    await ann.engine.setUp(FOLDER, 'create');
    ann.store.createArticle({ title: 'Held by antivirus' });
    let refusals = 0;
    fs.fault = (op) => (op === 'rename' && refusals++ < 6 ? fsError(refusals % 2 ? 'EPERM' : 'EBUSY', 'rename', '?') : undefined);
    const summary = await ann.engine.syncNow();
    assert.deepEqual(summary.warnings, []);
    assert.equal(summary.published, 1);
    assert.equal(pauses.length, 6);
    assert.ok(pauses.every((p, i) => i === 0 || p >= pauses[i - 1]), `pauses should grow: ${pauses.join(', ')}`);
  });

  it('gives up on a rename refused for over a minute, reports it, and publishes on a later sync', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp(FOLDER);
    let slept = 0;
    const ann = openReplica('Ann', fs, { engine: { sleep: async (ms) => void (slept += ms) } });
    await ann.engine.setUp(FOLDER, 'create');
    ann.store.createArticle({ title: 'Locked' });
    fs.fault = (op) => (op === 'rename' ? fsError('EPERM', 'rename', '?') : undefined);
    const summary = await ann.engine.syncNow();
    assert.ok(slept >= 60_000 && slept < 70_000, `waited ${slept} ms`);
    assert.ok(summary.warnings.some((w) => /could not be written.*access was refused \(EPERM\)/.test(w)), summary.warnings.join('\n'));
    assert.equal(ann.store.unpublishedEvents().length, 1);
    fs.fault = undefined;
    assert.equal((await ann.engine.syncNow()).published, 1);
  });

  it('reports a full disk (ENOSPC) in plain words and keeps the changes for the next sync', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    ann.store.createArticle({ title: 'Big one', body: 'x'.repeat(5000) });
    fs.fault = (op) => (op === 'write' ? fsError('ENOSPC', 'write', '?') : undefined);
    const summary = await ann.engine.syncNow();
    assert.ok(summary.warnings.some((w) => /disk is full \(ENOSPC\).*Free some space/.test(w)), summary.warnings.join('\n'));
    assert.equal(ann.engine.status.state, 'attention');
    assert.deepEqual(fs.allFiles(`${FOLDER}/lore/.staging`), [], 'the failed temp file is removed');
    fs.fault = undefined;
    await syncAll([ann, bob]);
    assert.equal(bob.store.countArticles(), 1);
  });

  it('reports placeholders that list but cannot be read yet by name, and reads them later', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob', 'Cy']);
    const [ann, bob, cy] = replicas;
    ann.store.createArticle({ title: 'In the cloud only' });
    bob.store.createArticle({ title: 'Local' });
    await syncAll([ann, bob], 1);
    const annFiles = fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).filter((f) => f.endsWith('.ndjson'));
    fs.fault = (op, path) => (op === 'read' && annFiles.includes(path) ? fsError('ETIMEDOUT', 'read', path) : undefined);
    const summary = await cy.engine.syncNow();
    assert.deepEqual(cy.store.listArticles().map((a) => a.title), ['Local']);
    assert.deepEqual(summary.pending.map((p) => p.path), annFiles.map((f) => f.slice(FOLDER.length + 1)));
    assert.match(summary.pending[0].reason, /not available on this machine yet \(ETIMEDOUT\); cloud placeholders/);
    fs.fault = undefined;
    const later = await cy.engine.syncNow();
    assert.equal(later.pending.length, 0);
    assert.equal(cy.store.countArticles(), 2);
    await syncAll(replicas);
    assert.equal(stateHash(cy.store), stateHash(ann.store));
  });
});
