import { sha256Hex } from '../hash';
import { validateEvent } from '../store/events';
import { parseDeviceFile, parseFormatFile } from './folderFiles';
import { readParsedSegment, type SegmentAck, type SegmentHeader } from './segmentFile';
import { isSealedBlob, type SegmentCodec } from './segmentCodec';
import { parseSignedLog } from './signedLog';
import { keyFingerprint } from './deviceKeys';
import { readSnapshotFile, snapshotSegments } from './snapshotFile';
import { plural } from '../plural';
import { describeFsError, errorCode, joinPath, type SyncFs } from './syncFs';
import {
  DEVICE_FILE, isDeviceFileName, isDeviceId, isHash, isIgnoredName, isLogFileName, isSafeName, relativeToRoot, segmentFileName, teamFolderPaths,
} from './teamFolderLayout';
import { printable } from './printable';
import { describeError } from '../errors';

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
  /** Segments whose files were deleted after compaction: a snapshot in the folder carries them (checked like the files). */
  compacted: number;
  events: number;
  snapshots: number;
  blobs: number;
  /**
   * What could not be checked (keys that only the folder itself vouches for, old snapshots):
   * with anything here the summary never says "intact".
   */
  unchecked: string[];
  /** One line for a notification. */
  summary: string;
}

export interface VerifyOptions {
  /** Device keys this machine pinned when it first saw each device: a replaced key is reported. */
  pinnedKeys?: ReadonlyMap<string, string>;
  /** Segments this machine read before: one missing from the folder now is reported. */
  knownSegments?: ReadonlyArray<{ device: string; number: number; hash: string }>;
  progress?: (message: string) => void;
  /** Opens what is sealed for the spaces this machine is a member of, so their content is checked too (segmentCodec.ts). */
  codec?: SegmentCodec;
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
  const unchecked: string[] = [];
  /** Sealed for spaces this machine cannot open (no codec, or no key): checked for signature and checksum only. */
  const sealed = { segments: 0, images: 0 };
  const report = { devices: 0, segments: 0, compacted: 0, events: 0, snapshots: 0, blobs: 0 };
  let team: string | undefined;

