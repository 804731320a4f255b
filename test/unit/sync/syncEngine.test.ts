import { strict as assert } from 'node:assert';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { LoreError } from '../../../src/core/errors';
import { sealEvent } from '../../../src/core/store/events';
import { formatHlc } from '../../../src/core/hlc';
import { fsError, MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { encodeSegment } from '../../../src/core/sync/segmentFile';
import { setAsideNotices } from '../../../src/core/sync/setAsideText';
import { encodeDeviceFile, encodeFormatFile } from '../../../src/core/sync/folderFiles';
import { generateDeviceKeyPair } from '../../../src/core/sync/deviceKeys';
import type { SyncStatus } from '../../../src/core/sync/syncEngine';
import { FOLDER, T0, anchorAt, openReplica, stateHash, syncAll, team } from './syncTestKit';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 9, 9, 9]);
const folderText = (fs: MemorySyncFs) => fs.allFiles().map((f) => Buffer.from(fs.getFile(f)!).toString('utf8')).join('\n');

describe('Team-folder sync: the engine', () => {
  it('shares articles, edits and images between two machines, and the folder verifies', async () => {
    const { replicas: [ann, bob], fs } = await team(['Ann', 'Bob']);
    const image = ann.store.putImage(PNG, 'image/png');
    const article = ann.store.createArticle({ title: 'Caching rules', body: `Use the LRU.\n![lru](lore-image:${image})`, tags: ['cache'] });
    const s1 = await ann.engine.syncNow();
    assert.equal(s1.published, 1);
    assert.ok(fs.hasFile(`${FOLDER}/lore/blobs/${image.slice(0, 2)}/${image}`), 'the image is published with the article');
    const s2 = await bob.engine.syncNow();
    assert.equal(s2.ingested, 1);
    assert.equal(bob.store.getArticle(article.id)?.title, 'Caching rules');
    assert.deepEqual(bob.store.getImage(image)?.data, PNG);
    bob.store.updateArticle(article.id, { body: `Use the LRU.\nEvict after 5 minutes.\n![lru](lore-image:${image})` });
    await syncAll([bob, ann]);
    assert.match(ann.store.getArticle(article.id)!.body, /Evict after 5 minutes/);
    assert.equal(stateHash(ann.store), stateHash(bob.store));
    const report = await ann.engine.verify();
    assert.ok(report.ok, JSON.stringify(report.problems));
    assert.match(Buffer.from(fs.getFile(`${FOLDER}/lore/.gitattributes`)!).toString(), /^\* -text$/m);
  });

  it('reports status changes for the status bar', async () => {
    const { replicas: [ann] } = await team(['Ann']);
    const states: SyncStatus['state'][] = [];
    ann.engine.onDidChangeStatus((s) => states.push(s.state));
    ann.store.createArticle({ title: 'One' });
    const summary = await ann.engine.syncNow();
    assert.deepEqual(states, ['syncing', 'idle']);
    assert.equal(ann.engine.status.message, 'Synced: 1 change shared');
    assert.equal(ann.engine.status.lastSummary, summary);
  });

  it('runs one sync at a time: overlapping calls share it', async () => {
    const { replicas: [ann] } = await team(['Ann']);
    ann.store.createArticle({ title: 'One' });
    const [a, b] = await Promise.all([ann.engine.syncNow(), ann.engine.syncNow()]);
    assert.equal(a, b);
  });

  it('explains set-up mistakes: creating over another team, joining an empty folder', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp(FOLDER);
    const ann = openReplica('Ann', fs);
    await assert.rejects(ann.engine.setUp(FOLDER, 'join'), (e: unknown) => e instanceof LoreError && /not a Lore team folder/.test(e.message) && /Create/.test(e.hint ?? ''));
    await assert.rejects(ann.engine.setUp('/nowhere', 'create'), /does not exist/);
    fs.putFile(`${FOLDER}/lore/FORMAT.json`, encodeFormatFile('otherteam', '2026-01-01'));
    await assert.rejects(ann.engine.setUp(FOLDER, 'create'), (e: unknown) => e instanceof LoreError && /already holds a Lore team folder/.test(e.message) && /Join/.test(e.hint ?? ''));
    const summary = await ann.engine.syncNow();
    assert.match(summary.stopped!.reason, /No team folder is set up/);
    assert.equal(summary.stopped!.code, 'not-set-up');
  });

  it('reads a folder written by a newer Lore but never writes to it', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    ann.store.createArticle({ title: 'Before the upgrade' });
    await ann.engine.syncNow();
    const format = JSON.parse(Buffer.from(fs.getFile(`${FOLDER}/lore/FORMAT.json`)!).toString());
    fs.putFile(`${FOLDER}/lore/FORMAT.json`, JSON.stringify({ ...format, format: 2 }));
    bob.store.createArticle({ title: 'Stays local' });
    const before = fs.allFiles();
    const summary = await bob.engine.syncNow();
    assert.equal(summary.readOnly, true);
    assert.ok(summary.warnings.some((w) => /newer version of Lore .* will not write there/.test(w)));
    assert.equal(bob.store.countArticles(), 2);
    assert.deepEqual(fs.allFiles(), before);
  });

  it('ingests files that arrive late with old timestamps (discovery by listing, not mtime) (fault test 3)', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    ann.store.createArticle({ title: 'Written last week' });
    await ann.engine.syncNow();
    const files = fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).filter((f) => f.endsWith('.ndjson'));
    const bytes = files.map((f) => fs.getFile(f)!);
    files.forEach((f) => fs.hide(f)); // not delivered to Bob yet (Ann's machine still has them, so it does not write them again)
    ann.store.createArticle({ title: 'Written today' });
    await ann.engine.syncNow();
    await bob.engine.syncNow();
    assert.deepEqual(bob.store.listArticles().map((a) => a.title), ['Written today']);
    files.forEach((f, i) => {
      fs.unhide(f);
      fs.putFile(f, bytes[i], Date.UTC(2020, 0, 1)); // arrives now, dated years ago
    });
    const late = await bob.engine.syncNow();
    assert.equal(late.ingested, 1);
    assert.equal(bob.store.countArticles(), 2);
  });

  it('says which device it is waiting for when a segment in the middle has not arrived', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    for (let i = 0; i < 3; i++) {
      ann.store.createArticle({ title: `A${i}` });
      await ann.engine.syncNow();
    }
    const second = fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).find((f) => /\/00000002-/.test(f))!;
    const bytes = fs.getFile(second)!;
    fs.deleteFile(second);
    const waiting = await bob.engine.syncNow();
    assert.deepEqual(waiting.waitingFor.map((w) => [w.device, w.author]), [[ann.store.deviceId, 'Ann']]);
    assert.match(waiting.waitingFor[0].reason, /segment 2 has not arrived yet/);
    assert.match(bob.engine.status.message, /waiting for 1 device/);
    fs.putFile(second, bytes);
    assert.deepEqual((await bob.engine.syncNow()).waitingFor, []);
    assert.equal(bob.store.countArticles(), 3);
  });
});

