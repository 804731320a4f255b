import { strict as assert } from 'node:assert';
import { formatHlc } from '../../../src/core/hlc';
import { insertEvent, insertEvents } from '../../../src/core/store/eventLog';
import { sealEvent, type LoreEvent } from '../../../src/core/store/events';
import type { LoreStore } from '../../../src/core/store/loreStore';
import { Rng } from '../sync/syncTestKit';
import { openTestStore, testDriver } from './testStore';

const T0 = Date.UTC(2026, 5, 1, 9);
const FIELDS = ['title', 'body', 'tags', 'status'] as const;

/**
 * A random history of a few articles written by a few devices that see each other's events now
 * and then: concurrent edits (several heads of a field), edits on top of them (one head again),
 * deletes that list every field they saw.
 */
function randomHistory(rng: Rng): LoreEvent[] {
  const devices = ['d0', 'd1', 'd2'].map((id) => ({ id, seq: 0, known: new Set<string>() }));
  const all = new Map<string, LoreEvent>();
  const records: string[] = [];
  let tick = 0;
  // The heads of `field` of `record` among the events a device knows.
  const headsSeen = (known: Set<string>, record: string, field: string): string[] => {
    const mine = [...known].map((id) => all.get(id)!).filter((e) => e.entityId === record);
    const replaced = new Set(mine.filter((e) => field in e.changes).flatMap((e) => e.prev[field] ?? []));
    return mine.filter((e) => field in e.changes && !replaced.has(e.id)).map((e) => e.id).sort();
  };
  const steps = 20 + rng.int(40);
  for (let i = 0; i < steps; i++) {
    const device = rng.pick(devices);
    if (rng.chance(0.25)) {
      const other = rng.pick(devices);
      for (const id of other.known) device.known.add(id);
      continue;
    }
    const known = records.filter((r) => [...device.known].some((id) => all.get(id)!.entityId === r));
    let record: string;
    let changes: Record<string, unknown>;
    let fields: string[];
    if (!known.length || rng.chance(0.15)) {
      record = `a${records.length}`;
      records.push(record);
      changes = { title: `Title ${i}`, body: `Body ${i}`, tags: [rng.pick(['x', 'y', 'z'])], status: 'draft', visibility: 'team', author: device.id, createdAt: new Date(T0).toISOString() };
      fields = [];
    } else {
      record = rng.pick(known);
      if (rng.chance(0.1)) {
        changes = { deleted: true };
        fields = [...FIELDS, 'deleted'];
      } else {
        const chosen = FIELDS.filter(() => rng.chance(0.5));
        if (!chosen.length) chosen.push(rng.pick(FIELDS));
        changes = Object.fromEntries(chosen.map((f) => [f, f === 'tags' ? [rng.pick(['x', 'y', 'z'])] : f === 'status' ? rng.pick(['draft', 'published']) : `${f} ${i} by ${device.id}`]));
        fields = chosen;
      }
    }
    const prev = Object.fromEntries(fields.map((f) => [f, headsSeen(device.known, record, f)]));
    const event = sealEvent({
      entity: 'article', entityId: record, device: device.id, seq: ++device.seq, author: device.id,
      hlc: formatHlc({ ms: T0 + ++tick * 1000, counter: 0 }), changes, prev,
    });
    all.set(event.id, event);
    device.known.add(event.id);
  }
  return [...all.values()];
}

function table(store: LoreStore, sql: string): string[] {
  return store.db.all<Record<string, unknown>>(sql).map((row) => JSON.stringify(row)).sort();
}

function logOf(store: LoreStore): { heads: string[]; events: string[] } {
  return {
    heads: table(store, 'SELECT entity, entity_id, field, event_id FROM heads'),
    events: table(store, 'SELECT id, json, local, private FROM events'),
  };
}

/** What the heads are, by definition: per field, the events changing it that no event changing it lists in its prev. */
function expectedHeads(history: LoreEvent[]): string[] {
  const replaced = new Set(history.flatMap((e) => Object.keys(e.changes).flatMap((f) => (e.prev[f] ?? []).map((id) => `${id}:${f}`))));
  return history.flatMap((e) => Object.keys(e.changes).filter((f) => !replaced.has(`${e.id}:${f}`))
    .map((f) => JSON.stringify({ entity: e.entity, entity_id: e.entityId, field: f, event_id: e.id }))).sort();
}

/** `events` cut into batches of random sizes. */
function batches(rng: Rng, events: LoreEvent[]): LoreEvent[][] {
  const out: LoreEvent[][] = [];
  for (let i = 0; i < events.length;) {
    const size = 1 + rng.int(Math.max(1, events.length));
    out.push(events.slice(i, i + size));
    i += size;
  }
  return out;
}

const flags = () => ({ local: false, private: false });

describe(`Events applied in batches (${testDriver().name})`, () => {
  it('leave the heads their definition gives, and the same event log as one by one, in any order and any batches (random histories)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rng = new Rng(seed);
      const history = randomHistory(rng);
      const oneByOne = openTestStore();
      for (const event of rng.shuffle([...history])) insertEvent(oneByOne.db, event, flags());
      const batched = openTestStore();
      const order = rng.shuffle([...history]);
      let added = 0;
      for (const batch of batches(rng, order)) {
        // Some events twice, in the same batch and in a later one: they are added once.
        const withRepeats = rng.chance(0.3) ? [...batch, ...batch.slice(0, 2)] : batch;
        added += batched.db.transaction(() => insertEvents(batched.db, withRepeats, flags)).length;
      }
      assert.equal(added, history.length, `seed ${seed}: every event added once`);
      assert.deepEqual(logOf(oneByOne).heads, expectedHeads(history), `seed ${seed}: one by one, ${history.length} events`);
      assert.deepEqual(logOf(batched), logOf(oneByOne), `seed ${seed}: in batches, ${history.length} events`);
      oneByOne.close();
      batched.close();
    }
  });

  it('show the same articles after ingest in batches as after ingest one event at a time (random histories)', () => {
    for (let seed = 100; seed < 130; seed++) {
      const rng = new Rng(seed);
      const history = randomHistory(rng);
      const oneByOne = openTestStore();
      for (const event of rng.shuffle([...history])) oneByOne.ingest([event]);
      const batched = openTestStore();
      for (const batch of batches(rng, rng.shuffle([...history]))) batched.ingest(batch);
      const articles = (s: LoreStore) => table(s, 'SELECT id, title, body, tags, status, deleted, conflicts, updated_at FROM articles');
      assert.deepEqual(articles(batched), articles(oneByOne), `seed ${seed}`);
      assert.deepEqual(logOf(batched).heads, logOf(oneByOne).heads, `seed ${seed}`);
      oneByOne.close();
      batched.close();
    }
  });
});
