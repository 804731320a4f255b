/**
 * Encrypted spaces (issue 15): the cryptography alone, then sync end to end:
 *
 * - **Events**: 20,000 article events (titles, bodies of 0.3–3 KB, tags) in segments of 250,
 *   written and read back as sync would carry them: canonical JSON lines, gzip, and for the
 *   encrypted run AES-256-GCM sealed after gzip (ciphertext does not compress) with the
 *   segment's context as associated data. The baseline is the same JSON + gzip without
 *   encryption, in the same run; the ratio is what encryption adds (goal for the whole sync
 *   import: ≤ 1.3× plaintext). Seal and open alone are reported in MB/s beside it.
 * - **Rotation**: a space of 50 devices; one member removes one device: a new key wrapped for
 *   the 49 that remain (49 X25519 key agreements) and linked to the previous key. Rotation
 *   never re-encrypts earlier events (holders of the new key read them through the link), so
 *   its cost does not grow with the history: 100,000 events cost what 0 do.
 * - **Join**: folding the ledger of that space (50 admissions, signatures checked cold) and a
 *   newcomer unwrapping its keys.
 *
 * - **Sync import, end to end**: a writer publishes `LORE_BENCH_SPACES_SYNC_ARTICLES` articles (3
 *   events each: create, body edit, tags) to an in-memory team folder, plaintext or sealed for a
 *   space the reader was admitted to first; the reader's one sync that imports them all is timed
 *   (CPU time, median of 3, the two kinds interleaved in the same run). The ratio is the issue's
 *   goal (≤ 1.3× plaintext).
 *
 * Run: `npm run bench -- spaces`, or `npx tsx bench/spacesBench.ts`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { canonicalJson } from '../src/core/hash';
import { sealEvent, type LoreEvent } from '../src/core/store/events';
import { generateDeviceKeyPair } from '../src/core/sync/deviceKeys';
import { generateBoxKeyPair, newSpaceKey, openPayload, sealPayload, type SealContext } from '../src/core/spaces/spaceCrypto';
import { openEventBatch, sealEventBatch } from '../src/core/spaces/spaceEvents';
import { rotationPlan, spaceKeyring } from '../src/core/spaces/spaceKeyring';
import { foldMembership } from '../src/core/spaces/spaceMembership';
import { approveJoinRecord, createSpaceRecord, requestJoinRecord, rotateKeyRecord, spaceRecordId, type SpaceDevice, type SpaceRecord } from '../src/core/spaces/spaceRecords';
import { fmt, seededRandom } from './benchKit';
import { ManualClock } from '../src/core/clock';
import { LoreStore } from '../src/core/store/loreStore';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';
import { createBodyMerger } from '../src/core/sync/bodyMerge';
import { MemorySyncFs } from '../src/core/sync/memorySyncFs';
import { SyncEngine } from '../src/core/sync/syncEngine';
import { SyncLedger } from '../src/core/sync/syncLedger';
import { approveJoin, createSpace, requestToJoin } from '../src/core/spaces/spaceActions';

export interface BenchResult {
  name: string;
  metrics: Record<string, number | string>;
}

const EVENTS = Number(process.env.LORE_BENCH_SPACES_EVENTS ?? 20_000);
const PER_SEGMENT = 250;
const DEVICES = Number(process.env.LORE_BENCH_SPACES_DEVICES ?? 50);
const REF = { team: 'bench-team', space: 'platform' };

const WORDS = (
  'the a to of and in is for on with that this it be as by are from or an at not can when use your if you we our which deploy cluster ' +
  'service request timeout retry cache database index query migration schema worker queue event handler config secret token build test ' +
  'release branch review incident customer latency memory thread lock connection pool replica shard backup restore alert metric log trace'
).split(' ');

function text(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]);
  return out.join(' ');
}

function makeEvents(): LoreEvent[] {
  const random = seededRandom(15);
  const events: LoreEvent[] = [];
  for (let i = 0; i < EVENTS; i++) {
    events.push(
      sealEvent({
        entity: 'article',
        entityId: `a${Math.floor(i / 3)}`,
        device: 'bench-device',
        seq: i + 1,
        author: 'Bench',
        hlc: `${String(1_760_000_000_000 + i).padStart(15, '0')}-0000-bench-device`,
        changes: { title: text(random, 6), body: text(random, 50 + Math.floor(random() * 450)), tags: [text(random, 1), text(random, 1)] },
        prev: {},
      }),
    );
  }
  return events;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (n: number) => Number(n.toFixed(1));

function eventsBench(): BenchResult {
  const events = makeEvents();
  const segments: LoreEvent[][] = [];
  for (let i = 0; i < events.length; i += PER_SEGMENT) segments.push(events.slice(i, i + PER_SEGMENT));
  const lines = segments.map((seg) => seg.map((e) => canonicalJson(e)).join('\n'));
  const jsonBytes = lines.reduce((n, s) => n + Buffer.byteLength(s), 0);
  const key = newSpaceKey();
  const epoch = '0123456789abcdef0123456789abcdef';
  const keyring = new Map([[epoch, key]]);
  const refOf = (i: number) => ({ ...REF, epoch, id: `bench-device/${i + 1}` });
  const ctxOf = (i: number): SealContext => ({ ...REF, epoch, purpose: 'events', id: `bench-device/${i + 1}` });

  // What sync does today for a segment's records, and what it would do in a space (spaceEvents.ts).
  const plainRun = () => {
    const t0 = performance.now();
    let read = 0;
    for (const seg of segments) {
      const zipped = gzipSync(Buffer.from(seg.map((e) => canonicalJson(e)).join('\n'), 'utf8'));
      read += gunzipSync(zipped).toString('utf8').split('\n').map((l) => JSON.parse(l) as unknown).length;
    }
    if (read !== events.length) throw new Error('plain run lost events');
    return performance.now() - t0;
  };
  let sealedBytes = 0;
  const encryptedRun = () => {
    const t0 = performance.now();
    let read = 0;
    sealedBytes = 0;
    segments.forEach((seg, i) => {
      const sealed = sealEventBatch(key, refOf(i), seg);
      sealedBytes += sealed.byteLength;
      read += openEventBatch(keyring, refOf(i), sealed).length;
    });
    if (read !== events.length) throw new Error('encrypted run lost events');
    return performance.now() - t0;
  };
  const zipped = lines.map((s) => gzipSync(Buffer.from(s, 'utf8')));
  const zippedBytes = zipped.reduce((n, z) => n + z.byteLength, 0);
  const cryptoRun = () => {
    const t0 = performance.now();
    zipped.forEach((z, i) => openPayload(key, ctxOf(i), sealPayload(key, ctxOf(i), z)));
    return performance.now() - t0;
  };
  // Interleaved, five of each: the machine is shared, a run alone is noisy.
  const plain: number[] = [];
  const encrypted: number[] = [];
  const crypto: number[] = [];
  for (let i = 0; i < 5; i++) {
    plain.push(plainRun());
    encrypted.push(encryptedRun());
    crypto.push(cryptoRun());
  }
  const p = median(plain);
  const e = median(encrypted);
  const c = median(crypto);
  return {
    name: `Events: ${fmt(EVENTS)} article events in segments of ${PER_SEGMENT}, JSON + gzip (+ seal/open: spaceEvents.ts), written and read back (median of 5)`,
    metrics: {
      'JSON size (MB)': Number((jsonBytes / 2 ** 20).toFixed(1)),
      'gzipped (MB)': Number((zippedBytes / 2 ** 20).toFixed(2)),
      'sealed (MB; +47 bytes a segment)': Number((sealedBytes / 2 ** 20).toFixed(2)),
      'plain JSON + gzip (ms)': ms(p),
      'encrypted: JSON + gzip + seal/open (ms)': ms(e),
      'ratio encrypted / plain (goal for sync import ≤ 1.3)': Number((e / p).toFixed(3)),
      'seal + open alone (ms)': ms(c),
      'seal + open alone / plain run (what encryption adds; the ratio above is within noise of 1 + this)': Number((c / p).toFixed(3)),
      'seal + open throughput (MB/s of gzipped data, both ways)': Math.round(zippedBytes / 2 ** 20 / (c / 1000)),
      'seal + open throughput (events/s)': Math.round(EVENTS / (c / 1000)),
    },
  };
}

function spaceOf(devices: SpaceDevice[]): { records: SpaceRecord[]; ms: number } {
  const created = createSpaceRecord(devices[0], REF, 'Platform', new Date().toISOString());
  const records: SpaceRecord[] = [created.record];
  const t0 = performance.now();
  let heads = [spaceRecordId(created.record)];
  for (const d of devices.slice(1)) {
    const request = requestJoinRecord(d, REF, heads, new Date().toISOString());
    const requestId = spaceRecordId(request);
    const approval = approveJoinRecord(devices[0], REF, { id: requestId, device: d.device, boxKey: d.box.publicKey }, { epoch: created.epoch, key: created.key }, [requestId], new Date().toISOString());
    records.push(request, approval);
    heads = [spaceRecordId(approval)];
  }
  return { records, ms: performance.now() - t0 };
}

function rotationBench(): BenchResult {
  const devices: SpaceDevice[] = Array.from({ length: DEVICES }, (_, i) => ({
    device: `device-${i}`,
    person: `Person ${Math.floor(i / 2)}`,
    signing: generateDeviceKeyPair(),
    box: generateBoxKeyPair(),
  }));
  const { records, ms: buildMs } = spaceOf(devices);
  const t0 = performance.now();
  const state = foldMembership(records, REF);
  const foldCold = performance.now() - t0;
  if (state.members.length !== DEVICES) throw new Error(`${state.members.length} members of ${DEVICES}: ${JSON.stringify(state.refused.slice(0, 3))}`);
  const t1 = performance.now();
  foldMembership(records, REF);
  const foldWarm = performance.now() - t1;
  const t2 = performance.now();
  const newcomerRing = spaceKeyring(state, { device: devices[DEVICES - 1].device, box: devices[DEVICES - 1].box });
  const unwrapMs = performance.now() - t2;
  if (!newcomerRing.has(state.current!)) throw new Error('the newcomer cannot read the current key');

  const ring = spaceKeyring(state, { device: devices[0].device, box: devices[0].box });
  const rotations: number[] = [];
  let rotated: SpaceRecord | null = null;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    rotated = rotateKeyRecord(devices[0], REF, rotationPlan(state, ring, [devices[1].device]), state.heads, new Date().toISOString()).record;
    rotations.push(performance.now() - t);
  }
  const t3 = performance.now();
  const after = foldMembership([...records, rotated!], REF);
  const foldAfter = performance.now() - t3;
  if (after.members.length !== DEVICES - 1 || after.readable[devices[1].device].includes(after.current!)) throw new Error('the rotation did not remove the device');
  return {
    name: `Rotation and join: a space of ${DEVICES} devices`,
    metrics: {
      'ledger records': records.length,
      'writing the ledger (requests and approvals, ms)': ms(buildMs),
      'fold, signatures checked cold (ms)': ms(foldCold),
      'fold again, signatures remembered (ms)': ms(foldWarm),
      "newcomer's keys unwrapped (ms)": ms(unwrapMs),
      [`rotation: remove one, new key wrapped for ${DEVICES - 1} devices (ms, median of 5)`]: ms(median(rotations)),
      'fold with the rotation (ms)': ms(foldAfter),
      'rotation cost per event already written': '0 (earlier events are read through the key link, never re-encrypted)',
    },
  };
}

const SYNC_ARTICLES = Number(process.env.LORE_BENCH_SPACES_SYNC_ARTICLES ?? 1_500);

/** The reader's CPU ms for the one sync that imports a writer's articles, plaintext or sealed. */
async function timedImport(sealed: boolean): Promise<number> {
  const fs = new MemorySyncFs();
  await fs.mkdirp('/team');
  const open = (name: string) => {
    const clock = new ManualClock(Date.UTC(2026, 2, 1));
    const store = LoreStore.open(':memory:', { driver: loadSqliteDriver(), author: name, clock, mergers: [createBodyMerger()] });
    const engine = new SyncEngine({ store, fs, clock, sleep: async () => undefined, snapshotEverySegments: 0, compaction: false });
    return { store, engine, clock, ctx: { fs, root: '/team', store, ledger: new SyncLedger(store, clock), now: () => clock.now() } };
  };
  const writer = open('writer');
  const reader = open('reader');
  await writer.engine.setUp('/team', 'create');
  await reader.engine.setUp('/team', 'join');
  await writer.engine.syncNow();
  await reader.engine.syncNow();
  if (sealed) {
    const { space } = await createSpace(writer.ctx, 'platform');
    await requestToJoin(reader.ctx, space);
    await approveJoin(writer.ctx, space, 'reader');
  }
  const random = seededRandom(sealed ? 2 : 1);
  for (let i = 0; i < SYNC_ARTICLES; i++) {
    const a = writer.store.createArticle({ title: `${text(random, 6)} ${i}`, body: text(random, 60 + Math.floor(random() * 400)), status: 'published' });
    writer.store.updateArticle(a.id, { body: `${text(random, 80)}\n\n${a.body}` });
    writer.store.updateArticle(a.id, { tags: [text(random, 1), text(random, 1)] });
  }
  await writer.engine.syncNow();
  const c0 = process.cpuUsage();
  const summary = await reader.engine.syncNow();
  const spent = process.cpuUsage(c0);
  if (reader.store.countArticles() !== SYNC_ARTICLES) throw new Error(`the reader has ${reader.store.countArticles()} articles, not ${SYNC_ARTICLES} (${JSON.stringify(summary.warnings)})`);
  writer.engine.dispose();
  reader.engine.dispose();
  writer.store.close();
  reader.store.close();
  return (spent.user + spent.system) / 1000;
}

async function syncImportBench(): Promise<BenchResult> {
  const plain: number[] = [];
  const sealed: number[] = [];
  for (let round = 0; round < 3; round++) {
    plain.push(await timedImport(false));
    sealed.push(await timedImport(true));
  }
  const p = median(plain);
  const e = median(sealed);
  return {
    name: `spaces: sync import of ${fmt(SYNC_ARTICLES)} articles (${fmt(SYNC_ARTICLES * 3)} events), plaintext vs sealed for a space`,
    metrics: {
      'plaintext import (CPU ms, median of 3)': Math.round(p),
      'sealed import (CPU ms, median of 3)': Math.round(e),
      'ratio sealed / plaintext (goal ≤ 1.3)': Number((e / p).toFixed(3)),
    },
  };
}

export async function runSpacesBench(): Promise<BenchResult[]> {
  return [eventsBench(), rotationBench(), await syncImportBench()];
}

if (require.main === module) {
  void runSpacesBench().then((results) => console.log(JSON.stringify(results, null, 2)));
}
