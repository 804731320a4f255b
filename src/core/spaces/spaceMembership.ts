import { publicKeyFingerprint, type WrappedKey } from './spaceCrypto';
import { checkSpaceRecord, type SpaceRecord, type SpaceRecordBody } from './spaceRecords';

/**
 * Who is in a space, from its membership records (spaceRecords.ts): a pure function of the set
 * of records, whatever order they arrived in, so every member computes the same state.
 *
 * The records are applied in one order every machine agrees on: a record after the records it
 * names in `after` (and so after everything its writer had seen), records nobody ordered by
 * their id. Each is checked against the state before it: only members approve, remove, rotate
 * and grant; a key wrapped for a device must be for that device's X25519 key; a join request
 * admits once. A removed device's records that its removal had not seen (written while it was
 * being removed, or hidden from the remover) are refused, whatever their place in the order;
 * records it writes after it has seen its removal count only as a new join request.
 */

export interface SpaceMember {
  device: string;
  person: string;
  signingKey: string;
  boxKey: string;
  /** `at` of the record that admitted the device (create or the first approval). */
  since: string;
  admittedBy: string;
  /** The id of that record. */
  admittedIn: string;
}

export interface SpaceEpoch {
  id: string;
  /** 1 for the space's first key, then in the agreed order. */
  number: number;
  /** The record that made it. */
  record: string;
  by: string;
  at: string;
  /** Earlier epoch id → its key sealed under this one. */
  back: Record<string, string>;
}

export interface RefusedRecord {
  id: string;
  device: string;
  type: string;
  reason: string;
}

export interface PendingRequest {
  id: string;
  device: string;
  person: string;
  signingKey: string;
  boxKey: string;
  at: string;
}

export interface SpaceState {
  team: string;
  space: string;
  /** The space's name sealed under its first key (spaceKeyring.spaceName opens it). */
  sealedName: string | null;
  /** The create record, when one was applied. */
  genesis: string | null;
  members: SpaceMember[];
  /** Members grouped by person, each with the first day one of its devices was admitted. */
  people: { person: string; devices: string[]; since: string }[];
  removed: { device: string; person: string; by: string; at: string; record: string }[];
  pending: PendingRequest[];
  epochs: SpaceEpoch[];
  /** The epoch new writes use: the one made last in the agreed order. */
  current: string | null;
  /** Every device ever admitted → the epochs it can read (wrapped for it, or linked from one that was). */
  readable: Record<string, string[]>;
  /** The wrapped keys, per epoch, per device (what a device unwraps). */
  wraps: Record<string, Record<string, WrappedKey>>;
  /** Members that cannot read the current epoch: someone holding it should grant it to them. */
  missingKeys: string[];
  /**
   * Why the space needs a new key now, if it does: a removed device can read the current key
   * (it was removed at the same time as another rotation), or two keys were made at once and
   * neither links to the other (newcomers would miss one's writes).
   */
  rotationNeeded: string | null;
  /** Records with ids the others name: what a new record lists in `after`. */
  heads: string[];
  refused: RefusedRecord[];
  /** Records that name earlier records not here yet. */
  waiting: string[];
}

export interface FoldOptions {
  team: string;
  space: string;
  /** The create record this device already trusts (it keeps it once it has joined). */
  genesis?: string;
  /** The Ed25519 key sync pinned for a device (DEVICE.json), when it has one. */
  pinnedSigningKey?: (device: string) => string | undefined;
}

interface Node {
  id: string;
  record: SpaceRecord;
  body: SpaceRecordBody;
}

