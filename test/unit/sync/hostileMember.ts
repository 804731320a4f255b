import { gzipSync } from 'node:zlib';
import { formatHlc } from '../../../src/core/hlc';
import { sealEvent, type LoreEvent } from '../../../src/core/store/events';
import { generateDeviceKeyPair } from '../../../src/core/sync/deviceKeys';
import { encodeDeviceFile } from '../../../src/core/sync/folderFiles';
import type { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { checkSegmentHeader, encodeSegment } from '../../../src/core/sync/segmentFile';
import { encodeSignedLog, parseSignedLog } from '../../../src/core/sync/signedLog';
import { encodeSnapshot, type CoveredSegment } from '../../../src/core/sync/snapshotFile';
import { FOLDER, T0, type Replica } from './syncTestKit';

/**
 * What a hostile team member can do with write access to the team folder and its own device's
 * key: sign snapshots that claim other devices' events, plant device files in other devices'
 * folders. Every forged change is titled `FORGED…`, so a test can look for it anywhere.
 */
export function privateKeyOf(r: Replica): string {
  return (JSON.parse(r.store.getMeta('sync.keys')!) as Record<string, { privateKey: string }>)[r.store.deviceId].privateKey;
}

let forgeries = 0;
export function forgedEvent(device: string, author: string): LoreEvent {
  const n = ++forgeries;
  return sealEvent({
    entity: 'article', entityId: `forged${n}`, device, seq: 900_000 + n, author, hlc: formatHlc({ ms: T0, counter: n }),
    changes: { title: `FORGED ${n}`, body: 'forged', createdAt: '2026-03-01T00:00:00.000Z', author }, prev: {},
  });
}

/** Every segment file in the folder, as a snapshot's covered list would name it. */
export function segmentsInFolder(fs: MemorySyncFs): CoveredSegment[] {
  const covers: CoveredSegment[] = [];
  for (const file of fs.allFiles(`${FOLDER}/lore/devices`).filter((f) => f.endsWith('.ndjson'))) {
    const parsed = parseSignedLog(fs.getFile(file)!);
    if (!parsed.ok) continue;
    const header = checkSegmentHeader(parsed.log.header);
    if (typeof header === 'string') continue;
    covers.push({ device: header.device, number: header.number, hash: parsed.log.contentHash, prev: header.prev, events: parsed.log.lines.length });
  }
  return covers;
}

/** A snapshot as Lore wrote them before (format 1): bare events, signed only by Mallory, covering every genuine segment. */
export function plantOldFormatSnapshot(fs: MemorySyncFs, mallory: Replica, victim: { device: string; author: string }): void {
  const header = { type: 'snapshot', format: 1, device: mallory.store.deviceId, created: '2026-03-01T00:00:00.000Z', covers: segmentsInFolder(fs) };
  const { bytes, contentHash } = encodeSignedLog(header, [forgedEvent(victim.device, victim.author)], privateKeyOf(mallory));
  fs.putFile(`${FOLDER}/lore/snapshots/${contentHash}.ndjson.gz`, gzipSync(bytes));
}

/**
 * A current-format snapshot by Mallory that carries a segment "of" the victim's device signed
 * with Mallory's key, and claims (when `claimGenuine`) to cover the genuine segments too.
 */
export function plantForgedSnapshot(fs: MemorySyncFs, mallory: Replica, victim: { device: string; author: string }, claimGenuine: boolean): void {
  const { bytes: forged, hash } = encodeSegment({ device: victim.device, number: 1, prev: null, created: '', acks: {}, events: [forgedEvent(victim.device, victim.author)] }, privateKeyOf(mallory));
  const covers: CoveredSegment[] = [{ device: victim.device, number: 1, hash, prev: null, events: 1 }, ...(claimGenuine ? segmentsInFolder(fs) : [])];
  const { bytes, hash: snapshotHash } = encodeSnapshot(
    { device: mallory.store.deviceId, created: '2026-03-01T00:00:00.000Z', covers, segments: [{ text: Buffer.from(forged).toString('utf8') }] },
    privateKeyOf(mallory),
  );
  fs.putFile(`${FOLDER}/lore/snapshots/${snapshotHash}.ndjson.gz`, bytes);
}

/**
 * A `DEVICE (conflicted copy).json` with Mallory's new key in the victim's folder, and a segment
 * signed with that key: trusted, it would let Mallory write as the victim.
 */
export function plantDeviceCopy(fs: MemorySyncFs, victim: { device: string; author: string }): void {
  const keys = generateDeviceKeyPair();
  fs.putFile(`${FOLDER}/lore/devices/${victim.device}/DEVICE (conflicted copy).json`, encodeDeviceFile({ device: victim.device, publicKey: keys.publicKey, author: victim.author, created: '2026-03-01' }));
  const { bytes, hash } = encodeSegment({ device: victim.device, number: 1, prev: null, created: '', acks: {}, events: [forgedEvent(victim.device, victim.author)] }, keys.privateKey);
  fs.putFile(`${FOLDER}/lore/devices/${victim.device}/2026-03/00000001-${hash.slice(0, 16)} (conflicted copy).ndjson`, bytes);
}

/** Whether a store shows anything forged. */
export function showsForgery(r: Replica): boolean {
  return r.store.db.get("SELECT 1 FROM articles WHERE title LIKE 'FORGED%'") !== undefined;
}
