import { strict as assert } from 'node:assert';
import { canonicalJson, sha256Hex } from '../../../src/core/hash';
import { eventId } from '../../../src/core/store/events';
import { generateDeviceKeyPair } from '../../../src/core/sync/deviceKeys';
import { encodeDeviceFile } from '../../../src/core/sync/folderFiles';
import { encodeSignedLog, parseSignedLog } from '../../../src/core/sync/signedLog';
import { describeVerifyProblem, verifyTeamFolder } from '../../../src/core/sync/verifyTeamFolder';
import { FOLDER, syncAll, team } from './syncTestKit';

/** Ann publishes three segments; Bob reads them all and publishes one that cites Ann's head. */
async function folder() {
  const { fs, replicas } = await team(['Ann', 'Bob']);
  const [ann, bob] = replicas;
  for (let i = 0; i < 3; i++) {
    ann.store.createArticle({ title: `Ann ${i}`, body: `body ${i}` });
    await ann.engine.syncNow();
  }
  await bob.engine.syncNow();
  bob.store.createArticle({ title: 'Bob cites Ann' });
  await syncAll(replicas);
  const annSegments = fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).filter((f) => f.endsWith('.ndjson'));
  assert.equal(annSegments.length, 3);
  const rel = (p: string) => p.slice(FOLDER.length + 1);
  return { fs, ann, bob, annSegments, rel };
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('Verify Team Folder finds tampering (fault test 10)', () => {
  it('reports an intact folder as intact', async () => {
    const { fs, ann } = await folder();
    const report = await verifyTeamFolder(fs, FOLDER);
    assert.ok(report.ok, JSON.stringify(report.problems));
    assert.equal(report.devices, 2);
    assert.equal(report.segments, 4);
    // Keys taken from the folder alone are not proof: never "intact" without a database's pinned keys.
    assert.match(report.summary, /No problems found in what could be checked \(2 devices, 4 segments/);
    assert.match(report.unchecked.join('\n'), /keys were taken from the folder itself/);
    const pinned = await ann.engine.verify();
    assert.ok(pinned.ok);
    assert.match(pinned.summary, /intact: 2 devices, 4 segments/);
  });

  it('an edited event: names the file and the line', async () => {
    const { fs, annSegments, rel } = await folder();
    const file = annSegments[1];
    fs.putFile(file, text(fs.getFile(file)!).replace('"title":"Ann 1"', '"title":"Ann 1 (edited)"'));
    const report = await verifyTeamFolder(fs, FOLDER);
    assert.equal(report.ok, false);
    const messages = report.problems.filter((p) => p.file === rel(file)).map((p) => p.message).join('\n');
    assert.match(messages, /was altered or damaged: its content does not match its checksum/);
    assert.match(messages, /line 2: event [0-9a-f]{12}… was edited: .*does not match its content/);
  });

  it('an edited segment is one problem, with its path once (not also reported as missing)', async () => {
    const { fs, annSegments, rel } = await folder();
    const file = annSegments[1];
    fs.putFile(file, text(fs.getFile(file)!).replace('"title":"Ann 1"', '"title":"Ann 1 (edited)"'));
    const report = await verifyTeamFolder(fs, FOLDER);
    assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
    const [problem] = report.problems;
    assert.equal(problem.file, rel(file));
    assert.equal(problem.message.split(rel(file)).length - 1, 1, problem.message);
    assert.match(problem.message, /was altered or damaged/);
    assert.match(problem.message, /line 2: event [0-9a-f]{12}… was edited/);
    assert.match(report.summary, /has 1 problem /);
    assert.equal(describeVerifyProblem(problem), problem.message, 'the printed line names the file once');
  });

  it('an edited event with a recomputed checksum: the signature gives it away', async () => {
    const { fs, annSegments, rel } = await folder();
    const file = annSegments[1];
    const parsed = parseSignedLog(fs.getFile(file)!);
    assert.ok(parsed.ok);
    const lines = text(fs.getFile(file)!).split('\n');
    const event = JSON.parse(lines[1]);
    event.changes.title = 'Ann 1 (forged)';
    event.id = eventId(event); // a consistent event: only the signature can tell
    lines[1] = canonicalJson(event);
    const content = lines.slice(0, -2).join('\n') + '\n';
    const end = JSON.parse(lines[lines.length - 2]);
    end.sha256 = sha256Hex(content);
    fs.putFile(file, content + canonicalJson(end) + '\n');
    const report = await verifyTeamFolder(fs, FOLDER);
    assert.ok(report.problems.some((p) => p.file === rel(file) && /signature does not match the key of device/.test(p.message)), JSON.stringify(report.problems));
  });

  it('a removed middle segment', async () => {
    const { fs, ann, annSegments, rel } = await folder();
    fs.deleteFile(annSegments[1]);
    const report = await verifyTeamFolder(fs, FOLDER);
    const problem = report.problems.find((p) => /Segment 2 of device .* is missing/.test(p.message));
    assert.ok(problem, JSON.stringify(report.problems));
    assert.equal(problem.file, rel(annSegments[2]));
    assert.equal(problem.device, ann.store.deviceId);
  });

  it('a cut-off tail: the last segment removed, noticed through the head Bob cited', async () => {
    const { fs, ann, annSegments } = await folder();
    fs.deleteFile(annSegments[2]);
    const report = await verifyTeamFolder(fs, FOLDER);
    assert.ok(report.problems.some((p) => p.device === ann.store.deviceId && /cites segment 3 of device .* the folder ends at segment 2 \(its tail was cut off\)/.test(p.message)), JSON.stringify(report.problems));
  });

  it('a cut-off tail nobody cited yet: caught by the machine that remembers reading it', async () => {
    const { fs, ann } = await folder();
    ann.store.createArticle({ title: 'Ann 4' });
    await ann.engine.syncNow();
    const last = fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).find((f) => /\/00000004-/.test(f))!;
    fs.deleteFile(last);
    assert.ok((await verifyTeamFolder(fs, FOLDER)).ok, 'no other device had seen segment 4');
    const own = await ann.engine.verify();
    assert.ok(own.problems.some((p) => /This machine read segment 4 of device .* the folder ends at segment 3/.test(p.message)), JSON.stringify(own.problems));
  });

  it('a truncated last file', async () => {
    const { fs, annSegments, rel } = await folder();
    const file = annSegments[2];
    const bytes = fs.getFile(file)!;
    fs.putFile(file, bytes.subarray(0, bytes.byteLength - 30));
    const report = await verifyTeamFolder(fs, FOLDER);
    assert.ok(report.problems.some((p) => p.file === rel(file) && /is incomplete/.test(p.message)), JSON.stringify(report.problems));
  });

  it('a swapped key: DEVICE.json replaced', async () => {
    const { fs, ann } = await folder();
    const deviceFile = `${FOLDER}/lore/devices/${ann.store.deviceId}/DEVICE.json`;
    const forged = generateDeviceKeyPair();
    fs.putFile(deviceFile, encodeDeviceFile({ device: ann.store.deviceId, publicKey: forged.publicKey, author: 'Ann', created: '2026-01-01' }));
    const report = await verifyTeamFolder(fs, FOLDER);
    assert.ok(report.problems.some((p) => /None of the 3 segments of device .* match the key in its DEVICE.json: the key was probably replaced/.test(p.message)), JSON.stringify(report.problems));
  });

  it('a swapped key with every segment re-signed: caught by the key this machine pinned', async () => {
    const { fs, ann, bob, annSegments } = await folder();
    const forged = generateDeviceKeyPair();
    fs.putFile(`${FOLDER}/lore/devices/${ann.store.deviceId}/DEVICE.json`, encodeDeviceFile({ device: ann.store.deviceId, publicKey: forged.publicKey, author: 'Ann', created: '2026-01-01' }));
    for (const file of annSegments) {
      const parsed = parseSignedLog(fs.getFile(file)!);
      assert.ok(parsed.ok);
      fs.putFile(file, encodeSignedLog(parsed.log.header, parsed.log.lines.map((l) => JSON.parse(l)), forged.privateKey).bytes);
    }
    // Bob's segment vouches for Ann's real key: even without local knowledge the re-signing shows.
    const alone = await verifyTeamFolder(fs, FOLDER);
    assert.ok(alone.problems.some((p) => /vouches for another key of device/.test(p.message)), JSON.stringify(alone.problems));
    const report = await bob.engine.verify();
    assert.ok(report.problems.some((p) => /is not the key this machine saw first for device .*: the key was replaced/.test(p.message)), JSON.stringify(report.problems));
  });

  it('a bad signature', async () => {
    const { fs, annSegments, rel } = await folder();
    const file = annSegments[0];
    const lines = text(fs.getFile(file)!).split('\n');
    const end = JSON.parse(lines[lines.length - 2]);
    end.sig = Buffer.from(Buffer.from(end.sig, 'base64').map((b, i) => (i === 5 ? b ^ 1 : b))).toString('base64');
    lines[lines.length - 2] = canonicalJson(end);
    fs.putFile(file, lines.join('\n'));
    const report = await verifyTeamFolder(fs, FOLDER);
    assert.ok(report.problems.some((p) => p.file === rel(file) && /signature does not match/.test(p.message)), JSON.stringify(report.problems));
  });
});