export const MEMBERSHIP_REASONS = {
  otherSpace: 'it belongs to another space or team',
  secondCreate: 'another record already created this space',
  notGenesis: 'it claims to create a space this device already knows from another record',
  createWithAfter: 'a record that creates a space cannot follow other records',
  noGenesis: 'it does not follow the record that created the space',
  notMember: 'its device is not a member of the space',
  removedConcurrently: 'its device was removed from the space, and the record was written without seeing that',
  wrongSigningKey: "it is signed with a key that is not the device's",
  pinnedKey: "it is signed with another key than the one the device registered in the team folder",
  alreadyMember: 'its device is already a member of the space',
  unknownRequest: 'it approves a join request that is not in the space',
  requestUnseen: 'it approves a join request its writer had not seen',
  requestUsed: 'it approves a join request that was already used: the device must ask to join again',
  otherDevice: 'it gives a key wrapped for another device',
  wrongWrapCount: 'an approval must wrap exactly one key, for the device that asked',
  unknownEpoch: 'it wraps a key of an epoch the space does not have',
  reusedEpoch: 'it makes a key epoch that already exists',
  wrapsRemoved: 'it gives the new key to a device it removes',
  wrapEpoch: 'it wraps another key than the one it makes',
  removesEveryone: 'it would leave the space without members',
  grantToNonMember: 'it gives a key to a device that is not a member',
} as const;

export function foldMembership(input: readonly unknown[], options: FoldOptions): SpaceState {
  const refused: RefusedRecord[] = [];
  const nodes = new Map<string, Node>();
  for (const raw of input) {
    const checked = checkSpaceRecord(raw);
    if (!checked.ok) {
      const body = (raw as { body?: { device?: unknown; type?: unknown } } | null)?.body;
      refused.push({ id: '', device: String(body?.device ?? ''), type: String(body?.type ?? ''), reason: checked.reason });
      continue;
    }
    const { record, id } = checked;
    if (record.body.team !== options.team || record.body.space !== options.space) {
      refused.push({ id, device: record.body.device, type: record.body.type, reason: MEMBERSHIP_REASONS.otherSpace });
      continue;
    }
    nodes.set(id, { id, record, body: record.body });
  }
  const { order, waiting } = agreedOrder(nodes);
  const ancestors = ancestorSets(order, nodes);
  const isBefore = (a: string, b: string) => ancestors.get(b)?.has(a) ?? false;

  // A removed device's records written without seeing its removal are refused, if the removal
  // counts; refusing them can make other records count or not (its approvals, its removals of
  // others), so the fold runs again with the records the last run's removals refuse, until that
  // set repeats. A cycle (never seen in practice) ends with the union of the sets in it, so the
  // result is still one function of the records.
  const seen: string[] = [];
  const sets: Set<string>[] = [];
  let excluded = new Set<string>();
  let run: Applied;
  for (;;) {
    run = applyInOrder(order, nodes, excluded, isBefore, options);
    const next = new Set<string>();
    for (const removal of run.removals) {
      for (const id of order) {
        if (nodes.get(id)!.body.device !== removal.device || id === removal.record) continue;
        if (!isBefore(id, removal.record) && !isBefore(removal.record, id)) next.add(id);
      }
    }
    const key = [...next].sort().join(',');
    if (key === [...excluded].sort().join(',')) break;
    const at = seen.indexOf(key);
    if (at !== -1) {
      excluded = new Set(sets.slice(at).flatMap((set) => [...set]));
      run = applyInOrder(order, nodes, excluded, isBefore, options);
      break;
    }
    seen.push(key);
    sets.push(next);
    excluded = next;
  }
  return summarise(run, nodes, order, waiting, [...refused, ...run.refused], options);
}

/**
 * Kahn's order over `after`, smallest id first among the records whose predecessors are all
 * placed: the same order from the same set, on every machine.
 */
function agreedOrder(nodes: Map<string, Node>): { order: string[]; waiting: string[] } {
  const missing = new Set<string>();
  const blocked = new Set<string>();
  // A record waits when something it names is not here, or waits itself.
  const waits = (id: string, seen = new Set<string>()): boolean => {
    if (blocked.has(id)) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    const n = nodes.get(id);
    if (!n) {
      missing.add(id);
      return true;
    }
    if (n.body.after.some((a) => waits(a, seen))) {
      blocked.add(id);
      return true;
    }
    return false;
  };
  for (const id of nodes.keys()) waits(id);
  const usable = [...nodes.keys()].filter((id) => !blocked.has(id));
  const remaining = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const id of usable) {
    const after = [...new Set(nodes.get(id)!.body.after)];
    remaining.set(id, after.length);
    for (const a of after) children.set(a, [...(children.get(a) ?? []), id]);
  }
  const ready = usable.filter((id) => remaining.get(id) === 0).sort();
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const c of children.get(id) ?? []) {
      const left = remaining.get(c)! - 1;
      remaining.set(c, left);
      if (left === 0) insertSorted(ready, c);
    }
  }
  // Ids are hashes of what they list, so a cycle cannot be made; what is left is treated as waiting.
  const placed = new Set(order);
  return { order, waiting: [...nodes.keys()].filter((id) => !placed.has(id)).sort() };
}

