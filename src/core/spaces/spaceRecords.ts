import { randomBytes, sign, verify } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../hash';
import { privateKeyObject, publicKeyObject } from '../keyObjects';
import type { DeviceKeyPair } from '../sync/deviceKeys';
import { isPublicKey } from '../sync/deviceKeys';
import { isDeviceId } from '../sync/teamFolderLayout';
import { isBoxPublicKey, newSpaceKey, sealPayload, wrapSpaceKey, type BoxKeyPair, type DevicePublicKeys, type WrappedKey } from './spaceCrypto';

/**
 * The records of a space's membership ledger (folded by spaceMembership.ts). Each is signed
 * with the writing device's Ed25519 key (the key it signs its segments with) and names the
 * records its writer had seen (`after`), so the ledger is a hash-linked graph: which records
 * came before which is fixed by their ids, not by when files arrive.
 *
 * ```
 * {"body":{"after":[…],"at":"…","device":"…","lore":"space-record/1","signingKey":"…","space":"…","team":"…","type":"…",…},"sig":"…"}
 * ```
 *
 * - `create`:  the space's first record (no `after`); `epoch` names its first key, `wraps` it for the creator.
 * - `request`: a device asks to join; publishes its X25519 `boxKey` and the `person` it belongs to.
 * - `approve`: a member admits the device of `request`; `wraps` holds the current key for it.
 * - `rotate`:  a member removes `removes` (possibly none) and makes key `epoch`, wrapped for the
 *              devices that remain; `back` seals each earlier key under the new one, so the
 *              holders of the new key read everything written before.
 * - `grant`:   a member wraps keys for members that lack them (after concurrent changes).
 */
export const SPACE_RECORD_FORMAT = 'space-record/1';
/** The associated-data id of a space's sealed name. */
export const SPACE_NAME_ID = 'space-name';

export type SpaceRecordType = 'create' | 'request' | 'approve' | 'rotate' | 'grant';

export interface SpaceRecordBody {
  lore: typeof SPACE_RECORD_FORMAT;
  type: SpaceRecordType;
  team: string;
  space: string;
  /** The device that wrote and signed the record. */
  device: string;
  /** Its Ed25519 key, base64 SPKI DER. */
  signingKey: string;
  /** When it was written (the writer's clock: shown as "since", never used for ordering). */
  at: string;
  /** Ids of the records the writer had seen that no other record it had seen lists (sorted). */
  after: string[];
  /** create, request: the person the device belongs to (one person, several devices). */
  person?: string;
  /** create, request: the device's X25519 key. */
  boxKey?: string;
  /** create: the space's name as people see it, sealed under the first key (base64; spaceName() opens it). */
  name?: string;
  /** request: makes every request a new record. */
  nonce?: string;
  /** approve: the id of the request approved. */
  request?: string;
  /** create, rotate: the id of the key made by this record. */
  epoch?: string;
  /** rotate: the devices removed. */
  removes?: string[];
  /** rotate: earlier epoch id → that epoch's key sealed under the new key (base64). */
  back?: Record<string, string>;
  /** create, approve, rotate, grant: keys wrapped for devices. */
  wraps?: WrappedKey[];
}

export interface SpaceRecord {
  body: SpaceRecordBody;
  /** Ed25519 signature (base64) of `lore-space-record/1\n<id>`. */
  sig: string;
}

/** A record's id: SHA-256 of its body's canonical JSON. */
export function spaceRecordId(record: SpaceRecord): string {
  return sha256Hex(canonicalJson(record.body));
}

function signingInput(id: string): Buffer {
  return Buffer.from(`lore-space-record/1\n${id}`, 'utf8');
}

/**
 * Signatures already checked (record id and signature; the id covers the signing key): every
 * sync folds the whole ledger again, and checking an Ed25519 signature costs far more than the
 * rest of the fold. Bounded like deviceKeys.ts's key cache.
 */
const verified = new Set<string>();

export function verifySpaceRecord(record: SpaceRecord): boolean {
  const id = spaceRecordId(record);
  const seen = `${id}:${record.sig}`;
  if (verified.has(seen)) return true;
  try {
    const key = publicKeyObject(record.body.signingKey, 'ed25519');
    if (!key || !verify(null, signingInput(id), key, Buffer.from(record.sig, 'base64'))) return false;
  } catch {
    return false;
  }
  if (verified.size > 100_000) verified.clear();
  verified.add(seen);
  return true;
}

/** A device as the space sees it: its id, the person it belongs to, its two key pairs. */
export interface SpaceDevice {
  device: string;
  person: string;
  signing: DeviceKeyPair;
  box: BoxKeyPair;
}

