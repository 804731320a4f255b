import { gunzipSync, gzipSync } from 'node:zlib';
import { LoreError } from '../errors';
import type { LoreEvent } from '../store/events';
import type { SegmentCodec } from './segmentCodec';
import type { SyncFs } from './syncFs';
import { checkSegmentHeader, readParsedSegment, type QuarantinedLine, type SegmentHeader } from './segmentFile';
import { encodeSignedLog, parseSignedLog, verifyLogSignature } from './signedLog';
import { isDeviceId, isHash } from './teamFolderLayout';

/**
 * 2: a snapshot carries the original signed segments, byte for byte, and each is checked against
 * its own device's key. Format 1 carried bare events signed only by the snapshot's writer (any
 * member could make another device "write" anything); readers ignore it and read the segments.
 */
export const SNAPSHOT_FORMAT = 2;

/**
 * The largest snapshot Lore writes, unzipped (its file, zipped, is smaller still). A writer whose
 * history would not fit writes none (new members read the segments); a reader refuses a larger
 * file before reading it and stops unzipping at this size, so a giant file or a gzip bomb costs
 * nothing but a message.
 */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/** A snapshot of this history would be larger than a reader accepts (MAX_SNAPSHOT_BYTES). */
export class SnapshotTooLargeError extends LoreError {
  constructor(readonly bytes: number, readonly limit: number) {
    super(`A snapshot of the team's history would be ${formatMb(bytes)}, more than the ${formatMb(limit)} a snapshot may be, so none was written.`,
      'New members read the devices\' segment files instead; nothing is lost.');
  }
}