  try {
    const format = parseFormatFile(await fs.readFile(paths.format));
    if (typeof format === 'string') problems.push({ file: rel(paths.format), message: `lore/FORMAT.json cannot be used: ${format}.` });
    else team = format.teamId;
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
  /** Segment files that are there but could not be read (already reported): not "missing" too. */
  const present: Array<{ device: string; name: string }> = [];
  const uncheckedKeys: string[] = [];
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
      problems.push({ file: `lore/devices/${printable(deviceEntry.name.slice(0, 80))}`, message: 'A folder in lore/devices is not named like a device.' });
      continue;
    }
    const device = deviceEntry.name;
    report.devices++;
    options.progress?.(`Checking device ${device}`);
    const dir = joinPath(paths.devices, device);
    const entries = await list(dir);
    // The key comes from DEVICE.json only; a copy that disagrees with it means neither is trusted.
    const registrations: Array<{ name: string; publicKey: string; team?: string }> = [];
    for (const entry of entries.filter((e) => e.kind === 'file' && isDeviceFileName(e.name))) {
      const path = joinPath(dir, entry.name);
      try {
        const file = parseDeviceFile(await fs.readFile(path));
        if (typeof file === 'string') problems.push({ file: rel(path), device, message: `${rel(path)} cannot be used: ${file}.` });
        else if (file.device !== device) problems.push({ file: rel(path), device, message: `${rel(path)} describes device ${file.device}, not the device of its folder.` });
        else registrations.push({ name: entry.name, publicKey: file.publicKey, team: file.team });
      } catch (error) {
        problems.push({ file: rel(path), device, message: `${rel(path)} cannot be read: ${describeFsError(error)}.` });
      }
    }
    const main = registrations.find((r) => r.name === DEVICE_FILE);
    const disagreeing = registrations.filter((r) => main && r !== main && r.publicKey !== main.publicKey);
    for (const other of disagreeing) {
      problems.push({ file: rel(joinPath(dir, other.name)), device, message: `${rel(joinPath(dir, other.name))} holds a different key than ${DEVICE_FILE} of device ${device}: one of them was planted. Lore trusts neither.` });
    }
    if (main && !disagreeing.length) keys.set(device, main.publicKey);
    if (main?.team && team && main.team !== team) {
      problems.push({ device, file: rel(joinPath(dir, DEVICE_FILE)), message: `Device ${device} registered for another Lore team (${main.team}), not this folder's team (${team}): its owner should join this team.` });
    }
    const pinned = options.pinnedKeys?.get(device);
    if (!keys.has(device)) {
      if (!disagreeing.length) problems.push({ device, file: rel(joinPath(dir, 'DEVICE.json')), message: `Device ${device} has no usable DEVICE.json, so its files cannot be checked.` });
    } else if (!pinned) {
      uncheckedKeys.push(device);
    } else if (pinned !== keys.get(device)) {
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
        const result = await checkSegmentFile(fs, path, rel(path), device, pinned ?? keys.get(device), problems, team, options.codec, sealed);
        if (result === 'bad-signature') failedSignatures++;
        else if (result === 'unreadable') present.push({ device, name: entry.name });
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

  /** Segments that snapshots in the folder carry verifiably: their devices may have deleted the files (compaction). */
  const carried = new Set<string>();
  const byNumber = new Map(seen.map((x) => [`${x.header.device}:${x.header.number}`, x]));
  for (const entry of await list(paths.snapshots)) {
    if (entry.kind !== 'file' || !isLogFileName(entry.name)) continue;
    const path = joinPath(paths.snapshots, entry.name);
    report.snapshots++;
    const keyFor = (device: string): string | undefined => options.pinnedKeys?.get(device) ?? keys.get(device);
    try {
      const read = await readSnapshotFile(fs, path, keyFor);
      if (!read.ok) {
        if (read.problem === 'older-format') unchecked.push(`Snapshot ${rel(path)} ${read.reason}.`);
        else problems.push({ file: rel(path), device: read.device, message: `Snapshot ${rel(path)} cannot be used: ${read.reason}.` });
        continue;
      }
      if (read.header.team && team && read.header.team !== team) {
        problems.push({ file: rel(path), device: read.header.device, message: `Snapshot ${rel(path)} belongs to another Lore team (${read.header.team}).` });
        continue;
      }
      const contents = snapshotSegments(read.header, read.lines, keyFor, team);
      if (contents.coversMismatch) problems.push({ file: rel(path), device: read.header.device, message: `Snapshot ${rel(path)} cannot be trusted: ${contents.coversMismatch}.` });
      else for (const segment of contents.segments) carried.add(segment.hash);
      for (const reason of contents.rejected.slice(0, 20)) {
        problems.push({ file: rel(path), device: read.header.device, message: `Snapshot ${rel(path)} carries a segment that fails its device's checks: ${reason}.` });
      }
      // Cross-check: a segment the snapshot carries and the folder's segment of the same number must be the same.
      for (const segment of contents.segments) {
        const inFolder = byNumber.get(`${segment.header.device}:${segment.header.number}`);
        if (inFolder && inFolder.hash !== segment.hash && !seen.some((x) => x.hash === segment.hash)) {
          problems.push({ file: rel(path), device: segment.header.device, message: `Snapshot ${rel(path)} carries a segment ${segment.header.number} of device ${segment.header.device} that differs from ${inFolder.file}: that device's history forked or was rewritten.` });
        }
      }
    } catch (error) {
      problems.push({ file: rel(path), message: `Snapshot ${rel(path)} cannot be read: ${describeFsError(error)}.` });
    }
  }

  checkChains(seen, options.knownSegments ?? [], problems, present, carried);
  checkVouches(seen, options.pinnedKeys, keys, problems);
  const inFolder = new Set(seen.map((x) => x.hash));
  report.compacted = [...carried].filter((h) => !inFolder.has(h)).length;

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
        const bytes = await fs.readFile(path);
        if (isSealedBlob(bytes)) {
          // An image of a space: named by a keyed hash, checked by opening it (members only).
          const opened = options.codec?.openBlob(entry.name, bytes);
          if (!opened || (!opened.ok && opened.locked)) sealed.images++;
          else if (!opened.ok) problems.push({ file: rel(path), message: `Encrypted image ${rel(path)} does not open: ${opened.reason}` });
          continue;
        }
        if (sha256Hex(bytes) !== entry.name) problems.push({ file: rel(path), message: `Image ${rel(path)} does not match its hash (altered, incomplete or damaged).` });
      } catch (error) {
        problems.push({ file: rel(path), message: `Image ${rel(path)} cannot be read: ${describeFsError(error)}.` });
      }
    }
  }

  if (sealed.segments || sealed.images) {
    unchecked.push(`${plural(sealed.segments, 'segment')} and ${plural(sealed.images, 'image')} are encrypted for spaces this machine holds no key for: their signatures and checksums were checked, their content was not${options.codec ? '' : ' (run lore verify with --db of a member to check it)'}.`);
  }
  if (uncheckedKeys.length) {
    unchecked.push(options.pinnedKeys
      ? `${plural(uncheckedKeys.length, 'device')} (${uncheckedKeys.slice(0, 3).join(', ')}${uncheckedKeys.length > 3 ? ', …' : ''}) ${uncheckedKeys.length === 1 ? 'is' : 'are'} not known to this machine yet: ${uncheckedKeys.length === 1 ? 'its key was' : 'their keys were'} taken from the folder itself.`
      : 'Device keys were taken from the folder itself; check with the database of a member who synced with this team (lore verify DIR --db FILE) to compare them with the keys it pinned.');
  }
  const merged = oneProblemPerFile(problems);
  problems.splice(0, problems.length, ...merged);
  const ok = problems.length === 0;
  const counts = `${plural(report.devices, 'device')}, ${plural(report.segments, 'segment')}${report.compacted ? ` (and ${report.compacted} compacted into snapshots)` : ''}, ${plural(report.events, 'change')}, ${plural(report.snapshots, 'snapshot')}, ${plural(report.blobs, 'image')}`;
  const summary = !ok
    ? `The team folder has ${plural(problems.length, 'problem')} (${plural(report.segments, 'segment')} checked).`
    : unchecked.length
      ? `No problems found in what could be checked (${counts}); ${plural(unchecked.length, 'thing')} could not be checked.`
      : `The team folder is intact: ${counts}.`;
  return { ok, problems, unchecked, ...report, summary };
}

