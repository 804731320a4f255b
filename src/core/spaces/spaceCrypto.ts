import {
  createCipheriv,
  createDecipheriv,
  createHash,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { LoreError } from '../errors';
import { canonicalJson } from '../hash';
import { encodePublicKey, generateEncodedKeyPair, privateKeyObject, publicKeyObject, type EncodedKeyPair } from '../keyObjects';

/**
 * The cryptography of encrypted spaces (docs/SECURITY.md), on `node:crypto` only:
 *
 * - a **space key** (32 random bytes per key epoch) never encrypts anything itself: HKDF-SHA-256
 *   derives one subkey per purpose (`events`, `blobs`, `chain`) and epoch from it;
 * - **seal / open**: AES-256-GCM with a random 96-bit nonce, associated data binding the team,
 *   the space, the key epoch, the purpose and the id of the segment or blob, and a 16-byte key
 *   commitment in front (GCM alone does not commit to its key);
 * - **wrap / unwrap**: a space key sealed for one device's X25519 key (an ephemeral key pair,
 *   ECDH with the device's static key, HKDF, AES-256-GCM), bound to the device and its key;
 * - a **safety number** two people compare out of band before a join is approved.
 */

export const SPACE_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const COMMIT_BYTES = 16;
/** `L`, `S`, format 1: the first bytes of every sealed payload. */
const MAGIC = Buffer.from([0x4c, 0x53, 0x01]);

export type SealPurpose = 'events' | 'blobs' | 'chain' | 'names';

/** What a ciphertext belongs to: opening it anywhere else fails. */
export interface SealContext {
  team: string;
  space: string;
  /** The id of the key epoch (the membership record that made the key). */
  epoch: string;
  purpose: SealPurpose;
  /** The segment, blob or record the payload is part of. */
  id: string;
}

export function newSpaceKey(): Buffer {
  return randomBytes(SPACE_KEY_BYTES);
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.byteLength !== SPACE_KEY_BYTES) {
    throw new LoreError('This is not a space key (a space key is 32 bytes).');
  }
}

/** A per-purpose subkey of a space key, for one epoch of one space: HKDF-SHA-256. */
export function spaceSubkey(spaceKey: Uint8Array, purpose: SealPurpose | 'commit' | 'blob-names', ctx: { team: string; space: string; epoch: string }): Buffer {
  checkKey(spaceKey);
  const info = Buffer.from(canonicalJson({ lore: 'space-subkey/1', purpose, team: ctx.team, space: ctx.space, epoch: ctx.epoch }), 'utf8');
  return Buffer.from(hkdfSync('sha256', spaceKey, Buffer.alloc(0), info, SPACE_KEY_BYTES));
}

function associatedData(ctx: SealContext): Buffer {
  return Buffer.from(canonicalJson({ lore: 'space-seal/1', team: ctx.team, space: ctx.space, epoch: ctx.epoch, purpose: ctx.purpose, id: ctx.id }), 'utf8');
}

function commitment(spaceKey: Uint8Array, ctx: SealContext): Buffer {
  return spaceSubkey(spaceKey, 'commit', ctx).subarray(0, COMMIT_BYTES);
}

/**
 * Encrypts `plaintext` for everyone who holds the space key of `ctx.epoch`. Layout:
 * `LS\x01` | key commitment (16) | nonce (12) | ciphertext | GCM tag (16).
 */
export function sealPayload(spaceKey: Uint8Array, ctx: SealContext, plaintext: Uint8Array): Buffer {
  const key = spaceSubkey(spaceKey, ctx.purpose, ctx);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(ctx));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, commitment(spaceKey, ctx), nonce, body, cipher.getAuthTag()]);
}

/** The plain messages of what can go wrong, one place so tests and `lore verify` say the same. */
export const SPACE_CRYPTO_MESSAGES = {
  notSealed: 'This is not data Lore encrypted for a space (it may come from a newer Lore, or be damaged).',
  otherKey: 'This was encrypted with another key of the space than the one this device holds for it.',
  tampered: 'The encrypted data was changed after it was written, or was copied from another file or space.',
  otherDevice: 'This space key was encrypted for another device, not this one.',
  wrapTampered: 'The encrypted space key was changed after it was written, or was copied from another space or key epoch.',
  badPublicKey: 'The device key to encrypt for is not a valid X25519 public key.',
} as const;

