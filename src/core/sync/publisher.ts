import type { Clock } from '../clock';
import { sha256Hex } from '../hash';
import type { LoreEvent } from '../store/events';
import type { LoreStore } from '../store/loreStore';
import { publishCitedImages } from './blobs';
import { keyFingerprint } from './deviceKeys';
import { encodeDeviceFile, parseDeviceFile } from './folderFiles';
import { cleanStaging, writeImmutableFile, type ImmutableWriteOptions } from './immutableWrite';
import type { SealTarget, SegmentCodec } from './segmentCodec';
import { encodeSegment, sealedSegmentId, type SegmentAck } from './segmentFile';
import type { PreparedSegment, SyncLedger } from './syncLedger';
import { joinPath, type SyncFs } from './syncFs';
import { deviceFilePath, monthFolder, segmentPath, teamFolderPaths } from './teamFolderLayout';

export interface PublisherContext {
  fs: SyncFs;
  root: string;
  store: LoreStore;
  ledger: SyncLedger;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  renameRetryMs?: number;
  maxEventsPerSegment: number;
  maxBytesPerSegment: number;
  /** The largest snapshot written (MAX_SNAPSHOT_BYTES, the limit readers apply). */
  maxSnapshotBytes?: number;
  /** Renews the publishing lease between segments; returns false when it was lost (stop publishing). */
  renewLease?: () => boolean;
  /** Seals segments for the space this device shares into (segmentCodec.ts); plaintext without it. */
  codec?: SegmentCodec;
}

export interface PublishOutcome {
  events: number;
  segments: number;
  images: number;
  /** Why local changes were not published: this device shares into a space whose key it does not hold. */
  held?: string;
}

const encoder = new TextEncoder();

function writeOptions(ctx: PublisherContext, device: string): ImmutableWriteOptions {
  return { staging: teamFolderPaths(ctx.root).staging, tag: device, sleep: ctx.sleep, renameRetryMs: ctx.renameRetryMs };
}

/** Writes this device's `DEVICE.json` once; an existing one is never replaced. */
export async function ensureDeviceFile(ctx: PublisherContext, device: string, team = ctx.ledger.teamId()): Promise<void> {
  const path = deviceFilePath(ctx.root, device);
  if (await ctx.fs.stat(path)) return;
  const keys = ctx.ledger.keysFor(device);
  const bytes = encodeDeviceFile({
    device, publicKey: keys.publicKey, author: ctx.store.author, created: new Date(ctx.clock.now()).toISOString(), ...(team ? { team } : {}),
    boxKey: ctx.ledger.boxKeysFor(device).publicKey,
  });
  await writeImmutableFile(ctx.fs, path, bytes, writeOptions(ctx, device));
  const parsed = parseDeviceFile(bytes);
  if (typeof parsed !== 'string') ctx.ledger.pinDevice(device, parsed.publicKey, parsed.author || null);
}

/**
 * Publishes the outbox: local shared events not yet in the team folder, as signed segments that
 * continue this device's chain. Each segment is built and saved in the local database first, so
 * after a crash the very same bytes are written again (an identical file already there is
 * kept); events are marked published only after the file was read back and matched.
 */
export async function publishOutbox(ctx: PublisherContext): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { events: 0, segments: 0, images: 0 };
  await cleanStaging(ctx.fs, teamFolderPaths(ctx.root).staging, ctx.store.deviceId);
  for (;;) {
    if (ctx.renewLease && !ctx.renewLease()) return outcome;
    const target = ctx.codec?.target() ?? { kind: 'plain' as const };
    if (!ctx.ledger.prepared() && target.kind === 'held') {
      if (ctx.store.unpublishedEvents(1).length) outcome.held = target.reason;
      return outcome;
    }
    const prepared = ctx.ledger.prepared() ?? prepareSegment(ctx, target);
    if (!prepared) return outcome;
    const options = writeOptions(ctx, prepared.device);
    await ensureDeviceFile(ctx, prepared.device);
    const bytes = encoder.encode(prepared.text);
    const sealedFor = prepared.sealed && ctx.codec ? { codec: ctx.codec, space: prepared.sealed.space } : undefined;
    if (prepared.sealed && !sealedFor) return outcome; // prepared sealed by an earlier sync; its images need the space's key
    outcome.images += await publishCitedImages(ctx.fs, ctx.root, ctx.store, eventsOf(ctx, prepared), options, sealedFor);
    await writeImmutableFile(ctx.fs, joinPath(ctx.root, prepared.path), bytes, options);
    ctx.ledger.transaction(() => {
      ctx.store.markPublished(prepared.eventIds);
      ctx.ledger.addSegment({
        hash: prepared.hash, device: prepared.device, number: prepared.number, prev: prepared.prev,
        events: prepared.eventIds.length, acks: prepared.acks, mine: true,
      });
      ctx.ledger.recordIngested(prepared.path, bytes.byteLength, sha256Hex(bytes), prepared.device, prepared.hash);
      const header = headerOf(prepared);
      ctx.ledger.setOwnRecipe(prepared.hash, {
        path: prepared.path, created: String(header.created ?? ''), eventIds: prepared.eventIds,
        ...(typeof header.team === 'string' ? { team: header.team } : {}), ...(prepared.keys && Object.keys(prepared.keys).length ? { keys: prepared.keys } : {}),
        ...(prepared.sealed ? { sealed: prepared.sealed } : {}),
      });
      ctx.ledger.setAcked({ ...ctx.ledger.acked(), ...prepared.acks });
      if (prepared.keys) ctx.ledger.setVouched({ ...ctx.ledger.vouched(), ...prepared.keys });
      ctx.ledger.setPrepared(undefined);
    });
    outcome.events += prepared.eventIds.length;
    outcome.segments++;
  }
}

