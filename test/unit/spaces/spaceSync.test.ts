import { strict as assert } from 'node:assert';
import { gunzipSync } from 'node:zlib';
import { approveJoin, createSpace, joinRequestSafetyNumber, listSpaces, requestToJoin, rotateSpace, type SpaceActionContext } from '../../../src/core/spaces/spaceActions';
import { SyncLedger } from '../../../src/core/sync/syncLedger';
import type { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { loadSpaces } from '../../../src/core/spaces/spaceFolder';
import { spaceCodec } from '../../../src/core/spaces/spaceCodec';
import { encodeSignedLog, parseSignedLog } from '../../../src/core/sync/signedLog';
import { verifyTeamFolder } from '../../../src/core/sync/verifyTeamFolder';
import { parseDeviceFile } from '../../../src/core/sync/folderFiles';
import { deviceFilePath } from '../../../src/core/sync/teamFolderLayout';
import { FOLDER, anchorAt, openReplica, syncAll, team, type Replica } from '../sync/syncTestKit';

/** A device's view for `lore space …` actions, on the replica's own database. */
function actions(r: Replica): SpaceActionContext {
  return { fs: r.fs, root: FOLDER, store: r.store, ledger: new SyncLedger(r.store, r.clock), now: () => r.clock.now() };
}

/** Ann creates space "security"; Bob asks to join and Ann approves; Eve is never asked in. */
async function securitySpace(): Promise<{ fs: MemorySyncFs; ann: Replica; bob: Replica; eve: Replica; space: string }> {
  const { fs, replicas } = await team(['ann', 'bob', 'eve']);
  const [ann, bob, eve] = replicas;
  await syncAll(replicas);
  const { space } = await createSpace(actions(ann), 'security');
  await syncAll(replicas);
  const request = await requestToJoin(actions(bob), space);
  await syncAll(replicas);
  const approved = await approveJoin(actions(ann), space, 'bob');
  assert.equal(approved.safetyNumber, request.safetyNumbers.find((s) => s.device === ann.store.deviceId)?.number, 'both machines show the same safety number');
  await syncAll(replicas);
  return { fs, ann, bob, eve, space };
}

const MARKER = 'Zqx7Marker';

/** A tiny PNG-looking image that carries the marker in its bytes. */
function markedImage(): Uint8Array {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`IHDR ${MARKER} pixels`)]);
}

/** Every file in the folder as text, unzipped where it is gzip. */
function folderTexts(fs: MemorySyncFs): Array<{ path: string; text: string }> {
  return fs.allFiles(FOLDER).map((path) => {
    let data = Buffer.from(fs.getFile(path)!);
    if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
    return { path, text: data.toString('latin1') };
  });
}

