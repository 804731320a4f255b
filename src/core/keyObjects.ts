import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * Asymmetric keys as Lore stores them: base64 of the DER encoding, SPKI for public keys and
 * PKCS#8 for private ones. Signing keys (Ed25519, sync/deviceKeys.ts) and encryption keys
 * (X25519, spaces/spaceCrypto.ts) both go through here. Parsing a key costs far more than using
 * it, and every sync checks the same few keys many times, so parsed keys are kept in bounded
 * caches (cleared when full: the working set is a team's devices).
 */
export type KeyType = 'ed25519' | 'x25519';

export interface EncodedKeyPair {
  /** Base64 of the SPKI DER encoding. */
  publicKey: string;
  /** Base64 of the PKCS#8 DER encoding. Never leaves this machine. */
  privateKey: string;
}

/** Longer than any SPKI encoding of the key types above: refused before decoding. */
const MAX_PUBLIC_KEY_CHARS = 200;
const MAX_PUBLIC_KEYS = 10_000;
const MAX_PRIVATE_KEYS = 1_000;

const publicKeys = new Map<string, KeyObject | null>();
const privateKeys = new Map<string, KeyObject>();

export function generateEncodedKeyPair(type: KeyType): EncodedKeyPair {
  const { publicKey, privateKey } = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519');
  return { publicKey: encodePublicKey(publicKey), privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64') };
}

export function encodePublicKey(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** The parsed public key when `encoded` is a public key of `type`; null for anything else. */
export function publicKeyObject(encoded: unknown, type: KeyType): KeyObject | null {
  if (typeof encoded !== 'string' || encoded.length > MAX_PUBLIC_KEY_CHARS) return null;
  let key = publicKeys.get(encoded);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.from(encoded, 'base64'), format: 'der', type: 'spki' });
    } catch {
      key = null;
    }
    if (publicKeys.size >= MAX_PUBLIC_KEYS) publicKeys.clear();
    publicKeys.set(encoded, key);
  }
  return key && key.asymmetricKeyType === type ? key : null;
}

/** This machine's own private key (it was made here, so it parses; throws otherwise). */
export function privateKeyObject(encoded: string): KeyObject {
  let key = privateKeys.get(encoded);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(encoded, 'base64'), format: 'der', type: 'pkcs8' });
    if (privateKeys.size >= MAX_PRIVATE_KEYS) privateKeys.clear();
    privateKeys.set(encoded, key);
  }
  return key;
}
