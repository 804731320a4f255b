import { strict as assert } from 'node:assert';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/cli';
import { generateDeviceKeyPair } from '../../../src/core/sync/deviceKeys';
import { encodeDeviceFile, encodeFormatFile } from '../../../src/core/sync/folderFiles';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { createNodeSyncFs } from '../../../src/core/sync/nodeSyncFs';
import { encodeSegment } from '../../../src/core/sync/segmentFile';
import { encodeSignedLog, parseSignedLog } from '../../../src/core/sync/signedLog';
import { forgedEvent, plantDeviceCopy, plantForgedSnapshot, plantOldFormatSnapshot, showsForgery } from './hostileMember';
import { FOLDER, allEventIds, openReplica, stateHash, syncAll, team, type Replica } from './syncTestKit';

const who = (r: Replica) => ({ device: r.store.deviceId, author: r.name });
const segmentsOf = (fs: MemorySyncFs, r: Replica) => fs.allFiles(`${FOLDER}/lore/devices/${r.store.deviceId}`).filter((f) => f.endsWith('.ndjson')).sort();

/** Ann and Bob share a few articles; Mallory is a member too. */
async function teamWithMallory() {
  const { fs, replicas } = await team(['Ann', 'Bob', 'Mallory']);
  const [ann, bob, mallory] = replicas;
  for (let i = 0; i < 3; i++) {
    ann.store.createArticle({ title: `Ann ${i}` });
    bob.store.createArticle({ title: `Bob ${i}` });
    await syncAll(replicas, 1);
  }
  await syncAll(replicas);
  return { fs, ann, bob, mallory, replicas };
}

async function newMember(fs: MemorySyncFs, name = 'Newcomer') {
  const r = openReplica(name, fs);
  await r.engine.setUp(FOLDER, 'join');
  const summary = await r.engine.syncNow();
  return { r, summary };
}

