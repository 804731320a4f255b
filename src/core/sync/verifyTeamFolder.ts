import { sha256Hex } from '../hash';
import { validateEvent } from '../store/events';
import { parseDeviceFile, parseFormatFile } from './folderFiles';
import { readParsedSegment, type SegmentAck, type SegmentHeader } from './segmentFile';
import { parseSignedLog } from './signedLog';
import { readSnapshot } from './snapshotFile';
import { plural } from '../plural';
import { describeFsError, errorCode, joinPath, type SyncFs } from './syncFs';
import {
  isDeviceFileName, isDeviceId, isHash, isIgnoredName, isLogFileName, isSafeName, relativeToRoot, teamFolderPaths,
} from './teamFolderLayout';

export interface VerifyProblem {
  /** Relative to the team folder, when the problem is in one file. */
  file?: string;
  device?: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  problems: VerifyProblem[];
  devices: number;
  segments: number;
  events: number;
  snapshots: number;
  blobs: number;
  /** One line for a notification. */
  summary: string;
}

export interface VerifyOptions {
  /** Device keys this machine pinned when it first saw each device: a replaced key is reported. */
  pinnedKeys?: ReadonlyMap<string, string>;
  /** Segments this machine read before: one missing from the folder now is reported. */
  knownSegments?: ReadonlyArray<{ device: string; number: number; hash: string }>;
  progress?: (message: string) => void;
}

interface SegmentSeen {
  file: string;
  header: SegmentHeader;
  hash: string;
}

/**
 * Checks every file of a team folder and the chains they form, and says in plain words what is
 * wrong and where: an altered event, a removed middle segment, a cut-off tail (noticed through
 * the heads other devices cited), a replaced device key, a bad signature, a forked history, a
 * damaged image. Reads only; never changes anything.
 */