export function publicKeysOf(d: SpaceDevice): DevicePublicKeys {
  return { device: d.device, signingKey: d.signing.publicKey, boxKey: d.box.publicKey };
}

export interface SpaceRef {
  team: string;
  space: string;
}

type BodyFields = Omit<SpaceRecordBody, 'lore' | 'team' | 'space' | 'device' | 'signingKey' | 'at' | 'after'>;

function signRecord(me: SpaceDevice, ref: SpaceRef, at: string, after: readonly string[], fields: BodyFields): SpaceRecord {
  const body: SpaceRecordBody = {
    lore: SPACE_RECORD_FORMAT,
    team: ref.team,
    space: ref.space,
    device: me.device,
    signingKey: me.signing.publicKey,
    at,
    after: [...new Set(after)].sort(),
    ...fields,
  };
  const draft: SpaceRecord = { body, sig: '' };
  return { body, sig: sign(null, signingInput(spaceRecordId(draft)), privateKeyObject(me.signing.privateKey)).toString('base64') };
}

function newEpochId(): string {
  return randomBytes(16).toString('hex');
}

/** A new space: its first record and its first key (epoch). */
export function createSpaceRecord(me: SpaceDevice, ref: SpaceRef, name: string, at: string): { record: SpaceRecord; epoch: string; key: Buffer } {
  const epoch = newEpochId();
  const key = newSpaceKey();
  const wraps = [wrapSpaceKey(key, { device: me.device, boxPublicKey: me.box.publicKey }, { ...ref, epoch })];
  const sealedName = sealPayload(key, { ...ref, epoch, purpose: 'names', id: SPACE_NAME_ID }, Buffer.from(name, 'utf8')).toString('base64');
  const record = signRecord(me, ref, at, [], { type: 'create', name: sealedName, person: me.person, boxKey: me.box.publicKey, epoch, wraps });
  return { record, epoch, key };
}

export function requestJoinRecord(me: SpaceDevice, ref: SpaceRef, after: readonly string[], at: string): SpaceRecord {
  return signRecord(me, ref, at, after, { type: 'request', person: me.person, boxKey: me.box.publicKey, nonce: randomBytes(8).toString('hex') });
}

/** Admits the device of `request`: wraps the key of `epoch` (the current one) for its X25519 key. */
export function approveJoinRecord(
  me: SpaceDevice,
  ref: SpaceRef,
  request: { id: string; device: string; boxKey: string },
  current: { epoch: string; key: Uint8Array },
  after: readonly string[],
  at: string,
): SpaceRecord {
  const wraps = [wrapSpaceKey(current.key, { device: request.device, boxPublicKey: request.boxKey }, { ...ref, epoch: current.epoch })];
  return signRecord(me, ref, at, after, { type: 'approve', request: request.id, wraps });
}

/**
 * A new key for the space, wrapped for `recipients` (the devices that remain), with `removes`
 * taken out; every key in `previous` (the epochs nobody had linked yet) is sealed under it.
 */
export function rotateKeyRecord(
  me: SpaceDevice,
  ref: SpaceRef,
  change: { removes: readonly string[]; recipients: readonly { device: string; boxKey: string }[]; previous: ReadonlyMap<string, Uint8Array> },
  after: readonly string[],
  at: string,
): { record: SpaceRecord; epoch: string; key: Buffer } {
  const epoch = newEpochId();
  const key = newSpaceKey();
  const wraps = change.recipients.map((r) => wrapSpaceKey(key, { device: r.device, boxPublicKey: r.boxKey }, { ...ref, epoch }));
  const back: Record<string, string> = {};
  for (const [prev, prevKey] of change.previous) {
    back[prev] = sealPayload(key, { ...ref, epoch, purpose: 'chain', id: prev }, prevKey).toString('base64');
  }
  const record = signRecord(me, ref, at, after, { type: 'rotate', removes: [...new Set(change.removes)].sort(), epoch, wraps, back });
  return { record, epoch, key };
}

/** Gives members keys they lack (`keys`: epoch → key, each wrapped for every recipient). */
export function grantKeysRecord(
  me: SpaceDevice,
  ref: SpaceRef,
  grants: readonly { device: string; boxKey: string; epoch: string; key: Uint8Array }[],
  after: readonly string[],
  at: string,
): SpaceRecord {
  const wraps = grants.map((g) => wrapSpaceKey(g.key, { device: g.device, boxPublicKey: g.boxKey }, { ...ref, epoch: g.epoch }));
  return signRecord(me, ref, at, after, { type: 'grant', wraps });
}

const TYPES: readonly string[] = ['create', 'request', 'approve', 'rotate', 'grant'];
const ID = /^[0-9a-f]{64}$/;
const EPOCH = /^[0-9a-f]{32}$/;

