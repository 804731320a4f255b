import { canonicalJson, sha256Hex } from '../hash';
import { keyFingerprint } from './deviceKeys';
import { writeImmutableFile } from './immutableWrite';
import type { PublisherContext } from './publisher';
import { parseSignedLog } from './signedLog';
import { encodeSnapshot, readSnapshotFile, snapshotSegments, SnapshotTooLargeError, type CoveredSegment, type EmbeddedSegment } from './snapshotFile';
import { errorCode, joinPath } from './syncFs';
import { isLogFileName, relativeToRoot, snapshotPath, teamFolderPaths } from './teamFolderLayout';

export type SnapshotOutcome = { path: string; hash: string; events: number; covers: number } | { skipped: string };

/**
 * Writes a snapshot of the signed segments read or written here (see snapshotFile.ts), for new members.
 * Named by content hash, so two devices writing at once (a compaction race) just leave two
 * valid snapshots; a new member takes the one covering the most (and any other that carries
 * more). Segments are deleted by their own devices once a snapshot carries them (compaction.ts);
 * this device's older snapshot is removed only when the new one carries everything it did.
 */
export async function writeSnapshot(ctx: PublisherContext): Promise<SnapshotOutcome> {
  if (ctx.ledger.held().length) return { skipped: 'deletions are waiting for a decision; a snapshot now would not cover them' };
  if (ctx.ledger.prepared()) return { skipped: 'a segment is still being published' };
  const { covers, segments, events } = await collectSegments(ctx);
  if (!covers.length) return { skipped: 'nothing has been published yet' };
  const device = ctx.store.deviceId;
  const keys = Object.fromEntries([...ctx.ledger.pinnedKeys()].map(([d, k]) => [d, keyFingerprint(k)]));
  let encoded: { bytes: Uint8Array; hash: string };
  try {
    encoded = encodeSnapshot(
      { device, created: new Date(ctx.clock.now()).toISOString(), covers, segments, team: ctx.ledger.teamId(), keys },
      ctx.ledger.keysFor(device).privateKey,
      ctx.maxSnapshotBytes,
    );
  } catch (error) {
    // Readers refuse a snapshot beyond the limit: writing one would only cost the team its size.
    if (error instanceof SnapshotTooLargeError) return { skipped: error.message };
    throw error;
  }
  const { bytes, hash } = encoded;
  const path = snapshotPath(ctx.root, hash);
  await writeImmutableFile(ctx.fs, path, bytes, { staging: teamFolderPaths(ctx.root).staging, tag: device, sleep: ctx.sleep, renameRetryMs: ctx.renameRetryMs });
  const rel = relativeToRoot(ctx.root, path);
  // This device's older snapshots are superseded by this one when it carries everything they
  // carried (segments their devices may have deleted since); otherwise they stay.
  const carriedNow = new Set(covers.map((c) => c.hash));
  const older = [...new Set([...readOlder(ctx), ctx.store.getMeta('sync.mySnapshot') ?? ''])].filter((p) => p && p !== rel);
  const kept: string[] = [];
  const coverage = readCoverage(ctx);
  for (const previous of older) {
    const carried = ctx.ledger.carriedBy(previous) ?? (await carriedIn(ctx, previous));
    if (carried === undefined || carried.some((h) => !carriedNow.has(h))) {
      kept.push(previous);
      continue;
    }
    await ctx.fs.remove(joinPath(ctx.root, previous)).catch(() => undefined);
    ctx.ledger.setCarried(previous, undefined);
    delete coverage[previous];
  }
  ctx.store.setMeta('sync.myOldSnapshots', JSON.stringify(kept));
  ctx.store.setMeta('sync.mySnapshot', rel);
  ctx.ledger.setCarried(rel, [...carriedNow]);
  ctx.store.setMeta('sync.snapshotCoverage', JSON.stringify({ ...coverage, [rel]: covers.length }));
  return { path: rel, hash, events, covers: covers.length };
}

function readOlder(ctx: PublisherContext): string[] {
  try {
    return JSON.parse(ctx.store.getMeta('sync.myOldSnapshots') || '[]') as string[];
  } catch {
    return [];
  }
}

/** The segments a snapshot file carries (as its covers list says: it is this device's own), or undefined when it cannot be read. */
async function carriedIn(ctx: PublisherContext, rel: string): Promise<string[] | undefined> {
  try {
    const read = await readSnapshotFile(ctx.fs, joinPath(ctx.root, rel), (device) => ctx.ledger.pinnedKey(device), ctx.maxSnapshotBytes);
    return read.ok ? read.header.covers.map((c) => c.hash) : undefined;
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? [] : undefined;
  }
}

/**
 * The exact signed segments this database read or wrote, read back from the folder (the file
 * recorded for each, checked against its content hash). A segment whose file is gone is left
 * out: a snapshot only carries what its devices signed.
 */
