/**
 * Team-folder sync speed, on a real folder on disk (bench/.work/sync):
 *
 * - A team of 100 devices × 1,000 events (articles created and edited, review threads and
 *   comments), written as signed segments of 250 events, as those devices would have written them.
 * - A new member joins and loads everything: from the segments alone, then (a second new member)
 *   from a snapshot the first one wrote. Reported: wall time, events/s, files read.
 * - An up-to-date member: a sync with nothing new (listing only), and one new segment.
 * - Baselines in the same run, on the same bytes: reading and JSON.parse of every line, and
 *   inserting the same events as plain rows (one INSERT each, one transaction, same driver).
 *   Ratios against them say what sync's checking (hash, signature, id of every event) and
 *   record resolution (heads, three-way merge, projections, search index) cost.
 *
 * Run: `npm run bench -- sync`, or `npx tsx bench/syncBench.ts`.
 */
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock, systemClock } from '../src/core/clock';
import { formatHlc } from '../src/core/hlc';
import { sealEvent, type LoreEvent } from '../src/core/store/events';
import { LoreStore } from '../src/core/store/loreStore';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';
import { createBodyMerger } from '../src/core/sync/bodyMerge';
import { generateDeviceKeyPair } from '../src/core/sync/deviceKeys';
import { encodeDeviceFile, encodeFormatFile } from '../src/core/sync/folderFiles';
import { createNodeSyncFs } from '../src/core/sync/nodeSyncFs';
import { encodeSegment } from '../src/core/sync/segmentFile';
import { SyncEngine } from '../src/core/sync/syncEngine';
import { deviceFilePath, monthFolder, segmentPath, teamFolderPaths } from '../src/core/sync/teamFolderLayout';

export interface BenchResult {
  name: string;
  metrics: Record<string, number | string>;
}

const DEVICES = Number(process.env.LORE_BENCH_SYNC_DEVICES ?? 100);
const EVENTS_PER_DEVICE = Number(process.env.LORE_BENCH_SYNC_EVENTS ?? 1000);
export const PER_SEGMENT = 250;
export const T0 = Date.UTC(2026, 0, 5, 9);

/** A deterministic PRNG so every run builds the same history. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'cache index deploy retry timeout queue schema migration token session render worker build release config logging metrics shard replica lease'.split(' ');

function paragraph(r: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

/** One device's history: creates, edits of its own records with correct prev links, threads and comments. */
export function deviceHistory(device: string, index: number, count = EVENTS_PER_DEVICE): LoreEvent[] {
  const r = rng(index + 1);
  const events: LoreEvent[] = [];
  const heads = new Map<string, string>(); // `${entityId}:${field}` → event id
  const articles: Array<{ id: string; body: string }> = [];
  const threads: string[] = [];
  let seq = 0;
  const emit = (entity: LoreEvent['entity'], entityId: string, changes: Record<string, unknown>) => {
    seq++;
    const prev: Record<string, string[]> = {};
    for (const field of Object.keys(changes)) {
      const head = heads.get(`${entityId}:${field}`);
      prev[field] = head ? [head] : [];
    }
    const event = sealEvent({ entity, entityId, device, seq, author: `Dev ${index}`, hlc: formatHlc({ ms: T0 + index * 1000 + seq * 60_000, counter: 0 }), changes, prev });
    for (const field of Object.keys(changes)) heads.set(`${entityId}:${field}`, event.id);
    events.push(event);
  };
  while (events.length < count) {
    const roll = r();
    const createdAt = new Date(T0 + seq * 60_000).toISOString();
    if (roll < 0.15 || !articles.length) {
      const id = `d${index}a${articles.length}`;
      const body = Array.from({ length: 4 }, () => paragraph(r, 12)).join('\n\n');
      articles.push({ id, body });
      emit('article', id, { title: `${paragraph(r, 4)} ${id}`, body, tags: [WORDS[Math.floor(r() * WORDS.length)]], team: null, status: 'draft', visibility: 'team', author: `Dev ${index}`, createdAt });
    } else if (roll < 0.75) {
      const article = articles[Math.floor(r() * articles.length)];
      article.body = `${article.body}\n${paragraph(r, 8)}`;
      emit('article', article.id, r() < 0.3 ? { title: `${paragraph(r, 4)} ${article.id}` } : { body: article.body });
    } else if (roll < 0.8) {
      const article = articles[Math.floor(r() * articles.length)];
      emit('article', article.id, { tags: [WORDS[Math.floor(r() * WORDS.length)], WORDS[Math.floor(r() * WORDS.length)]].sort().filter((t, i, a) => a.indexOf(t) === i) });
    } else if (roll < 0.87 || !threads.length) {
      const id = `d${index}t${threads.length}`;
      threads.push(id);
      emit('thread', id, {
        anchor: { path: `src/module${Math.floor(r() * 50)}.ts`, range: { startLine: 10, startCharacter: 0, endLine: 12, endCharacter: 0 }, text: 'return cache.get(key);', contextBefore: '', contextAfter: '', hash: 'h' },
        kind: 'question', state: 'open', author: `Dev ${index}`, createdAt,
      });
    } else {
      emit('comment', `d${index}c${seq}`, { threadId: threads[Math.floor(r() * threads.length)], body: paragraph(r, 15), author: `Dev ${index}`, createdAt });
    }
  }
  return events;
}

