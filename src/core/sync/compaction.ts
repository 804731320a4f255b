import { canonicalJson, sha256Hex } from '../hash';
import { ackDir, ackFilePath, acknowledges, encodeAckFile, readAckFile, type AckFile } from './ackFile';
import { writeImmutableFile } from './immutableWrite';
import type { PublisherContext } from './publisher';
import { errorCode, joinPath } from './syncFs';
import { isDeviceId, teamFolderPaths } from './teamFolderLayout';

/**
 * Compaction: old segments leave the team folder once nobody needs the files any more.
 *
 * - Every device writes its acknowledgement file (ackFile.ts) when it has read more, and at
 *   least every `keepAliveMs` (its sign of life).
 * - A device deletes only its OWN segment files (each path has one writer and one deleter, so two
 *   devices never race on a file), under the machine's publishing lease (one window at a time),
 *   and only a segment that
 *   (a) a snapshot in the folder carries verifiably: this device read that snapshot and checked
 *       the embedded copy against the segment's content hash and its own key, and the snapshot as
 *       a whole passes every check a new member makes (writer's pinned key, covers list, team);
 *       the snapshot is checked to be still there right before deleting;
 *   (b) every active device has acknowledged. A device is active when its last sign of life (the
 *       newest stamp it signed in a segment or acknowledgement file, or when it was first seen
 *       here) is within `horizonMs` (90 days by default). A device away longer no longer holds
 *       deletion back: when it returns it finds the segments in the snapshot (folderReader's
 *       examineSnapshots) and publishes its own unpublished changes as usual.
 * - Deleting is idempotent (a file already gone is fine), and a crash between deletions leaves
 *   only segments that are carried by a snapshot, which every reader falls back to.
 * - A hostile or broken snapshot (forged segments, a covers list it does not carry) records
 *   nothing as carried, so it never makes anyone delete anything.
 */
export const DEFAULT_INACTIVE_AFTER_MS = 90 * 24 * 3_600_000;
/** An acknowledgement file is written again at least this often, so an idle device stays "active". */
export const ACK_KEEP_ALIVE_MS = 7 * 24 * 3_600_000;

interface AckWritten {
  seq: number;
  at: number;
  heads: string;
}

/** The shortest time between two acknowledgement files (each is a write to the shared folder). */
export const ACK_MIN_INTERVAL_MS = 10 * 60_000;

/**
 * Writes this device's acknowledgement file when it read more since the last one (at most every
 * `minIntervalMs`), or a week went by. Returns whether it wrote.
 */
export async function writeAckFile(ctx: PublisherContext, minIntervalMs = ACK_MIN_INTERVAL_MS, keepAliveMs = ACK_KEEP_ALIVE_MS): Promise<boolean> {
  const device = ctx.store.deviceId;
  const heads: AckFile['heads'] = {};
  for (const [other, ack] of Object.entries(ctx.ledger.contiguousHeads())) if (other !== device) heads[other] = [ack.number, ack.hash.slice(0, 16)];
  const digest = sha256Hex(canonicalJson(heads));
  const last = parseJson<AckWritten>(ctx.store.getMeta('sync.ackWritten'));
  const now = ctx.clock.now();
  const path = ackFilePath(ctx.root, device);
  const recent = last && now >= last.at && now - last.at < (last.heads === digest ? keepAliveMs : minIntervalMs);
  if (recent && (await ctx.fs.stat(path))) return false;
  const seq = (last?.seq ?? 0) + 1;
  const bytes = encodeAckFile({ device, team: ctx.ledger.teamId(), created: new Date(now).toISOString(), seq, heads }, ctx.ledger.keysFor(device).privateKey);
  // Replaced in one rename (a temp file in lore/.staging first): readers see the old or the new file, never a mix.
  await writeImmutableFile(ctx.fs, path, bytes, { staging: teamFolderPaths(ctx.root).staging, tag: device, sleep: ctx.sleep, renameRetryMs: ctx.renameRetryMs });
  ctx.store.setMeta('sync.ackWritten', JSON.stringify({ seq, at: now, heads: digest } satisfies AckWritten));
  return true;
}

/** Every usable acknowledgement file in the folder, by device (signed with the device's pinned key). */
export async function readAckFiles(ctx: PublisherContext): Promise<Map<string, AckFile>> {
  const acks = new Map<string, AckFile>();
  let entries;
  try {
    entries = await ctx.fs.list(ackDir(ctx.root));
  } catch {
    return acks;
  }
  const team = ctx.ledger.teamId();
  for (const entry of entries) {
    const device = entry.name.replace(/\.json$/, '');
    if (entry.kind !== 'file' || !entry.name.endsWith('.json') || !isDeviceId(device)) continue;
    let bytes: Uint8Array;
    try {
      bytes = await ctx.fs.readFile(joinPath(ackDir(ctx.root), entry.name));
    } catch {
      continue; // not readable now: that device simply has not acknowledged anything
    }
    const ack = readAckFile(bytes, device, ctx.ledger.pinnedKey(device));
    if (typeof ack === 'string' || (ack.team && team && ack.team !== team)) continue;
    acks.set(device, ack);
  }
  ctx.ledger.noteSeen([...acks.values()].map((a): [string, string] => [a.device, a.created]));
  return acks;
}