function isWrappedKey(w: unknown): w is WrappedKey {
  const k = w as Partial<WrappedKey> | null;
  return (
    !!k &&
    typeof k === 'object' &&
    k.v === 1 &&
    typeof k.to === 'string' &&
    isDeviceId(k.to) &&
    typeof k.toKey === 'string' &&
    ID.test(k.toKey) &&
    typeof k.epoch === 'string' &&
    EPOCH.test(k.epoch) &&
    typeof k.eph === 'string' &&
    typeof k.box === 'string' &&
    k.box.length < 200 &&
    k.eph.length < 200
  );
}

/**
 * Checks a record read from the folder: its shape, sizes and signature (by the key it names;
 * whether that key speaks for the device is the fold's question). A reason when it is unusable.
 */
export function checkSpaceRecord(raw: unknown): { ok: true; record: SpaceRecord; id: string } | { ok: false; reason: string } {
  const r = raw as Partial<SpaceRecord> | null;
  const b = r?.body as Partial<SpaceRecordBody> | undefined;
  if (!r || typeof r !== 'object' || !b || typeof b !== 'object' || typeof r.sig !== 'string') {
    return { ok: false, reason: 'it is not a membership record' };
  }
  if (b.lore !== SPACE_RECORD_FORMAT) return { ok: false, reason: 'it is a membership record of a newer Lore (update Lore to read it)' };
  if (typeof b.type !== 'string' || !TYPES.includes(b.type)) return { ok: false, reason: 'it is a membership record of an unknown kind (update Lore to read it)' };
  const strings = [b.team, b.space, b.device, b.at];
  if (strings.some((s) => typeof s !== 'string' || s.length === 0 || s.length > 200)) return { ok: false, reason: 'its team, space, device or time is missing' };
  if (!isDeviceId(b.device as string)) return { ok: false, reason: 'its device id is not valid' };
  if (!isPublicKey(b.signingKey)) return { ok: false, reason: 'its signing key is not an Ed25519 key' };
  if (!Array.isArray(b.after) || b.after.length > 1000 || !b.after.every((a) => typeof a === 'string' && ID.test(a))) {
    return { ok: false, reason: 'its list of earlier records is not valid' };
  }
  if (b.boxKey !== undefined && !isBoxPublicKey(b.boxKey)) return { ok: false, reason: 'its encryption key is not an X25519 key' };
  if (b.person !== undefined && (typeof b.person !== 'string' || b.person.length === 0 || b.person.length > 200)) {
    return { ok: false, reason: 'its person is not a name' };
  }
  if (b.name !== undefined && (typeof b.name !== 'string' || b.name.length > 2000)) return { ok: false, reason: 'its space name is not valid' };
  if (b.epoch !== undefined && (typeof b.epoch !== 'string' || !EPOCH.test(b.epoch))) return { ok: false, reason: 'its key epoch id is not valid' };
  if (b.request !== undefined && (typeof b.request !== 'string' || !ID.test(b.request))) return { ok: false, reason: 'its request id is not valid' };
  if (b.wraps !== undefined && (!Array.isArray(b.wraps) || b.wraps.length > 10_000 || !b.wraps.every(isWrappedKey))) {
    return { ok: false, reason: 'its wrapped keys are not valid' };
  }
  if (b.removes !== undefined && (!Array.isArray(b.removes) || !b.removes.every((d) => typeof d === 'string' && isDeviceId(d)))) {
    return { ok: false, reason: 'its list of removed devices is not valid' };
  }
  if (b.back !== undefined && (typeof b.back !== 'object' || b.back === null || Array.isArray(b.back) || !Object.entries(b.back).every(([k, v]) => EPOCH.test(k) && typeof v === 'string' && v.length < 400))) {
    return { ok: false, reason: 'its links to earlier keys are not valid' };
  }
  const needs: Record<SpaceRecordType, (keyof SpaceRecordBody)[]> = {
    create: ['person', 'boxKey', 'epoch', 'wraps', 'name'],
    request: ['person', 'boxKey'],
    approve: ['request', 'wraps'],
    rotate: ['epoch', 'wraps', 'removes', 'back'],
    grant: ['wraps'],
  };
  const missing = needs[b.type as SpaceRecordType].filter((f) => b[f] === undefined);
  if (missing.length) return { ok: false, reason: `it lacks ${missing.join(', ')}` };
  const record = { body: b as SpaceRecordBody, sig: r.sig };
  if (!verifySpaceRecord(record)) return { ok: false, reason: 'its signature does not match (it was changed after it was signed, or forged)' };
  return { ok: true, record, id: spaceRecordId(record) };
}
