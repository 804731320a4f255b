import { describeError } from '../errors';
import { newId, sha256Hex } from '../hash';
import { MAX_FORWARD_DRIFT_MS, parseHlc } from '../hlc';
import type { LoreEvent } from '../store/events';
import type { LoreStore } from '../store/loreStore';
import { citedImages, fetchImages } from './blobs';
import { keyFingerprint } from './deviceKeys';
import { parseDeviceFile, type DeviceFile } from './folderFiles';
import { exceedsPolicy, isDestructiveEvent, liveRecordCount, recordsTakenBy, type MassDeletePolicy } from './massDeleteGuard';
import { checkSegmentHeader, readParsedSegment, type QuarantinedLine, type SegmentHeader } from './segmentFile';
import { parseSignedLog, verifyLogSignature } from './signedLog';
import {
  compareByRecord, MAX_SNAPSHOT_BYTES, readSnapshot, readSnapshotFile, snapshotSegments, vouchingSegments, type SnapshotHeader, type VerifiedSegment,
} from './snapshotFile';
import type { SegmentCodec } from './segmentCodec';
import type { LockedSegment, SyncLedger } from './syncLedger';
import { describeFsError, errorCode, joinPath, type DirEntry, type SyncFs } from './syncFs';
import {
  DEVICE_FILE, isDeviceFileName, isDeviceId, isIgnoredName, isLogFileName, isSafeName, relativeToRoot, teamFolderPaths,
} from './teamFolderLayout';

export interface SyncProgress {
  message: string;
  /** Work done and total, when known. */
  done?: number;
  total?: number;
}

export interface ReaderContext {
  fs: SyncFs;
  root: string;
  store: LoreStore;
  ledger: SyncLedger;
  policy: MassDeletePolicy;
  /** The wall clock (ms), for the mass-delete guard's window. */
  now: () => number;
  /** Events per ingest transaction (several whole files go in one). */
  batchEvents: number;
  /** Files larger than this are refused unread: no Lore writes them (see MAX_LOG_FILE_BYTES). */
  maxFileBytes?: number;
  /** Snapshots larger than this, zipped or unzipped, are refused (MAX_SNAPSHOT_BYTES; the writer keeps to the same limit). */
  maxSnapshotBytes?: number;
  progress?: (progress: SyncProgress) => void;
  /** Opens segments sealed for spaces this device is a member of (segmentCodec.ts); without it every sealed segment is locked. */
  codec?: SegmentCodec;
}

/**
 * The largest segment file a writer produces: segments close at about 1 MB, but one event alone
 * may be larger (a 2-million-character body, escaped). Anything bigger is not Lore's and is
 * refused before it is read, so a junk file costs nothing on every sync.
 */
export const MAX_LOG_FILE_BYTES = 32 * 1024 * 1024;

export interface PendingFile {
  /** Relative to the team folder. */
  path: string;
  reason: string;
}

export interface ReadOutcome {
  ingestedEvents: number;
  ingestedFiles: number;
  heldDeletions: number;
  warnings: string[];
  skewedDevices: string[];
  /** Devices whose wall clock is more than a day behind the stamps they had already seen (see laggingClock). */
  laggingDevices: string[];
  /** Records whose delete lost to an edit made without seeing it. */
  deletesOverridden: string[];
  /** Relative paths of every segment file listed in this scan. */
  listed: Set<string>;
  /**
   * False when a folder of lore/devices could not be listed (unreachable, refused): `listed` may
   * then miss files that are there, so nothing may be concluded from a file's absence.
   */
  listingComplete: boolean;
  /** Invalid events set aside (quarantined) in this scan. */
  quarantined: number;
  /** The snapshot a new member started from, if any. */
  snapshot?: string;
  missingImages: Array<{ hash: string; reason: string }>;
  /** Segment files listed in this scan that were gone when read (compacted meanwhile, or withdrawn by a sync client). */
  vanished: Set<string>;
  /** Sealed segments of spaces this device holds no key for, after this scan (kept locally; opened once a key arrives). */
  locked: LockedSegment[];
}

interface Candidate {
  path: string;
  rel: string;
  device: string;
}

interface ValidSegment {
  header: SegmentHeader;
  events: LoreEvent[];
  hash: string;
  files: Array<{ rel: string; size: number; fileHash: string }>;
  quarantined: QuarantinedLine[];
  locked?: { reason: string; text: string };
}

/**
 * Reads the team folder: lists it (never trusting timestamps or names), pins device keys on first
 * sight, and ingests every complete, correctly signed segment it has not read before, whole
 * files in one transaction each. A file that cannot be used yet is recorded as pending with the
 * reason and retried on the next scan; it never blocks the others and is never deleted.
 */