function insertSorted(list: string[], id: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, id);
}

function ancestorSets(order: readonly string[], nodes: Map<string, Node>): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>();
  for (const id of order) {
    const mine = new Set<string>();
    for (const a of nodes.get(id)!.body.after) {
      mine.add(a);
      for (const x of sets.get(a) ?? []) mine.add(x);
    }
    sets.set(id, mine);
  }
  return sets;
}

interface Identity {
  person: string;
  signingKey: string;
  boxKey: string;
}

interface Applied {
  sealedName: string | null;
  genesis: string | null;
  members: Map<string, SpaceMember>;
  identities: Map<string, Identity>;
  requests: Map<string, PendingRequest & { usedBy: string | null }>;
  removed: Map<string, { device: string; person: string; by: string; at: string; record: string }>;
  removals: { device: string; record: string }[];
  epochs: Map<string, SpaceEpoch>;
  current: string | null;
  wraps: Map<string, Map<string, WrappedKey>>;
  refused: RefusedRecord[];
  applied: Set<string>;
}

function applyInOrder(
  order: readonly string[],
  nodes: Map<string, Node>,
  excluded: ReadonlySet<string>,
  isBefore: (a: string, b: string) => boolean,
  options: FoldOptions,
): Applied {
  const s: Applied = {
    sealedName: null,
    genesis: null,
    members: new Map(),
    identities: new Map(),
    requests: new Map(),
    removed: new Map(),
    removals: [],
    epochs: new Map(),
    current: null,
    wraps: new Map(),
    refused: [],
    applied: new Set(),
  };
  for (const id of order) {
    const { body } = nodes.get(id)!;
    const reason = excluded.has(id) ? MEMBERSHIP_REASONS.removedConcurrently : applyRecord(s, id, body, isBefore, options);
    if (reason) s.refused.push({ id, device: body.device, type: body.type, reason });
    else s.applied.add(id);
  }
  return s;
}

function addWrap(s: Applied, wrap: WrappedKey): void {
  let forEpoch = s.wraps.get(wrap.epoch);
  if (!forEpoch) s.wraps.set(wrap.epoch, (forEpoch = new Map()));
  if (!forEpoch.has(wrap.to)) forEpoch.set(wrap.to, wrap);
}

