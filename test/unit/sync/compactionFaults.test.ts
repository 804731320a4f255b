import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/core/clock';
import { MemorySyncFs, fsError } from '../../../src/core/sync/memorySyncFs';
import { SyncEngine, type SyncSummary } from '../../../src/core/sync/syncEngine';
import type { SyncFs } from '../../../src/core/sync/syncFs';
import { FOLDER, Rng, T0, allEventIds, openReplica, stateHash, type Replica } from './syncTestKit';

const DAY = 24 * 3_600_000;

/**
 * One machine's view of the shared team folder, through which the test interleaves and breaks
 * things: `race` runs another device's sync between a reader's listing and its reading of a
 * segment file (so the file can be compacted away under it), and `crashAfter` cuts the power
 * after that many more file operations (every later operation fails until the machine restarts).
 */
class MachineFs implements SyncFs {
  race: (() => Promise<void>) | undefined;
  crashAfter: number | undefined;
  crashed = false;
  constructor(private readonly base: MemorySyncFs) {}

  private async op(): Promise<void> {
    if (this.crashed) throw fsError('EIO', 'crashed', '');
    if (this.crashAfter !== undefined && this.crashAfter-- <= 0) {
      this.crashed = true;
      this.crashAfter = undefined;
      throw fsError('EIO', 'crashed', '');
    }
  }

  private async maybeRace(path: string): Promise<void> {
    if (!this.race || !path.includes('/lore/devices/') || !path.endsWith('.ndjson')) return;
    const race = this.race;
    this.race = undefined;
    await race();
  }

  async list(dir: string) { await this.op(); return this.base.list(dir); }
  async stat(path: string) { await this.maybeRace(path); await this.op(); return this.base.stat(path); }
  async readFile(path: string) { await this.maybeRace(path); await this.op(); return this.base.readFile(path); }
  async createExclusive(path: string) {
    await this.op();
    const file = await this.base.createExclusive(path);
    return {
      write: async (data: Uint8Array) => { await this.op(); return file.write(data); },
      sync: async () => { await this.op(); return file.sync(); },
      close: async () => file.close(),
    };
  }
  async rename(from: string, to: string) { await this.op(); return this.base.rename(from, to); }
  async mkdirp(dir: string) { await this.op(); return this.base.mkdirp(dir); }
  async remove(path: string) { await this.op(); return this.base.remove(path); }
  async syncDir(dir: string) { await this.op(); return this.base.syncDir(dir); }
}

interface Member {
  replica: Replica;
  fs: MachineFs;
  /** Step until which the member is away (editing locally, not syncing). */
  awayUntil: number;
  last?: SyncSummary;
}

const ENGINE = { policy: { maxCount: 1e9, minCountForFraction: 1e9 }, fsTimeoutMs: 1e9, ackIntervalMs: 0 };

/**
 * A random history of a team whose folder compacts itself: members edit, sync, write snapshots
 * (also automatically), go away for weeks or months with unpublished changes, crash at any file
 * operation (mid-snapshot, between deletions), and sync while another member compacts under
 * them. Returns the members after everyone came back and synced, and a member who joined last.
 */
async function runHistory(seed: number) {
  const rng = new Rng(seed);
  const shared = new MemorySyncFs();
  await shared.mkdirp(FOLDER);
  const n = 3 + rng.int(3);
  const members: Member[] = [];
  for (let i = 0; i < n; i++) {
    const fs = new MachineFs(shared);
    const replica = openReplica(`Dev${i}`, fs, { clock: new ManualClock(T0), engine: { ...ENGINE, snapshotEverySegments: 3 + rng.int(6), maxEventsPerSegment: 1 + rng.int(3) } });
    await replica.engine.setUp(FOLDER, i === 0 ? 'create' : 'join');
    members.push({ replica, fs, awayUntil: -1 });
  }
  const stats = { crashes: 0, races: 0, away: 0, maxSegmentFiles: 0, written: new Set<string>() };
  const segmentFiles = () => shared.allFiles(`${FOLDER}/lore/devices`).filter((f) => f.endsWith('.ndjson'));
  const restart = (m: Member): void => {
    // The machine restarts: a new engine on the same database; the dead one's publishing lease expires.
    m.fs.crashed = false;
    m.fs.crashAfter = undefined;
    m.fs.race = undefined;
    shared.crash();
    m.replica.clock.advance(4 * 60_000);
    m.replica.engine = new SyncEngine({ store: m.replica.store, fs: m.fs, folder: FOLDER, clock: m.replica.clock, sleep: async () => undefined, snapshotEverySegments: 3 + rng.int(6), ...ENGINE });
  };
  const sync = async (m: Member): Promise<void> => {
    m.last = await m.replica.engine.syncNow();
    for (const f of segmentFiles()) stats.written.add(f);
    stats.maxSegmentFiles = Math.max(stats.maxSegmentFiles, segmentFiles().length);
  };
  const steps = 70 + rng.int(50);
  for (let step = 0; step < steps; step++) {
    // Time passes for everyone, now and then a lot of it.
    const days = rng.chance(0.05) ? 20 + rng.int(30) : rng.int(3);
    for (const m of members) m.replica.clock.advance(days * DAY + rng.int(3_600_000));
    const m = rng.pick(members);
    const here = m.awayUntil < step;
    const roll = rng.next();
    if (roll < 0.35) {
      const store = m.replica.store;
      const articles = store.db.all<{ id: string }>('SELECT id FROM articles WHERE deleted = 0').map((a) => a.id);
      if (articles.length && rng.chance(0.5)) store.updateArticle(rng.pick(articles), rng.chance(0.5) ? { title: `${m.replica.name} edit ${step}` } : { body: `line ${step}\nby ${m.replica.name}` });
      else if (articles.length > 3 && rng.chance(0.1)) store.deleteArticle(rng.pick(articles));
      else store.createArticle({ title: `${m.replica.name} note ${step}`, body: `line ${step}` });
    } else if (roll < 0.7 && here) {
      const others = members.filter((o) => o !== m && o.awayUntil < step);
      if (others.length && rng.chance(0.3)) {
        // Another member snapshots and compacts while this one is between listing and reading.
        const other = rng.pick(others);
        m.fs.race = async () => {
          stats.races++;
          if (rng.chance(0.5)) await other.replica.engine.writeSnapshot().catch(() => undefined);
          await sync(other);
        };
      }
      if (rng.chance(0.15)) m.fs.crashAfter = rng.int(80);
      await sync(m);
      m.fs.race = undefined;
      if (m.fs.crashed) {
        stats.crashes++;
        restart(m);
      } else m.fs.crashAfter = undefined;
    } else if (roll < 0.78 && here) {
      if (rng.chance(0.3)) {
        m.fs.crashAfter = rng.int(40); // a crash while writing the snapshot
        await m.replica.engine.writeSnapshot().catch(() => undefined);
        if (m.fs.crashed) {
          stats.crashes++;
          restart(m);
        } else m.fs.crashAfter = undefined;
      } else await m.replica.engine.writeSnapshot().catch(() => undefined);
    } else if (roll < 0.83 && here) {
      m.awayUntil = step + 15 + rng.int(40); // weeks to months away, still editing
      stats.away++;
    }
  }
  // Everyone is back and syncs until nothing moves; then one more snapshot, and compaction runs.
  for (let round = 0; round < 3; round++) for (const m of members) await sync(m);
  const last = members[members.length - 1];
  assert.ok('path' in (await last.replica.engine.writeSnapshot()), `seed ${seed}: final snapshot`);
  for (let round = 0; round < 3; round++) for (const m of members) await sync(m);
  const late = openReplica('Late', new MachineFs(shared), { engine: { ...ENGINE, compaction: false } });
  await late.engine.setUp(FOLDER, 'join');
  const lateSummary = await late.engine.syncNow();
  return { members, late, lateSummary, shared, stats, segmentFiles };
}

