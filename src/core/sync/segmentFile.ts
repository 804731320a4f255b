import type { LoreEvent } from '../store/events';
import { parseRemoteEvent } from './remoteEvent';
import { encodeSignedLog, parseSignedLog, verifyLogSignature, type SignedLog } from './signedLog';
import { isDeviceId, isHash } from './teamFolderLayout';
import { describeError } from '../errors';
import { SEALED_LINE_TYPE, type SegmentCodec } from './segmentCodec';

export const SEGMENT_FORMAT = 1;
/**
 * 2: the segment's events are sealed for a space (segmentCodec.ts): `space` and `epoch` in the
 * header, one `{"data":…,"type":"sealed"}` line. Only such segments carry format 2, so a folder
 * without spaces is read by every Lore as before, and an older Lore reports a sealed segment as
 * written by a newer version (update Lore) instead of reading garbage.
 */
export const SEALED_SEGMENT_FORMAT = 2;

/** The newest segment of another device that the writer had ingested: devices cite each other's heads. */
export interface SegmentAck {
  number: number;
  hash: string;
}

/**
 * The first line of a segment. `number` counts the device's segments from 1 and `prev` is the
 * content hash of its segment `number - 1`, so a missing file shows as a gap and a rewritten
 * history as a fork. `acks` cites the heads of other devices this writer had ingested (only
 * those that changed since its previous segment): a device's removed tail is noticed by anyone
 * who saw it cited.
 */
export interface SegmentHeader {
  type: 'segment';
  format: number;
  device: string;
  number: number;
  prev: string | null;
  /** Lowest event sequence number in the segment (informative: private events leave gaps). */
  firstSeq: number;
  created: string;
  acks: Record<string, SegmentAck>;
  /**
   * The team this segment belongs to (FORMAT.json's teamId). Absent in segments written before
   * Lore bound segments to a team: those are read as belonging to the folder's team.
   */
  team?: string;
  /**
   * Fingerprints (keyFingerprint) of other devices' keys this writer had pinned, only those not
   * vouched for in its earlier segments: a new member checks a key it first sees against them.
   */
  keys?: Record<string, string>;
  /** Sealed segments (format 2): the space, and the key epoch its events were encrypted with. */
  space?: string;
  epoch?: string;
}

export interface SegmentInput {
  device: string;
  number: number;
  prev: string | null;
  created: string;
  acks: Record<string, SegmentAck>;
  events: LoreEvent[];
  team?: string;
  keys?: Record<string, string>;
  /** The events sealed for a space (segmentCodec.ts): written in place of the event lines. */
  sealed?: { space: string; epoch: string; data: string };
}

/** The associated-data id of a sealed segment: a payload copied into another segment does not open. */
export function sealedSegmentId(device: string, number: number): string {
  return `${device}/${number}`;
}

export function encodeSegment(input: SegmentInput, privateKey: string): { bytes: Uint8Array; hash: string; header: SegmentHeader } {
  const header: SegmentHeader = {
    type: 'segment',
    format: input.sealed ? SEALED_SEGMENT_FORMAT : SEGMENT_FORMAT,
    device: input.device,
    number: input.number,
    prev: input.prev,
    firstSeq: input.events.reduce((min, e) => Math.min(min, e.seq), Number.MAX_SAFE_INTEGER),
    created: input.created,
    acks: input.acks,
    ...(input.team ? { team: input.team } : {}),
    ...(input.keys && Object.keys(input.keys).length ? { keys: input.keys } : {}),
    ...(input.sealed ? { space: input.sealed.space, epoch: input.sealed.epoch } : {}),
  };
  const records = input.sealed ? [{ type: SEALED_LINE_TYPE, data: input.sealed.data }] : input.events;
  const { bytes, contentHash } = encodeSignedLog(header, records, privateKey);
  return { bytes, hash: contentHash, header };
}

/** An event line of a correctly signed segment that is not applied (invalid), with why. */
export interface QuarantinedLine {
  line: number;
  reason: string;
}

/** Why a segment file cannot be used (yet). `incomplete` and `unknown-key` may resolve by waiting. */
export type SegmentProblem = 'incomplete' | 'damaged' | 'newer-format' | 'unknown-key' | 'bad-signature' | 'invalid' | 'undecryptable';

export type SegmentRead =
  | {
    ok: true; header: SegmentHeader; events: LoreEvent[]; hash: string; convertedLineEnds: boolean; quarantined: QuarantinedLine[];
    /** A sealed segment this device holds no key for: valid and signed, its events unread (kept to open later). */
    locked?: string;
  }
  | { ok: false; problem: SegmentProblem; reason: string; device?: string; header?: SegmentHeader; hash?: string };