/** Applies one record to the state; the reason it is refused, or null. */
function applyRecord(s: Applied, id: string, b: SpaceRecordBody, isBefore: (a: string, b: string) => boolean, options: FoldOptions): string | null {
  const pinned = options.pinnedSigningKey?.(b.device);
  if (pinned !== undefined && pinned !== b.signingKey) return MEMBERSHIP_REASONS.pinnedKey;

  if (b.type === 'create') {
    if (b.after.length) return MEMBERSHIP_REASONS.createWithAfter;
    if (options.genesis && options.genesis !== id) return MEMBERSHIP_REASONS.notGenesis;
    if (s.genesis) return MEMBERSHIP_REASONS.secondCreate;
    const wraps = b.wraps!;
    if (wraps.length !== 1 || wraps[0].to !== b.device || wraps[0].toKey !== publicKeyFingerprint(b.boxKey!)) return MEMBERSHIP_REASONS.otherDevice;
    if (wraps[0].epoch !== b.epoch) return MEMBERSHIP_REASONS.wrapEpoch;
    s.genesis = id;
    s.sealedName = b.name!;
    s.identities.set(b.device, { person: b.person!, signingKey: b.signingKey, boxKey: b.boxKey! });
    s.members.set(b.device, { device: b.device, person: b.person!, signingKey: b.signingKey, boxKey: b.boxKey!, since: b.at, admittedBy: b.device, admittedIn: id });
    s.epochs.set(b.epoch!, { id: b.epoch!, number: 1, record: id, by: b.device, at: b.at, back: {} });
    s.current = b.epoch!;
    addWrap(s, wraps[0]);
    return null;
  }
  if (!s.genesis || !isBefore(s.genesis, id)) return MEMBERSHIP_REASONS.noGenesis;

  const known = s.identities.get(b.device);
  if (known && known.signingKey !== b.signingKey) return MEMBERSHIP_REASONS.wrongSigningKey;

  if (b.type === 'request') {
    if (s.members.has(b.device)) return MEMBERSHIP_REASONS.alreadyMember;
    s.requests.set(id, { id, device: b.device, person: b.person!, signingKey: b.signingKey, boxKey: b.boxKey!, at: b.at, usedBy: null });
    return null;
  }

  // Everything else is a member's act.
  const me = s.members.get(b.device);
  if (!me) return MEMBERSHIP_REASONS.notMember;

  if (b.type === 'approve') {
    const request = s.requests.get(b.request!);
    if (!request) return MEMBERSHIP_REASONS.unknownRequest;
    if (!isBefore(request.id, id)) return MEMBERSHIP_REASONS.requestUnseen;
    const wraps = b.wraps!;
    if (wraps.length !== 1) return MEMBERSHIP_REASONS.wrongWrapCount;
    const wrap = wraps[0];
    if (wrap.to !== request.device || wrap.toKey !== publicKeyFingerprint(request.boxKey)) return MEMBERSHIP_REASONS.otherDevice;
    if (!s.epochs.has(wrap.epoch)) return MEMBERSHIP_REASONS.unknownEpoch;
    if (request.usedBy !== null) {
      // Two members approving the same request at once: the second changes nothing. The same
      // request approved again after its device was removed is a replay.
      if (s.members.has(request.device)) {
        addWrap(s, wrap);
        return null;
      }
      return MEMBERSHIP_REASONS.requestUsed;
    }
    if (s.members.has(request.device)) return MEMBERSHIP_REASONS.alreadyMember;
    const other = s.identities.get(request.device);
    if (other && other.signingKey !== request.signingKey) return MEMBERSHIP_REASONS.wrongSigningKey;
    request.usedBy = id;
    s.identities.set(request.device, { person: request.person, signingKey: request.signingKey, boxKey: request.boxKey });
    s.members.set(request.device, {
      device: request.device,
      person: request.person,
      signingKey: request.signingKey,
      boxKey: request.boxKey,
      since: b.at,
      admittedBy: b.device,
      admittedIn: id,
    });
    s.removed.delete(request.device);
    addWrap(s, wrap);
    return null;
  }

  if (b.type === 'rotate') {
    const epoch = b.epoch!;
    if (s.epochs.has(epoch)) return MEMBERSHIP_REASONS.reusedEpoch;
    const removes = new Set(b.removes!);
    const remaining = [...s.members.keys()].filter((d) => !removes.has(d));
    if (remaining.length === 0) return MEMBERSHIP_REASONS.removesEveryone;
    for (const w of b.wraps!) {
      if (w.epoch !== epoch) return MEMBERSHIP_REASONS.wrapEpoch;
      if (removes.has(w.to)) return MEMBERSHIP_REASONS.wrapsRemoved;
      const who = s.identities.get(w.to);
      if (!who || w.toKey !== publicKeyFingerprint(who.boxKey)) return MEMBERSHIP_REASONS.otherDevice;
    }
    for (const prev of Object.keys(b.back!)) if (!s.epochs.has(prev)) return MEMBERSHIP_REASONS.unknownEpoch;
    for (const d of removes) {
      const member = s.members.get(d);
      if (!member) continue; // removed meanwhile by someone else, or never admitted
      s.members.delete(d);
      s.removed.set(d, { device: d, person: member.person, by: b.device, at: b.at, record: id });
      s.removals.push({ device: d, record: id });
      for (const r of s.requests.values()) if (r.device === d && r.usedBy === null && isBefore(r.id, id)) r.usedBy = id;
    }
    s.epochs.set(epoch, { id: epoch, number: s.epochs.size + 1, record: id, by: b.device, at: b.at, back: { ...b.back! } });
    s.current = epoch;
    for (const w of b.wraps!) addWrap(s, w);
    return null;
  }

  // grant
  for (const w of b.wraps!) {
    const member = s.members.get(w.to);
    if (!member) return MEMBERSHIP_REASONS.grantToNonMember;
    if (w.toKey !== publicKeyFingerprint(member.boxKey)) return MEMBERSHIP_REASONS.otherDevice;
    if (!s.epochs.has(w.epoch)) return MEMBERSHIP_REASONS.unknownEpoch;
  }
  for (const w of b.wraps!) addWrap(s, w);
  return null;
}

