import { ManualClock } from '../../../src/core/clock';
import { canonicalJson, sha256Hex } from '../../../src/core/hash';
import { formatHlc } from '../../../src/core/hlc';
import { insertEvent } from '../../../src/core/store/eventLog';
import { sealEvent, type EntityKind, type LoreEvent } from '../../../src/core/store/events';
import type { SqlDriver } from '../../../src/core/store/driver';
import { LoreStore } from '../../../src/core/store/loreStore';
import { loadSqliteDriver } from '../../../src/core/store/sqliteDriverLoader';
import { createBodyMerger } from '../../../src/core/sync/bodyMerge';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { SyncEngine, type SyncEngineOptions } from '../../../src/core/sync/syncEngine';
import type { SyncFs } from '../../../src/core/sync/syncFs';

let driver: SqlDriver | undefined;
export function syncTestDriver(): SqlDriver {
  driver ??= loadSqliteDriver();
  return driver;
}

/** A small, fast, seeded PRNG (mulberry32): every random test is reproducible from its seed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

export const T0 = Date.UTC(2026, 2, 1, 9);
export const FOLDER = '/team';

export interface Replica {
  name: string;
  store: LoreStore;
  engine: SyncEngine;
  clock: ManualClock;
  fs: SyncFs;
}

export function openReplica(
  name: string,
  fs: SyncFs,
  options: { clock?: ManualClock; file?: string; engine?: Partial<SyncEngineOptions> } = {},
): Replica {
  const clock = options.clock ?? new ManualClock(T0);
  const store = LoreStore.open(options.file ?? ':memory:', { driver: syncTestDriver(), author: name, clock, mergers: [createBodyMerger()] });
  // Acknowledgement files on every sync that read something: the clock of most tests stands still.
  const engine = new SyncEngine({ store, fs, clock, sleep: async () => undefined, snapshotEverySegments: 0, ackIntervalMs: 0, ...options.engine });
  return { name, store, engine, clock, fs };
}

/** Opens `names.length` replicas on one shared in-memory folder: the first creates the team, the rest join. */
export async function team(names: string[], fs = new MemorySyncFs(), engine?: Partial<SyncEngineOptions>): Promise<{ fs: MemorySyncFs; replicas: Replica[] }> {
  await fs.mkdirp(FOLDER);
  const replicas = names.map((n) => openReplica(n, fs, { engine }));
  for (const [i, r] of replicas.entries()) await r.engine.setUp(FOLDER, i === 0 ? 'create' : 'join');
  return { fs: fs as MemorySyncFs, replicas };
}

/** Syncs every replica, `rounds` times over (a change needs one round to be written and one to be read). */
export async function syncAll(replicas: Replica[], rounds = 2): Promise<void> {
  for (let i = 0; i < rounds; i++) for (const r of replicas) await r.engine.syncNow();
}

/**
 * A hash of everything a user sees that comes from shared events: the materialized tables minus
 * local-only columns (anchor state, rowids). Two replicas with the same events must agree.
 */
export function stateHash(store: LoreStore, options: { includePrivate?: boolean } = {}): string {
  const db = store.db;
  const privateFilter = options.includePrivate ? '' : "AND visibility = 'team'";
  // JSON columns keep the key order of whoever wrote the event: compare them canonically.
  const canonical = (rows: Array<Record<string, unknown>>) =>
    rows.map((r) => ({ ...r, ...(typeof r.anchor === 'string' ? { anchor: canonicalJson(JSON.parse(r.anchor)) } : {}) }));
  const parts = [
    db.all(`SELECT id, title, body, tags, team, author, status, visibility, created_at, updated_at, conflicts, deleted,
      revision, reviewers, approved_by, reviews, reports FROM articles WHERE 1 ${privateFilter} ORDER BY id`),
    db.all(`SELECT article_id, tag FROM article_tags WHERE article_id IN (SELECT id FROM articles WHERE 1 ${privateFilter}) ORDER BY article_id, tag`),
    canonical(db.all(`SELECT id, article_id, position, code, language, path, anchor, deleted FROM snippets WHERE article_id IN (SELECT id FROM articles WHERE 1 ${privateFilter}) ORDER BY id`)),
    canonical(db.all('SELECT id, kind, state, path, anchor, author, created_at, updated_at, deleted FROM review_threads ORDER BY id')),
    db.all('SELECT id, thread_id, author, body, created_at, updated_at, deleted FROM review_comments ORDER BY id'),
    db.all(`SELECT id, title, description, team, visibility, start_here, steps, author, created_at, updated_at, deleted FROM learning_paths WHERE 1 ${privateFilter} ORDER BY id`),
  ];
  return sha256Hex(JSON.stringify(parts));
}

export const anchorAt = (path: string, line = 3) => ({
  path,
  range: { startLine: line, startCharacter: 0, endLine: line + 1, endCharacter: 0 },
  text: 'const answer = 42;\n',
  contextBefore: '',
  contextAfter: '',
  hash: 'h',
});

/** Every event any replica holds, by id. */
export function allEventIds(store: LoreStore): string[] {
  return [...store.allEvents()].map((e) => e.id).sort();
}

/**
 * Makes `replica` publish a raw event as a broken or hostile Lore would: it goes into its outbox
 * unchecked (no validators), and its engine signs and publishes it like any other.
 */
export function plantEvent(replica: Replica, entity: EntityKind, entityId: string, changes: Record<string, unknown>, prev: Record<string, string[]> = {}): LoreEvent {
  const store = replica.store;
  const seq = Number(store.getMeta('seq') ?? '0') + 1;
  const event = sealEvent({
    entity, entityId, device: store.deviceId, seq, author: replica.name, hlc: formatHlc({ ms: replica.clock.now(), counter: seq % 0xffff }), changes, prev,
  });
  store.db.transaction(() => {
    store.setMeta('seq', String(seq));
    insertEvent(store.db, event, { local: true, private: false });
  });
  return event;
}