async function checkSegmentFile(
  fs: SyncFs, path: string, file: string, device: string, key: string | undefined, problems: VerifyProblem[], team: string | undefined,
  codec: SegmentCodec | undefined, sealed: { segments: number },
): Promise<{ seen: SegmentSeen; events: number } | 'bad-signature' | 'unreadable' | undefined> {
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
    const lines = alteredLines(bytes).map((line) => `line ${line.number}: ${line.message}`);
    problems.push({ file, device, message: lines.length ? `${message} ${lines.join(' ')}` : message });
    return 'unreadable';
  }
  const read = readParsedSegment(parsed.log, () => key, codec);
  if (read.ok && read.locked) sealed.segments++;
  if (!read.ok) {
    if (read.problem === 'unknown-key') return undefined; // reported once per device above
    if (read.problem === 'undecryptable') {
      problems.push({ file, device, message: `${file} is sealed for space ${read.header?.space ?? '?'} and does not open with its key: ${read.reason} Its changes are not applied.` });
      return undefined;
    }
    problems.push({ file, device, message: `${file}: ${read.reason}.` });
    return read.problem === 'bad-signature' ? 'bad-signature' : undefined;
  }
  if (read.header.device !== device) {
    problems.push({ file, device, message: `${file} is in the folder of device ${device} but was written by device ${read.header.device}.` });
    return undefined;
  }
  if (read.header.team && team && read.header.team !== team) {
    problems.push({ file, device, message: `${file} belongs to another Lore team (${read.header.team}), not this folder's team (${team}).` });
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
      found.push({ number: i + 1, message: `event ${String(raw.id).slice(0, 12)}… was edited: ${describeError(error)}` });
    }
  }
  return found;
}

