import { gunzipSync, gzipSync } from 'node:zlib';
import type { LoreEvent } from '../store/events';
import { parseRemoteEvent } from './remoteEvent';
import { encodeSignedLog, parseSignedLog, verifyLogSignature } from './signedLog';
import { isDeviceId, isHash } from './teamFolderLayout';

export const SNAPSHOT_FORMAT = 1;

/** A segment whose every event is in the snapshot: a new member need not read it. */
export interface CoveredSegment {
  device: string;
  number: number;
  hash: string;
  prev: string | null;
  events: number;
}

/**
 * A snapshot holds every shared event its writer had (not only the current heads: a new member
 * needs the common ancestors to merge later concurrent edits exactly as everyone else does, or
 * replicas would drift apart), and lists the segments it covers. It is a signed log (see
 * signedLog.ts), gzipped, named by the hash of its content.
 */
export interface SnapshotHeader {
  type: 'snapshot';
  format: number;
  device: string;
  created: string;
  covers: CoveredSegment[];
}

/** Record by record, then causal-ish order: a reader applying a snapshot in chunks recomputes each record once. */
export function compareByRecord(a: LoreEvent, b: LoreEvent): number {
  if (a.entity !== b.entity) return a.entity < b.entity ? -1 : 1;
  if (a.entityId !== b.entityId) return a.entityId < b.entityId ? -1 : 1;
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function encodeSnapshot(
  input: { device: string; created: string; covers: CoveredSegment[]; events: readonly LoreEvent[] },
  privateKey: string,
): { bytes: Uint8Array; hash: string } {
  const header: SnapshotHeader = { type: 'snapshot', format: SNAPSHOT_FORMAT, device: input.device, created: input.created, covers: input.covers };
  const { bytes, contentHash } = encodeSignedLog(header, input.events, privateKey);
  return { bytes: gzipSync(bytes, { level: 6 }), hash: contentHash };
}

export type SnapshotRead =
  | { ok: true; header: SnapshotHeader; events: LoreEvent[]; hash: string; lines: string[] }
  | { ok: false; problem: 'incomplete' | 'damaged' | 'newer-format' | 'unknown-key' | 'bad-signature' | 'invalid'; reason: string; device?: string };

/** Unzips and checks the container and header; events are parsed only when `withEvents`. */
export function readSnapshot(gz: Uint8Array, keyFor: (device: string) => string | undefined, withEvents = true): SnapshotRead {
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(gz);
  } catch {
    return { ok: false, problem: 'incomplete', reason: 'it cannot be unzipped (still being copied, or cut short)' };
  }
  const parsed = parseSignedLog(bytes);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, reason: parsed.reason };
  const raw = parsed.log.header;
  if (raw.type !== 'snapshot') return { ok: false, problem: 'damaged', reason: 'it is not a snapshot' };
  if (typeof raw.format !== 'number' || raw.format > SNAPSHOT_FORMAT) {
    return { ok: false, problem: 'newer-format', reason: `it was written by a newer version of Lore (snapshot format ${String(raw.format)})` };
  }
  if (typeof raw.device !== 'string' || !isDeviceId(raw.device) || !Array.isArray(raw.covers)) return { ok: false, problem: 'damaged', reason: 'its header is malformed' };
  const covers: CoveredSegment[] = [];
  for (const c of raw.covers as CoveredSegment[]) {
    if (!c || !isDeviceId(c.device) || !isHash(c.hash) || !Number.isSafeInteger(c.number) || c.number < 1 || (c.prev !== null && !isHash(c.prev))) {
      return { ok: false, problem: 'damaged', reason: 'its list of covered segments is malformed' };
    }
    covers.push({ device: c.device, number: c.number, hash: c.hash, prev: c.prev, events: Number(c.events) || 0 });
  }
  const header: SnapshotHeader = { type: 'snapshot', format: raw.format, device: raw.device, created: String(raw.created ?? ''), covers };
  const key = keyFor(header.device);
  if (!key) return { ok: false, problem: 'unknown-key', reason: `the key of device ${header.device} is not known yet`, device: header.device };
  if (!verifyLogSignature(parsed.log, key)) return { ok: false, problem: 'bad-signature', reason: `its signature does not match the key of device ${header.device}`, device: header.device };
  if (!withEvents) return { ok: true, header, events: [], hash: parsed.log.contentHash, lines: parsed.log.lines };
  const events = snapshotEvents(parsed.log.lines);
  if (typeof events === 'string') return { ok: false, problem: 'invalid', reason: events };
  return { ok: true, header, events, hash: parsed.log.contentHash, lines: parsed.log.lines };
}

/** Parses and checks every event line of a snapshot; the reason when one is not valid. */
export function snapshotEvents(lines: readonly string[]): LoreEvent[] | string {
  const events: LoreEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    try {
      events.push(parseRemoteEvent(lines[i]));
    } catch (error) {
      return `line ${i + 2}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return events;
}