export async function verifyTeamFolder(fs: SyncFs, root: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const paths = teamFolderPaths(root);
  const rel = (path: string): string => relativeToRoot(root, path);
  const problems: VerifyProblem[] = [];
  const report = { devices: 0, segments: 0, events: 0, snapshots: 0, blobs: 0 };

  try {
    const format = parseFormatFile(await fs.readFile(paths.format));
    if (typeof format === 'string') problems.push({ file: rel(paths.format), message: `lore/FORMAT.json cannot be used: ${format}.` });
  } catch (error) {
    problems.push({
      file: rel(paths.format),
      message: errorCode(error) === 'ENOENT'
        ? 'lore/FORMAT.json is missing: this is not a Lore team folder, or it is not mounted or not fully synced yet.'
        : `lore/FORMAT.json cannot be read: ${describeFsError(error)}. Is this the team folder, and is it mounted?`,
    });
  }

  const keys = new Map<string, string>();
  const seen: SegmentSeen[] = [];
  const list = async (dir: string): Promise<Array<{ name: string; kind: 'file' | 'dir' }>> => {
    try {
      return await fs.list(dir);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') problems.push({ file: rel(dir), message: `${rel(dir)} cannot be listed: ${describeFsError(error)}.` });
      return [];
    }
  };

  for (const deviceEntry of await list(paths.devices)) {
    if (deviceEntry.kind !== 'dir' || isIgnoredName(deviceEntry.name)) continue;
    if (!isSafeName(deviceEntry.name) || !isDeviceId(deviceEntry.name)) {
      problems.push({ file: `lore/devices/${deviceEntry.name.slice(0, 80)}`, message: 'A folder in lore/devices is not named like a device.' });
      continue;
    }
    const device = deviceEntry.name;
    report.devices++;
    options.progress?.(`Checking device ${device}`);
    const dir = joinPath(paths.devices, device);
    const entries = await list(dir);
    for (const entry of entries.filter((e) => e.kind === 'file' && isDeviceFileName(e.name))) {
      const path = joinPath(dir, entry.name);
      try {
        const file = parseDeviceFile(await fs.readFile(path));
        if (typeof file === 'string') problems.push({ file: rel(path), device, message: `${rel(path)} cannot be used: ${file}.` });
        else if (file.device !== device) problems.push({ file: rel(path), device, message: `${rel(path)} describes device ${file.device}, not the device of its folder.` });
        else if (keys.has(device) && keys.get(device) !== file.publicKey) problems.push({ file: rel(path), device, message: `${rel(path)} holds a different key than the other device file of ${device}.` });
        else keys.set(device, file.publicKey);
      } catch (error) {
        problems.push({ file: rel(path), device, message: `${rel(path)} cannot be read: ${describeFsError(error)}.` });
      }
    }
    const pinned = options.pinnedKeys?.get(device);
    if (!keys.has(device)) problems.push({ device, file: rel(joinPath(dir, 'DEVICE.json')), message: `Device ${device} has no usable DEVICE.json, so its files cannot be checked.` });
    else if (pinned && pinned !== keys.get(device)) {
      problems.push({ device, file: rel(joinPath(dir, 'DEVICE.json')), message: `The key in ${rel(joinPath(dir, 'DEVICE.json'))} is not the key this machine saw first for device ${device}: the key was replaced.` });
    }
    let failedSignatures = 0;
    let checked = 0;
    for (const month of entries) {
      if (month.kind !== 'dir' || !isSafeName(month.name) || isIgnoredName(month.name)) continue;
      for (const entry of await list(joinPath(dir, month.name))) {
        if (entry.kind !== 'file' || !isLogFileName(entry.name)) continue;
        const path = joinPath(dir, month.name, entry.name);
        checked++;
        const result = await checkSegmentFile(fs, path, rel(path), device, pinned ?? keys.get(device), problems);
        if (result === 'bad-signature') failedSignatures++;
        else if (result) {
          seen.push(result.seen);
          report.segments++;
          report.events += result.events;
        }
      }
    }
    if (checked > 1 && failedSignatures === checked) {
      problems.push({ device, message: `None of the ${checked} segments of device ${device} match the key in its DEVICE.json: the key was probably replaced.` });
    }
  }

  checkChains(seen, options.knownSegments ?? [], problems);

  for (const entry of await list(paths.snapshots)) {
    if (entry.kind !== 'file' || !isLogFileName(entry.name)) continue;
    const path = joinPath(paths.snapshots, entry.name);
    report.snapshots++;
    try {
      const read = readSnapshot(await fs.readFile(path), (device) => options.pinnedKeys?.get(device) ?? keys.get(device));
      if (!read.ok) problems.push({ file: rel(path), device: read.device, message: `Snapshot ${rel(path)} cannot be used: ${read.reason}.` });
    } catch (error) {
      problems.push({ file: rel(path), message: `Snapshot ${rel(path)} cannot be read: ${describeFsError(error)}.` });
    }
  }

  for (const prefix of await list(paths.blobs)) {
    if (prefix.kind !== 'dir' || !isSafeName(prefix.name) || isIgnoredName(prefix.name)) continue;
    for (const entry of await list(joinPath(paths.blobs, prefix.name))) {
      if (entry.kind !== 'file' || isIgnoredName(entry.name)) continue;
      const path = joinPath(paths.blobs, prefix.name, entry.name);
      report.blobs++;
      if (!isHash(entry.name) || entry.name.slice(0, 2) !== prefix.name) {
        problems.push({ file: rel(path), message: `${rel(path)} is not named by its hash, so Lore does not use it.` });
        continue;
      }
      try {
        if (sha256Hex(await fs.readFile(path)) !== entry.name) problems.push({ file: rel(path), message: `Image ${rel(path)} does not match its hash (altered, incomplete or damaged).` });
      } catch (error) {
        problems.push({ file: rel(path), message: `Image ${rel(path)} cannot be read: ${describeFsError(error)}.` });
      }
    }
  }

  const ok = problems.length === 0;
  const summary = ok
    ? `The team folder is intact: ${plural(report.devices, 'device')}, ${plural(report.segments, 'segment')}, ${plural(report.events, 'change')}, ${plural(report.snapshots, 'snapshot')}, ${plural(report.blobs, 'image')}.`
    : `The team folder has ${plural(problems.length, 'problem')} (${plural(report.segments, 'segment')} checked).`;
  return { ok, problems, ...report, summary };
}