describe('Sync a team can trust (issue 16: forged snapshots, planted keys, authorship, team races)', function () {
  this.timeout(60_000);

  it('1. a snapshot cannot assert what a device did not sign: forged events are not loaded and genuine segments are not skipped', async () => {
    const { fs, ann, bob, mallory } = await teamWithMallory();
    plantOldFormatSnapshot(fs, mallory, who(ann));
    plantForgedSnapshot(fs, mallory, who(bob), true);
    plantForgedSnapshot(fs, mallory, who(ann), false);
    const { r: cy, summary } = await newMember(fs);
    assert.ok(!showsForgery(cy), 'a forged event reached the new member');
    assert.deepEqual(allEventIds(cy.store), allEventIds(ann.store), 'the new member misses genuine changes');
    assert.equal(stateHash(cy.store), stateHash(ann.store));
    assert.ok(summary.warnings.some((w) => /^Security: snapshot .* (does not carry it|fail their devices' own checks)/.test(w)), summary.warnings.join('\n'));
    // A genuine snapshot is still used, and verify cross-checks what it carries.
    const written = await bob.engine.writeSnapshot();
    assert.ok('path' in written);
    const { r: dee, summary: deeFirst } = await newMember(fs, 'Dee');
    assert.equal(deeFirst.snapshotLoaded, written.path);
    assert.equal(stateHash(dee.store), stateHash(ann.store));
    const report = await ann.engine.verify();
    assert.ok(report.problems.some((p) => /cannot be trusted: it says it covers segment/.test(p.message)), JSON.stringify(report.problems));
    assert.ok(!report.problems.some((p) => p.file === written.path), 'the genuine snapshot is reported');
  });

  it('2a. keys come only from DEVICE.json: a planted conflicted copy is never trusted and is reported', async () => {
    const { fs, ann } = await teamWithMallory();
    plantDeviceCopy(fs, who(ann));
    const { r: cy, summary } = await newMember(fs);
    assert.ok(!showsForgery(cy), 'a segment signed with the planted key was accepted');
    // Bob's segments vouch for Ann's real key, so her genuine files are still read.
    assert.equal(stateHash(cy.store), stateHash(ann.store));
    assert.ok(summary.warnings.some((w) => /two device files with different keys|is not the key Lore saw first/.test(w)), summary.warnings.join('\n'));
    const report = await ann.engine.verify();
    assert.ok(report.problems.some((p) => /holds a different key than DEVICE\.json/.test(p.message)), JSON.stringify(report.problems));
  });

  it('2a (dispute). DEVICE.json replaced and the original kept as a copy, before anyone vouched for the key: a new member trusts neither and says so', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp(FOLDER);
    const ann = openReplica('Ann', fs);
    await ann.engine.setUp(FOLDER, 'create');
    ann.store.createArticle({ title: 'Ann\'s' });
    await ann.engine.syncNow();
    // Nobody has vouched for Ann's key yet. Mallory keeps Ann's device file as a "conflicted copy"
    // and writes her own key into DEVICE.json, with a segment signed by it.
    const dir = `${FOLDER}/lore/devices/${ann.store.deviceId}`;
    fs.putFile(`${dir}/DEVICE (conflicted copy).json`, fs.getFile(`${dir}/DEVICE.json`)!);
    const keys = generateDeviceKeyPair();
    fs.putFile(`${dir}/DEVICE.json`, encodeDeviceFile({ device: ann.store.deviceId, publicKey: keys.publicKey, author: 'Ann', created: '2026-03-01' }));
    const { bytes, hash } = encodeSegment({ device: ann.store.deviceId, number: 1, prev: null, created: '', acks: {}, events: [forgedEvent(ann.store.deviceId, 'Ann')] }, keys.privateKey);
    fs.putFile(`${dir}/2026-03/00000001-${hash.slice(0, 16)} (conflicted copy).ndjson`, bytes);
    const { r: cy, summary } = await newMember(fs);
    assert.ok(!showsForgery(cy), 'a segment signed with the planted key was accepted');
    assert.ok(summary.warnings.some((w) => /two device files with different keys .* trusts neither/.test(w)), summary.warnings.join('\n'));
  });

  it('2b. a device\'s history re-signed with a replaced key: a new member does not trust it, and a rewritten acknowledged segment is tampering, not waiting', async () => {
    const { fs, ann } = await teamWithMallory();
    const forged = generateDeviceKeyPair();
    const device = ann.store.deviceId;
    fs.putFile(`${FOLDER}/lore/devices/${device}/DEVICE.json`, encodeDeviceFile({ device, publicKey: forged.publicKey, author: 'Ann', created: '2026-01-01' }));
    const annFiles = segmentsOf(fs, ann);
    for (const file of annFiles) {
      const parsed = parseSignedLog(fs.getFile(file)!);
      assert.ok(parsed.ok);
      const lines = parsed.log.lines.map((l) => JSON.parse(l));
      if (file === annFiles[annFiles.length - 1]) lines.push(forgedEvent(device, 'Ann')); // her last segment, which Bob acknowledged
      fs.putFile(file, encodeSignedLog(parsed.log.header, lines, forged.privateKey).bytes);
    }
    const { r: cy, summary } = await newMember(fs);
    assert.ok(!showsForgery(cy), 'the re-signed history was accepted');
    assert.ok(summary.warnings.some((w) => /^Security: the key in .* is not the key device .* vouched for/.test(w)), summary.warnings.join('\n'));

    // Dee pins the forged key while the others' vouching segments are out of sight; when they arrive, it is an alarm.
    const hidden = fs.allFiles(`${FOLDER}/lore/devices`).filter((f) => f.endsWith('.ndjson') && !f.includes(device)).map((f) => [f, fs.getFile(f)!] as const);
    for (const [f] of hidden) fs.deleteFile(f);
    const { r: dee } = await newMember(fs, 'Dee');
    for (const [f, bytes] of hidden) fs.putFile(f, bytes);
    const later = await dee.engine.syncNow();
    assert.ok(!later.waitingFor.some((w) => w.device === device), `a rewritten segment is reported as waiting: ${JSON.stringify(later.waitingFor)}`);
    assert.ok(later.warnings.some((w) => /^Security: .*(with other content than the one here|by a different key)/.test(w)), later.warnings.join('\n'));
  });

  it('2c. lore verify --db checks keys against the database\'s pinned keys; without it, never says intact', async () => {
    const dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'lore-trust-'));
    try {
      const folder = path.join(dir, 'team');
      nodeFs.mkdirSync(folder);
      const ann = openReplica('Ann', createNodeSyncFs(), { file: path.join(dir, 'ann.db') });
      await ann.engine.setUp(folder, 'create');
      ann.store.createArticle({ title: 'Genuine' });
      await ann.engine.syncNow();
      ann.store.close();
      // Ann's device file and whole history re-signed with another key: consistent in itself.
      const forged = generateDeviceKeyPair();
      const deviceDir = path.join(folder, 'lore', 'devices', ann.store.deviceId);
      const deviceFile = JSON.parse(nodeFs.readFileSync(path.join(deviceDir, 'DEVICE.json'), 'utf8'));
      nodeFs.writeFileSync(path.join(deviceDir, 'DEVICE.json'), encodeDeviceFile({ ...deviceFile, publicKey: forged.publicKey }));
      for (const month of nodeFs.readdirSync(deviceDir).filter((n) => !n.endsWith('.json'))) {
        for (const name of nodeFs.readdirSync(path.join(deviceDir, month))) {
          const file = path.join(deviceDir, month, name);
          const parsed = parseSignedLog(nodeFs.readFileSync(file));
          assert.ok(parsed.ok);
          nodeFs.writeFileSync(file, encodeSignedLog(parsed.log.header, parsed.log.lines.map((l) => JSON.parse(l)), forged.privateKey).bytes);
        }
      }
      const run = async (...argv: string[]) => {
        let stdout = '';
        const code = await runCli(argv, { stdout: (t) => { stdout += t; }, stderr: () => undefined, env: {}, version: '0' });
        return { code, stdout };
      };
      const alone = await run('verify', folder);
      assert.doesNotMatch(alone.stdout, /intact/, 'verify said intact for keys it could not check');
      const withDb = await run('verify', folder, '--db', path.join(dir, 'ann.db'));
      assert.equal(withDb.code, 1, withDb.stdout);
      assert.match(withDb.stdout, /not the key this machine saw first/);
    } finally {
      nodeFs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('3. authors are shown as the signing device registered them, and a second device taking a member\'s name is flagged', async () => {
    const { fs, ann, bob, mallory } = await teamWithMallory();
    mallory.store.author = 'Ann'; // Mallory's device registered as "Mallory"
    const posing = mallory.store.createArticle({ title: 'Written by "Ann"' }).id;
    const thread = mallory.store.createThread({ anchor: { path: 'a.ts', range: { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 1 }, text: 'x', contextBefore: '', contextAfter: '', hash: 'h' }, kind: 'question', body: 'Hi from "Ann"' });
    await syncAll([mallory, bob]);
    assert.equal(bob.store.getArticle(posing)!.author, 'Mallory');
    assert.equal(bob.store.listThreads().find((t) => t.id === thread.id)!.author, 'Mallory');
    const impostor = openReplica('Ann', fs);
    await impostor.engine.setUp(FOLDER, 'join');
    impostor.store.createArticle({ title: 'From the second Ann' });
    await impostor.engine.syncNow();
    const summary = await bob.engine.syncNow();
    assert.ok(summary.warnings.some((w) => /registered as Ann, a name device .* already uses/.test(w)), summary.warnings.join('\n'));
    assert.equal(stateHash(bob.store), stateHash((await (async () => { await syncAll([ann, mallory, impostor]); await ann.engine.syncNow(); return ann; })()).store));
  });

  it('10. two people create the team at once in their own clones: the loser is told what to do, ignored meanwhile, and joins keeping their work', async () => {
    const winnerFs = new MemorySyncFs();
    const loserFs = new MemorySyncFs();
    const { replicas: [wendy] } = await team(['Wendy'], winnerFs);
    const { replicas: [lou] } = await team(['Lou'], loserFs);
    wendy.store.createArticle({ title: 'Wendy\'s' });
    const lous = lou.store.createArticle({ title: 'Lou\'s' }).id;
    await wendy.engine.syncNow();
    await lou.engine.syncNow();
    // Lou pulls: git merges the device folders and stops at FORMAT.json.
    const wendyFormat = winnerFs.getFile(`${FOLDER}/lore/FORMAT.json`)!;
    for (const file of winnerFs.allFiles(`${FOLDER}/lore/devices`)) loserFs.putFile(file, winnerFs.getFile(file)!);
    loserFs.putFile(`${FOLDER}/lore/FORMAT.json`, `<<<<<<< HEAD\n${Buffer.from(loserFs.getFile(`${FOLDER}/lore/FORMAT.json`)!).toString()}=======\n${Buffer.from(wendyFormat).toString()}>>>>>>> origin/main\n`);
    const conflicted = await lou.engine.syncNow();
    assert.match(conflicted.stopped!.reason, /created the Lore team at the same time/);
    assert.match(conflicted.stopped!.hint, /join/i);
    loserFs.putFile(`${FOLDER}/lore/FORMAT.json`, wendyFormat);
    const other = await lou.engine.syncNow();
    assert.equal(other.stopped!.code, 'other-team');
    assert.match(other.stopped!.hint, /created the team at the same time.*Join/);
    // Meanwhile Wendy's folder receives Lou's device files (Lou pushed them before resolving): ignored, with a clear message.
    for (const file of loserFs.allFiles(`${FOLDER}/lore/devices/${lou.store.deviceId}`)) winnerFs.putFile(file, loserFs.getFile(file)!);
    const meanwhile = await wendy.engine.syncNow();
    assert.equal(wendy.store.getArticle(lous), undefined, 'another team\'s changes were read');
    assert.ok(meanwhile.warnings.some((w) => /registered for another Lore team/.test(w)), meanwhile.warnings.join('\n'));
    // Lou joins Wendy's team: his work is published again, bound to her team.
    await lou.engine.setUp(FOLDER, 'join');
    const rejoined = await lou.engine.syncNow();
    assert.equal(rejoined.stopped, undefined);
    assert.ok(rejoined.published > 0);
    for (const file of winnerFs.allFiles(`${FOLDER}/lore/devices/${lou.store.deviceId}`)) winnerFs.deleteFile(file);
    for (const file of loserFs.allFiles(`${FOLDER}/lore/devices/${lou.store.deviceId}`)) winnerFs.putFile(file, loserFs.getFile(file)!);
    const after = await wendy.engine.syncNow();
    assert.equal(wendy.store.getArticle(lous)?.title, 'Lou\'s');
    assert.deepEqual(after.pending, []);
    assert.equal(stateHash(wendy.store), stateHash(lou.store));
  });

  it('10 (segments). a segment bound to another team is not read even when its device now registers for this one', async () => {
    const winnerFs = new MemorySyncFs();
    const loserFs = new MemorySyncFs();
    const { replicas: [wendy] } = await team(['Wendy'], winnerFs);
    const { replicas: [lou] } = await team(['Lou'], loserFs);
    const lous = lou.store.createArticle({ title: 'Lou\'s' }).id;
    await lou.engine.syncNow();
    const oldTeamFiles = loserFs.allFiles(`${FOLDER}/lore/devices/${lou.store.deviceId}`).filter((f) => f.endsWith('.ndjson'));
    const oldTeam = oldTeamFiles.map((f) => [f, loserFs.getFile(f)!] as const);
    // Lou joins Wendy's team: his work is published again, bound to her team, and his old files leave his folder.
    loserFs.putFile(`${FOLDER}/lore/FORMAT.json`, winnerFs.getFile(`${FOLDER}/lore/FORMAT.json`)!);
    await lou.engine.setUp(FOLDER, 'join');
    await lou.engine.syncNow();
    for (const file of loserFs.allFiles(`${FOLDER}/lore/devices/${lou.store.deviceId}`)) winnerFs.putFile(file, loserFs.getFile(file)!);
    // A stale copy (a cloud drive, an old clone) brings the old-team segments back beside the new ones.
    for (const [file, bytes] of oldTeam) if (!winnerFs.getFile(file)) winnerFs.putFile(file, bytes);
    assert.ok(oldTeam.some(([file]) => !loserFs.getFile(file)), 'the old-team files differ from the new ones');
    const summary = await wendy.engine.syncNow();
    assert.equal(wendy.store.getArticle(lous)?.title, 'Lou\'s');
    assert.ok(oldTeam.every(([file]) => summary.pending.some((p) => file.endsWith(p.path) && /belongs to another Lore team/.test(p.reason))), JSON.stringify(summary.pending));
    assert.deepEqual(summary.alarms, []);
    assert.ok(!summary.warnings.some((w) => /Security|forked|copied/i.test(w)), summary.warnings.join('\n'));
  });

  it('9 (names). lore verify escapes terminal sequences in names from the folder', async () => {
    const dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'lore-trust-'));
    try {
      nodeFs.mkdirSync(path.join(dir, 'lore', 'devices', '\u001b[2Jevil\u009b31m'), { recursive: true });
      nodeFs.writeFileSync(path.join(dir, 'lore', 'FORMAT.json'), encodeFormatFile('team1', '2026-01-01'));
      let stdout = '';
      await runCli(['verify', dir], { stdout: (t) => { stdout += t; }, stderr: () => undefined, env: {}, version: '0' });
      assert.match(stdout, /not named like a device/);
      assert.doesNotMatch(stdout, /[\u001b\u009b]/, 'a terminal escape sequence reached the terminal');
    } finally {
      nodeFs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
