import { createHash, sign, verify } from 'node:crypto';
import { generateEncodedKeyPair, privateKeyObject, publicKeyObject, type EncodedKeyPair } from '../keyObjects';

/**
 * Each device signs its files with its own Ed25519 key. The private key stays in the local
 * database; the public key is published in the device's `DEVICE.json` and pinned by every reader
 * the first time it sees it, so a replaced key is noticed. (Keys are encoded and parsed by
 * keyObjects.ts, which spaces' X25519 keys share.)
 */
export type DeviceKeyPair = EncodedKeyPair;

export function generateDeviceKeyPair(): DeviceKeyPair {
  return generateEncodedKeyPair('ed25519');
}

export function isPublicKey(publicKey: unknown): publicKey is string {
  return publicKeyObject(publicKey, 'ed25519') !== null;
}

/** What is signed for a file: its content hash, with a label so a signature cannot be reused elsewhere. */
function signingInput(contentHash: string): Buffer {
  return Buffer.from(`lore-signed-log/1\n${contentHash}`, 'utf8');
}

export function signContentHash(contentHash: string, privateKey: string): string {
  return sign(null, signingInput(contentHash), privateKeyObject(privateKey)).toString('base64');
}

export function verifyContentHash(contentHash: string, signature: string, publicKey: string): boolean {
  const key = publicKeyObject(publicKey, 'ed25519');
  if (!key || typeof signature !== 'string') return false;
  try {
    return verify(null, signingInput(contentHash), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A short, stable name of a public key: what devices vouch for in their segments (SHA-256 hex of its DER). */
export function keyFingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex');
}