/** Builds the next segment from the outbox and saves it locally; undefined when there is nothing to publish. */
function prepareSegment(ctx: PublisherContext, target: SealTarget): PreparedSegment | undefined {
  return ctx.ledger.transaction(() => {
    const outbox = ctx.store.unpublishedEvents(ctx.maxEventsPerSegment);
    if (!outbox.length) return undefined;
    // Events of an earlier device id (before a renewal) finish that id's chain first.
    const device = outbox[0].device;
    const events: LoreEvent[] = [];
    let size = 0;
    for (const event of outbox) {
      if (event.device !== device) continue;
      const bytes = JSON.stringify(event).length;
      if (events.length && size + bytes > ctx.maxBytesPerSegment) break;
      events.push(event);
      size += bytes;
    }
    const head = ctx.ledger.ownHead(device);
    const acked = ctx.ledger.acked();
    const acks: Record<string, SegmentAck> = {};
    for (const [other, ack] of ctx.ledger.heads()) {
      if (other !== device && acked[other]?.hash !== ack.hash) acks[other] = ack;
    }
    const now = ctx.clock.now();
    const number = (head?.number ?? 0) + 1;
    const prev = head?.hash ?? null;
    // Vouch for the keys pinned here that this device has not vouched for yet.
    const vouched = ctx.ledger.vouched();
    const keys: Record<string, string> = {};
    for (const [other, key] of ctx.ledger.pinnedKeys()) {
      const fingerprint = keyFingerprint(key);
      if (other !== device && vouched[other] !== fingerprint) keys[other] = fingerprint;
    }
    const team = ctx.ledger.teamId();
    const sealed = target.kind === 'sealed'
      ? { space: target.space, epoch: target.epoch, data: target.seal(sealedSegmentId(device, number), events) }
      : undefined;
    const { bytes, hash } = encodeSegment({ device, number, prev, created: new Date(now).toISOString(), acks, events, team, keys, sealed }, ctx.ledger.keysFor(device).privateKey);
    const prepared: PreparedSegment = {
      path: segmentPath('', device, monthFolder(now), number, hash),
      text: new TextDecoder().decode(bytes),
      hash, device, number, prev, acks, keys,
      eventIds: events.map((e) => e.id),
      ...(sealed ? { sealed } : {}),
    };
    ctx.ledger.setPrepared(prepared);
    return prepared;
  });
}

function headerOf(prepared: PreparedSegment): { created?: unknown; team?: unknown } {
  return JSON.parse(prepared.text.slice(0, prepared.text.indexOf('\n'))) as { created?: unknown; team?: unknown };
}

export interface RepairOutcome {
  /** This device's files that were missing from the team folder and were written again (relative paths). */
  rewritten: string[];
  /** This device's files that are missing and cannot be rebuilt here (published by an older Lore). */
  lost: string[];
}

/**
 * Writes again this device's files that disappeared from the team folder (`git clean`, a restore
 * from an older backup, a deleted device folder): DEVICE.json, and every segment it published,
 * rebuilt from the events and the header it kept, byte for byte (the same content hash and
 * signature), so teammates waiting for them and new members get them. Safe to repeat: an
 * identical file already there is kept. `listed`: the segment files the reader saw.
 */
export async function repairOwnFiles(ctx: PublisherContext, listed: Set<string>): Promise<RepairOutcome> {
  const outcome: RepairOutcome = { rewritten: [], lost: [] };
  const own = ctx.ledger.ownSegments();
  const devices = new Set([ctx.store.deviceId, ...own.map((s) => s.device)]);
  for (const device of devices) {
    const path = deviceFilePath(ctx.root, device);
    if (!(await ctx.fs.stat(path))) {
      await ensureDeviceFile(ctx, device);
      outcome.rewritten.push(relativePath(ctx, path));
    }
  }
  // Segments compacted away (deleted because a snapshot in the folder carries them) stay deleted.
  const carried = ctx.ledger.carriedHashes();
  for (const segment of own) {
    if (carried.has(segment.hash)) continue;
    const recipe = ctx.ledger.ownRecipe(segment.hash);
    const rel = recipe?.path ?? ctx.ledger.pathOfSegment(segment.hash);
    if (!rel || listed.has(rel) || (await ctx.fs.stat(joinPath(ctx.root, rel)))) continue;
    const events = recipe?.eventIds.map((id) => ctx.store.getEvent(id));
    if (!recipe || !events || events.some((e) => !e)) {
      outcome.lost.push(rel);
      continue;
    }
    const { bytes, hash } = encodeSegment(
      {
        device: segment.device, number: segment.number, prev: segment.prev, created: recipe.created, acks: segment.acks, events: events as LoreEvent[],
        team: recipe.team, keys: recipe.keys, sealed: recipe.sealed,
      },
      ctx.ledger.keysFor(segment.device).privateKey,
    );
    if (hash !== segment.hash) {
      outcome.lost.push(rel);
      continue;
    }
    await writeImmutableFile(ctx.fs, joinPath(ctx.root, rel), bytes, writeOptions(ctx, segment.device));
    outcome.rewritten.push(rel);
  }
  return outcome;
}

function relativePath(ctx: PublisherContext, path: string): string {
  return path.startsWith(`${ctx.root}/`) ? path.slice(ctx.root.length + 1) : path;
}

function eventsOf(ctx: PublisherContext, prepared: PreparedSegment): LoreEvent[] {
  if (!prepared.sealed) return prepared.text.split('\n').slice(1, -2).map((line) => JSON.parse(line) as LoreEvent);
  return prepared.eventIds.map((id) => ctx.store.getEvent(id)).filter((e): e is LoreEvent => !!e);
}