function readableEpochs(s: Applied, device: string): Set<string> {
  const out = new Set<string>();
  const stack = [...s.wraps.entries()].filter(([, byDevice]) => byDevice.has(device)).map(([epoch]) => epoch);
  while (stack.length) {
    const e = stack.pop()!;
    if (out.has(e)) continue;
    out.add(e);
    for (const prev of Object.keys(s.epochs.get(e)?.back ?? {})) stack.push(prev);
  }
  return out;
}

function summarise(s: Applied, nodes: Map<string, Node>, order: readonly string[], waiting: string[], refused: RefusedRecord[], options: FoldOptions): SpaceState {
  const members = [...s.members.values()].sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
  const people = new Map<string, { person: string; devices: string[]; since: string }>();
  for (const m of members) {
    const p = people.get(m.person) ?? { person: m.person, devices: [], since: m.since };
    p.devices.push(m.device);
    if (m.since < p.since) p.since = m.since;
    people.set(m.person, p);
  }
  const readable: Record<string, string[]> = {};
  for (const d of [...s.identities.keys()].sort()) {
    const epochs = readableEpochs(s, d);
    if (epochs.size) readable[d] = [...epochs].sort((a, b) => s.epochs.get(a)!.number - s.epochs.get(b)!.number);
  }
  const current = s.current;
  const missingKeys = current ? members.filter((m) => !readable[m.device]?.includes(current)).map((m) => m.device) : [];
  const linked = new Set([...s.epochs.values()].flatMap((e) => Object.keys(e.back)));
  const tips = [...s.epochs.keys()].filter((e) => !linked.has(e));
  const leaked = current ? [...s.removed.keys()].filter((d) => readable[d]?.includes(current)).sort() : [];
  const rotationNeeded = leaked.length
    ? `a removed device can read the current key (${leaked.join(', ')}): it was removed while another key was being made`
    : tips.length > 1
      ? 'two keys were made at the same time and neither links to the other: a new key links both'
      : null;
  const named = new Set(order.flatMap((id) => nodes.get(id)!.body.after));
  const wraps: Record<string, Record<string, WrappedKey>> = {};
  for (const [epoch, byDevice] of [...s.wraps.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    wraps[epoch] = Object.fromEntries([...byDevice.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return {
    team: options.team,
    space: options.space,
    sealedName: s.sealedName,
    genesis: s.genesis,
    members,
    people: [...people.values()].sort((a, b) => (a.person < b.person ? -1 : 1)),
    removed: [...s.removed.values()].sort((a, b) => (a.device < b.device ? -1 : 1)),
    pending: [...s.requests.values()]
      .filter((r) => r.usedBy === null && !s.members.has(r.device))
      .map(({ usedBy: _used, ...r }) => r)
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    epochs: [...s.epochs.values()].sort((a, b) => a.number - b.number),
    current,
    readable,
    wraps,
    missingKeys,
    rotationNeeded,
    heads: order.filter((id) => !named.has(id)),
    refused: refused.sort((a, b) => (a.id + a.reason < b.id + b.reason ? -1 : 1)),
    waiting,
  };
}