/** Decrypts what `sealPayload` made with the same key and context; a LoreError saying why otherwise. */
export function openPayload(spaceKey: Uint8Array, ctx: SealContext, sealed: Uint8Array): Buffer {
  const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const headerBytes = MAGIC.byteLength + COMMIT_BYTES + NONCE_BYTES;
  if (data.byteLength < headerBytes + TAG_BYTES || !data.subarray(0, MAGIC.byteLength).equals(MAGIC)) {
    throw new LoreError(SPACE_CRYPTO_MESSAGES.notSealed);
  }
  const commit = data.subarray(MAGIC.byteLength, MAGIC.byteLength + COMMIT_BYTES);
  if (!timingSafeEqual(commit, commitment(spaceKey, ctx))) {
    // The commitment names the key of one epoch of one space (not the purpose or the id): a
    // payload of another space or epoch fails here, one moved to another file fails below.
    throw new LoreError(SPACE_CRYPTO_MESSAGES.otherKey, 'It may belong to another space or key epoch, or have been changed.');
  }
  const nonce = data.subarray(MAGIC.byteLength + COMMIT_BYTES, headerBytes);
  const body = data.subarray(headerBytes, data.byteLength - TAG_BYTES);
  const tag = data.subarray(data.byteLength - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', spaceSubkey(spaceKey, ctx.purpose, ctx), nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(ctx));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch (cause) {
    throw new LoreError(SPACE_CRYPTO_MESSAGES.tampered, undefined, { cause });
  }
}

// ---------------------------------------------------------------------------------------------
// Device box keys (X25519) and key wrapping

/** A device's X25519 key pair, beside its Ed25519 signing key (sync/deviceKeys.ts); encoded as keyObjects.ts says. */
export type BoxKeyPair = EncodedKeyPair;

export function generateBoxKeyPair(): BoxKeyPair {
  return generateEncodedKeyPair('x25519');
}

function boxPublicKeyObject(publicKey: string): KeyObject | null {
  return publicKeyObject(publicKey, 'x25519');
}

export function isBoxPublicKey(publicKey: unknown): publicKey is string {
  return typeof publicKey === 'string' && boxPublicKeyObject(publicKey) !== null;
}

/** SHA-256 hex of a public key's DER: how a wrapped key names the key it was made for. */
export function publicKeyFingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex');
}

/** A space key encrypted for one device. JSON-safe: it is stored in membership records. */
export interface WrappedKey {
  v: 1;
  /** The device it is for. */
  to: string;
  /** publicKeyFingerprint of that device's X25519 key. */
  toKey: string;
  /** The epoch of the key inside. */
  epoch: string;
  /** Base64 SPKI DER of the one-time X25519 key. */
  eph: string;
  /** Base64: nonce (12) | encrypted key (32) | tag (16). */
  box: string;
}

export interface WrapContext {
  team: string;
  space: string;
  epoch: string;
}

function wrapInfo(ctx: WrapContext, to: string, toKey: string): Buffer {
  return Buffer.from(canonicalJson({ lore: 'space-wrap/1', team: ctx.team, space: ctx.space, epoch: ctx.epoch, to, toKey }), 'utf8');
}

function wrappingKey(shared: Buffer, eph: string, recipient: string, info: Buffer): Buffer {
  const salt = createHash('sha256').update(Buffer.from(eph, 'base64')).update(Buffer.from(recipient, 'base64')).digest();
  return Buffer.from(hkdfSync('sha256', shared, salt, info, SPACE_KEY_BYTES));
}

function sharedSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  try {
    return diffieHellman({ privateKey, publicKey });
  } catch (cause) {
    // OpenSSL refuses small-order points (an all-zero shared secret).
    throw new LoreError(SPACE_CRYPTO_MESSAGES.badPublicKey, undefined, { cause });
  }
}

