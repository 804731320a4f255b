import { strict as assert } from 'node:assert';
import { canonicalJson } from '../../../src/core/hash';
import { openEventBatch, sealEventBatch } from '../../../src/core/spaces/spaceEvents';
import { rotationPlan } from '../../../src/core/spaces/spaceKeyring';
import { MEMBERSHIP_REASONS } from '../../../src/core/spaces/spaceMembership';
import {
  approveJoinRecord,
  createSpaceRecord,
  grantKeysRecord,
  requestJoinRecord,
  rotateKeyRecord,
  type SpaceDevice,
  type SpaceRecord,
} from '../../../src/core/spaces/spaceRecords';
import { REF, at, device, fold, idOf, keyringOf, seeded, shuffled } from './spaceTestKit';

/**
 * Random histories of six devices (four people) that each see only part of the ledger: they
 * ask to join, approve, remove, rotate, grant and replay old requests on what they have, while
 * records reach the others late and out of order. Whatever order the records are folded in,
 * the state is the same, and what it says about keys is what the cryptography gives.
 * A seed fixes the actions; keys and nonces come from node:crypto, so record ids (and with them
 * the agreed order and the counts in `totals`) differ from run to run.
 */
const SEEDS = Array.from({ length: Number(process.env.LORE_SPACE_SEEDS ?? 16) }, (_, i) => Number(process.env.LORE_SPACE_SEED0 ?? 1500) + i * 7919);

interface Totals {
  approvals: number;
  concurrentApprovals: number;
  removals: number;
  replays: number;
  replaysRefused: number;
  lateRecordsRefused: number;
  healed: number;
  batches: number;
  undone: number;
  batchesShutOut: number;
}

/** Changes a member sealed, and the devices its writer had seen removed (with the removing record). */
interface Batch {
  ref: { team: string; space: string; epoch: string; id: string };
  sealed: Buffer;
  text: string;
  shutOut: Map<string, string>;
}