/** Checks a header read from a file; returns the reason when it is not a usable segment header. */
export function checkSegmentHeader(header: Record<string, unknown>): SegmentHeader | string {
  if (header.type !== 'segment') return `it is not a segment (its header says "${String(header.type)}")`;
  if (typeof header.format !== 'number' || !Number.isInteger(header.format)) return 'its header has no format number';
  if (header.format > SEALED_SEGMENT_FORMAT) return `it was written by a newer version of Lore (segment format ${header.format})`;
  const sealed = header.format === SEALED_SEGMENT_FORMAT;
  if (sealed ? !isDeviceId(String(header.space)) || !/^[0-9a-f]{32}$/.test(String(header.epoch)) : header.space !== undefined || header.epoch !== undefined) {
    return sealed ? 'its header names no valid space or key epoch' : 'its header names a space but it is not sealed';
  }
  if (typeof header.device !== 'string' || !isDeviceId(header.device)) return 'its header names no valid device';
  if (typeof header.number !== 'number' || !Number.isSafeInteger(header.number) || header.number < 1) return 'its header has no valid segment number';
  if (header.number === 1 ? header.prev !== null : !isHash(header.prev)) return 'its header has no valid link to the previous segment';
  const acks = header.acks ?? {};
  if (typeof acks !== 'object' || Array.isArray(acks)) return 'its header has malformed acknowledgements';
  for (const [device, ack] of Object.entries(acks as Record<string, SegmentAck>)) {
    if (!isDeviceId(device) || !ack || !Number.isSafeInteger(ack.number) || ack.number < 1 || !isHash(ack.hash)) {
      return 'its header has malformed acknowledgements';
    }
  }
  if (header.team !== undefined && (typeof header.team !== 'string' || !isDeviceId(header.team))) return 'its header names no valid team';
  const keys = header.keys ?? {};
  if (typeof keys !== 'object' || Array.isArray(keys) || Object.entries(keys as object).some(([d, f]) => !isDeviceId(d) || !isHash(f))) {
    return 'its header has malformed key fingerprints';
  }
  return {
    type: 'segment',
    format: header.format,
    device: header.device,
    number: header.number,
    prev: (header.prev as string | null) ?? null,
    firstSeq: typeof header.firstSeq === 'number' ? header.firstSeq : 0,
    created: typeof header.created === 'string' ? header.created : '',
    acks: acks as Record<string, SegmentAck>,
    ...(typeof header.team === 'string' ? { team: header.team } : {}),
    ...(Object.keys(keys as object).length ? { keys: keys as Record<string, string> } : {}),
    ...(sealed ? { space: header.space as string, epoch: header.epoch as string } : {}),
  };
}

/**
 * Reads and checks a whole segment: complete, checksum, header, signature against the device's
 * pinned key, then every event (id matches content, written by that device, safe values).
 * Invalid events of a correctly signed segment are returned in `quarantined`, the others in `events`.
 */
export function readSegment(bytes: Uint8Array, keyFor: (device: string) => string | undefined, codec?: SegmentCodec): SegmentRead {
  const parsed = parseSignedLog(bytes);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, reason: parsed.reason };
  return readParsedSegment(parsed.log, keyFor, codec);
}

/**
 * A sealed segment's event lines, opened by `codec` after its signature was checked: a locked
 * reason when this device holds no key for it, a problem when a key is held and it does not open.
 */
function sealedLines(log: SignedLog, header: SegmentHeader, codec: SegmentCodec | undefined): { lines: string[] } | { locked: string } | { problem: string } {
  let line: { type?: unknown; data?: unknown };
  try {
    line = (log.lines.length === 1 ? JSON.parse(log.lines[0]) : null) as typeof line;
  } catch {
    line = {};
  }
  if (!line || line.type !== SEALED_LINE_TYPE || typeof line.data !== 'string') return { problem: 'it is sealed for a space but does not hold one sealed payload' };
  const space = header.space!;
  if (!codec) return { locked: `it belongs to space ${space}, which this device is not a member of` };
  const opened = codec.open({ space, epoch: header.epoch!, id: sealedSegmentId(header.device, header.number) }, line.data);
  if (opened.ok) return { lines: opened.lines };
  return opened.locked ? { locked: opened.reason } : { problem: opened.reason };
}

export function readParsedSegment(log: SignedLog, keyFor: (device: string) => string | undefined, codec?: SegmentCodec): SegmentRead {
  const header = checkSegmentHeader(log.header);
  if (typeof header === 'string') {
    return { ok: false, problem: header.includes('newer version') ? 'newer-format' : 'damaged', reason: header, hash: log.contentHash };
  }
  const key = keyFor(header.device);
  if (!key) {
    return { ok: false, problem: 'unknown-key', reason: `the key of device ${header.device} is not known yet (its DEVICE.json has not arrived)`, device: header.device, header, hash: log.contentHash };
  }
  if (!verifyLogSignature(log, key)) {
    return { ok: false, problem: 'bad-signature', reason: `its signature does not match the key of device ${header.device} (altered, or signed with another key)`, device: header.device, header, hash: log.contentHash };
  }
  let lines = log.lines;
  if (header.space) {
    const opened = sealedLines(log, header, codec);
    if ('problem' in opened) return { ok: false, problem: 'undecryptable', reason: opened.problem, device: header.device, header, hash: log.contentHash };
    if ('locked' in opened) return { ok: true, header, events: [], hash: log.contentHash, convertedLineEnds: log.convertedLineEnds, quarantined: [], locked: opened.locked };
    lines = opened.lines;
  }
  // The signature vouches for every line: an invalid event is set aside on its own (quarantined)
  // and the rest of the segment is used, so the device's chain has no gap.
  const events: LoreEvent[] = [];
  const quarantined: QuarantinedLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    let event: LoreEvent;
    try {
      event = parseRemoteEvent(lines[i]);
    } catch (error) {
      quarantined.push({ line: i + 2, reason: describeError(error) });
      continue;
    }
    if (event.device !== header.device) {
      quarantined.push({ line: i + 2, reason: `it holds an event of device ${event.device}, not of ${header.device}` });
      continue;
    }
    events.push(event);
  }
  return { ok: true, header, events, hash: log.contentHash, convertedLineEnds: log.convertedLineEnds, quarantined };
}