async function checkSegmentFile(
  fs: SyncFs, path: string, file: string, device: string, key: string | undefined, problems: VerifyProblem[],
): Promise<{ seen: SegmentSeen; events: number } | 'bad-signature' | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    problems.push({ file, device, message: `${file} cannot be read: ${describeFsError(error)}.` });
    return undefined;
  }
  const parsed = parseSignedLog(bytes);
  if (!parsed.ok) {
    const message = parsed.problem === 'incomplete' ? `${file} is incomplete: ${parsed.reason}.` : `${file} was altered or damaged: ${parsed.reason}.`;
    problems.push({ file, device, message });
    for (const line of alteredLines(bytes)) problems.push({ file, device, message: `${file}, line ${line.number}: ${line.message}` });
    return undefined;
  }
  const read = readParsedSegment(parsed.log, () => key);
  if (!read.ok) {
    if (read.problem === 'unknown-key') return undefined; // reported once per device above
    problems.push({ file, device, message: `${file}: ${read.reason}.` });
    return read.problem === 'bad-signature' ? 'bad-signature' : undefined;
  }
  if (read.header.device !== device) {
    problems.push({ file, device, message: `${file} is in the folder of device ${device} but was written by device ${read.header.device}.` });
    return undefined;
  }
  for (const bad of read.quarantined) problems.push({ file, device, message: `${file}: line ${bad.line} is not applied (${bad.reason}).` });
  return { seen: { file, header: read.header, hash: read.hash }, events: read.events.length };
}

/** Best effort, for a file whose checksum failed: which event lines no longer match their ids. */
function alteredLines(bytes: Uint8Array): Array<{ number: number; message: string }> {
  const lines = new TextDecoder().decode(bytes).replace(/\r\n/g, '\n').split('\n');
  const found: Array<{ number: number; message: string }> = [];
  for (let i = 1; i < lines.length && found.length < 20; i++) {
    let raw: { type?: unknown; id?: unknown } | undefined;
    try {
      raw = JSON.parse(lines[i]) as typeof raw;
    } catch {
      continue;
    }
    if (!raw || typeof raw !== 'object' || raw.type === 'end' || raw.type === 'segment') continue;
    try {
      validateEvent(raw);
    } catch (error) {
      found.push({ number: i + 1, message: `event ${String(raw.id).slice(0, 12)}… was edited: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return found;
}

function checkChains(seen: SegmentSeen[], known: ReadonlyArray<{ device: string; number: number; hash: string }>, problems: VerifyProblem[]): void {
  const byDevice = new Map<string, Map<number, Map<string, SegmentSeen>>>();
  const hashes = new Set<string>();
  for (const s of seen) {
    hashes.add(s.hash);
    const numbers = byDevice.get(s.header.device) ?? byDevice.set(s.header.device, new Map()).get(s.header.device)!;
    const atNumber = numbers.get(s.header.number) ?? numbers.set(s.header.number, new Map()).get(s.header.number)!;
    if (!atNumber.has(s.hash)) atNumber.set(s.hash, s);
  }
  const last = new Map<string, number>();
  for (const [device, numbers] of byDevice) {
    last.set(device, Math.max(...numbers.keys()));
    for (const [number, versions] of [...numbers].sort((x, y) => x[0] - y[0])) {
      if (versions.size > 1) {
        problems.push({ device, message: `Device ${device} has ${versions.size} different segments numbered ${number} (${[...versions.values()].map((v) => v.file).join(', ')}): its history forked, probably a copied Lore database or disk image. Both are kept.` });
      }
      for (const s of versions.values()) {
        if (s.header.prev && !hashes.has(s.header.prev)) {
          problems.push({ file: s.file, device, message: `Segment ${number - 1} of device ${device}, which ${s.file} follows, is missing from the team folder (removed, or not delivered yet).` });
        }
      }
    }
  }
  const cited: Array<{ by: string; device: string; ack: SegmentAck }> = [];
  for (const s of seen) for (const [device, ack] of Object.entries(s.header.acks)) cited.push({ by: s.file, device, ack });
  for (const k of known) cited.push({ by: '', device: k.device, ack: { number: k.number, hash: k.hash } });
  const reported = new Set<string>();
  for (const { by, device, ack } of cited) {
    if (hashes.has(ack.hash)) continue;
    const key = `${device}:${ack.number}:${ack.hash}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const who = by ? `${by} cites` : 'This machine read';
    const top = last.get(device);
    const where = top === undefined ? 'the folder has none of its segments' : ack.number > top ? `the folder ends at segment ${top} (its tail was cut off)` : 'that segment is no longer there or was rewritten';
    problems.push({ device, message: `${who} segment ${ack.number} of device ${device} (${ack.hash.slice(0, 12)}…), but ${where}.` });
  }
}