export interface CompactionOutcome {
  /** Segment files deleted (relative paths). */
  deleted: string[];
  /** Active devices that have not acknowledged every carried segment yet. */
  waitingFor: string[];
}

/** Deletes this device's segment files that a snapshot carries and every active device has read (see above). */
export async function compactOwnSegments(ctx: PublisherContext, horizonMs = DEFAULT_INACTIVE_AFTER_MS): Promise<CompactionOutcome> {
  const outcome: CompactionOutcome = { deleted: [], waitingFor: [] };
  const device = ctx.store.deviceId;
  // A forked history (a copied database) or a segment still being written: leave everything as it is.
  if (ctx.ledger.prepared() || ctx.ledger.foreignSegmentsOf(device) > 0) return outcome;
  const carried = ctx.ledger.carriedHashes();
  if (!carried.size) return outcome;
  const chain = ctx.ledger.ownChain(device);
  const numbers = new Map([...chain].map(([n, hash]) => [hash, n]));
  const files = ctx.ledger.segmentFilesOf(device).filter((f) => numbers.has(f.segment) && carried.has(f.segment));
  if (!files.length) return outcome;

  const acks = await readAckFiles(ctx);
  const now = ctx.clock.now();
  const lastSeen = ctx.ledger.lastSeen();
  const since = ctx.ledger.pinnedSince();
  const distrusted = ctx.ledger.distrusted();
  const active = [...ctx.ledger.pinnedKeys().keys()].filter((d) => {
    if (d === device || distrusted[d]) return false;
    const seen = Math.max(Date.parse(lastSeen[d] ?? '') || 0, since.get(d) || 0, Date.parse(acks.get(d)?.created ?? '') || 0);
    return now - seen < horizonMs;
  });
  const snapshotThere = new Map<string, boolean>();
  const stillCarried = async (hash: string): Promise<boolean> => {
    for (const snapshot of ctx.ledger.carriedSnapshots()) {
      if (!ctx.ledger.carriedBy(snapshot)?.includes(hash)) continue;
      if (!snapshotThere.has(snapshot)) snapshotThere.set(snapshot, (await ctx.fs.stat(joinPath(ctx.root, snapshot)).catch(() => undefined))?.kind === 'file');
      if (snapshotThere.get(snapshot)) return true;
    }
    return false;
  };
  const waiting = new Set<string>();
  for (const file of files) {
    const number = numbers.get(file.segment)!;
    const behind = active.filter((d) => {
      const ack = acks.get(d);
      return !ack || !acknowledges(ack, device, number, (n) => chain.get(n));
    });
    if (behind.length) {
      for (const d of behind) waiting.add(d);
      continue;
    }
    if (ctx.renewLease && !ctx.renewLease()) break;
    if (!(await stillCarried(file.segment))) continue;
    try {
      await ctx.fs.remove(joinPath(ctx.root, file.path));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') continue; // tried again on the next sync
    }
    ctx.ledger.forgetFile(file.path);
    outcome.deleted.push(file.path);
  }
  outcome.waitingFor = [...waiting];
  return outcome;
}

/**
 * Removes this device's own snapshots that another snapshot in the folder makes redundant: one
 * carrying (verifiably, as examined here) every segment they carry, and more, or exactly the same
 * with a smaller content hash. That order has no cycles, so of two devices doing this at once at
 * least one snapshot stays; a device never removes another device's snapshot. Returns the paths removed.
 */
export async function dropSupersededSnapshots(ctx: PublisherContext): Promise<string[]> {
  const mine = [...new Set([ctx.store.getMeta('sync.mySnapshot') ?? '', ...(parseJson<string[]>(ctx.store.getMeta('sync.myOldSnapshots')) ?? [])])].filter(Boolean);
  if (!mine.length) return [];
  const all = ctx.ledger.carriedSnapshots().map((rel) => ({ rel, carried: new Set(ctx.ledger.carriedBy(rel) ?? []) }));
  const removed: string[] = [];
  for (const rel of mine) {
    const own = all.find((s) => s.rel === rel);
    if (!own) continue;
    const better = all.find((other) => other.rel !== rel && !removed.includes(other.rel) && [...own.carried].every((h) => other.carried.has(h))
      && (other.carried.size > own.carried.size || other.rel < rel));
    if (!better) continue;
    // Still there (it may have been replaced by its own writer since this device examined it).
    if ((await ctx.fs.stat(joinPath(ctx.root, better.rel)).catch(() => undefined))?.kind !== 'file') continue;
    await ctx.fs.remove(joinPath(ctx.root, rel)).catch(() => undefined);
    ctx.ledger.setCarried(rel, undefined);
    removed.push(rel);
  }
  if (removed.length) {
    if (removed.includes(ctx.store.getMeta('sync.mySnapshot') ?? '')) ctx.store.setMeta('sync.mySnapshot', '');
    ctx.store.setMeta('sync.myOldSnapshots', JSON.stringify((parseJson<string[]>(ctx.store.getMeta('sync.myOldSnapshots')) ?? []).filter((r) => !removed.includes(r))));
  }
  return removed;
}

function parseJson<T>(raw: string | undefined): T | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
