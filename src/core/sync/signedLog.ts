import { canonicalJson, sha256Hex } from '../hash';
import { signContentHash, verifyContentHash } from './deviceKeys';

/**
 * The container of segments and snapshots: UTF-8 NDJSON with LF line ends, canonical JSON on
 * every line. A header line, one record per line, and an end line with the record count, the
 * SHA-256 of every byte before it and an Ed25519 signature of that hash:
 *
 * ```
 * {"device":"…","format":1,"number":3,"prev":"…","type":"segment",…}
 * {"author":"Ann","changes":{…},"device":"…","id":"…",…}
 * {"count":1,"sha256":"…","sig":"…","type":"end"}
 * ```
 *
 * A file without a valid end line is not complete yet (a crashed writer, or a sync client still
 * copying it) and is never read in part. Ed25519 signatures are deterministic, so the same
 * content always gives the same bytes.
 */
export interface SignedLog {
  header: Record<string, unknown>;
  /** The record lines, unparsed. */
  lines: string[];
  /** SHA-256 of everything before the end line: the file's identity. */
  contentHash: string;
  signature: string;
  /** Line ends had been converted to CRLF (git without `-text`); the content was read as LF. */
  convertedLineEnds: boolean;
}

export type ParsedLog =
  | { ok: true; log: SignedLog }
  | { ok: false; problem: 'incomplete' | 'damaged'; reason: string };

const NL = 0x0a;
const CR = 0x0d;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeSignedLog(header: object, records: readonly object[], privateKey: string): { bytes: Uint8Array; contentHash: string } {
  const content = [canonicalJson(header), ...records.map((r) => canonicalJson(r))].join('\n') + '\n';
  const contentBytes = Buffer.from(content, 'utf8');
  const contentHash = sha256Hex(contentBytes);
  const end = canonicalJson({ type: 'end', count: records.length, sha256: contentHash, sig: signContentHash(contentHash, privateKey) });
  return { bytes: Buffer.concat([contentBytes, Buffer.from(`${end}\n`, 'utf8')]), contentHash };
}

/** Splits and checks a file; does not check the signature (that needs the writer's pinned key). */
export function parseSignedLog(raw: Uint8Array): ParsedLog {
  let bytes = raw;
  let convertedLineEnds = false;
  if (bytes.includes(CR)) {
    // Canonical JSON escapes every control character, so a raw CR can only come from a line-end conversion.
    bytes = stripCarriageReturns(bytes);
    convertedLineEnds = true;
  }
  if (bytes.byteLength === 0) return { ok: false, problem: 'incomplete', reason: 'the file is empty' };
  if (bytes[bytes.byteLength - 1] !== NL) {
    return { ok: false, problem: 'incomplete', reason: 'the file ends in the middle of a line (still being copied, or cut short)' };
  }
  const endStart = bytes.lastIndexOf(NL, bytes.byteLength - 2) + 1;
  let end: { type?: unknown; count?: unknown; sha256?: unknown; sig?: unknown };
  try {
    end = JSON.parse(utf8.decode(bytes.subarray(endStart, bytes.byteLength - 1))) as typeof end;
  } catch {
    return { ok: false, problem: 'incomplete', reason: 'the file has no end line yet (still being copied, or cut short)' };
  }
  if (!end || typeof end !== 'object' || end.type !== 'end') {
    return { ok: false, problem: 'incomplete', reason: 'the file has no end line yet (still being copied, or cut short)' };
  }
  if (typeof end.sha256 !== 'string' || typeof end.sig !== 'string' || typeof end.count !== 'number') {
    return { ok: false, problem: 'damaged', reason: 'its end line is malformed' };
  }
  const content = bytes.subarray(0, endStart);
  const contentHash = sha256Hex(content);
  if (contentHash !== end.sha256) {
    return { ok: false, problem: 'damaged', reason: 'its content does not match its checksum (altered, or damaged in transfer)' };
  }
  let text: string;
  try {
    text = utf8.decode(content);
  } catch {
    return { ok: false, problem: 'damaged', reason: 'it is not valid UTF-8 text' };
  }
  const lines = text.split('\n');
  lines.pop(); // content ends with a line feed
  if (lines.length !== end.count + 1) {
    return { ok: false, problem: 'damaged', reason: `it says it holds ${end.count} records but holds ${lines.length - 1}` };
  }
  let header: unknown;
  try {
    header = JSON.parse(lines[0]);
  } catch {
    return { ok: false, problem: 'damaged', reason: 'its header line is not JSON' };
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) return { ok: false, problem: 'damaged', reason: 'its header line is not an object' };
  return {
    ok: true,
    log: { header: header as Record<string, unknown>, lines: lines.slice(1), contentHash, signature: end.sig, convertedLineEnds },
  };
}

export function verifyLogSignature(log: SignedLog, publicKey: string): boolean {
  return verifyContentHash(log.contentHash, log.signature, publicKey);
}

function stripCarriageReturns(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  let n = 0;
  for (let i = 0; i < bytes.byteLength; i++) {
    if (bytes[i] === CR && bytes[i + 1] === NL) continue;
    out[n++] = bytes[i];
  }
  return out.subarray(0, n);
}
