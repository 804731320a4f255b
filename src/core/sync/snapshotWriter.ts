import { writeImmutableFile } from './immutableWrite';
import type { PublisherContext } from './publisher';
import { encodeSnapshot, type CoveredSegment } from './snapshotFile';
import { relativeToRoot, snapshotPath, teamFolderPaths } from './teamFolderLayout';

export type SnapshotOutcome = { path: string; hash: string; events: number; covers: number } | { skipped: string };

/**
 * Writes a snapshot of every shared event here and the segments they cover, for new members.
 * Named by content hash, so two devices writing at once (a compaction race) just leave two
 * valid snapshots; a new member takes the one covering the most. Old segments are NOT deleted
 * here: deleting needs every recently active device's acknowledgement (see SYNC.md), which is
 * left for later.
 */
export async function writeSnapshot(ctx: PublisherContext): Promise<SnapshotOutcome> {
  if (ctx.ledger.held().length) return { skipped: 'deletions are waiting for a decision; a snapshot now would not cover them' };
  if (ctx.ledger.prepared()) return { skipped: 'a segment is still being published' };
  const covers: CoveredSegment[] = ctx.ledger.allSegments().map((s) => ({ device: s.device, number: s.number, hash: s.hash, prev: s.prev, events: s.events }));
  if (!covers.length) return { skipped: 'nothing has been published yet' };
  const events = [...ctx.store.allEvents()];
  const device = ctx.store.deviceId;
  const { bytes, hash } = encodeSnapshot(
    { device, created: new Date(ctx.clock.now()).toISOString(), covers, events },
    ctx.ledger.keysFor(device).privateKey,
  );
  const path = snapshotPath(ctx.root, hash);
  await writeImmutableFile(ctx.fs, path, bytes, { staging: teamFolderPaths(ctx.root).staging, tag: device, sleep: ctx.sleep, renameRetryMs: ctx.renameRetryMs });
  return { path: relativeToRoot(ctx.root, path), hash, events: events.length, covers: covers.length };
}