describe('Privacy and safety of what goes through the folder', () => {
  it('never lets a private article, its snippets or its images leave the machine, until it is shared', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    const secretImage = ann.store.putImage(PNG, 'image/png');
    const secret = ann.store.createArticle({
      title: 'My private scratchpad', body: `Password rotation notes ![x](lore-image:${secretImage})`, visibility: 'private',
      snippets: [{ code: 'rotate()', anchor: anchorAt('src/secret.ts') }],
    });
    ann.store.updateArticle(secret.id, { body: 'Private edit' });
    ann.store.createArticle({ title: 'Team article' });
    await syncAll([ann, bob]);
    assert.deepEqual(bob.store.listArticles().map((a) => a.title), ['Team article']);
    const text = folderText(fs);
    for (const leak of [secret.id, 'scratchpad', 'Private edit', 'rotate()', 'src/secret.ts', secret.snippets[0].id]) assert.ok(!text.includes(leak), `"${leak}" reached the team folder`);
    assert.ok(!fs.hasFile(`${FOLDER}/lore/blobs/${secretImage.slice(0, 2)}/${secretImage}`));
    assert.equal(bob.store.db.get('SELECT 1 FROM events WHERE entity_id = ?', secret.id), undefined);

    ann.store.updateArticle(secret.id, { visibility: 'team', body: `Now shared ![x](lore-image:${secretImage})` }, { share: true });
    await syncAll([ann, bob]);
    const shared = bob.store.getArticle(secret.id)!;
    assert.equal(shared.body, `Now shared ![x](lore-image:${secretImage})`);
    assert.equal(shared.snippets.length, 1);
    assert.ok(bob.store.getImage(secretImage));
  });

  it('publishes anchors with workspace-relative paths only, and no absolute path of this machine', async () => {
    const { fs, replicas: [ann] } = await team(['Ann']);
    assert.throws(() => ann.store.createThread({ anchor: anchorAt('/home/ann/project/src/a.ts'), kind: 'bug', body: 'x' }), /absolute path/);
    ann.store.createThread({ anchor: anchorAt('src/a.ts'), kind: 'bug', body: 'Off by one' });
    ann.store.createArticle({ title: 'With code', snippets: [{ code: 'x', anchor: anchorAt('lib\\win.ts') }] });
    await ann.engine.syncNow();
    const events = fs.allFiles(`${FOLDER}/lore/devices`).filter((f) => f.endsWith('.ndjson'))
      .flatMap((f) => Buffer.from(fs.getFile(f)!).toString('utf8').split('\n').slice(1, -2).map((l) => JSON.parse(l)));
    const paths = events.map((e) => e.changes.anchor?.path).filter(Boolean);
    assert.deepEqual(paths.sort(), ['lib/win.ts', 'src/a.ts']);
    assert.ok(!folderText(fs).includes(FOLDER), 'the team folder path itself is never written into events');
  });

  it('refuses a signed event that points outside the workspace, naming the file, and applies the rest', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    ann.store.createArticle({ title: 'Fine' });
    await ann.engine.syncNow();
    // Ann's machine (or someone with its key) publishes an event anchored to an absolute path.
    const keys = JSON.parse(ann.store.getMeta('sync.keys')!)[ann.store.deviceId];
    const evil = sealEvent({
      entity: 'thread', entityId: 'evil1', device: ann.store.deviceId, seq: 99, author: 'Ann', hlc: formatHlc({ ms: T0, counter: 9 }),
      changes: { anchor: { ...anchorAt('x'), path: '../../../etc/passwd' }, kind: 'bug', state: 'open', author: 'Ann', createdAt: '2026-03-01T00:00:00Z' }, prev: {},
    });
    const head = ann.store.db.get<{ number: number; hash: string }>('SELECT number, hash FROM sync_segments WHERE device = ? ORDER BY number DESC', ann.store.deviceId)!;
    const { bytes } = encodeSegment({ device: ann.store.deviceId, number: head.number + 1, prev: head.hash, created: '2026-03-01T00:00:00Z', acks: {}, events: [evil] }, keys.privateKey);
    const file = `${FOLDER}/lore/devices/${ann.store.deviceId}/2026-03/evil.ndjson`;
    fs.putFile(file, bytes);
    const summary = await bob.engine.syncNow();
    assert.equal(bob.store.listThreads().length, 0);
    assert.equal(summary.quarantined, 1);
    assert.ok(setAsideNotices(summary.setAside).some((a) => /evil\.ndjson line 2: .*unsafe anchor: .*leaves the workspace/.test(a)), JSON.stringify(summary.setAside));
    assert.equal(bob.store.countArticles(), 1);
  });

  it("sets aside an event whose snippet language could end a Markdown code fence", async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    const article = ann.store.createArticle({ title: 'Fine' });
    await ann.engine.syncNow();
    // A language with a newline would close the tooltip's code block; the rest would render as Markdown.
    const language = 'ts\n```\n![pixel](https://tracker.example/p.png)';
    assert.throws(() => ann.store.addSnippet(article.id, { code: 'x', language, anchor: anchorAt('src/a.ts') }), /not a language id/);
    const keys = JSON.parse(ann.store.getMeta('sync.keys')!)[ann.store.deviceId];
    const evil = sealEvent({
      entity: 'snippet', entityId: 'evil1', device: ann.store.deviceId, seq: 99, author: 'Ann', hlc: formatHlc({ ms: T0, counter: 9 }),
      changes: { articleId: article.id, position: 0, code: 'x', language, anchor: anchorAt('src/a.ts') }, prev: {},
    });
    const head = ann.store.db.get<{ number: number; hash: string }>('SELECT number, hash FROM sync_segments WHERE device = ? ORDER BY number DESC', ann.store.deviceId)!;
    const { bytes } = encodeSegment({ device: ann.store.deviceId, number: head.number + 1, prev: head.hash, created: '2026-03-01T00:00:00Z', acks: {}, events: [evil] }, keys.privateKey);
    fs.putFile(`${FOLDER}/lore/devices/${ann.store.deviceId}/2026-03/evil.ndjson`, bytes);
    const summary = await bob.engine.syncNow();
    assert.deepEqual(bob.store.getArticle(article.id)!.snippets, []);
    // The event is set aside on its own (the rest of a signed segment would still apply).
    assert.equal(summary.quarantined, 1);
    assert.ok(setAsideNotices(summary.setAside).some((a) => /not applied, because it is invalid .*not a language id/.test(a)), JSON.stringify(summary.setAside));
  });

  it('does not trust files signed with a replaced device key, and says so', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    ann.store.createArticle({ title: 'Genuine' });
    await syncAll([ann, bob]);
    const forged = generateDeviceKeyPair();
    const device = ann.store.deviceId;
    fs.putFile(`${FOLDER}/lore/devices/${device}/DEVICE.json`, encodeDeviceFile({ device, publicKey: forged.publicKey, author: 'Ann', created: '2026-03-01' }));
    const head = ann.store.db.get<{ number: number; hash: string }>('SELECT number, hash FROM sync_segments WHERE device = ? ORDER BY number DESC', device)!;
    const fake = sealEvent({
      entity: 'article', entityId: 'fake1', device, seq: 50, author: 'Ann', hlc: formatHlc({ ms: T0, counter: 50 }),
      changes: { title: 'Forged', createdAt: '2026-03-01T00:00:00Z' }, prev: {},
    });
    const { bytes, hash } = encodeSegment({ device, number: head.number + 1, prev: head.hash, created: '', acks: {}, events: [fake] }, forged.privateKey);
    fs.putFile(`${FOLDER}/lore/devices/${device}/2026-03/${String(head.number + 1).padStart(8, '0')}-${hash.slice(0, 16)}.ndjson`, bytes);
    const summary = await bob.engine.syncNow();
    assert.equal(bob.store.getArticle('fake1'), undefined);
    assert.ok(summary.pending.some((p) => /signature does not match the key of device/.test(p.reason)), JSON.stringify(summary.pending));
    assert.ok(summary.warnings.some((w) => /is not the key Lore saw first for Ann/.test(w)), summary.warnings.join('\n'));
  });

  it('ignores folders and files whose names are not safe or not Lore\'s', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    ann.store.createArticle({ title: 'Fine' });
    await ann.engine.syncNow();
    fs.putFile(`${FOLDER}/lore/devices/not a device!/2026-03/x.ndjson`, 'junk');
    fs.putFile(`${FOLDER}/lore/devices/${ann.store.deviceId}/2026-03/notes.txt`, 'junk');
    fs.putFile(`${FOLDER}/lore/devices/${ann.store.deviceId}/2026-03/.~lock.x.ndjson#`, 'junk');
    fs.putFile(`${FOLDER}/lore/.staging/${ann.store.deviceId}-half.tmp`, '{"type":"segment"');
    const summary = await bob.engine.syncNow();
    assert.equal(bob.store.countArticles(), 1);
    assert.deepEqual(summary.pending, []);
    assert.ok(summary.warnings.some((w) => /ignored lore\/devices\/not a device!: it is not a device folder/.test(w)));
  });
});