export interface Team {
  root: string;
  teamId: string;
  files: string[];
  bytes: number;
  events: number;
}

export function writeTeamFolder(root: string): Team {
  nodeFs.rmSync(root, { recursive: true, force: true });
  const teamId = 'benchteam';
  const paths = teamFolderPaths(root);
  nodeFs.mkdirSync(paths.lore, { recursive: true });
  nodeFs.writeFileSync(paths.format, encodeFormatFile(teamId, new Date(T0).toISOString()));
  const files: string[] = [];
  let bytes = 0;
  let events = 0;
  for (let d = 0; d < DEVICES; d++) {
    const device = `benchdevice${String(d).padStart(4, '0')}${'0'.repeat(16)}`;
    const keys = generateDeviceKeyPair();
    nodeFs.mkdirSync(path.dirname(deviceFilePath(root, device)), { recursive: true });
    nodeFs.writeFileSync(deviceFilePath(root, device), encodeDeviceFile({ device, publicKey: keys.publicKey, author: `Dev ${d}`, created: new Date(T0).toISOString() }));
    const history = deviceHistory(device, d);
    let prev: string | null = null;
    for (let i = 0, n = 1; i < history.length; i += PER_SEGMENT, n++) {
      const chunk = history.slice(i, i + PER_SEGMENT);
      const segment = encodeSegment({ device, number: n, prev, created: new Date(T0).toISOString(), acks: {}, events: chunk }, keys.privateKey);
      const file = segmentPath(root, device, monthFolder(T0), n, segment.hash);
      nodeFs.mkdirSync(path.dirname(file), { recursive: true });
      nodeFs.writeFileSync(file, segment.bytes);
      files.push(file);
      bytes += segment.bytes.byteLength;
      events += chunk.length;
      prev = segment.hash;
    }
  }
  return { root, teamId, files, bytes, events };
}

function openStore(file: string, driver: ReturnType<typeof loadSqliteDriver>, author: string): LoreStore {
  for (const suffix of ['', '-wal', '-shm']) nodeFs.rmSync(file + suffix, { force: true });
  return LoreStore.open(file, { driver, author, clock: systemClock, mergers: [createBodyMerger()] });
}

async function join(work: string, name: string, team: Team, driver: ReturnType<typeof loadSqliteDriver>) {
  const store = openStore(path.join(work, `${name}.db`), driver, name);
  const engine = new SyncEngine({ store, fs: createNodeSyncFs(), snapshotEverySegments: 0 });
  await engine.setUp(team.root, 'join');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await engine.syncNow();
  const ms = performance.now() - t0;
  return { store, engine, summary, ms, cpuMs: cpuMsSince(c0) };
}

/** CPU time of this process (user + system, ms) since `start`: steadier than wall time on a busy, shared machine. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function baselineParse(team: Team): number {
  const t0 = performance.now();
  let lines = 0;
  for (const file of team.files) {
    for (const line of nodeFs.readFileSync(file, 'utf8').split('\n')) {
      if (line) {
        JSON.parse(line);
        lines++;
      }
    }
  }
  if (lines < team.events) throw new Error('baseline read fewer lines than events');
  return performance.now() - t0;
}

function baselineInsert(work: string, team: Team, driver: ReturnType<typeof loadSqliteDriver>): number {
  const file = path.join(work, 'baseline.db');
  for (const suffix of ['', '-wal', '-shm']) nodeFs.rmSync(file + suffix, { force: true });
  const db = driver.open(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  db.exec('CREATE TABLE events (id TEXT PRIMARY KEY, entity TEXT, entity_id TEXT, device TEXT, seq INTEGER, hlc TEXT, json TEXT)');
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)');
  const t0 = performance.now();
  db.exec('BEGIN');
  for (const f of team.files) {
    const lines = nodeFs.readFileSync(f, 'utf8').split('\n');
    for (const line of lines.slice(1, -2)) {
      const e = JSON.parse(line) as LoreEvent;
      insert.run(e.id, e.entity, e.entityId, e.device, e.seq, e.hlc, line);
    }
  }
  db.exec('COMMIT');
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

/**
 * The baseline for one new segment, interleaved with the syncs that read it: the same file read,
 * each event line parsed and inserted as a plain row into the baseline database (which holds the
 * whole team's events already), in one transaction.
 */
