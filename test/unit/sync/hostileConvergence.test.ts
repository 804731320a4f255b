import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/core/clock';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { plantDeviceCopy, plantForgedSnapshot, plantOldFormatSnapshot, showsForgery } from './hostileMember';
import { SloppyNetwork } from './sloppyNetwork';
import { FOLDER, Rng, T0, allEventIds, openReplica, stateHash, type Replica } from './syncTestKit';

/**
 * Random histories with a hostile member (fault classes of issue 16, "Trust"): Mallory is a
 * member with her own device and key who, between ordinary edits, signs forged snapshots (old
 * format with bare events; current format carrying segments "of" others signed with her key, with
 * and without claiming the genuine segments) and plants device files with her keys in other
 * devices' folders. Honest members, and new members who join late, must converge, hold every
 * honest change and show nothing forged.
 */
async function runHostileHistory(seed: number) {
  const rng = new Rng(seed);
  const honest = 2 + rng.int(4);
  const late = 1 + rng.int(2);
  const machines = Array.from({ length: honest + 1 + late }, () => new MemorySyncFs());
  const network = new SloppyNetwork(machines, rng);
  const open = (i: number, name: string) => openReplica(name, machines[i], {
    clock: new ManualClock(T0 + rng.int(3_600_000)),
    engine: { policy: { maxCount: 1e9, minCountForFraction: 1e9 }, maxEventsPerSegment: 1 + rng.int(4) },
  });
  const members: Replica[] = [...Array.from({ length: honest }, (_, i) => open(i, `Dev${i}`)), open(honest, 'Mallory')];
  const mallory = members[honest];
  await machines[0].mkdirp(FOLDER);
  await members[0].engine.setUp(FOLDER, 'create');
  network.scan(0);
  network.deliverAll();
  for (let i = 1; i < members.length; i++) await members[i].engine.setUp(FOLDER, 'join');
  const settle = async (rounds: number) => {
    for (let round = 0; round < rounds; round++) {
      network.deliverAll();
      for (const [i, r] of members.entries()) {
        await r.engine.syncNow();
        network.scan(i);
      }
    }
    network.deliverAll();
  };
  // Everyone knows everyone (and vouches for their keys) before Mallory starts.
  for (let round = 0; round < 2; round++) {
    for (const r of members) r.store.createArticle({ title: `${r.name} warm-up ${round}` });
    await settle(2);
  }
  const victims = members.slice(0, honest);
  const steps = 40 + rng.int(60);
  let attacks = 0;
  for (let step = 0; step < steps; step++) {
    const i = rng.int(members.length);
    const r = members[i];
    r.clock.advance(rng.int(3000));
    const roll = rng.next();
    if (roll < 0.35) {
      const articles = r.store.db.all<{ id: string }>('SELECT id FROM articles WHERE deleted = 0').map((a) => a.id);
      if (articles.length && rng.chance(0.6)) r.store.updateArticle(rng.pick(articles), { title: `${r.name} edit ${step}` });
      else r.store.createArticle({ title: `${r.name} note ${step}`, body: `line ${step}` });
    } else if (roll < 0.6) {
      await r.engine.syncNow();
      network.scan(i);
    } else if (roll < 0.72) {
      const victim = rng.pick(victims);
      const fs = machines[honest];
      const target = { device: victim.store.deviceId, author: victim.name };
      const kind = rng.int(4);
      if (kind === 0) plantOldFormatSnapshot(fs, mallory, target);
      else if (kind === 1) plantForgedSnapshot(fs, mallory, target, true);
      else if (kind === 2) plantForgedSnapshot(fs, mallory, target, false);
      else plantDeviceCopy(fs, target);
      attacks++;
      network.scan(honest);
    } else if (roll < 0.76) {
      await r.engine.writeSnapshot().catch(() => undefined); // genuine snapshots compete with forged ones
      network.scan(i);
    } else {
      for (let k = rng.int(4); k >= 0; k--) network.deliverOne();
    }
  }
  await settle(5);
  for (const r of members) await r.engine.syncNow();
  // New members join after all of it.
  const newcomers: Replica[] = [];
  for (let k = 0; k < late; k++) {
    const r = open(honest + 1 + k, `Late${k}`);
    await r.engine.setUp(FOLDER, 'join');
    await r.engine.syncNow();
    newcomers.push(r);
  }
  return { members, newcomers, attacks };
}

describe('A hostile member in random histories (issue 16, trust)', function () {
  this.timeout(180_000);
  const SEEDS = Array.from({ length: Number(process.env.LORE_SYNC_SEEDS ?? 8) }, (_, i) => Number(process.env.LORE_SYNC_SEED0 ?? 500) + i * 7907);

  it(`${SEEDS.length} histories with forged snapshots and planted device files: everyone converges, nothing honest lost, nothing forged shown`, async () => {
    let attacks = 0;
    for (const seed of SEEDS) {
      const { members, newcomers, attacks: made } = await runHostileHistory(seed);
      attacks += made;
      const reference = members[0];
      const ids = allEventIds(reference.store);
      // Every change any member made is everywhere.
      for (const r of members) for (const e of r.store.allEvents()) if (e.device === r.store.deviceId) assert.ok(ids.includes(e.id), `seed ${seed}: ${r.name}'s change lost`);
      for (const r of [...members, ...newcomers]) {
        assert.ok(!showsForgery(r), `seed ${seed}: ${r.name} shows a forged change`);
        assert.deepEqual(allEventIds(r.store), ids, `seed ${seed}: ${r.name} holds different events`);
        assert.equal(stateHash(r.store), stateHash(reference.store), `seed ${seed}: ${r.name} shows a different state`);
      }
      for (const r of [...members, ...newcomers]) r.store.close();
    }
    assert.ok(attacks > SEEDS.length * 2, `only ${attacks} attacks`);
  });
});