describe('One publisher per machine (lease)', () => {
  let dir: string;
  before(() => {
    dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'lore-lease-'));
  });
  after(() => nodeFs.rmSync(dir, { recursive: true, force: true }));

  it('lets only the window holding the lease write; the other fills the shared outbox', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp(FOLDER);
    const file = path.join(dir, 'shared.db');
    const clock = new ManualClock(T0);
    let release: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inRetry: () => void = () => undefined;
    const retrying = new Promise<void>((resolve) => {
      inRetry = resolve;
    });
    const window1 = openReplica('Ann', fs, { file, clock, engine: { sleep: () => (inRetry(), paused) } });
    const window2 = openReplica('Ann', fs, { file, clock });
    await window1.engine.setUp(FOLDER, 'create');
    window2.engine.setFolder(FOLDER);
    assert.equal(window1.store.deviceId, window2.store.deviceId, 'two windows, one database, one device');

    window1.store.createArticle({ title: 'From window 1' });
    let busy = 0;
    fs.fault = (op) => (op === 'rename' && busy++ === 0 ? fsError('EBUSY', 'rename', '?') : undefined);
    const first = window1.engine.syncNow(); // pauses inside the rename retry, holding the lease
    await retrying;
    window2.store.createArticle({ title: 'From window 2' });
    const second = await window2.engine.syncNow();
    assert.equal(second.publisher, false);
    assert.equal(second.published, 0);
    release();
    const done = await first;
    assert.equal(done.publisher, true);
    assert.equal(done.published, 2, 'window 1 published window 2\'s change from the shared outbox');
    const segments = fs.allFiles(`${FOLDER}/lore/devices`).filter((f) => f.endsWith('.ndjson'));
    assert.equal(segments.length, 2);
    assert.ok((await window2.engine.verify()).ok);
    window1.store.close();
    window2.store.close();
  });

  it('hands over when the publishing window dies without releasing the lease', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp(FOLDER);
    const file = path.join(dir, 'crashed.db');
    const clock = new ManualClock(T0);
    const window1 = openReplica('Ann', fs, { file, clock });
    const window2 = openReplica('Ann', fs, { file, clock });
    await window1.engine.setUp(FOLDER, 'create');
    window2.engine.setFolder(FOLDER);
    window1.store.createArticle({ title: 'Stuck' });
    // Window 1 took the lease and died before releasing it.
    window1.store.setMeta('sync.lease', JSON.stringify({ owner: 'dead-window', until: clock.now() + 180_000 }));
    assert.equal((await window2.engine.syncNow()).publisher, false);
    clock.advance(181_000);
    const later = await window2.engine.syncNow();
    assert.equal(later.publisher, true);
    assert.equal(later.published, 1);
    window1.store.close();
    window2.store.close();
  });
});