function formatMb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.ceil(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A segment whose every event is in the snapshot: a new member need not read it. */
export interface CoveredSegment {
  device: string;
  number: number;
  hash: string;
  prev: string | null;
  events: number;
}

/**
 * A snapshot holds the signed segments its writer had read or written (not only the current
 * heads: a new member needs the common ancestors to merge later concurrent edits exactly as
 * everyone else does), one per line as `{"type":"segment","text":"<the segment file>"}`. Nothing
 * in it is taken on the writer's word: each embedded segment is verified like a segment file
 * (checksum, its own device's pinned key, every event written by that device), and the segments
 * a reader may skip are exactly those that passed, whatever `covers` says (`covers` only lets
 * writers compare snapshots without unzipping them; a reader rejects a snapshot whose `covers`
 * disagrees with what it holds). It is a signed log (see signedLog.ts), gzipped, named by the
 * hash of its content.
 *
 * A later, faster snapshot may add resolved records, but only as something a reader can check:
 * a cache recomputed from the embedded segments, or values each device signed itself. Never a
 * value only the snapshot's writer signed.
 */
export interface SnapshotHeader {
  type: 'snapshot';
  format: number;
  device: string;
  created: string;
  covers: CoveredSegment[];
  /** The team (FORMAT.json's teamId) the snapshot was written for. */
  team?: string;
  /** Fingerprints of the keys the writer had pinned: vouches, like segments' `keys`. */
  keys?: Record<string, string>;
}

/** One segment carried by a snapshot, with the exact bytes of its file. */
export interface EmbeddedSegment {
  text: string;
}

/** A segment of a snapshot that passed every check of a segment file. */
export interface VerifiedSegment {
  header: SegmentHeader;
  events: LoreEvent[];
  hash: string;
  /** Invalid events of the segment (its signature is good): set aside one by one, as in a segment file. */
  quarantined: QuarantinedLine[];
  /** Sealed for a space this device holds no key for (segmentCodec.ts): why, and the segment's text to open later. */
  locked?: { reason: string; text: string };
}

/** Record by record, then causal-ish order: a reader applying a snapshot in chunks recomputes each record once. */
export function compareByRecord(a: LoreEvent, b: LoreEvent): number {
  if (a.entity !== b.entity) return a.entity < b.entity ? -1 : 1;
  if (a.entityId !== b.entityId) return a.entityId < b.entityId ? -1 : 1;
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function encodeSnapshot(
  input: { device: string; created: string; covers: CoveredSegment[]; segments: readonly EmbeddedSegment[]; team?: string; keys?: Record<string, string> },
  privateKey: string,
  maxBytes = MAX_SNAPSHOT_BYTES,
): { bytes: Uint8Array; hash: string } {
  const header: SnapshotHeader = {
    type: 'snapshot', format: SNAPSHOT_FORMAT, device: input.device, created: input.created, covers: input.covers,
    ...(input.team ? { team: input.team } : {}),
    ...(input.keys ? { keys: input.keys } : {}),
  };
  const { bytes, contentHash } = encodeSignedLog(header, input.segments.map((s) => ({ type: 'segment', text: s.text })), privateKey);
  if (bytes.byteLength > maxBytes) throw new SnapshotTooLargeError(bytes.byteLength, maxBytes);
  return { bytes: gzipSync(bytes, { level: 6 }), hash: contentHash };
}

export type SnapshotProblem = 'incomplete' | 'damaged' | 'newer-format' | 'older-format' | 'unknown-key' | 'bad-signature' | 'invalid' | 'too-large';

export type SnapshotRead =
  | { ok: true; header: SnapshotHeader; hash: string; lines: string[] }
  | { ok: false; problem: SnapshotProblem; reason: string; device?: string };

/**
 * Reads a snapshot file with its size checked first: a file larger than any snapshot Lore writes
 * is refused unread. Throws what the file system throws.
 */
export async function readSnapshotFile(fs: SyncFs, path: string, keyFor: (device: string) => string | undefined, maxBytes = MAX_SNAPSHOT_BYTES): Promise<SnapshotRead & { size: number; gz?: Uint8Array }> {
  const stat = await fs.stat(path);
  if (!stat) throw Object.assign(new Error(`${path} does not exist`), { code: 'ENOENT' });
  if (stat.size > maxBytes) return { ...tooLarge(`it is ${formatMb(stat.size)}`, maxBytes), size: stat.size };
  const gz = await fs.readFile(path);
  return { ...readSnapshot(gz, keyFor, maxBytes), size: gz.byteLength, gz };
}

function tooLarge(what: string, maxBytes: number): SnapshotRead {
  return { ok: false, problem: 'too-large', reason: `${what}, larger than any snapshot Lore writes (${formatMb(maxBytes)}); it was not used` };
}

/**
 * Unzips (never beyond `maxBytes`: a gzip bomb stops there) and checks the container, header and
 * the writer's signature; the segments are checked by snapshotSegments.
 */
export function readSnapshot(gz: Uint8Array, keyFor: (device: string) => string | undefined, maxBytes = MAX_SNAPSHOT_BYTES): SnapshotRead {
  if (gz.byteLength > maxBytes) return tooLarge(`it is ${formatMb(gz.byteLength)}`, maxBytes);
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(gz, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return tooLarge(`it unzips to more than ${formatMb(maxBytes)}`, maxBytes);
    return { ok: false, problem: 'incomplete', reason: 'it cannot be unzipped (still being copied, or cut short)' };
  }
  const parsed = parseSignedLog(bytes);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, reason: parsed.reason };
  const raw = parsed.log.header;
  if (raw.type !== 'snapshot') return { ok: false, problem: 'damaged', reason: 'it is not a snapshot' };
  if (typeof raw.format !== 'number' || raw.format > SNAPSHOT_FORMAT) {
    return { ok: false, problem: 'newer-format', reason: `it was written by a newer version of Lore (snapshot format ${String(raw.format)})` };
  }
  if (raw.format < SNAPSHOT_FORMAT) {
    return {
      ok: false, problem: 'older-format',
      reason: 'it was written by an older Lore: its changes cannot be checked against the keys of the devices that made them, so Lore reads the segments instead',
    };
  }
  if (typeof raw.device !== 'string' || !isDeviceId(raw.device) || !Array.isArray(raw.covers)) return { ok: false, problem: 'damaged', reason: 'its header is malformed' };
  if (raw.team !== undefined && (typeof raw.team !== 'string' || !isDeviceId(raw.team))) return { ok: false, problem: 'damaged', reason: 'its header names no valid team' };
  const keys = raw.keys ?? {};
  if (typeof keys !== 'object' || Array.isArray(keys) || Object.entries(keys as object).some(([d, f]) => !isDeviceId(d) || !isHash(f))) {
    return { ok: false, problem: 'damaged', reason: 'its header has malformed key fingerprints' };
  }
  const covers: CoveredSegment[] = [];
  for (const c of raw.covers as CoveredSegment[]) {
    if (!c || !isDeviceId(c.device) || !isHash(c.hash) || !Number.isSafeInteger(c.number) || c.number < 1 || (c.prev !== null && !isHash(c.prev))) {
      return { ok: false, problem: 'damaged', reason: 'its list of covered segments is malformed' };
    }
    covers.push({ device: c.device, number: c.number, hash: c.hash, prev: c.prev, events: Number(c.events) || 0 });
  }
  const header: SnapshotHeader = {
    type: 'snapshot', format: raw.format, device: raw.device, created: String(raw.created ?? ''), covers,
    ...(typeof raw.team === 'string' ? { team: raw.team } : {}),
    keys: keys as Record<string, string>,
  };
  const key = keyFor(header.device);
  if (!key) return { ok: false, problem: 'unknown-key', reason: `the key of device ${header.device} is not known yet`, device: header.device };
  if (!verifyLogSignature(parsed.log, key)) return { ok: false, problem: 'bad-signature', reason: `its signature does not match the key of device ${header.device}`, device: header.device };
  return { ok: true, header, hash: parsed.log.contentHash, lines: parsed.log.lines };
}

/**
 * The segments a snapshot carries that pass their own devices' checks, whoever wrote the snapshot
 * (its writer may be the very device whose key is in question). Only for the key fingerprints
 * those segments vouch for: after compaction, the vouches for a device's key may be nowhere else.
 */
export function vouchingSegments(gz: Uint8Array, keyFor: (device: string) => string | undefined, maxBytes = MAX_SNAPSHOT_BYTES): VerifiedSegment[] {
  if (gz.byteLength > maxBytes) return [];
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(gz, { maxOutputLength: maxBytes });
  } catch {
    return [];
  }
  const parsed = parseSignedLog(bytes);
  if (!parsed.ok || parsed.log.header.type !== 'snapshot') return [];
  const header: SnapshotHeader = { type: 'snapshot', format: SNAPSHOT_FORMAT, device: '', created: '', covers: [] };
  return snapshotSegments(header, parsed.log.lines, keyFor, undefined).segments;
}