function history(seed: number, totals: Totals) {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const devices: SpaceDevice[] = [
    device('ann-laptop', 'Ann'),
    device('ann-desktop', 'Ann'),
    device('bob', 'Bob'),
    device('carol', 'Carol'),
    device('dan-laptop', 'Dan'),
    device('dan-phone', 'Dan'),
  ];
  const views = new Map(devices.map((d) => [d.device, new Map<string, SpaceRecord>()]));
  const add = (d: SpaceDevice, r: SpaceRecord) => views.get(d.device)!.set(idOf(r), r);
  add(devices[0], createSpaceRecord(devices[0], REF, 'Security', at()).record);
  const replays: SpaceRecord[] = [];
  const batches: Batch[] = [];
  const approvalsOf = new Map<string, number>();

  for (let step = 0; step < 200; step++) {
    const d = pick(devices);
    const view = views.get(d.device)!;
    if (random() < 0.45) {
      // Records arrive late and in part: some of another device's view.
      const other = views.get(pick(devices).device)!;
      for (const [id, r] of other) if (random() < 0.7) view.set(id, r);
      continue;
    }
    const records = [...view.values()];
    const state = fold(records);
    if (!state.genesis) continue;
    const me = state.members.find((m) => m.device === d.device);
    if (!me) {
      if (!state.pending.some((p) => p.device === d.device)) add(d, requestJoinRecord(d, REF, state.heads, at()));
      continue;
    }
    const ring = keyringOf(state, d);
    const current = state.current!;
    const holdsCurrent = ring.has(current);
    if (holdsCurrent && random() < 0.8) {
      // A member writes a batch of changes with the key it has now, whatever rotation is under way.
      const ref = { ...REF, epoch: current, id: `${d.device}/${step}` };
      const text = `written by ${d.device} at step ${step}`;
      const shutOut = state.rotationNeeded ? new Map<string, string>() : new Map(state.removed.map((r) => [r.device, r.record]));
      batches.push({ ref, sealed: sealEventBatch(ring.get(current)!, ref, [{ text }]), text, shutOut });
    }
    const roll = random();
    if (roll < 0.4 && state.pending.length && holdsCurrent) {
      const request = pick(state.pending);
      add(d, approveJoinRecord(d, REF, { id: request.id, device: request.device, boxKey: request.boxKey }, { epoch: current, key: ring.get(current)! }, state.heads, at()));
      approvalsOf.set(request.id, (approvalsOf.get(request.id) ?? 0) + 1);
      totals.approvals++;
    } else if (roll < 0.6 && holdsCurrent && state.members.length > 1) {
      const victim = pick(state.members.filter((m) => m.device !== d.device));
      add(d, rotateKeyRecord(d, REF, rotationPlan(state, ring, [victim.device]), state.heads, at()).record);
      totals.removals++;
    } else if (roll < 0.7 && holdsCurrent && (state.rotationNeeded || random() < 0.3)) {
      add(d, rotateKeyRecord(d, REF, rotationPlan(state, ring, []), state.heads, at()).record);
    } else if (roll < 0.85 && holdsCurrent && state.missingKeys.length) {
      const grants = state.missingKeys.map((m) => ({ device: m, boxKey: state.members.find((x) => x.device === m)!.boxKey, epoch: current, key: ring.get(current)! }));
      add(d, grantKeysRecord(d, REF, grants, state.heads, at()));
    } else if (holdsCurrent && state.removed.length) {
      // A replay: an old request of a removed device, approved again.
      const removed = pick(state.removed);
      const old = records.find((r) => r.body.type === 'request' && r.body.device === removed.device);
      if (old) {
        const replay = approveJoinRecord(d, REF, { id: idOf(old), device: old.body.device, boxKey: old.body.boxKey! }, { epoch: current, key: ring.get(current)! }, state.heads, at());
        // Only a replay if the request was made before the removal (not a new request).
        if (!state.pending.some((p) => p.id === idOf(old))) {
          replays.push(replay);
          add(d, replay);
        }
      }
    }
  }
  totals.concurrentApprovals += [...approvalsOf.values()].filter((n) => n > 1).length;
  totals.replays += replays.length;
  const all = new Map<string, SpaceRecord>();
  for (const view of views.values()) for (const [id, r] of view) all.set(id, r);
  return { devices, records: [...all.values()], replays, random, batches };
}