/** Key fingerprints devices vouched for in their segments, against the keys used here. */
function checkVouches(seen: SegmentSeen[], pinned: ReadonlyMap<string, string> | undefined, keys: ReadonlyMap<string, string>, problems: VerifyProblem[]): void {
  const reported = new Set<string>();
  for (const s of seen) {
    for (const [device, fingerprint] of Object.entries(s.header.keys ?? {})) {
      const key = pinned?.get(device) ?? keys.get(device);
      if (device === s.header.device || !key || keyFingerprint(key) === fingerprint || reported.has(`${device}:${s.header.device}`)) continue;
      reported.add(`${device}:${s.header.device}`);
      problems.push({ device, file: s.file, message: `${s.file} vouches for another key of device ${device} than the one in its DEVICE.json: a device file was replaced (or this device was given a forged one).` });
    }
  }
}

/**
 * One line for a problem, with its file named once: "file: message", or the message alone when
 * it already names the file.
 */
export function describeVerifyProblem(problem: VerifyProblem): string {
  return problem.file && !problem.message.includes(problem.file) ? `${problem.file}: ${problem.message}` : problem.message;
}

/** Several problems found in one file become one problem that names the file once. */
function oneProblemPerFile(problems: VerifyProblem[]): VerifyProblem[] {
  const result: VerifyProblem[] = [];
  const byFile = new Map<string, VerifyProblem>();
  for (const problem of problems) {
    const first = problem.file ? byFile.get(problem.file) : undefined;
    if (!first || !problem.file) {
      result.push({ ...problem });
      if (problem.file) byFile.set(problem.file, result[result.length - 1]);
      continue;
    }
    const rest = problem.message.startsWith(problem.file) ? problem.message.slice(problem.file.length).replace(/^[,:]?\s*/, '') : problem.message;
    if (!first.message.includes(rest)) first.message = `${first.message} Also: ${rest}`;
  }
  return result;
}

/** Whether the segment a chain cites is in the folder but unreadable (reported on its own already). */
function isPresent(present: ReadonlyArray<{ device: string; name: string }>, device: string, number: number, hash: string): boolean {
  return present.some((p) => p.device === device && p.name === segmentFileName(number, hash));
}

function checkChains(
  seen: SegmentSeen[], known: ReadonlyArray<{ device: string; number: number; hash: string }>, problems: VerifyProblem[],
  present: ReadonlyArray<{ device: string; name: string }> = [], carried: ReadonlySet<string> = new Set(),
): void {
  const byDevice = new Map<string, Map<number, Map<string, SegmentSeen>>>();
  // A segment a snapshot carries verifiably is not missing, even when its file was deleted.
  const hashes = new Set<string>(carried);
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
        if (s.header.prev && !hashes.has(s.header.prev) && !isPresent(present, device, number - 1, s.header.prev)) {
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
    if (hashes.has(ack.hash) || isPresent(present, device, ack.number, ack.hash)) continue;
    const key = `${device}:${ack.number}:${ack.hash}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const who = by ? `${by} cites` : 'This machine read';
    const top = last.get(device);
    const rewritten = byDevice.get(device)?.get(ack.number);
    const where = top === undefined ? 'the folder has none of its segments'
      : rewritten?.size ? `the folder's segment ${ack.number} of that device has other content: its history was rewritten (tampering)`
        : ack.number > top ? `the folder ends at segment ${top} (its tail was cut off)` : 'that segment is no longer there';
    problems.push({ device, message: `${who} segment ${ack.number} of device ${device} (${ack.hash.slice(0, 12)}…), but ${where}.` });
  }
}
