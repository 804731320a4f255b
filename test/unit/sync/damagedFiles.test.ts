import { strict as assert } from 'node:assert';
import { formatHlc } from '../../../src/core/hlc';
import { generateDeviceKeyPair } from '../../../src/core/sync/deviceKeys';
import { readSegment, encodeSegment } from '../../../src/core/sync/segmentFile';
import { sealEvent, type LoreEvent } from '../../../src/core/store/events';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { FOLDER, Rng, team } from './syncTestKit';

const keys = generateDeviceKeyPair();
const DEVICE = 'dev1';

function events(n: number): LoreEvent[] {
  return Array.from({ length: n }, (_, i) => sealEvent({
    entity: 'article', entityId: `a${i}`, device: DEVICE, seq: i + 1, author: 'Ann', hlc: formatHlc({ ms: Date.UTC(2026, 0, 1) + i, counter: 0 }),
    changes: { title: `Title ${i} ✓`, body: `line\n"quoted"\n${i}`, createdAt: '2026-01-01T00:00:00.000Z' }, prev: { title: [] },
  }));
}

function segment(n = 3): Uint8Array {
  return encodeSegment({ device: DEVICE, number: 1, prev: null, created: '2026-01-01T00:00:00.000Z', acks: {}, events: events(n) }, keys.privateKey).bytes;
}

const keyFor = (device: string) => (device === DEVICE ? keys.publicKey : undefined);

describe('Damaged and half-delivered segment files (fault test 1)', () => {
  it('reads a whole segment, and rejects it truncated at every byte offset', () => {
    const bytes = segment(3);
    const whole = readSegment(bytes, keyFor);
    assert.ok(whole.ok);
    assert.equal(whole.events.length, 3);
    for (let cut = 0; cut < bytes.byteLength; cut++) {
      const read = readSegment(bytes.subarray(0, cut), keyFor);
      assert.equal(read.ok, false, `a file cut at byte ${cut} of ${bytes.byteLength} was accepted`);
    }
  });

  it('rejects zero-filled tails (a crash after the size was extended) and duplicated contents', () => {
    const bytes = segment(2);
    for (const zeros of [1, 7, 512]) {
      for (const keep of [bytes.byteLength, bytes.byteLength - 40, 100]) {
        const damaged = new Uint8Array(keep + zeros);
        damaged.set(bytes.subarray(0, keep));
        assert.equal(readSegment(damaged, keyFor).ok, false, `zero tail ${zeros} after ${keep} bytes accepted`);
      }
    }
    const twice = new Uint8Array(bytes.byteLength * 2);
    twice.set(bytes);
    twice.set(bytes, bytes.byteLength);
    assert.equal(readSegment(twice, keyFor).ok, false);
  });

  it('rejects every single bit flip (seeded sample of positions, every bit of each)', () => {
    const bytes = segment(2);
    const rng = new Rng(1);
    const positions = new Set<number>([0, bytes.byteLength - 1, bytes.byteLength - 2]);
    while (positions.size < 120) positions.add(rng.int(bytes.byteLength));
    for (const pos of positions) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = bytes.slice();
        flipped[pos] ^= 1 << bit;
        const read = readSegment(flipped, keyFor);
        // Flipping a bit of the trailing newline's neighbours can only make the file incomplete or damaged, never different data.
        assert.equal(read.ok, false, `flip of bit ${bit} at byte ${pos} accepted`);
      }
    }
  });

  it('keeps a half-delivered file pending, never ingests part of it, and ingests it once it is whole', async () => {
    const { replicas: [ann, bob], fs } = await team(['Ann', 'Bob']);
    for (let i = 0; i < 5; i++) ann.store.createArticle({ title: `Article ${i}` });
    await ann.engine.syncNow();
    const file = fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).find((f) => f.endsWith('.ndjson'))!;
    const whole = fs.getFile(file)!;
    const rng = new Rng(7);
    for (let i = 0; i < 25; i++) {
      const cut = rng.int(whole.byteLength - 1);
      fs.putFile(file, whole.subarray(0, cut));
      const summary = await bob.engine.syncNow();
      assert.equal(summary.ingested, 0);
      assert.equal(bob.store.countArticles(), 0, `part of a file cut at ${cut} was ingested`);
      assert.deepEqual(summary.pending.map((p) => p.path), [file.slice(FOLDER.length + 1)]);
      assert.match(summary.pending[0].reason, /(still being copied|cut short|empty|checksum)/);
    }
    fs.putFile(file, whole);
    const summary = await bob.engine.syncNow();
    assert.equal(bob.store.countArticles(), 5);
    assert.equal(summary.pending.length, 0);
    assert.equal(summary.ingested, 5);
    // Delivered again (a sync client re-copying it): nothing applied twice.
    fs.putFile(file, whole);
    assert.equal((await bob.engine.syncNow()).ingested, 0);
    assert.equal(bob.store.countArticles(), 5);
  });

  it('does not let one damaged file block the others, and names it', async () => {
    const fs = new MemorySyncFs();
    const { replicas: [ann, bob, cy] } = await team(['Ann', 'Bob', 'Cy'], fs);
    ann.store.createArticle({ title: 'From Ann' });
    bob.store.createArticle({ title: 'From Bob' });
    await ann.engine.syncNow();
    await bob.engine.syncNow();
    const annFile = fs.allFiles(`${FOLDER}/lore/devices/${ann.store.deviceId}`).find((f) => f.endsWith('.ndjson'))!;
    const bytes = fs.getFile(annFile)!;
    bytes[Math.floor(bytes.byteLength / 2)] ^= 0x20;
    fs.putFile(annFile, bytes);
    const summary = await cy.engine.syncNow();
    assert.deepEqual(cy.store.listArticles().map((a) => a.title), ['From Bob']);
    assert.equal(summary.pending.length, 1);
    assert.equal(summary.pending[0].path, annFile.slice(FOLDER.length + 1));
    assert.match(summary.pending[0].reason, /does not match its checksum/);
  });
});