export async function readTeamFolder(ctx: ReaderContext): Promise<ReadOutcome> {
  const outcome: ReadOutcome = {
    ingestedEvents: 0, ingestedFiles: 0, heldDeletions: 0, warnings: [], skewedDevices: [], deletesOverridden: [], listed: new Set(), missingImages: [],
    quarantined: 0, laggingDevices: [], vanished: new Set(), listingComplete: true, locked: [],
  };
  ctx.progress?.({ message: 'Listing the team folder' });
  const fresh = new Map<string, DeviceFile>();
  const disputed = new Map<string, string>();
  const candidates = await listCandidates(ctx, outcome, fresh, disputed);
  if (fresh.size) await pinFreshKeys(ctx, candidates, fresh, disputed);
  for (const [device, reason] of Object.entries(ctx.ledger.distrusted())) {
    if (!ctx.ledger.pinnedKey(device)) outcome.warnings.push(reason);
  }
  await openLockedSegments(ctx, outcome);
  if (ctx.ledger.segmentCount() === 0) await loadSnapshot(ctx, outcome);
  else {
    // Snapshots are reported only to a new member: one that could not be used is no longer worth reporting.
    for (const file of ctx.ledger.pendingFiles()) if (file.path.startsWith('lore/snapshots/')) ctx.ledger.forgetPending(file.path);
  }
  await examineSnapshots(ctx, outcome);

  const ingested = ctx.ledger.ingestedPaths();
  const todo = candidates.filter((c) => !ingested.has(c.rel));
  const state: BatchState = { segments: new Map(), events: 0, badSignatures: new Set() };
  // Our own segment written before a crash but not yet confirmed: the publisher confirms it.
  const preparedHash = ctx.ledger.prepared()?.hash;
  let done = 0;
  for (const candidate of todo) {
    ctx.progress?.({ message: 'Reading teammates\' changes', done: done++, total: todo.length });
    const valid = await readCandidate(ctx, candidate, preparedHash, state.badSignatures, outcome.vanished);
    if (!valid) continue;
    const existing = state.segments.get(valid.hash);
    if (existing) existing.files.push(...valid.files);
    else {
      state.segments.set(valid.hash, valid);
      state.events += valid.events.length;
    }
    if (state.events >= ctx.batchEvents) {
      await applyBatch(ctx, state, outcome);
      await yieldToEventLoop();
    }
  }
  await applyBatch(ctx, state, outcome);
  // A segment that was listed and then gone when read was compacted by its device meanwhile: the
  // snapshot carrying it was written before it was deleted, so look at the snapshots again.
  if (outcome.vanished.size) await examineSnapshots(ctx, outcome);

  // Files whose signature failed: has someone replaced their device's DEVICE.json?
  for (const device of state.badSignatures) {
    const dir = joinPath(teamFolderPaths(ctx.root).devices, device);
    for (const entry of ((await listOrWarn(ctx, dir, outcome)) ?? []).filter((e) => e.kind === 'file' && isDeviceFileName(e.name))) {
      await readDeviceFile(ctx, device, joinPath(dir, entry.name), outcome);
    }
  }

  // Pending files no longer listed were renamed or withdrawn by the sync client: stop reporting them.
  const listedRel = new Set(candidates.map((c) => c.rel));
  for (const file of ctx.ledger.pendingFiles()) {
    if (file.path.startsWith('lore/devices/') && !listedRel.has(file.path)) ctx.ledger.forgetPending(file.path);
  }

  const wanted = ctx.ledger.wantedBlobs();
  if (wanted.length) {
    ctx.progress?.({ message: 'Reading images' });
    const images = await fetchImages(ctx.fs, ctx.root, ctx.store, wanted, ctx.codec);
    outcome.missingImages = images.missing;
    ctx.ledger.setWantedBlobs(images.missing.map((m) => m.hash));
  }
  outcome.locked = ctx.ledger.lockedSegments();
  return outcome;
}

/**
 * Sealed segments kept because this device held no key for their space: opened and applied once
 * it does (a member approved it, or granted a key), whatever happened to their files meanwhile.
 * One that still does not open with the key now held was changed or forged: reported, never applied.
 */
async function openLockedSegments(ctx: ReaderContext, outcome: ReadOutcome): Promise<void> {
  if (!ctx.codec) return;
  for (const locked of ctx.ledger.lockedSegments()) {
    // Still no key for it: not read again (a non-member may keep thousands).
    if (!ctx.codec.holds(locked.space, locked.epoch)) continue;
    const text = ctx.ledger.lockedText(locked.hash);
    const parsed = text ? parseSignedLog(Buffer.from(text, 'utf8')) : undefined;
    if (!parsed?.ok) {
      ctx.ledger.unlockSegment(locked.hash);
      continue;
    }
    const read = readParsedSegment(parsed.log, (device) => ctx.ledger.pinnedKey(device), ctx.codec);
    if (read.ok && read.locked) continue;
    if (!read.ok) {
      if (read.reason !== locked.reason) ctx.ledger.lockSegment({ ...locked, reason: read.reason }, text!);
      outcome.warnings.push(`Lore cannot open segment ${locked.number} of device ${locked.device} in space ${locked.space}: ${read.reason} Its changes were not applied.`);
      continue;
    }
    const held = decideHeld(ctx, read.events);
    const heldIds = new Set(held.map((e) => e.id));
    ctx.ledger.transaction(() => {
      ingestEvents(ctx, heldIds.size ? read.events.filter((e) => !heldIds.has(e.id)) : read.events, outcome);
      quarantine(ctx, { path: locked.path, device: locked.device }, read.quarantined, outcome);
      if (held.length) ctx.ledger.hold(held, newId());
      ctx.ledger.unlockSegment(locked.hash);
    });
    outcome.heldDeletions += held.length;
    await yieldToEventLoop();
  }
}

function lockIfSealed(ctx: Pick<ReaderContext, 'ledger'>, segment: { header: SegmentHeader; hash: string; locked?: { reason: string; text: string } }, path: string): void {
  if (!segment.locked || !segment.header.space || !segment.header.epoch) return;
  ctx.ledger.lockSegment({
    hash: segment.hash, device: segment.header.device, number: segment.header.number, space: segment.header.space, epoch: segment.header.epoch, path, reason: segment.locked.reason,
  }, segment.locked.text);
}

type DirListing = { entries: DirEntry[]; error?: undefined } | { entries?: undefined; error: unknown };

async function tryList(ctx: ReaderContext, dir: string): Promise<DirListing> {
  try {
    return { entries: await ctx.fs.list(dir) };
  } catch (error) {
    return { error };
  }
}

/** A listing's entries; a folder that could not be listed (other than not there) is a warning and makes the listing incomplete. */
function entriesOrWarn(ctx: ReaderContext, dir: string, listing: DirListing, outcome: ReadOutcome): DirEntry[] | undefined {
  if (listing.entries) return listing.entries;
  if (errorCode(listing.error) !== 'ENOENT') {
    outcome.warnings.push(`Lore could not list ${relativeToRoot(ctx.root, dir)}: ${describeFsError(listing.error)}. It will try again on the next sync.`);
    outcome.listingComplete = false;
  }
  return undefined;
}

async function listOrWarn(ctx: ReaderContext, dir: string, outcome: ReadOutcome): Promise<DirEntry[] | undefined> {
  return entriesOrWarn(ctx, dir, await tryList(ctx, dir), outcome);
}