/** Encrypts a space key for one device: ephemeral-static X25519, HKDF-SHA-256, AES-256-GCM. */
export function wrapSpaceKey(spaceKey: Uint8Array, recipient: { device: string; boxPublicKey: string }, ctx: WrapContext): WrappedKey {
  checkKey(spaceKey);
  const recipientKey = boxPublicKeyObject(recipient.boxPublicKey);
  if (!recipientKey) throw new LoreError(SPACE_CRYPTO_MESSAGES.badPublicKey);
  const ephemeral = generateKeyPairSync('x25519');
  const eph = encodePublicKey(ephemeral.publicKey);
  const toKey = publicKeyFingerprint(recipient.boxPublicKey);
  const info = wrapInfo(ctx, recipient.device, toKey);
  const kek = wrappingKey(sharedSecret(ephemeral.privateKey, recipientKey), eph, recipient.boxPublicKey, info);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(info);
  const body = Buffer.concat([cipher.update(spaceKey), cipher.final()]);
  return { v: 1, to: recipient.device, toKey, epoch: ctx.epoch, eph, box: Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64') };
}

/** The device that unwraps: its id and X25519 key pair. */
export interface BoxIdentity {
  device: string;
  box: BoxKeyPair;
}

/** Whether a wrapped key is addressed to this device and its current X25519 key. */
export function isWrappedFor(wrapped: WrappedKey, me: { device: string; boxPublicKey: string }): boolean {
  return wrapped.to === me.device && wrapped.toKey === publicKeyFingerprint(me.boxPublicKey);
}

export function unwrapSpaceKey(wrapped: WrappedKey, me: BoxIdentity, ctx: WrapContext): Buffer {
  if (!isWrappedFor(wrapped, { device: me.device, boxPublicKey: me.box.publicKey })) {
    throw new LoreError(SPACE_CRYPTO_MESSAGES.otherDevice, 'A member of the space has to approve this device (or give it the key again).');
  }
  const ephKey = boxPublicKeyObject(wrapped.eph);
  const box = typeof wrapped.box === 'string' ? Buffer.from(wrapped.box, 'base64') : Buffer.alloc(0);
  if (!ephKey || box.byteLength !== NONCE_BYTES + SPACE_KEY_BYTES + TAG_BYTES || wrapped.epoch !== ctx.epoch) {
    throw new LoreError(SPACE_CRYPTO_MESSAGES.wrapTampered);
  }
  const privateKey = privateKeyObject(me.box.privateKey);
  const info = wrapInfo(ctx, wrapped.to, wrapped.toKey);
  const kek = wrappingKey(sharedSecret(privateKey, ephKey), wrapped.eph, me.box.publicKey, info);
  const decipher = createDecipheriv('aes-256-gcm', kek, box.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(info);
  decipher.setAuthTag(box.subarray(NONCE_BYTES + SPACE_KEY_BYTES));
  try {
    return Buffer.concat([decipher.update(box.subarray(NONCE_BYTES, NONCE_BYTES + SPACE_KEY_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new LoreError(SPACE_CRYPTO_MESSAGES.wrapTampered, undefined, { cause });
  }
}

// ---------------------------------------------------------------------------------------------
// Safety numbers

/** The public half of a device, as a join request publishes it and a safety number covers it. */
export interface DevicePublicKeys {
  device: string;
  /** Ed25519, base64 SPKI DER (sync/deviceKeys.ts). */
  signingKey: string;
  /** X25519, base64 SPKI DER. */
  boxKey: string;
}

const SAFETY_ITERATIONS = 4096;

/**
 * Twenty digits in four groups ("12345 67890 12345 67890") that both devices compute
 * identically from their public keys, whichever side computes it: the two people read them to
 * each other before the join is approved. A SHA-512 chain of 4,096 rounds makes grinding a key
 * pair that matches someone else's number about 2^12 times costlier than the ~2^66 it takes
 * on the digits alone.
 */
export function safetyNumber(a: DevicePublicKeys, b: DevicePublicKeys, space: { team: string; space: string }): string {
  const sides = [a, b].map((d) => canonicalJson({ device: d.device, signingKey: d.signingKey, boxKey: d.boxKey })).sort();
  let digest = createHash('sha512').update(canonicalJson({ lore: 'safety-number/1', team: space.team, space: space.space, sides })).digest();
  const seed = Buffer.from(sides.join('\n'), 'utf8');
  for (let i = 0; i < SAFETY_ITERATIONS; i++) digest = createHash('sha512').update(digest).update(seed).digest();
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    // 5 bytes → a number below 2^40, reduced to 5 digits (the bias is below 1e-6).
    const n = digest.readUIntBE(g * 5, 5) % 100_000;
    groups.push(String(n).padStart(5, '0'));
  }
  return groups.join(' ');
}
