import type { Clock } from '../clock';
import { sha256Hex } from '../hash';
import type { LoreEvent } from '../store/events';
import type { LoreStore } from '../store/loreStore';
import { publishCitedImages } from './blobs';
import { keyFingerprint } from './deviceKeys';
import { encodeDeviceFile, parseDeviceFile } from './folderFiles';
import { cleanStaging, writeImmutableFile, type ImmutableWriteOptions } from './immutableWrite';
import { encodeSegment, type SegmentAck } from './segmentFile';
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
  /** Renews the publishing lease between segments; returns false when it was lost (stop publishing). */
  renewLease?: () => boolean;
}

export interface PublishOutcome {
  events: number;
  segments: number;
  images: number;
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
  const bytes = encodeDeviceFile({ device, publicKey: keys.publicKey, author: ctx.store.author, created: new Date(ctx.clock.now()).toISOString(), ...(team ? { team } : {}) });
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
    const prepared = ctx.ledger.prepared() ?? prepareSegment(ctx);
    if (!prepared) return outcome;
    const options = writeOptions(ctx, prepared.device);
    await ensureDeviceFile(ctx, prepared.device);
    const bytes = encoder.encode(prepared.text);
    outcome.images += await publishCitedImages(ctx.fs, ctx.root, ctx.store, eventsOf(prepared), options);
    await writeImmutableFile(ctx.fs, joinPath(ctx.root, prepared.path), bytes, options);
    ctx.ledger.transaction(() => {
      ctx.store.markPublished(prepared.eventIds);
      ctx.ledger.addSegment({
        hash: prepared.hash, device: prepared.device, number: prepared.number, prev: prepared.prev,
        events: prepared.eventIds.length, acks: prepared.acks, mine: true,
      });
      ctx.ledger.recordIngested(prepared.path, bytes.byteLength, sha256Hex(bytes), prepared.device, prepared.hash);
      ctx.ledger.setAcked({ ...ctx.ledger.acked(), ...prepared.acks });
      if (prepared.keys) ctx.ledger.setVouched({ ...ctx.ledger.vouched(), ...prepared.keys });
      ctx.ledger.setPrepared(undefined);
    });
    outcome.events += prepared.eventIds.length;
    outcome.segments++;
  }
}

/** Builds the next segment from the outbox and saves it locally; undefined when there is nothing to publish. */
function prepareSegment(ctx: PublisherContext): PreparedSegment | undefined {
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
    const { bytes, hash } = encodeSegment({ device, number, prev, created: new Date(now).toISOString(), acks, events, team, keys }, ctx.ledger.keysFor(device).privateKey);
    const prepared: PreparedSegment = {
      path: segmentPath('', device, monthFolder(now), number, hash),
      text: new TextDecoder().decode(bytes),
      hash, device, number, prev, acks, keys,
      eventIds: events.map((e) => e.id),
    };
    ctx.ledger.setPrepared(prepared);
    return prepared;
  });
}

function eventsOf(prepared: PreparedSegment): LoreEvent[] {
  return prepared.text.split('\n').slice(1, -2).map((line) => JSON.parse(line) as LoreEvent);
}
