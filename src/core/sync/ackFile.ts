import { encodeSignedLog, parseSignedLog, verifyLogSignature } from './signedLog';
import { joinPath } from './syncFs';
import { isDeviceId, isHash, teamFolderPaths } from './teamFolderLayout';

/**
 * A device's acknowledgement file, `lore/acks/<device>.json`: which segments of every device it
 * has read (per device, the longest run 1..n with nothing missing, as n and the first 16 hex
 * digits of segment n's content hash). Compaction reads them to know when a segment is no longer
 * needed by anyone active (see compaction.ts).
 *
 * Unlike every other file in the folder it is replaced (written again under the same name, with a
 * rename) when the device has read more: one file per device keeps listing and size independent
 * of time. Only its device ever writes it, and it is a signed log (signedLog.ts), so a
 * half-delivered or altered copy is simply not used; a missing or unusable file only holds
 * deletions back, never causes one.
 */
export const ACK_FORMAT = 1;

export interface AckFile {
  device: string;
  team?: string;
  /** The writer's wall clock when it wrote the file: its last sign of life. */
  created: string;
  /** Increases with every file the device writes: a stale copy never replaces a newer one. */
  seq: number;
  /** device -> [n, first 16 hex digits of the hash of segment n]. */
  heads: Record<string, [number, string]>;
}

export function ackFilePath(root: string, device: string): string {
  return joinPath(teamFolderPaths(root).lore, 'acks', `${device}.json`);
}

export function ackDir(root: string): string {
  return joinPath(teamFolderPaths(root).lore, 'acks');
}

export function encodeAckFile(ack: AckFile, privateKey: string): Uint8Array {
  const header = { type: 'ack', format: ACK_FORMAT, device: ack.device, created: ack.created, seq: ack.seq, heads: ack.heads, ...(ack.team ? { team: ack.team } : {}) };
  return encodeSignedLog(header, [], privateKey).bytes;
}

/** The acknowledgement file in `bytes`, when it is complete, well formed and signed by `device`'s pinned key. */
export function readAckFile(bytes: Uint8Array, device: string, key: string | undefined): AckFile | string {
  if (!key) return `the key of device ${device} is not known`;
  const parsed = parseSignedLog(bytes);
  if (!parsed.ok) return parsed.reason;
  if (!verifyLogSignature(parsed.log, key)) return `its signature does not match the key of device ${device}`;
  const h = parsed.log.header;
  if (h.type !== 'ack' || typeof h.format !== 'number' || h.format > ACK_FORMAT) return 'it is not an acknowledgement file this version reads';
  if (h.device !== device || typeof h.created !== 'string' || !Number.isSafeInteger(h.seq)) return 'its header is malformed';
  if (h.team !== undefined && (typeof h.team !== 'string' || !isDeviceId(h.team))) return 'its header names no valid team';
  const heads: Record<string, [number, string]> = {};
  if (!h.heads || typeof h.heads !== 'object' || Array.isArray(h.heads)) return 'its list of segments read is malformed';
  for (const [other, value] of Object.entries(h.heads as Record<string, unknown>)) {
    if (!isDeviceId(other) || !Array.isArray(value) || !Number.isSafeInteger(value[0]) || typeof value[1] !== 'string' || !/^[0-9a-f]{16}$/.test(value[1])) {
      return 'its list of segments read is malformed';
    }
    heads[other] = [value[0] as number, value[1]];
  }
  return { device, created: h.created, seq: h.seq as number, heads, ...(typeof h.team === 'string' ? { team: h.team } : {}) };
}

/** Whether `ack` says its device has read segment `number` (content hash `hash`) of `device`, given that device's chain. */
export function acknowledges(ack: AckFile, device: string, number: number, hashAt: (n: number) => string | undefined): boolean {
  const head = ack.heads[device];
  if (!head || head[0] < number) return false;
  const there = hashAt(head[0]);
  return there !== undefined && isHash(there) && there.startsWith(head[1]);
}
