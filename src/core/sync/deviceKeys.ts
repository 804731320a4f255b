import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Each device signs its files with its own Ed25519 key. The private key stays in the local
 * database; the public key is published in the device's `DEVICE.json` and pinned by every reader
 * the first time it sees it, so a replaced key is noticed.
 */
export interface DeviceKeyPair {
  /** Base64 of the SPKI DER encoding. */
  publicKey: string;
  /** Base64 of the PKCS#8 DER encoding. Never leaves this machine. */
  privateKey: string;
}

export function generateDeviceKeyPair(): DeviceKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject | null>();

function privateKeyObject(privateKey: string): KeyObject {
  let key = privateKeys.get(privateKey);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    privateKeys.set(privateKey, key);
  }
  return key;
}

function publicKeyObject(publicKey: string): KeyObject | null {
  let key = publicKeys.get(publicKey);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
      if (key.asymmetricKeyType !== 'ed25519') key = null;
    } catch {
      key = null;
    }
    if (publicKeys.size > 10_000) publicKeys.clear();
    publicKeys.set(publicKey, key);
  }
  return key;
}

export function isPublicKey(publicKey: unknown): publicKey is string {
  return typeof publicKey === 'string' && publicKey.length < 200 && publicKeyObject(publicKey) !== null;
}

/** What is signed for a file: its content hash, with a label so a signature cannot be reused elsewhere. */
function signingInput(contentHash: string): Buffer {
  return Buffer.from(`lore-signed-log/1\n${contentHash}`, 'utf8');
}

export function signContentHash(contentHash: string, privateKey: string): string {
  return sign(null, signingInput(contentHash), privateKeyObject(privateKey)).toString('base64');
}

export function verifyContentHash(contentHash: string, signature: string, publicKey: string): boolean {
  const key = publicKeyObject(publicKey);
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