function baselineInsertOne(db: ReturnType<ReturnType<typeof loadSqliteDriver>['open']>, file: string): number {
  const insert = db.prepare('INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?)');
  const t0 = performance.now();
  db.exec('BEGIN');
  for (const line of nodeFs.readFileSync(file, 'utf8').split('\n').slice(1, -2)) {
    const e = JSON.parse(line) as LoreEvent;
    insert.run(e.id, e.entity, e.entityId, e.device, e.seq, e.hlc, line);
  }
  db.exec('COMMIT');
  return performance.now() - t0;
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Total size of the files under `dir` (bytes) and how many there are. */
function folderSize(dir: string): { bytes: number; files: number; segments: number; segmentBytes: number } {
  const out = { bytes: 0, files: 0, segments: 0, segmentBytes: 0 };
  for (const entry of nodeFs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const size = nodeFs.statSync(file).size;
    out.bytes += size;
    out.files++;
    if (file.includes(`${path.sep}devices${path.sep}`) && file.endsWith('.ndjson')) {
      out.segments++;
      out.segmentBytes += size;
    }
  }
  return out;
}

/** The bytes of what a member sees now (live articles, snippets, review threads and comments, as JSON rows). */
function liveDataBytes(store: LoreStore): number {
  let bytes = 0;
  for (const sql of [
    'SELECT id, title, body, tags, team, author, status, visibility, created_at, updated_at FROM articles WHERE deleted = 0',
    'SELECT id, article_id, position, code, language, path, anchor FROM snippets WHERE deleted = 0',
    'SELECT id, kind, state, path, anchor, author, created_at, updated_at FROM review_threads WHERE deleted = 0',
    'SELECT id, thread_id, author, body, created_at, updated_at FROM review_comments WHERE deleted = 0',
  ]) {
    for (const row of store.db.all(sql)) bytes += Buffer.byteLength(JSON.stringify(row));
  }
  return bytes;
}

const COMPACTION_DEVICES = Number(process.env.LORE_BENCH_COMPACTION_DEVICES ?? 20);
const COMPACTION_ROUNDS = Number(process.env.LORE_BENCH_COMPACTION_ROUNDS ?? 6);
const COMPACTION_EDITS = Number(process.env.LORE_BENCH_COMPACTION_EDITS ?? 40);

/**
 * A year of a team folder that compacts itself: `COMPACTION_DEVICES` members on one folder on
 * disk, each with its own database and SyncEngine (the real code: acknowledgement files,
 * snapshots, deletion of own segments), syncing `COMPACTION_ROUNDS` times over 365 days and
 * making `COMPACTION_EDITS` changes before each sync (new articles, edits of their own and
 * others' articles, review threads and replies). Reported: the folder's size at the end against
 * the live data (what a member sees), and against the folder without compaction (every segment
 * written: the baseline, measured in the same run).
 */
async function compactionYear(work: string, driver: ReturnType<typeof loadSqliteDriver>): Promise<BenchResult> {
  // On tmpfs when there is one: fsync on this machine's disk takes tens of milliseconds and would
  // measure the disk; the sizes are the same on any file system.
  const root = nodeFs.existsSync('/dev/shm') ? path.join('/dev/shm', `lore-bench-year-${process.pid}`) : path.join(work, 'year');
  nodeFs.rmSync(root, { recursive: true, force: true });
  nodeFs.mkdirSync(root, { recursive: true });
  const r = rng(18);
  const day = 24 * 3_600_000;
  const members: Array<{ store: LoreStore; engine: SyncEngine; clock: ManualClock }> = [];
  for (let i = 0; i < COMPACTION_DEVICES; i++) {
    const clock = new ManualClock(T0);
    const store = LoreStore.open(':memory:', { driver, author: `Dev ${i}`, clock, mergers: [createBodyMerger()] });
    const engine = new SyncEngine({ store, fs: createNodeSyncFs(), clock, snapshotEverySegments: COMPACTION_DEVICES, sleep: async () => undefined });
    await engine.setUp(root, i === 0 ? 'create' : 'join');
    members.push({ store, engine, clock });
  }
  const t0 = performance.now();
  let written = 0;
  let writtenBytes = 0;
  const seen = new Set<string>();
  const noteSegments = (): void => {
    for (const entry of nodeFs.readdirSync(path.join(root, 'lore', 'devices'), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ndjson')) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (seen.has(file)) continue;
      seen.add(file);
      written++;
      writtenBytes += nodeFs.statSync(file).size;
    }
  };
  let peak = 0;
  for (let round = 0; round < COMPACTION_ROUNDS; round++) {
    for (const m of members) {
      m.clock.advance(Math.floor(365 / COMPACTION_ROUNDS) * day + Math.floor(r() * 3_600_000));
      for (let k = 0; k < COMPACTION_EDITS; k++) {
        const roll = r();
        const articles = m.store.db.all<{ id: string; body: string }>('SELECT id, body FROM articles WHERE deleted = 0 ORDER BY updated_at DESC LIMIT 50');
        if (roll < 0.35 || !articles.length) m.store.createArticle({ title: `${paragraph(r, 4)} ${round}.${k}`, body: Array.from({ length: 4 }, () => paragraph(r, 12)).join('\n\n'), tags: [WORDS[Math.floor(r() * WORDS.length)]] });
        else if (roll < 0.8) {
          const a = articles[Math.floor(r() * articles.length)];
          m.store.updateArticle(a.id, { body: `${a.body}\n${paragraph(r, 8)}` });
        } else {
          const a = articles[Math.floor(r() * articles.length)];
          m.store.updateArticle(a.id, { title: `${paragraph(r, 4)} (${round})` });
        }
      }
      await m.engine.syncNow();
    }
    noteSegments();
    peak = Math.max(peak, folderSize(root).bytes);
  }
  // Everyone syncs once more: the last changes are read and acknowledged everywhere.
  for (const m of members) await m.engine.syncNow();
  noteSegments();
  const ms = performance.now() - t0;
  const size = folderSize(root);
  const live = liveDataBytes(members[0].store);
  const events = members[0].store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events')!.n;
  const snapshots = nodeFs.readdirSync(path.join(root, 'lore', 'snapshots')).length;
  const withoutCompaction = size.bytes - size.segmentBytes + writtenBytes;
  const ackBytes = nodeFs.readdirSync(path.join(root, 'lore', 'acks')).reduce((n, f) => n + nodeFs.statSync(path.join(root, 'lore', 'acks', f)).size, 0);
  // At 200 devices with the same activity per device: the live data and the history grow with the
  // team, the acknowledgement files with its square (each lists every device).
  const grow = 200 / COMPACTION_DEVICES;
  const extrapolated = ((size.bytes - ackBytes) * grow + ackBytes * grow * grow) / (live * grow);
  for (const m of members) m.store.close();
  nodeFs.rmSync(root, { recursive: true, force: true });
  const ratio = size.bytes / live;
  const scaled = COMPACTION_ROUNDS < 52 || COMPACTION_DEVICES < 200;
  return {
    name: `sync: a year of a folder that compacts itself (${COMPACTION_DEVICES} devices, ${COMPACTION_ROUNDS} syncs each over 365 days, ${COMPACTION_EDITS} changes per sync)`,
    metrics: {
      ...(scaled ? {
        scale: `scaled: ${COMPACTION_DEVICES} devices instead of 200 and ${COMPACTION_ROUNDS} syncs per device in the year instead of daily ones, so the bench ends in minutes: ` +
          'every member reads every change, so the work grows with the square of the team (LORE_BENCH_COMPACTION_DEVICES=200 runs the full size; hours here). ' +
          'More, smaller syncs make more, smaller segments, which compaction removes the same way.',
      } : {}),
      events,
      'segment files written / left in the folder': `${written} / ${size.segments}`,
      'snapshots in the folder': snapshots,
      'live data MB (what a member sees, as JSON rows)': round(live / 2 ** 20, 2),
      'folder MB at the end (all files)': round(size.bytes / 2 ** 20, 2),
      'folder MB at its largest (after a round)': round(peak / 2 ** 20, 2),
      'baseline: folder MB without compaction (every segment kept)': round(withoutCompaction / 2 ** 20, 2),
      'acknowledgement files MB': round(ackBytes / 2 ** 20, 2),
      'folder / live data': `${round(ratio, 2)}× (goal ≤ 2×: ${ratio <= 2 ? 'met' : 'NOT met'})`,
      ...(COMPACTION_DEVICES < 200 ? { 'folder / live data at 200 devices (extrapolated, not measured)': `${round(extrapolated, 2)}× (goal ≤ 2×: ${extrapolated <= 2 ? 'met' : 'NOT met'})` } : {}),
      'baseline: folder without compaction / live data': `${round(withoutCompaction / live, 2)}×`,
      'wall time (s)': round(ms / 1000),
    },
  };
}

export async function runSyncBench(): Promise<BenchResult[]> {
  const work = path.resolve(__dirname, '.work', 'sync');
  nodeFs.mkdirSync(work, { recursive: true });
  const driver = loadSqliteDriver();
  const loadAtStart = os.loadavg()[0];
  const tBuild = performance.now();
  const team = writeTeamFolder(path.join(work, 'team'));
  const buildMs = performance.now() - tBuild;

  const parseMs = baselineParse(team);
  const insertMs = baselineInsert(work, team, driver);

  const first = await join(work, 'newMember', team, driver);
  if (first.summary.ingested !== team.events) throw new Error(`the new member ingested ${first.summary.ingested} of ${team.events} events: ${JSON.stringify(first.summary).slice(0, 500)}`);
  // Its database, once the WAL is copied in: counted, not timed, so it does not move with the machine's load.
  first.store.db.checkpoint();
  const memberDbBytes = nodeFs.statSync(path.join(work, 'newMember.db')).size;
  const tSnap = performance.now();
  const snapshot = await first.engine.writeSnapshot();
  const snapshotMs = performance.now() - tSnap;
  if (!('path' in snapshot)) throw new Error(`no snapshot: ${snapshot.skipped}`);
  const snapshotBytes = nodeFs.statSync(path.join(team.root, snapshot.path)).size;

  const second = await join(work, 'snapshotMember', team, driver);
  if (!second.summary.snapshotLoaded || second.summary.ingested !== team.events) throw new Error(`snapshot load went wrong: ${JSON.stringify(second.summary).slice(0, 500)}`);

  // An up-to-date member: syncs with nothing new, then syncs that each bring one new segment
  // of another device (median of five of each: this machine is shared, single runs are noisy).
  const idleRuns: number[] = [];
  const idleCpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const idle = await first.engine.syncNow();
    idleRuns.push(performance.now() - t0);
    idleCpu.push(cpuMsSince(c0));
    if (idle.ingested !== 0) throw new Error('an idle sync ingested events');
  }
  const extraDevice = 'benchdeviceextra0000000000000000';
  const keys = generateDeviceKeyPair();
  nodeFs.mkdirSync(path.dirname(deviceFilePath(team.root, extraDevice)), { recursive: true });
  nodeFs.writeFileSync(deviceFilePath(team.root, extraDevice), encodeDeviceFile({ device: extraDevice, publicKey: keys.publicKey, author: 'Extra', created: '' }));
  const extra = deviceHistory(extraDevice, DEVICES, 5 * PER_SEGMENT);
  const oneRuns: number[] = [];
  const oneCpu: number[] = [];
  const oneBaseline: number[] = [];
  const baselineDb = driver.open(path.join(work, 'baseline.db'));
  let prev: string | null = null;
  for (let n = 1; n <= 5; n++) {
    const seg = encodeSegment({ device: extraDevice, number: n, prev, created: '', acks: {}, events: extra.slice((n - 1) * PER_SEGMENT, n * PER_SEGMENT) }, keys.privateKey);
    prev = seg.hash;
    const segFile = segmentPath(team.root, extraDevice, monthFolder(T0), n, seg.hash);
    nodeFs.mkdirSync(path.dirname(segFile), { recursive: true });
    nodeFs.writeFileSync(segFile, seg.bytes);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const one = await first.engine.syncNow();
    oneRuns.push(performance.now() - t0);
    oneCpu.push(cpuMsSince(c0));
    oneBaseline.push(baselineInsertOne(baselineDb, segFile));
    if (one.ingested !== PER_SEGMENT) throw new Error(`one segment: ingested ${one.ingested}: ${JSON.stringify(one).slice(0, 600)}`);
  }
  const idleMs = median(idleRuns);
  const oneMs = median(oneRuns);
  const oneCpuMs = median(oneCpu);
  const oneBaselineMs = median(oneBaseline);
  baselineDb.close();

  first.store.close();
  second.store.close();
  // LORE_BENCH_SYNC_YEAR=0 leaves out the year of compaction (minutes) for a quick look at the rest.
  const year = process.env.LORE_BENCH_SYNC_YEAR === '0' ? undefined : await compactionYear(work, driver);
  nodeFs.rmSync(work, { recursive: true, force: true });

  const label = `${DEVICES} devices × ${EVENTS_PER_DEVICE.toLocaleString('en-US')} events`;
  return [
    {
      name: `sync: the team folder (${label})`,
      metrics: {
        events: team.events,
        'segment files': team.files.length,
        'folder MB (segments)': round(team.bytes / 2 ** 20),
        'build the folder (s, not sync)': round(buildMs / 1000),
        'load average (1 min) at the start / end, on this many cores': `${round(loadAtStart)} / ${round(os.loadavg()[0])}, ${os.cpus().length}`,
      },
    },
    {
      name: 'sync: a new member loads everything from segments',
      metrics: {
        'wall time (s)': round(first.ms / 1000, 2),
        'import throughput (events/s)': Math.round(team.events / (first.ms / 1000)),
        'CPU time (s)': round(first.cpuMs / 1000, 2),
        'import throughput per CPU second (events/s)': Math.round(team.events / (first.cpuMs / 1000)),
        'import goal ≥ 50,000 events/s': team.events / (first.ms / 1000) >= 50_000 ? 'met' : 'NOT met',
        'files read': first.summary.filesRead,
        'database MB after joining (counted)': round(memberDbBytes / 2 ** 20),
        'baseline: read + JSON.parse every line (s)': round(parseMs / 1000, 2),
        'baseline: plain INSERT of the same events (s)': round(insertMs / 1000, 2),
        'ratio to JSON.parse baseline': round(first.ms / parseMs),
        'ratio to plain-INSERT baseline': round(first.ms / insertMs),
      },
    },
    {
      name: 'sync: a new member loads from a snapshot',
      metrics: {
        'write the snapshot (s)': round(snapshotMs / 1000, 2),
        'snapshot MB (gzip)': round(snapshotBytes / 2 ** 20, 2),
        'wall time (s)': round(second.ms / 1000, 2),
        'import throughput (events/s)': Math.round(team.events / (second.ms / 1000)),
        'files read': second.summary.filesRead,
        'ratio to plain-INSERT baseline': round(second.ms / insertMs),
        'speed-up over loading segments': round(first.ms / second.ms, 2),
      },
    },
    {
      name: 'sync: an up-to-date member',
      metrics: {
        [`sync with nothing new, ${team.files.length} files listed (ms, median of 5)`]: round(idleMs),
        'CPU time for a sync with nothing new (ms, median of 5)': round(median(idleCpu)),
        [`sync with one new segment of ${PER_SEGMENT} events (ms, median of 5)`]: round(oneMs),
        [`CPU time for one new segment (ms, median of 5)`]: round(oneCpuMs),
        'events/s for one new segment': Math.round(PER_SEGMENT / (oneMs / 1000)),
        [`baseline: plain INSERT of the same ${PER_SEGMENT} events (ms, median of 5)`]: round(oneBaselineMs, 2),
        'one new segment: ratio to plain-INSERT baseline': round(oneMs / oneBaselineMs),
        'one new segment goal ≤ 20 ms': oneMs <= 20 ? 'met' : 'NOT met',
      },
    },
    ...(year ? [year] : []),
  ];
}

/** `npx tsx bench/syncBench.ts year`: only the year of compaction. */
export async function runCompactionYearOnly(): Promise<BenchResult[]> {
  const work = path.resolve(__dirname, '.work', 'sync');
  nodeFs.mkdirSync(work, { recursive: true });
  return [await compactionYear(work, loadSqliteDriver())];
}

if (require.main === module) {
  if (process.argv.includes('year')) {
    runCompactionYearOnly().then((r) => console.log(JSON.stringify(r, null, 2)), (e) => {
      console.error(e);
      process.exitCode = 1;
    });
  } else {
    runSyncBench().then((r) => console.log(JSON.stringify(r, null, 2)), (e) => {
      console.error(e);
      process.exitCode = 1;
    });
  }
}