describe('Space membership converges (issue 15): random histories, any order of records', function () {
  this.timeout(120_000);

  it(`${SEEDS.length} seeded histories of six devices: one state in every order, keys as the state says, removed devices shut out once settled`, () => {
    const totals: Totals = { approvals: 0, concurrentApprovals: 0, removals: 0, replays: 0, replaysRefused: 0, lateRecordsRefused: 0, healed: 0, batches: 0, undone: 0, batchesShutOut: 0 };
    for (const seed of SEEDS) {
      const { devices, records, replays, random, batches } = history(seed, totals);
      const where = `seed ${seed}`;
      const state = fold(records);
      const expected = canonicalJson(state);
      for (let i = 0; i < 4; i++) assert.equal(canonicalJson(fold(shuffled(records, random))), expected, `${where}: another order gave another state`);

      for (const replay of replays) {
        // A replay never admits its device. It is refused, unless the device is a member anyway
        // (the removal its writer had seen was itself refused, or the device was admitted again).
        const refusedReplay = state.refused.some((r) => r.id === idOf(replay));
        const member = state.members.find((m) => m.device === replay.body.wraps![0].to);
        assert.ok(refusedReplay || (member && member.admittedIn !== idOf(replay)), `${where}: a replayed join request admitted ${replay.body.wraps![0].to}`);
        if (refusedReplay) totals.replaysRefused++;
      }
      totals.lateRecordsRefused += state.refused.filter((r) => r.reason === MEMBERSHIP_REASONS.removedConcurrently).length;

      // What the state says each device reads is what it can unwrap, no more, no less.
      for (const d of devices) {
        const ring = keyringOf(state, d);
        assert.deepEqual([...ring.keys()].sort(), [...(state.readable[d.device] ?? [])].sort(), `${where}: ${d.device}'s keys`);
      }
      // A removed device never holds the current key unless the state asks for a new one.
      if (!state.rotationNeeded) {
        for (const r of state.removed) assert.equal(state.readable[r.device]?.includes(state.current!) ?? false, false, `${where}: ${r.device} reads the current key`);
      }

      // Settling: a member that holds every unlinked key rotates and grants; then every member
      // reads every key ever made (nothing written at any epoch is lost), no removed device reads the new one.
      const linked = new Set(state.epochs.flatMap((e) => Object.keys(e.back)));
      const tips = state.epochs.filter((e) => !linked.has(e.id)).map((e) => e.id);
      const healer = devices.find((d) => state.members.some((m) => m.device === d.device) && tips.every((t) => keyringOf(state, d).has(t)));
      if (!healer) continue;
      const settled = [...records, rotateKeyRecord(healer, REF, rotationPlan(state, keyringOf(state, healer), []), state.heads, at()).record];
      const after = fold(settled);
      assert.equal(after.rotationNeeded, null, where);
      assert.deepEqual(after.missingKeys, [], where);
      for (const m of after.members) assert.equal(after.readable[m.device].length, after.epochs.length, `${where}: ${m.device} misses a key`);
      for (const r of after.removed) assert.equal(after.readable[r.device]?.includes(after.current!) ?? false, false, `${where}: removed ${r.device} reads the new key`);
      totals.healed++;

      // Rotations raced the writes: every member reads every batch anyone wrote (nothing lost),
      // and a removed device reads none written by a member that had seen its removal. Only in
      // histories where no rotation or admission was undone afterwards (its writer, or whoever
      // admitted it, removed at the same time): keys made by such records are not kept readable
      // yet (docs/SECURITY.md, "Not built").
      const undone = after.refused.some((r) => (r.type === 'rotate' || r.type === 'approve') && (r.reason === MEMBERSHIP_REASONS.removedConcurrently || r.reason === MEMBERSHIP_REASONS.notMember));
      if (undone) {
        totals.undone++;
        continue;
      }
      const rings = new Map(devices.map((d) => [d.device, keyringOf(after, d)]));
      for (const b of batches) {
        for (const m of after.members) {
          assert.deepEqual(openEventBatch(rings.get(m.device)!, b.ref, b.sealed), [{ text: b.text }], `${where}: ${m.device} cannot read ${b.ref.id}`);
        }
        for (const r of after.removed) {
          if (b.shutOut.get(r.device) !== r.record) continue;
          assert.equal(rings.get(r.device)!.has(b.ref.epoch), false, `${where}: removed ${r.device} reads ${b.ref.id}, written after its removal`);
          totals.batchesShutOut++;
        }
        totals.batches++;
      }
    }
    // The histories did what they are for.
    assert.ok(totals.concurrentApprovals >= 1, `no request was approved twice at once (${JSON.stringify(totals)})`);
    assert.ok(totals.removals >= SEEDS.length, `too few removals (${JSON.stringify(totals)})`);
    assert.ok(totals.replaysRefused >= 1, `no replay refused (${JSON.stringify(totals)})`);
    assert.ok(totals.lateRecordsRefused >= 1, `no removed device's late record (${JSON.stringify(totals)})`);
    assert.ok(totals.undone < SEEDS.length && totals.batches >= SEEDS.length, `too few histories had their batches checked (${JSON.stringify(totals)})`);
    // How many batches a removed device was checked against varies with the random keys (often
    // 1–5 in 16 histories): spaceMembership.test.ts checks that case on its own, deterministically.
    assert.ok(totals.healed >= SEEDS.length / 2, `too few histories settled (${JSON.stringify(totals)})`);
  });
});