async function collectSegments(ctx: PublisherContext): Promise<{ covers: CoveredSegment[]; segments: EmbeddedSegment[]; events: number }> {
  const files = new Map<string, string[]>();
  for (const f of ctx.ledger.ingestedFiles()) if (f.segment && f.path.startsWith('lore/devices/')) (files.get(f.segment) ?? files.set(f.segment, []).get(f.segment)!).push(f.path);
  const covers: CoveredSegment[] = [];
  const segments: EmbeddedSegment[] = [];
  let events = 0;
  let fromSnapshots: Map<string, string> | undefined;
  for (const s of ctx.ledger.allSegments()) {
    let text: string | undefined;
    for (const rel of files.get(s.hash) ?? []) {
      let parsed;
      try {
        parsed = parseSignedLog(await ctx.fs.readFile(joinPath(ctx.root, rel)));
      } catch {
        continue;
      }
      if (!parsed.ok || parsed.log.contentHash !== s.hash) continue;
      const { header, lines, contentHash, signature } = parsed.log;
      // Rebuilt with LF line ends, exactly as the device wrote it (git may have converted the file's).
      const end = canonicalJson({ type: 'end', count: lines.length, sha256: contentHash, sig: signature });
      text = [canonicalJson(header), ...lines, end].join('\n') + '\n';
      break;
    }
    // Compacted: its device deleted the file, and a snapshot carries it.
    if (text === undefined) text = (fromSnapshots ??= await segmentsInSnapshots(ctx)).get(s.hash);
    if (text === undefined) continue;
    segments.push({ text });
    covers.push({ device: s.device, number: s.number, hash: s.hash, prev: s.prev, events: s.events });
    events += s.events;
  }
  return { covers, segments, events };
}

/** The exact text of every segment the snapshots in the folder carry verifiably, by content hash. */
async function segmentsInSnapshots(ctx: PublisherContext): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const dir = teamFolderPaths(ctx.root).snapshots;
  let entries;
  try {
    entries = await ctx.fs.list(dir);
  } catch {
    return texts;
  }
  // Every snapshot in the folder, not only those examined here: this device may not have synced since one was written.
  for (const entry of entries) {
    if (entry.kind !== 'file' || !isLogFileName(entry.name)) continue;
    const rel = relativeToRoot(ctx.root, joinPath(dir, entry.name));
    let read;
    try {
      read = await readSnapshotFile(ctx.fs, joinPath(ctx.root, rel), (device) => ctx.ledger.pinnedKey(device), ctx.maxSnapshotBytes);
    } catch {
      continue;
    }
    if (!read.ok) continue;
    const verified = new Set(snapshotSegments(read.header, read.lines, (device) => ctx.ledger.pinnedKey(device), ctx.ledger.teamId()).segments.map((s) => s.hash));
    for (const line of read.lines) {
      let record: { text?: unknown };
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        continue;
      }
      if (!record || typeof record.text !== 'string') continue;
      const parsed = parseSignedLog(Buffer.from(record.text, 'utf8'));
      if (parsed.ok && verified.has(parsed.log.contentHash) && !texts.has(parsed.log.contentHash)) texts.set(parsed.log.contentHash, record.text);
    }
  }
  return texts;
}

/**
 * Writes a snapshot when at least `every` segments (plus a per-device offset, so a team does not
 * compact all at once) are not covered by the best snapshot already in the folder.
 */
export async function maybeWriteSnapshot(ctx: PublisherContext, every: number): Promise<SnapshotOutcome | undefined> {
  const jitter = parseInt(sha256Hex(ctx.store.deviceId).slice(0, 6), 16) % Math.max(1, Math.floor(every / 2));
  const known = ctx.ledger.segmentCount();
  if (known < every + jitter) return undefined;
  const covered = await bestCoverage(ctx);
  if (known - covered < every + jitter) return undefined;
  return writeSnapshot(ctx);
}

/** How many segments the best snapshot in the folder covers (headers read once, then remembered). */
async function bestCoverage(ctx: PublisherContext): Promise<number> {
  const dir = teamFolderPaths(ctx.root).snapshots;
  let entries;
  try {
    entries = await ctx.fs.list(dir);
  } catch {
    return 0;
  }
  const seen = readCoverage(ctx);
  let best = 0;
  for (const entry of entries) {
    if (entry.kind !== 'file' || !isLogFileName(entry.name)) continue;
    const rel = relativeToRoot(ctx.root, joinPath(dir, entry.name));
    let covers = seen[rel];
    if (covers === undefined) {
      try {
        const read = await readSnapshotFile(ctx.fs, joinPath(dir, entry.name), (device) => ctx.ledger.pinnedKey(device), ctx.maxSnapshotBytes);
        if (!read.ok) continue;
        covers = read.header.covers.length;
        rememberCoverage(ctx, rel, covers);
      } catch {
        continue;
      }
    }
    best = Math.max(best, covers);
  }
  return best;
}

function readCoverage(ctx: PublisherContext): Record<string, number> {
  try {
    return JSON.parse(ctx.store.getMeta('sync.snapshotCoverage') || '{}') as Record<string, number>;
  } catch {
    return {};
  }
}

function rememberCoverage(ctx: PublisherContext, rel: string, covers: number): void {
  ctx.store.setMeta('sync.snapshotCoverage', JSON.stringify({ ...readCoverage(ctx), [rel]: covers }));
}
