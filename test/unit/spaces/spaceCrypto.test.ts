import { strict as assert } from 'node:assert';
import { generateDeviceKeyPair } from '../../../src/core/sync/deviceKeys';
import { LoreError } from '../../../src/core/errors';
import {
  SPACE_CRYPTO_MESSAGES,
  generateBoxKeyPair,
  newSpaceKey,
  openPayload,
  safetyNumber,
  sealPayload,
  unwrapSpaceKey,
  wrapSpaceKey,
  type SealContext,
} from '../../../src/core/spaces/spaceCrypto';

const ctx: SealContext = { team: 'team-1', space: 'security', epoch: 'e1', purpose: 'events', id: 'segment-7' };
const text = Buffer.from('{"title":"Incident 42: customer ACME database leak"}', 'utf8');

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof LoreError, `a LoreError, not ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
}

describe('Space cryptography (issue 15): seal, open, wrap, safety numbers', () => {
  it('a sealed payload opens with the same key and context, and holds none of the plaintext', () => {
    const key = newSpaceKey();
    const sealed = sealPayload(key, ctx, text);
    assert.equal(sealed.includes(Buffer.from('ACME')), false);
    assert.deepEqual(openPayload(key, ctx, sealed), text);
    // A fresh nonce each time: the same text never gives the same bytes.
    assert.notDeepEqual(sealPayload(key, ctx, text), sealed);
  });

  it('a changed byte anywhere in the ciphertext or tag is refused as changed after it was written', () => {
    const key = newSpaceKey();
    const sealed = sealPayload(key, ctx, text);
    for (const at of [3 + 16 + 5, 3 + 16 + 12 + 4, sealed.byteLength - 1]) {
      const bad = Buffer.from(sealed);
      bad[at] ^= 0x01;
      rejects(() => openPayload(key, ctx, bad), SPACE_CRYPTO_MESSAGES.tampered);
    }
    rejects(() => openPayload(key, ctx, sealed.subarray(0, sealed.byteLength - 1)), SPACE_CRYPTO_MESSAGES.tampered);
  });

  it('a payload opened in another place (segment, purpose) is refused as changed or copied', () => {
    const key = newSpaceKey();
    const sealed = sealPayload(key, ctx, text);
    rejects(() => openPayload(key, { ...ctx, id: 'segment-8' }, sealed), SPACE_CRYPTO_MESSAGES.tampered);
    rejects(() => openPayload(key, { ...ctx, purpose: 'blobs' }, sealed), SPACE_CRYPTO_MESSAGES.tampered);
  });

  it('a payload of another space, team or epoch, or opened with another key, is refused as another key', () => {
    const key = newSpaceKey();
    const sealed = sealPayload(key, ctx, text);
    rejects(() => openPayload(key, { ...ctx, space: 'everyone' }, sealed), SPACE_CRYPTO_MESSAGES.otherKey);
    rejects(() => openPayload(key, { ...ctx, team: 'team-2' }, sealed), SPACE_CRYPTO_MESSAGES.otherKey);
    rejects(() => openPayload(key, { ...ctx, epoch: 'e2' }, sealed), SPACE_CRYPTO_MESSAGES.otherKey);
    rejects(() => openPayload(newSpaceKey(), ctx, sealed), SPACE_CRYPTO_MESSAGES.otherKey);
    rejects(() => openPayload(key, ctx, Buffer.from('{"title":"plain"}')), SPACE_CRYPTO_MESSAGES.notSealed);
  });

  it('a wrapped space key opens only on the device it was wrapped for', () => {
    const key = newSpaceKey();
    const bob = { device: 'bob-laptop', box: generateBoxKeyPair() };
    const eve = { device: 'eve-laptop', box: generateBoxKeyPair() };
    const wctx = { team: 'team-1', space: 'security', epoch: 'e1' };
    const wrapped = wrapSpaceKey(key, { device: bob.device, boxPublicKey: bob.box.publicKey }, wctx);
    assert.deepEqual(unwrapSpaceKey(wrapped, bob, wctx), key);
    assert.equal(JSON.stringify(wrapped).includes(key.toString('base64')), false);
    rejects(() => unwrapSpaceKey(wrapped, eve, wctx), SPACE_CRYPTO_MESSAGES.otherDevice);
    // Eve relabels the wrapped key as hers: the key agreement and the bound device both fail.
    rejects(() => unwrapSpaceKey({ ...wrapped, to: eve.device }, { device: eve.device, box: bob.box }, wctx), SPACE_CRYPTO_MESSAGES.wrapTampered);
    // Bob's device with a new X25519 key (reinstalled) cannot use a key wrapped for the old one.
    rejects(() => unwrapSpaceKey(wrapped, { device: bob.device, box: generateBoxKeyPair() }, wctx), SPACE_CRYPTO_MESSAGES.otherDevice);
  });

  it('a wrapped key changed, or moved to another space or epoch, is refused', () => {
    const key = newSpaceKey();
    const bob = { device: 'bob-laptop', box: generateBoxKeyPair() };
    const wctx = { team: 'team-1', space: 'security', epoch: 'e1' };
    const wrapped = wrapSpaceKey(key, { device: bob.device, boxPublicKey: bob.box.publicKey }, wctx);
    const box = Buffer.from(wrapped.box, 'base64');
    box[20] ^= 0x80;
    rejects(() => unwrapSpaceKey({ ...wrapped, box: box.toString('base64') }, bob, wctx), SPACE_CRYPTO_MESSAGES.wrapTampered);
    rejects(() => unwrapSpaceKey(wrapped, bob, { ...wctx, space: 'everyone' }), SPACE_CRYPTO_MESSAGES.wrapTampered);
    rejects(() => unwrapSpaceKey({ ...wrapped, epoch: 'e2' }, bob, { ...wctx, epoch: 'e2' }), SPACE_CRYPTO_MESSAGES.wrapTampered);
    rejects(() => unwrapSpaceKey({ ...wrapped, eph: generateBoxKeyPair().publicKey }, bob, wctx), SPACE_CRYPTO_MESSAGES.wrapTampered);
  });

  it('refuses to wrap for something that is not an X25519 key (an Ed25519 signing key)', () => {
    rejects(() => wrapSpaceKey(newSpaceKey(), { device: 'x', boxPublicKey: generateDeviceKeyPair().publicKey }, { team: 't', space: 's', epoch: 'e' }), SPACE_CRYPTO_MESSAGES.badPublicKey);
  });

  it('both devices compute the same safety number; another key gives another number', () => {
    const device = (id: string) => ({ device: id, signingKey: generateDeviceKeyPair().publicKey, boxKey: generateBoxKeyPair().publicKey });
    const ann = device('ann');
    const bob = device('bob');
    const space = { team: 'team-1', space: 'security' };
    const onAnns = safetyNumber(ann, bob, space);
    assert.match(onAnns, /^\d{5} \d{5} \d{5} \d{5}$/);
    assert.equal(safetyNumber(bob, ann, space), onAnns);
    assert.notEqual(safetyNumber(ann, { ...bob, boxKey: generateBoxKeyPair().publicKey }, space), onAnns);
    assert.notEqual(safetyNumber(ann, { ...bob, signingKey: generateDeviceKeyPair().publicKey }, space), onAnns);
    assert.notEqual(safetyNumber(ann, bob, { ...space, space: 'everyone' }), onAnns);
  });
});
