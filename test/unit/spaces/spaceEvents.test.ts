import { strict as assert } from 'node:assert';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LoreError } from '../../../src/core/errors';
import { SPACE_CRYPTO_MESSAGES, newSpaceKey, sealPayload } from '../../../src/core/spaces/spaceCrypto';
import { openEventBatch, sealEventBatch } from '../../../src/core/spaces/spaceEvents';
import { KEYRING_MESSAGES } from '../../../src/core/spaces/spaceKeyring';
import { REF } from './spaceTestKit';

const MARKER = 'zqxMARKER7731';
const epoch = '0123456789abcdef0123456789abcdef';
const ref = { ...REF, epoch, id: 'ann-laptop/3' };

/** Changes of the kinds a space holds, each with the marker in it. */
const records = [
  { entity: 'article', changes: { title: `Incident ${MARKER}`, body: `The ${MARKER} cluster fell over.\n`.repeat(20), tags: [MARKER.toLowerCase()] } },
  { entity: 'snippet', changes: { code: `const ${MARKER} = connect();`, path: `src/${MARKER}/db.ts` } },
  { entity: 'thread', changes: { path: `src/${MARKER}.ts`, text: `Review: ${MARKER}` } },
  { entity: 'comment', changes: { body: `+1 ${MARKER}`, vote: 1 } },
];

function rejects(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof LoreError && (typeof message === 'string' ? e.message === message : message.test(e.message)));
}

describe('Encrypted event batches (issue 15): what a segment of a space carries', () => {
  it('members read the batch back; its bytes hold the marker in no form, compressed or not', () => {
    const key = newSpaceKey();
    const sealed = sealEventBatch(key, ref, records);
    assert.deepEqual(openEventBatch(new Map([[epoch, key]]), ref, sealed), records);
    for (const form of [MARKER, MARKER.toLowerCase(), Buffer.from(MARKER).toString('base64').slice(0, 12)]) {
      assert.equal(sealed.includes(Buffer.from(form)), false, form);
      assert.equal(sealed.toString('base64').includes(form), false, form);
    }
    // Not a gzip stream either: nothing to decompress without the key.
    assert.throws(() => gunzipSync(sealed));
    assert.throws(() => gunzipSync(sealed.subarray(3 + 16 + 12)));
  });

  it("a device without the batch's key is told so; a changed or moved batch is refused", () => {
    const key = newSpaceKey();
    const sealed = sealEventBatch(key, ref, records);
    rejects(() => openEventBatch(new Map(), ref, sealed), KEYRING_MESSAGES.notHeld);
    const bad = Buffer.from(sealed);
    bad[bad.byteLength - 20] ^= 1;
    rejects(() => openEventBatch(new Map([[epoch, key]]), ref, bad), SPACE_CRYPTO_MESSAGES.tampered);
    rejects(() => openEventBatch(new Map([[epoch, key]]), { ...ref, id: 'ann-laptop/4' }, sealed), SPACE_CRYPTO_MESSAGES.tampered);
  });

  it("a member's batch that is not gzip, or unpacks beyond any segment's size, is refused with a message", () => {
    const key = newSpaceKey();
    const ctx = { ...REF, epoch, purpose: 'events' as const, id: ref.id };
    rejects(() => openEventBatch(new Map([[epoch, key]]), ref, sealPayload(key, ctx, Buffer.from('not gzip'))), /cannot unpack/);
    const bomb = gzipSync(Buffer.alloc(40 * 2 ** 20, 0x20));
    rejects(() => openEventBatch(new Map([[epoch, key]]), ref, sealPayload(key, ctx, bomb)), /cannot unpack/);
  });
});