/** Folders of one device listed at once: it and each of its month folders (`months` by name). */
interface DeviceListing {
  device: string;
  dir: string;
  listing: DirListing;
  months: Map<string, DirListing>;
}

/** How many device folders are listed at the same time (a network share answers each listing after a round trip). */
const LISTING_CONCURRENCY = 16;

async function listDevice(ctx: ReaderContext, device: string, dir: string): Promise<DeviceListing> {
  const listing = await tryList(ctx, dir);
  const months = new Map<string, DirListing>();
  for (const month of listing.entries ?? []) {
    if (month.kind !== 'dir' || !isSafeName(month.name) || isIgnoredName(month.name)) continue;
    months.set(month.name, await tryList(ctx, joinPath(dir, month.name)));
  }
  return { device, dir, listing, months };
}

/** `work` over `items`, at most `limit` at a time; results in the order of `items`. */
async function mapConcurrently<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Lists every device folder and its month folders, several devices at once (the listings are
 * only read here; what they say is taken in device order below, as one device after the other
 * would, so warnings and pinned keys come out the same whatever order the listings finish in).
 */
async function listCandidates(ctx: ReaderContext, outcome: ReadOutcome, fresh: Map<string, DeviceFile>, disputed: Map<string, string>): Promise<Candidate[]> {
  const paths = teamFolderPaths(ctx.root);
  const candidates: Candidate[] = [];
  const devices: string[] = [];
  for (const deviceEntry of (await listOrWarn(ctx, paths.devices, outcome)) ?? []) {
    if (deviceEntry.kind !== 'dir' || isIgnoredName(deviceEntry.name)) continue;
    if (!isSafeName(deviceEntry.name) || !isDeviceId(deviceEntry.name)) {
      outcome.warnings.push(`Lore ignored lore/devices/${sanitize(deviceEntry.name)}: it is not a device folder.`);
      continue;
    }
    devices.push(deviceEntry.name);
  }
  const listings = await mapConcurrently(devices, LISTING_CONCURRENCY, (device) => listDevice(ctx, device, joinPath(paths.devices, device)));
  // Keys are pinned after the listing (pinFreshKeys): one read of them all serves every device.
  const pinned = ctx.ledger.pinnedKeys();
  for (const { device, dir, listing, months } of listings) {
    const entries = entriesOrWarn(ctx, dir, listing, outcome);
    if (!entries) continue;
    // A pinned key never changes; DEVICE.json is read again only when a signature fails (below).
    if (!pinned.get(device)) {
      const registration = await readRegistration(ctx, device, dir, entries, outcome, disputed);
      if (registration) fresh.set(device, registration);
    }
    for (const [month, monthListing] of months) {
      const monthDir = joinPath(dir, month);
      for (const file of entriesOrWarn(ctx, monthDir, monthListing, outcome) ?? []) {
        if (file.kind !== 'file' || !isLogFileName(file.name)) continue;
        const path = joinPath(monthDir, file.name);
        const rel = relativeToRoot(ctx.root, path);
        candidates.push({ path, rel, device });
        outcome.listed.add(rel);
      }
    }
  }
  return candidates.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * A device's registration, from `DEVICE.json` only: a sync client's copy (`DEVICE (conflicted
 * copy).json`) never provides a key, and one that disagrees with `DEVICE.json` means someone
 * planted a device file: neither is trusted and the user is told. A registration for another
 * team (two people created the team at once) is not trusted either.
 */
async function readRegistration(
  ctx: ReaderContext, device: string, dir: string, entries: Array<{ name: string; kind: 'file' | 'dir' }>, outcome: ReadOutcome, disputed: Map<string, string>,
): Promise<DeviceFile | undefined> {
  const names = entries.filter((e) => e.kind === 'file' && isDeviceFileName(e.name)).map((e) => e.name);
  if (!names.includes(DEVICE_FILE)) return undefined; // not arrived yet: its segments wait
  const files: Array<{ name: string; file: DeviceFile }> = [];
  for (const name of names) {
    const path = joinPath(dir, name);
    let bytes: Uint8Array;
    try {
      bytes = await ctx.fs.readFile(path);
    } catch (error) {
      if (name === DEVICE_FILE) {
        outcome.warnings.push(`Lore could not read ${relativeToRoot(ctx.root, path)} yet: ${describeFsError(error)}.`);
        return undefined;
      }
      continue;
    }
    const file = parseDeviceFile(bytes);
    if (typeof file === 'string') {
      if (name === DEVICE_FILE) {
        outcome.warnings.push(`Lore cannot use ${relativeToRoot(ctx.root, path)} yet: ${file}.`);
        return undefined;
      }
      continue; // a half-copied duplicate asserts nothing
    }
    if (name === DEVICE_FILE && file.device !== device) {
      outcome.warnings.push(`${relativeToRoot(ctx.root, path)} describes device ${file.device}, not the device of its folder; Lore ignored it.`);
      return undefined;
    }
    files.push({ name, file });
  }
  const main = files.find((f) => f.name === DEVICE_FILE);
  if (!main) return undefined;
  const other = files.find((f) => f.name !== DEVICE_FILE && (f.file.publicKey !== main.file.publicKey || f.file.device !== main.file.device));
  if (other) {
    // Decided with the other devices' vouches (pinFreshKeys): without one for DEVICE.json's key, neither is trusted.
    disputed.set(device,
      `Security: lore/devices/${device} holds two device files with different keys (${DEVICE_FILE} and ${sanitize(other.name)}). ` +
      'Someone may have planted one to forge this device\'s changes');
  }
  const team = ctx.ledger.teamId();
  if (main.file.team && team && main.file.team !== team) {
    ctx.ledger.setDistrusted(device,
      `Device ${device} (${sanitize(main.file.author || 'unknown')}) registered for another Lore team (${main.file.team}), probably because two people created the team at the same time. ` +
      'Lore ignores its files. Its owner should join this team ("Lore: Set Up Team Folder" > Join, or lore sync --join): their changes are published again into it.');
    return undefined;
  }
  return main.file;
}

/**
 * Keys seen for the first time are pinned only if no device vouched for a different key of the
 * same device: in its earlier segments (already read) or in the segments about to be read (their
 * headers, checked against their own writers' keys). A disagreement means a key was replaced by
 * someone: neither is trusted and the user is told.
 */
async function pinFreshKeys(ctx: ReaderContext, candidates: Candidate[], fresh: Map<string, DeviceFile>, disputed: Map<string, string>): Promise<void> {
  const vouches = ctx.ledger.vouches();
  const keyFor = (device: string): string | undefined => ctx.ledger.pinnedKey(device) ?? fresh.get(device)?.publicKey;
  const ingested = ctx.ledger.ingestedPaths();
  for (const candidate of candidates) {
    if (ingested.has(candidate.rel)) continue;
    let parsed;
    try {
      // The same size limit as reading it for real: a junk file is never read, here either.
      const stat = await ctx.fs.stat(candidate.path);
      if (!stat || stat.size > (ctx.maxFileBytes ?? MAX_LOG_FILE_BYTES)) continue;
      parsed = parseSignedLog(await ctx.fs.readFile(candidate.path));
    } catch {
      continue;
    }
    if (!parsed.ok || ctx.ledger.hasSegment(parsed.log.contentHash)) continue;
    const keys = parsed.log.header.keys;
    if (!keys || typeof keys !== 'object') continue;
    // Only the header and the writer's signature matter here (the events are checked when ingested).
    const header = checkSegmentHeader(parsed.log.header);
    const key = typeof header === 'string' ? undefined : keyFor(header.device);
    if (typeof header === 'string' || header.device !== candidate.device || !key || !verifyLogSignature(parsed.log, key)) continue;
    for (const [device, fingerprint] of Object.entries(header.keys ?? {})) {
      if (device !== header.device) ((vouches[device] ??= {})[fingerprint] ??= header.device);
    }
  }
  // A new member, or a disputed device file: the vouches may be only in segments that snapshots
  // carry (their files were compacted), so look there too.
  if (disputed.size || ctx.ledger.segmentCount() === 0) {
    const dir = teamFolderPaths(ctx.root).snapshots;
    const limit = ctx.maxSnapshotBytes ?? MAX_SNAPSHOT_BYTES;
    for (const entry of await ctx.fs.list(dir).catch(() => [])) {
      if (entry.kind !== 'file' || !isLogFileName(entry.name)) continue;
      try {
        const path = joinPath(dir, entry.name);
        const stat = await ctx.fs.stat(path);
        if (!stat || stat.size > limit) continue;
        for (const segment of vouchingSegments(await ctx.fs.readFile(path), keyFor, limit)) {
          for (const [device, fingerprint] of Object.entries(segment.header.keys ?? {})) {
            if (device !== segment.header.device) ((vouches[device] ??= {})[fingerprint] ??= segment.header.device);
          }
        }
      } catch {
        continue; // unreadable now: its vouches count on a later sync
      }
    }
  }
  for (const [device, file] of fresh) {
    const fingerprint = keyFingerprint(file.publicKey);
    const against = Object.entries(vouches[device] ?? {}).filter(([f]) => f !== fingerprint).map(([, by]) => by);
    if (against.length) {
      ctx.ledger.setDistrusted(device,
        `Security: the key in lore/devices/${device}/${DEVICE_FILE} is not the key device ${against[0]} vouched for ${sanitize(file.author || 'this device')}. ` +
        'The device file may have been replaced to forge its changes, so Lore does not trust it and reads none of its files. Ask its owner, and run "Lore: Verify Team Folder".');
      continue;
    }
    const dispute = disputed.get(device);
    if (dispute && !vouches[device]?.[fingerprint]) {
      ctx.ledger.setDistrusted(device, `${dispute}, so Lore trusts neither and reads none of its files. Ask its owner (${sanitize(file.author || 'unknown')}) which key is theirs, and remove the other file.`);
      continue;
    }
    ctx.ledger.setDistrusted(device, undefined);
    ctx.ledger.pinDevice(device, file.publicKey, file.author || null);
    if (dispute) {
      ctx.ledger.setKeyWarning(device, `${dispute}. Lore trusts the key in ${DEVICE_FILE}, which device ${vouches[device][fingerprint]} vouched for; remove the other file.`);
      continue;
    }
    const sameName = file.author ? [...ctx.ledger.deviceAuthors()].filter(([d, a]) => d !== device && a === file.author).map(([d]) => d) : [];
    if (sameName.length) {
      ctx.ledger.setKeyWarning(device,
        `A new device (${device}) is registered as ${sanitize(file.author)}, a name device ${sameName[0]} already uses. ` +
        `If ${sanitize(file.author)} did not set up another machine, someone may be posing as them: Lore shows each change with the name of the device that signed it.`);
    }
  }
}

/** Pins a device's key the first time it is seen; a different key later is reported, never adopted. */
async function readDeviceFile(ctx: ReaderContext, device: string, path: string, outcome: ReadOutcome): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await ctx.fs.readFile(path);
  } catch (error) {
    if (!ctx.ledger.pinnedKey(device)) outcome.warnings.push(`Lore could not read ${relativeToRoot(ctx.root, path)} yet: ${describeFsError(error)}.`);
    return;
  }
  const file = parseDeviceFile(bytes);
  if (typeof file === 'string') {
    if (!ctx.ledger.pinnedKey(device)) outcome.warnings.push(`Lore cannot use ${relativeToRoot(ctx.root, path)} yet: ${file}.`);
    return;
  }
  if (file.device !== device) {
    outcome.warnings.push(`${relativeToRoot(ctx.root, path)} describes device ${file.device}, not the device of its folder; Lore ignored it.`);
    return;
  }
  const pinned = ctx.ledger.pinnedKey(device);
  if (!pinned) {
    ctx.ledger.pinDevice(device, file.publicKey, file.author || null);
  } else if (pinned !== file.publicKey) {
    const warning = `The key in ${relativeToRoot(ctx.root, path)} is not the key Lore saw first for ${file.author || 'device'} (${device}). ` +
      'Files signed with the new key are not trusted. If this device really was set up again, it should have a new device id; ask its owner.';
    ctx.ledger.setKeyWarning(device, warning);
  }
}