export interface SnapshotContents {
  /** Segments that passed every check against their own device's key: these, and only these, may be skipped in the folder. */
  segments: VerifiedSegment[];
  /** Why other embedded segments were not used (unknown or different key, altered, another team). */
  rejected: string[];
  /** The snapshot's `covers` list disagrees with the segments it holds: its writer asserted something it did not carry. */
  coversMismatch?: string;
}

/**
 * Checks every segment a snapshot carries as if it were a segment file: checksum, header, its own
 * device's key (never the snapshot writer's), every event written by that device, the team.
 */
export function snapshotSegments(
  header: SnapshotHeader, lines: readonly string[], keyFor: (device: string) => string | undefined, team: string | undefined, codec?: SegmentCodec,
): SnapshotContents {
  const contents: SnapshotContents = { segments: [], rejected: [] };
  const seen = new Set<string>();
  const claimed = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    let record: { type?: unknown; text?: unknown };
    try {
      record = JSON.parse(lines[i]) as typeof record;
    } catch {
      contents.rejected.push(`line ${i + 2} is not JSON`);
      continue;
    }
    if (!record || record.type !== 'segment' || typeof record.text !== 'string') {
      contents.rejected.push(`line ${i + 2} is not an embedded segment`);
      continue;
    }
    const parsed = parseSignedLog(Buffer.from(record.text, 'utf8'));
    if (!parsed.ok || parsed.log.convertedLineEnds) {
      contents.rejected.push(`line ${i + 2}: ${parsed.ok ? 'the segment\'s line ends were converted' : parsed.reason}`);
      continue;
    }
    const described = checkSegmentHeader(parsed.log.header);
    if (typeof described !== 'string') claimed.add(`${described.device}:${described.number}:${parsed.log.contentHash}`);
    const read = readParsedSegment(parsed.log, keyFor, codec);
    if (!read.ok) {
      contents.rejected.push(`line ${i + 2}: ${read.reason}`);
      continue;
    }
    if (team && read.header.team && read.header.team !== team) {
      contents.rejected.push(`line ${i + 2}: the segment belongs to another team (${read.header.team})`);
      continue;
    }
    if (seen.has(read.hash)) continue;
    seen.add(read.hash);
    contents.segments.push({
      header: read.header, events: read.events, hash: read.hash, quarantined: read.quarantined,
      ...(read.locked ? { locked: { reason: read.locked, text: record.text } } : {}),
    });
  }
  const listed = new Set(header.covers.map((c) => `${c.device}:${c.number}:${c.hash}`));
  const notHeld = header.covers.find((c) => !claimed.has(`${c.device}:${c.number}:${c.hash}`));
  if (notHeld) {
    contents.coversMismatch = `it says it covers segment ${notHeld.number} of device ${notHeld.device} (${notHeld.hash.slice(0, 12)}…) but does not carry it`;
  } else if ([...claimed].some((c) => !listed.has(c))) {
    contents.coversMismatch = 'it carries segments its list of covered segments does not name';
  }
  return contents;
}