describe('Encrypted spaces in sync (issue 15)', function () {
  this.timeout(60_000);

  it('a non-member with every file of the folder finds the marker of realistic use in a space nowhere, while a member reads it all', async () => {
    const { fs, ann, bob, eve } = await securitySpace();
    const image = ann.store.putImage(markedImage(), 'image/png');
    const article = ann.store.createArticle({
      title: `Incident ${MARKER} write-up`, body: `Root cause: ${MARKER} leaked.\n\n![diagram](lore-image:${image})`, tags: [`tag-${MARKER.toLowerCase()}`], status: 'published',
    });
    ann.store.addSnippet(article.id, { code: `const secret = "${MARKER}";`, anchor: { ...anchorAt(`src/${MARKER}/keys.ts`), text: `const secret = "${MARKER}";\n` } });
    const note = ann.store.createThread({ anchor: anchorAt(`src/${MARKER}/auth.ts`), kind: 'question', body: `Why does ${MARKER} skip the check?` });
    await syncAll([ann, bob, eve]);
    bob.store.addComment(note.id, `Because ${MARKER} is trusted.`);
    bob.store.voteOnArticle(article.id, { helpful: false, reason: 'outdated', comment: `${MARKER} changed` });
    bob.store.addDiscussionComment(article.id, `Follow-up on ${MARKER}`);
    ann.store.createPath({ title: `Onboarding ${MARKER}`, steps: [] });
    await syncAll([ann, bob, eve], 3);

    // The member reads everything, the image included.
    assert.equal(bob.store.getArticle(article.id)?.title, `Incident ${MARKER} write-up`);
    assert.ok(bob.store.getImage(image), 'the member fetched and opened the encrypted image');
    assert.ok(ann.store.getThread(note.id)?.comments.some((c) => c.body.includes(MARKER)), 'the comment reached Ann');
    // The non-member has none of it, and is told it is locked.
    assert.equal(eve.store.getArticle(article.id), undefined);
    assert.equal(eve.store.getThread(note.id), undefined);
    assert.ok((await eve.engine.syncNow()).locked?.length, 'the non-member is told that changes of a space are locked');

    const files = folderTexts(fs);
    assert.ok(files.some((f) => f.path.includes('/lore/blobs/')), 'the image was written to the folder');
    // Each device publishes its X25519 key beside its signing key; the private halves stay home.
    for (const r of [ann, bob, eve]) {
      const keys = new SyncLedger(r.store, r.clock).boxKeysFor(r.store.deviceId);
      const registered = parseDeviceFile(fs.getFile(deviceFilePath(FOLDER, r.store.deviceId))!);
      assert.equal(typeof registered === 'string' ? registered : registered.boxKey, keys.publicKey);
      assert.ok(!files.some((f) => f.text.includes(keys.privateKey)), 'no private key is in the folder');
    }
    const found = files.filter((f) => f.text.includes(MARKER) || f.text.includes(MARKER.toLowerCase()));
    assert.deepEqual(found.map((f) => f.path), [], 'no file in the folder holds the marker');
  });

  it('a device removed from the space cannot read what is written after, and the others still do', async () => {
    const { ann, bob, eve, space } = await securitySpace();
    ann.store.createArticle({ title: 'Before removal', body: 'Bob may read this.', status: 'published' });
    await syncAll([ann, bob, eve]);
    assert.ok(bob.store.listArticles().some((a) => a.title === 'Before removal'));
    await rotateSpace(actions(ann), space, [bob.store.deviceId]);
    await syncAll([ann, bob, eve]);
    const after = ann.store.createArticle({ title: 'After removal', body: 'Not for Bob.', status: 'published' });
    await syncAll([ann, bob, eve]);
    assert.equal(bob.store.getArticle(after.id), undefined, 'the removed device cannot open what was written after its removal');
    assert.ok(bob.store.listArticles().some((a) => a.title === 'Before removal'), 'it keeps what it had');
    const summary = await bob.engine.syncNow();
    assert.ok(summary.locked?.some((l) => l.space === space), 'it is told those changes are locked');
  });

  it('a requester reads the history written before it was approved once it is approved', async () => {
    const { replicas } = await team(['ann', 'carol']);
    const [ann, carol] = replicas;
    await syncAll(replicas);
    const { space } = await createSpace(actions(ann), 'platform');
    const early = ann.store.createArticle({ title: 'Written before Carol joined', body: 'History.', status: 'published' });
    await syncAll(replicas);
    assert.equal(carol.store.getArticle(early.id), undefined);
    await requestToJoin(actions(carol), space);
    const waiting = carol.store.createArticle({ title: 'Carol waits', body: 'Not shared before approval.', status: 'published' });
    const pending = await carol.engine.syncNow();
    assert.ok(pending.warnings.some((w) => /asked to join space/.test(w)), 'her changes wait while the request is pending');
    await syncAll(replicas);
    assert.equal(ann.store.getArticle(waiting.id), undefined, 'nothing of hers was published unencrypted meanwhile');
    await approveJoin(actions(ann), space, 'carol');
    await syncAll(replicas, 3);
    assert.equal(carol.store.getArticle(early.id)?.title, 'Written before Carol joined');
    assert.equal(ann.store.getArticle(waiting.id)?.title, 'Carol waits');
  });

  it('a sealed segment whose ciphertext was changed (and signed again by its device) is rejected, reported by sync and by lore verify', async () => {
    const { fs, ann, bob, space } = await securitySpace();
    const article = ann.store.createArticle({ title: 'Tampered', body: 'Must not arrive changed.', status: 'published' });
    await ann.engine.syncNow();
    const segment = fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).filter((f) => f.endsWith('.ndjson')).pop()!;
    const parsed = parseSignedLog(fs.getFile(segment)!);
    assert.ok(parsed.ok && parsed.log.header.space === space, 'Ann wrote a segment sealed for the space');
    const line = JSON.parse(parsed.log.lines[0]) as { data: string; type: string };
    const data = Buffer.from(line.data, 'base64');
    data[data.length - 20] ^= 0x01;
    // Signed again with Ann's own key: only the encryption can tell (a writer bug or a hostile member).
    const { bytes } = encodeSignedLog(parsed.log.header, [{ ...line, data: data.toString('base64') }], new SyncLedger(ann.store, ann.clock).keysFor(ann.store.deviceId).privateKey);
    fs.putFile(segment, bytes);

    const summary = await bob.engine.syncNow();
    assert.equal(bob.store.getArticle(article.id), undefined, 'nothing of it is applied');
    const rel = segment.slice(FOLDER.length + 1);
    assert.match(summary.pending.find((p) => p.path === rel)?.reason ?? '', /changed after it was written/);
    const ledger = new SyncLedger(bob.store, bob.clock);
    const report = await verifyTeamFolder(fs, FOLDER, { pinnedKeys: ledger.pinnedKeys(), codec: spaceCodec(await loadSpaces(fs, FOLDER, bob.store, ledger)) });
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.file === rel && /does not open with its key/.test(p.message)), JSON.stringify(report.problems));
  });

  it('a device that joins the team from a snapshot keeps the space\'s sealed segments locked, and reads them once approved', async () => {
    const { fs, replicas } = await team(['ann', 'bob']);
    const [ann, bob] = replicas;
    await syncAll(replicas);
    const { space } = await createSpace(actions(ann), 'security');
    const early = ann.store.createArticle({ title: `Early ${MARKER}`, body: 'Before the snapshot.', status: 'published' });
    await syncAll(replicas);
    const snapshot = await ann.engine.writeSnapshot();
    assert.ok('path' in snapshot, JSON.stringify(snapshot));
    await syncAll(replicas, 3);

    const carol = openReplica('carol', fs);
    await carol.engine.setUp(FOLDER, 'join');
    const joined = await carol.engine.syncNow();
    assert.ok(joined.snapshotLoaded, 'the new device started from the snapshot');
    assert.equal(carol.store.getArticle(early.id), undefined);
    assert.ok(joined.locked?.some((l) => l.space === space), 'the space\'s segments in the snapshot are locked for it');
    assert.deepEqual(folderTexts(fs).filter((f) => f.text.includes(MARKER)).map((f) => f.path), [], 'the snapshot, unzipped, holds no marker either');

    await requestToJoin(actions(carol), space);
    await syncAll([carol, ann]);
    await approveJoin(actions(ann), space, 'carol');
    await syncAll([ann, bob, carol], 3);
    assert.equal(carol.store.getArticle(early.id)?.title, `Early ${MARKER}`);
  });

  it('two members approving the same request at once admit the device once, and it reads the space', async () => {
    const { ann, bob, eve, space } = await securitySpace();
    const carol = openReplica('carol', ann.fs);
    await carol.engine.setUp(FOLDER, 'join');
    const article = ann.store.createArticle({ title: 'Shared in the space', body: 'For members.', status: 'published' });
    await syncAll([ann, bob, eve, carol]);
    await requestToJoin(actions(carol), space);
    await syncAll([carol, ann, bob]);
    // Neither has seen the other's approval: Bob's listing of the folder does not show Ann's yet.
    const annsRecords = `${FOLDER}/lore/spaces/${space}/${ann.store.deviceId}`;
    const before = new Set((ann.fs as MemorySyncFs).allFiles(annsRecords));
    const byAnn = await approveJoin(actions(ann), space, 'carol');
    const annsApproval = (ann.fs as MemorySyncFs).allFiles(annsRecords).filter((f) => !before.has(f));
    assert.equal(annsApproval.length, 1);
    (ann.fs as MemorySyncFs).hide(annsApproval[0]);
    const byBob = await approveJoin(actions(bob), space, 'carol');
    (ann.fs as MemorySyncFs).unhide();
    assert.notEqual(byAnn.safetyNumber, byBob.safetyNumber, 'each approver compares its own number with the requester');
    await syncAll([ann, bob, eve, carol], 3);
    assert.equal(carol.store.getArticle(article.id)?.title, 'Shared in the space');
    assert.equal(eve.store.getArticle(article.id), undefined);
    const listed = (await listSpaces(actions(ann))).find((s) => s.space === space)!;
    assert.deepEqual(listed.members.filter((m) => m.person === 'carol').length, 1, 'admitted once');
  });

  // VS Code shows the number first and approves only when the person says it matches.
  it('shows the approver, before approving, the safety number the requester sees, and writes nothing until approved', async () => {
    const { fs, replicas } = await team(['ann', 'bob']);
    const [ann, bob] = replicas;
    await syncAll(replicas);
    const { space } = await createSpace(actions(ann), 'security');
    await syncAll(replicas);
    const request = await requestToJoin(actions(bob), space);
    await syncAll(replicas);
    const files = fs.allFiles(FOLDER).length;
    const preview = await joinRequestSafetyNumber(actions(ann), space, bob.store.deviceId);
    assert.equal(preview.safetyNumber, request.safetyNumbers.find((s) => s.device === ann.store.deviceId)?.number, 'the number Bob compares');
    assert.equal(preview.person, 'bob');
    assert.equal(fs.allFiles(FOLDER).length, files, 'nothing written');
    assert.equal((await listSpaces(actions(ann))).find((s) => s.space === space)?.pending.length, 1, 'still waiting');
    const approved = await approveJoin(actions(ann), space, bob.store.deviceId);
    assert.equal(approved.safetyNumber, preview.safetyNumber);
  });
});