async function readCandidate(
  ctx: ReaderContext, candidate: Candidate, preparedHash: string | undefined, badSignatures: Set<string>, vanished: Set<string>,
): Promise<ValidSegment | undefined> {
  const { ledger } = ctx;
  // A file that could not be used is read again only when it changed (a sync client finishing it),
  // or a day later (a client that completes a file in place and restores its modification time).
  let stamp: string | undefined;
  try {
    const stat = await ctx.fs.stat(candidate.path);
    if (!stat) {
      vanished.add(candidate.rel);
      return undefined;
    }
    stamp = `${stat.size}:${stat.mtimeMs}:${Math.floor(ctx.now() / 86_400_000)}`;
    const pending = ledger.fileRecord(candidate.rel)?.state === 'pending';
    if (pending && ledger.badFileStamp(candidate.rel) === stamp) return undefined;
    const limit = ctx.maxFileBytes ?? MAX_LOG_FILE_BYTES;
    if (stat.size > limit) {
      ledger.recordPending(candidate.rel, stat.size, null, `it is ${formatBytes(stat.size)}, larger than any file Lore writes (${formatBytes(limit)}); it was not read`, candidate.device);
      ledger.setBadFileStamp(candidate.rel, stamp);
      return undefined;
    }
  } catch (error) {
    ledger.recordPending(candidate.rel, 0, null, `it cannot be read: ${describeFsError(error)}`, candidate.device);
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = await ctx.fs.readFile(candidate.path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') vanished.add(candidate.rel);
    else ledger.recordPending(candidate.rel, 0, null, `it cannot be read: ${describeFsError(error)}`, candidate.device);
    return undefined;
  }
  const fileHash = sha256Hex(bytes);
  const parsed = parseSignedLog(bytes);
  if (!parsed.ok) {
    ledger.recordPending(candidate.rel, bytes.byteLength, fileHash, parsed.reason, candidate.device);
    ledger.setBadFileStamp(candidate.rel, stamp);
    return undefined;
  }
  // Content already known (our own file, a conflicted copy, a segment a snapshot covered): nothing new in it.
  if (ledger.hasSegment(parsed.log.contentHash)) {
    ledger.recordIngested(candidate.rel, bytes.byteLength, fileHash, candidate.device, parsed.log.contentHash);
    return undefined;
  }
  if (parsed.log.contentHash === preparedHash) return undefined;
  const read = readParsedSegment(parsed.log, (device) => ledger.pinnedKey(device), ctx.codec);
  if (!read.ok) {
    if (read.problem === 'bad-signature' && read.device) badSignatures.add(read.device);
    const distrusted = read.problem === 'unknown-key' && read.device ? ledger.distrusted()[read.device] : undefined;
    if (distrusted) {
      ledger.recordPending(candidate.rel, bytes.byteLength, fileHash, 'its device\'s key is not trusted (see the security warning)', read.device ?? candidate.device);
      return undefined;
    }
    ledger.recordPending(candidate.rel, bytes.byteLength, fileHash, read.reason, read.device ?? candidate.device);
    // A key that arrives later (or is replaced) can make the same bytes usable: keep retrying those.
    if (read.problem !== 'unknown-key' && read.problem !== 'bad-signature') ledger.setBadFileStamp(candidate.rel, stamp);
    return undefined;
  }
  if (read.header.device !== candidate.device) {
    ledger.recordPending(candidate.rel, bytes.byteLength, fileHash, `it is in the folder of device ${candidate.device} but was written by device ${read.header.device}`, candidate.device);
    ledger.setBadFileStamp(candidate.rel, stamp);
    return undefined;
  }
  const team = ledger.teamId();
  if (read.header.team && team && read.header.team !== team) {
    ledger.recordPending(candidate.rel, bytes.byteLength, fileHash, `it belongs to another Lore team (${read.header.team}); its device should join this team`, candidate.device);
    return undefined;
  }
  ledger.setBadFileStamp(candidate.rel, undefined);
  return {
    header: read.header, events: read.events, hash: read.hash, files: [{ rel: candidate.rel, size: bytes.byteLength, fileHash }], quarantined: read.quarantined,
    ...(read.locked ? { locked: { reason: read.locked, text: new TextDecoder().decode(bytes) } } : {}),
  };
}

interface BatchState {
  segments: Map<string, ValidSegment>;
  events: number;
  badSignatures: Set<string>;
}

/**
 * Ingests whole segments, holding back deletions above the mass-delete threshold. A batch is one
 * transaction; a segment larger than a batch is applied in several (recorded as read with the
 * last, so a crash in between simply applies it again: ingesting is idempotent), with the event
 * loop free in between. If applying throws (data this version cannot store), each segment and
 * then each event is tried alone, and the events that fail are quarantined: one device's bad data
 * never stops the others' from arriving.
 */
async function applyBatch(ctx: ReaderContext, state: BatchState, outcome: ReadOutcome): Promise<void> {
  if (state.segments.size === 0) return;
  const segments = [...state.segments.values()];
  state.segments = new Map();
  state.events = 0;
  const events = segments.flatMap((s) => s.events);
  const held = decideHeld(ctx, events);
  const heldIds = new Set(held.map((e) => e.id));
  const toIngest = heldIds.size ? events.filter((e) => !heldIds.has(e.id)) : events;
  const batch = newId();
  const record = (): void => {
    for (const segment of segments) {
      ctx.ledger.addSegment({
        hash: segment.hash, device: segment.header.device, number: segment.header.number, prev: segment.header.prev,
        events: segment.events.length, acks: segment.header.acks, mine: false,
      });
      for (const file of segment.files) ctx.ledger.recordIngested(file.rel, file.size, file.fileHash, segment.header.device, segment.hash);
      checkVouches(ctx, segment.header);
      quarantine(ctx, { path: segment.files[0].rel, device: segment.header.device }, segment.quarantined, outcome);
      lockIfSealed(ctx, segment, segment.files[0].rel);
    }
    ctx.ledger.noteSeen(segments.map((s): [string, string] => [s.header.device, s.header.created]));
    if (held.length) ctx.ledger.hold(held, batch);
  };
  try {
    for (let start = 0; start + ctx.batchEvents < toIngest.length; start += ctx.batchEvents) {
      ctx.progress?.({ message: 'Applying teammates\' changes', done: start, total: toIngest.length });
      ctx.ledger.transaction(() => ingestEvents(ctx, toIngest.slice(start, start + ctx.batchEvents), outcome));
      await yieldToEventLoop();
    }
    const lastStart = toIngest.length > ctx.batchEvents ? Math.floor((toIngest.length - 1) / ctx.batchEvents) * ctx.batchEvents : 0;
    ctx.ledger.transaction(() => {
      record();
      ingestEvents(ctx, toIngest.slice(lastStart), outcome);
    });
  } catch (error) {
    if (isBusy(error)) throw error;
    const failed: Array<{ segment: ValidSegment; line: QuarantinedLine }> = [];
    for (const event of toIngest) {
      try {
        ctx.ledger.transaction(() => ingestEvents(ctx, [event], outcome));
      } catch (error) {
        if (isBusy(error)) throw error;
        const segment = segments.find((s) => s.events.includes(event))!;
        failed.push({ segment, line: { line: lineOf(segment, event), reason: `event ${event.id.slice(0, 12)}… cannot be stored: ${describeError(error)}` } });
      }
    }
    ctx.ledger.transaction(() => {
      record();
      for (const { segment, line } of failed) quarantine(ctx, { path: segment.files[0].rel, device: segment.header.device }, [line], outcome);
    });
  }
  outcome.ingestedFiles += segments.reduce((n, s) => n + s.files.length, 0);
  outcome.heldDeletions += held.length;
  for (const segment of segments) {
    if (laggingClock(ctx, segment) && !outcome.laggingDevices.includes(segment.header.device)) outcome.laggingDevices.push(segment.header.device);
  }
}

/**
 * A segment's `created` is its writer's wall clock at writing. It cites (acks) segments of ours
 * that the writer had already read: written more than a day before the newest stamp in those, the
 * writer's clock is far behind. (Late delivery cannot cause this: the writer had read ours first.)
 */
function laggingClock(ctx: ReaderContext, segment: ValidSegment): boolean {
  const created = Date.parse(segment.header.created);
  if (Number.isNaN(created)) return false;
  for (const ack of Object.values(segment.header.acks)) {
    const last = ctx.ledger.ownRecipe(ack.hash)?.eventIds.at(-1);
    const event = last ? ctx.store.getEvent(last) : undefined;
    if (event && parseHlc(event.hlc).ms - created > MAX_FORWARD_DRIFT_MS) return true;
  }
  return false;
}

/** Another window holds the database: try again later, never blame the data. */
function isBusy(error: unknown): boolean {
  return /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database is busy/i.test(describeError(error));
}

function lineOf(segment: Pick<ValidSegment, 'events' | 'quarantined'>, event: LoreEvent): number {
  // Lines of a segment: the header, then the events in order (quarantined ones included).
  let line = 2;
  const skipped = new Set(segment.quarantined.map((q) => q.line));
  for (const e of segment.events) {
    while (skipped.has(line)) line++;
    if (e === event) return line;
    line++;
  }
  return line;
}

function quarantine(ctx: ReaderContext, at: { path: string; device: string }, lines: QuarantinedLine[], outcome: ReadOutcome): void {
  if (!lines.length) return;
  ctx.ledger.quarantine(lines.map((q) => ({ path: at.path, line: q.line, device: at.device, reason: q.reason })));
  outcome.quarantined += lines.length;
}

/** Records the key fingerprints a segment vouches for; one that contradicts a key pinned here is an alarm. */
function checkVouches(ctx: Pick<ReaderContext, 'ledger'>, header: SegmentHeader): void {
  if (!header.keys) return;
  ctx.ledger.addVouches(header.device, header.keys);
  for (const [device, fingerprint] of Object.entries(header.keys)) {
    const pinned = ctx.ledger.pinnedKey(device);
    if (device === header.device || !pinned || keyFingerprint(pinned) === fingerprint) continue;
    ctx.ledger.setKeyWarning(device,
      `Security: device ${header.device} knows device ${device} by a different key than this machine does. ` +
      'One of them was given a replaced device file: run "Lore: Verify Team Folder" and ask both owners.');
  }
}

/** Runs store.ingest, collecting what the user should be told. Call inside a transaction. */
export function ingestEvents(ctx: Pick<ReaderContext, 'store' | 'ledger'>, events: LoreEvent[], outcome: Pick<ReadOutcome, 'ingestedEvents' | 'skewedDevices' | 'deletesOverridden'>): void {
  if (!events.length) return;
  const unsubscribe = ctx.store.onDidChange((change) => {
    if (change.origin === 'remote') outcome.deletesOverridden.push(...change.deletesOverridden);
  });
  try {
    const result = ctx.store.ingest(events);
    outcome.ingestedEvents += result.inserted;
    for (const device of result.skewedDevices) if (!outcome.skewedDevices.includes(device)) outcome.skewedDevices.push(device);
  } finally {
    unsubscribe();
  }
  const have = new Set(ctx.store.listImageHashes());
  const wanted = citedImages(events).filter((h) => !have.has(h));
  if (wanted.length) ctx.ledger.setWantedBlobs([...ctx.ledger.wantedBlobs(), ...wanted]);
}

/**
 * The destructive changes (deletions, emptied bodies) to hold back for the user: all of a
 * device's when, with what it took away in the guard's window (see massDeleteGuard.ts), they
 * exceed the policy, or when earlier ones of that device are still waiting for a decision.
 */
function decideHeld(ctx: ReaderContext, events: LoreEvent[]): LoreEvent[] {
  const byDevice = new Map<string, LoreEvent[]>();
  for (const event of events) {
    if (!isDestructiveEvent(event)) continue;
    byDevice.set(event.device, [...(byDevice.get(event.device) ?? []), event]);
  }
  if (!byDevice.size) return [];
  const waiting = new Set(ctx.ledger.held().map((h) => h.event.device));
  const now = ctx.now();
  const since = now - ctx.policy.windowMs;
  const held: LoreEvent[] = [];
  for (const [device, destructive] of byDevice) {
    if (waiting.has(device)) {
      held.push(...destructive);
      continue;
    }
    const before = ctx.ledger.takenSince(device, since);
    const taken = recordsTakenBy(ctx.store, destructive);
    const total = new Set([...before, ...taken]).size;
    if (exceedsPolicy(total, liveRecordCount(ctx.store) + before.size, ctx.policy)) held.push(...destructive);
    else ctx.ledger.recordTaken(device, taken, now, since);
  }
  return held;
}

/**
 * A new member (nothing read yet) starts from the snapshot covering the most segments, then
 * reads only the segments it does not cover. Only the segments the snapshot carries that pass
 * every check against their own devices' keys are used (and skipped in the folder later); a
 * snapshot whose list of covered segments disagrees with what it carries is not used at all.
 */
async function loadSnapshot(ctx: ReaderContext, outcome: ReadOutcome): Promise<void> {
  const dir = teamFolderPaths(ctx.root).snapshots;
  const entries = (await listOrWarn(ctx, dir, outcome)) ?? [];
  const found: Array<{ rel: string; size: number; fileHash: string; hash: string; header: SnapshotHeader; lines: string[] }> = [];
  for (const entry of entries) {
    if (entry.kind !== 'file' || !isLogFileName(entry.name)) continue;
    const path = joinPath(dir, entry.name);
    const rel = relativeToRoot(ctx.root, path);
    let snapshot: Awaited<ReturnType<typeof readSnapshotFile>>;
    try {
      // Its size is checked before reading, and unzipping stops at the largest snapshot a writer produces.
      snapshot = await readSnapshotFile(ctx.fs, path, (device) => ctx.ledger.pinnedKey(device), ctx.maxSnapshotBytes);
    } catch (error) {
      ctx.ledger.recordPending(rel, 0, null, `it cannot be read: ${describeFsError(error)}`, null);
      continue;
    }
    const fileHash = snapshot.gz ? sha256Hex(snapshot.gz) : null;
    if (!snapshot.ok) {
      if (snapshot.problem !== 'older-format') ctx.ledger.recordPending(rel, snapshot.size, fileHash, snapshot.reason, snapshot.device ?? null);
      continue;
    }
    found.push({ rel, size: snapshot.size, fileHash: fileHash!, hash: snapshot.hash, header: snapshot.header, lines: snapshot.lines });
  }
  found.sort((a, b) => b.header.covers.length - a.header.covers.length || (a.hash < b.hash ? 1 : -1));
  const team = ctx.ledger.teamId();
  for (const best of found) {
    if (best.header.team && team && best.header.team !== team) {
      ctx.ledger.recordPending(best.rel, best.size, best.fileHash, `it belongs to another Lore team (${best.header.team})`, best.header.device);
      continue;
    }
    ctx.progress?.({ message: 'Checking the team snapshot' });
    const contents = snapshotSegments(best.header, best.lines, (device) => ctx.ledger.pinnedKey(device), team, ctx.codec);
    if (contents.coversMismatch) {
      ctx.ledger.recordPending(best.rel, best.size, best.fileHash, `it cannot be trusted: ${contents.coversMismatch}`, best.header.device);
      outcome.warnings.push(`Security: snapshot ${best.rel} (written by device ${best.header.device}) ${contents.coversMismatch}. Lore did not use it and reads the devices' own files instead.`);
      continue;
    }
    const forged = contents.rejected.filter((r) => !/is not known yet/.test(r));
    if (forged.length) {
      outcome.warnings.push(
        `Security: snapshot ${best.rel} (written by device ${best.header.device}) carries ${forged.length} segment${forged.length === 1 ? '' : 's'} that fail their devices' own checks ` +
        `(${forged[0]}). Lore used only the segments that pass and reads the rest from the devices' own files.`);
    }
    await applySnapshot(ctx, outcome, best, contents.segments, true);
    ctx.ledger.setCarried(best.rel, contents.segments.map((s) => s.hash));
    // Segments of devices whose key is not pinned yet (a disputed device file that the vouches in
    // this very snapshot settle): look again once more keys are pinned, as examineSnapshots does.
    ctx.ledger.setSnapshotRetry(best.rel, contents.rejected.some((r) => /is not known yet/.test(r)) ? ctx.ledger.pinnedKeys().size : undefined);
    return;
  }
}

/**
 * Every snapshot in the folder not examined yet is read once: the segments it carries verifiably
 * are recorded (compaction deletes only segments a snapshot carries, and their absence from the
 * folder is then expected), and those not read here yet are applied. This is how a member that
 * was away while segments were compacted, or a reader that listed a segment just before its
 * device deleted it, catches up. Snapshots that left the folder are forgotten. A snapshot that
 * cannot be used records nothing as carried (it is reported to new members only, above).
 */
async function examineSnapshots(ctx: ReaderContext, outcome: ReadOutcome): Promise<void> {
  const dir = teamFolderPaths(ctx.root).snapshots;
  let entries: Array<{ name: string; kind: 'file' | 'dir' }>;
  try {
    entries = await ctx.fs.list(dir);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') return; // unreachable now: not evidence that the snapshots are gone
    entries = [];
  }
  const listed = new Map<string, string>();
  for (const entry of entries) {
    if (entry.kind === 'file' && isLogFileName(entry.name)) listed.set(relativeToRoot(ctx.root, joinPath(dir, entry.name)), joinPath(dir, entry.name));
  }
  for (const rel of ctx.ledger.carriedSnapshots()) if (!listed.has(rel)) ctx.ledger.setCarried(rel, undefined);
  const retry = ctx.ledger.snapshotRetries();
  const pinned = ctx.ledger.pinnedKeys().size;
  const examined = new Set(ctx.ledger.carriedSnapshots());
  for (const [rel, path] of listed) {
    if (examined.has(rel) && !(rel in retry && pinned > retry[rel])) continue;
    let gz: Uint8Array;
    try {
      const stat = await ctx.fs.stat(path);
      if (!stat) continue;
      const stamp = `snapshot:${stat.size}:${stat.mtimeMs}`;
      if (ctx.ledger.badFileStamp(rel) === stamp) continue;
      const limit = ctx.maxSnapshotBytes ?? MAX_SNAPSHOT_BYTES;
      // Larger than any snapshot a writer produces: never read (and read again only if it changes).
      if (stat.size > limit) {
        ctx.ledger.setBadFileStamp(rel, stamp);
        ctx.ledger.setCarried(rel, []);
        continue;
      }
      gz = await ctx.fs.readFile(path);
      const snapshot = readSnapshot(gz, (device) => ctx.ledger.pinnedKey(device), limit);
      if (!snapshot.ok) {
        // A half-delivered copy is read again when it changes; an unknown writer when its key arrives.
        if (snapshot.problem === 'incomplete' || snapshot.problem === 'too-large') ctx.ledger.setBadFileStamp(rel, stamp);
        else if (snapshot.problem !== 'unknown-key') ctx.ledger.setCarried(rel, []);
        continue;
      }
      const team = ctx.ledger.teamId();
      if (snapshot.header.team && team && snapshot.header.team !== team) {
        ctx.ledger.setCarried(rel, []);
        continue;
      }
      ctx.ledger.setBadFileStamp(rel, undefined);
      ctx.progress?.({ message: 'Checking a team snapshot' });
      const contents = snapshotSegments(snapshot.header, snapshot.lines, (device) => ctx.ledger.pinnedKey(device), team, ctx.codec);
      if (contents.coversMismatch) {
        ctx.ledger.setCarried(rel, []);
        continue;
      }
      const unread = contents.segments.filter((s) => !ctx.ledger.hasSegment(s.hash));
      if (unread.length) {
        await applySnapshot(ctx, outcome, { rel, size: gz.byteLength, fileHash: sha256Hex(gz), hash: snapshot.hash, header: snapshot.header }, unread, false);
      }
      ctx.ledger.setCarried(rel, contents.segments.map((s) => s.hash));
      // Segments of devices whose key has not arrived: look again once more keys are pinned.
      ctx.ledger.setSnapshotRetry(rel, contents.rejected.some((r) => /is not known yet/.test(r)) ? pinned : undefined);
    } catch {
      continue; // unreadable now (a placeholder, a hung share): tried again on the next sync
    }
  }
}

async function applySnapshot(
  ctx: ReaderContext, outcome: ReadOutcome, best: { rel: string; size: number; fileHash: string; hash: string; header: SnapshotHeader },
  segments: VerifiedSegment[], newMember: boolean,
): Promise<void> {
  ctx.progress?.({ message: 'Loading the team snapshot' });
  const unique = new Map<string, LoreEvent>();
  const segmentOf = new Map<string, VerifiedSegment>();
  for (const segment of segments) {
    for (const event of segment.events) {
      unique.set(event.id, event);
      if (!segmentOf.has(event.id)) segmentOf.set(event.id, segment);
    }
  }
  const all = [...unique.values()];
  const held = decideHeld(ctx, all);
  const heldIds = new Set(held.map((e) => e.id));
  // Where a change set aside came from: the snapshot, and the segment inside it.
  const place = (s: VerifiedSegment) => ({ path: `${best.rel} (segment ${s.header.number} of device ${s.header.device})`, device: s.header.device });
  // Record by record, so each transaction recomputes each record once (whatever order the writer used).
  const events = (heldIds.size ? all.filter((e) => !heldIds.has(e.id)) : all).sort(compareByRecord);
  const finish = (): void => {
    for (const s of segments) {
      ctx.ledger.addSegment({ hash: s.hash, device: s.header.device, number: s.header.number, prev: s.header.prev, events: s.events.length, acks: s.header.acks, mine: false });
      checkVouches(ctx, s.header);
      // Invalid events of a correctly signed segment are set aside alone, as in a segment file.
      quarantine(ctx, place(s), s.quarantined, outcome);
      lockIfSealed(ctx, s, place(s).path);
    }
    ctx.ledger.noteSeen(segments.map((s): [string, string] => [s.header.device, s.header.created]));
    ctx.ledger.recordIngested(best.rel, best.size, best.fileHash, best.header.device, best.hash);
    if (held.length) ctx.ledger.hold(held, newId());
  };
  // In several transactions, so other windows can write in between; the snapshot counts as read
  // only with the last one (after a crash it is simply applied again: ingesting is idempotent).
  for (let start = 0; start < events.length || start === 0; start += ctx.batchEvents) {
    const last = start + ctx.batchEvents >= events.length;
    const chunk = events.slice(start, start + ctx.batchEvents);
    ctx.progress?.({ message: 'Loading the team snapshot', done: start, total: events.length });
    try {
      ctx.ledger.transaction(() => {
        ingestEvents(ctx, chunk, outcome);
        if (last) finish();
      });
    } catch (error) {
      if (isBusy(error)) throw error;
      // An event the database refuses is set aside alone; the rest of the snapshot applies.
      const failed: Array<{ segment: VerifiedSegment; line: QuarantinedLine }> = [];
      for (const event of chunk) {
        try {
          ctx.ledger.transaction(() => ingestEvents(ctx, [event], outcome));
        } catch (error) {
          if (isBusy(error)) throw error;
          const segment = segmentOf.get(event.id)!;
          failed.push({ segment, line: { line: lineOf(segment, event), reason: `event ${event.id.slice(0, 12)}… cannot be stored: ${describeError(error)}` } });
        }
      }
      ctx.ledger.transaction(() => {
        for (const { segment, line } of failed) quarantine(ctx, place(segment), [line], outcome);
        if (last) finish();
      });
    }
    if (last) break;
    await yieldToEventLoop();
  }
  outcome.heldDeletions += held.length;
  outcome.ingestedFiles++;
  if (newMember) outcome.snapshot = best.rel;
}

/** Lets the extension host handle other work between two ingest transactions. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

function sanitize(name: string): string {
  return JSON.stringify(name).slice(1, -1).slice(0, 80);
}