describe('Compaction under faults: long absences, deletions racing readers, crashes mid-compaction (issue 18)', function () {
  this.timeout(120_000);
  const SEEDS = Array.from({ length: Number(process.env.LORE_SYNC_SEEDS ?? 6) }, (_, i) => Number(process.env.LORE_SYNC_SEED0 ?? 1800) + i * 104_729);

  it(`${SEEDS.length} seeded histories: nothing lost, everyone converges, no false alarms, the folder keeps only what no snapshot carries`, async () => {
    const totals = { crashes: 0, races: 0, away: 0, deletedMidway: 0 };
    for (const seed of SEEDS) {
      const { members, late, lateSummary, shared, stats, segmentFiles } = await runHistory(seed);
      totals.crashes += stats.crashes;
      totals.races += stats.races;
      totals.away += stats.away;
      if (stats.maxSegmentFiles < stats.written.size) totals.deletedMidway++;
      const everyone = [...members.map((m) => m.replica), late];
      const reference = members[0].replica;
      const ids = allEventIds(reference.store);
      for (const r of everyone) {
        // Every change any member made (while here or away) is everywhere.
        for (const e of r.store.allEvents()) if (e.device === r.store.deviceId && !r.store.db.get('SELECT 1 FROM events WHERE id = ? AND private = 1', e.id)) assert.ok(ids.includes(e.id), `seed ${seed}: ${r.name}'s change lost`);
        assert.deepEqual(allEventIds(r.store), ids, `seed ${seed}: ${r.name} holds different events`);
        assert.equal(stateHash(r.store), stateHash(reference.store), `seed ${seed}: ${r.name} shows a different state`);
      }
      for (const [name, summary] of [...members.map((m) => [m.replica.name, m.last!] as const), ['Late', lateSummary] as const]) {
        assert.deepEqual([...summary.alarms, ...summary.pending.map((p) => `${p.path}: ${p.reason}`), ...summary.waitingFor.map((w) => w.reason)], [], `seed ${seed}: ${name}`);
        assert.ok(!summary.warnings.some((w) => /no longer in the team folder|missing|Security/.test(w)), `seed ${seed}: ${name}: ${summary.warnings.join(' | ')}`);
      }
      const report = await reference.engine.verify();
      assert.ok(report.ok, `seed ${seed}: ${JSON.stringify(report.problems.slice(0, 3))}`);
      // Bounded: with everyone back and acknowledged, every segment the last snapshot carries is gone.
      assert.deepEqual(segmentFiles(), [], `seed ${seed}: segments left after compaction`);
      assert.ok(shared.allFiles(`${FOLDER}/lore/snapshots`).length <= members.length, `seed ${seed}: ${shared.allFiles(`${FOLDER}/lore/snapshots`).length} snapshots`);
      for (const r of everyone) r.store.close();
    }
    if (process.env.LORE_DEBUG) console.log(totals);
    // The histories really exercised what they claim to.
    assert.ok(totals.crashes >= SEEDS.length, `only ${totals.crashes} crashes`);
    assert.ok(totals.races >= SEEDS.length, `only ${totals.races} races`);
    assert.ok(totals.away >= SEEDS.length, `only ${totals.away} absences`);
    assert.ok(totals.deletedMidway >= SEEDS.length - 1, 'segments were deleted while the histories ran');
  });
});
