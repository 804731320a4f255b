import { strict as assert } from 'node:assert';
import { canonicalJson } from '../../../src/core/hash';
import { LoreError } from '../../../src/core/errors';
import { safetyNumber, sealPayload, SPACE_CRYPTO_MESSAGES } from '../../../src/core/spaces/spaceCrypto';
import { KEYRING_MESSAGES, openWithKeyring, rotationPlan, spaceName } from '../../../src/core/spaces/spaceKeyring';
import { MEMBERSHIP_REASONS, foldMembership, type SpaceState } from '../../../src/core/spaces/spaceMembership';
import {
  approveJoinRecord,
  createSpaceRecord,
  grantKeysRecord,
  publicKeysOf,
  requestJoinRecord,
  rotateKeyRecord,
  type SpaceDevice,
  type SpaceRecord,
} from '../../../src/core/spaces/spaceRecords';
import { REF, at, device, fold, idOf, keyringOf, seeded, shuffled } from './spaceTestKit';

const event = (title: string) => Buffer.from(JSON.stringify({ entity: 'article', changes: { title } }), 'utf8');

/** Approves `requester`'s request on `approver`'s view of `records`; returns the approval. */
function approve(approver: SpaceDevice, records: SpaceRecord[], request: SpaceRecord): SpaceRecord {
  const state = fold(records);
  const ring = keyringOf(state, approver);
  const current = state.current!;
  return approveJoinRecord(approver, REF, { id: idOf(request), device: request.body.device, boxKey: request.body.boxKey! }, { epoch: current, key: ring.get(current)! }, state.heads, at());
}

function rotate(by: SpaceDevice, records: SpaceRecord[], removes: string[]) {
  const state = fold(records);
  return rotateKeyRecord(by, REF, rotationPlan(state, keyringOf(state, by), removes), state.heads, at());
}

function refusedFor(state: SpaceState, record: SpaceRecord): string | undefined {
  return state.refused.find((r) => r.id === idOf(record))?.reason;
}

/** Ann creates the space; Bob asks, Ann approves. */
function annAndBob() {
  const ann = device('ann-laptop', 'Ann');
  const bob = device('bob-laptop', 'Bob');
  const created = createSpaceRecord(ann, REF, 'Security', at());
  const records = [created.record];
  const request = requestJoinRecord(bob, REF, fold(records).heads, at());
  records.push(request);
  records.push(approve(ann, records, request));
  return { ann, bob, created, records, request };
}

describe('Space membership ledger (issue 15): signed records folded into who can read what', () => {
  it('a device asks, a member approves: both show the same safety number, and the newcomer reads what the creator wrote', () => {
    const { ann, bob, created, records, request } = annAndBob();
    const state = fold(records);
    assert.deepEqual(state.members.map((m) => [m.device, m.person, m.admittedBy]), [['ann-laptop', 'Ann', 'ann-laptop'], ['bob-laptop', 'Bob', 'ann-laptop']]);
    assert.equal(state.members[1].since, records[2].body.at);
    assert.deepEqual(state.refused, []);
    assert.deepEqual(state.pending, []);
    // What each side shows: Ann from the request she sees, Bob from the create record.
    const onAnns = safetyNumber(publicKeysOf(ann), { device: request.body.device, signingKey: request.body.signingKey, boxKey: request.body.boxKey! }, REF);
    const onBobs = safetyNumber(publicKeysOf(bob), { device: created.record.body.device, signingKey: created.record.body.signingKey, boxKey: created.record.body.boxKey! }, REF);
    assert.equal(onAnns, onBobs);
    const ctx = { ...REF, epoch: created.epoch, purpose: 'events' as const, id: 'seg-1' };
    const sealed = sealPayload(created.key, ctx, event('Incident 42'));
    assert.deepEqual(openWithKeyring(keyringOf(state, bob), ctx, sealed), event('Incident 42'));
  });

  it("the space's name is sealed: members read it, the ledger's files do not show it", () => {
    const { bob, records } = annAndBob();
    const state = fold(records);
    assert.equal(JSON.stringify(records).includes('Security'), false);
    assert.equal(spaceName(state, keyringOf(state, bob)), 'Security');
    assert.equal(spaceName(state, keyringOf(state, device('eve', 'Eve'))), null);
  });

  it('a record changed after it was signed, or copied from another space, is refused', () => {
    const { records } = annAndBob();
    const changed = { ...records[2], body: { ...records[2].body, at: '2030-01-01T00:00:00.000Z' } };
    let state = fold([records[0], records[1], changed]);
    assert.match(state.refused[0].reason, /signature does not match/);
    assert.deepEqual(state.members.map((m) => m.device), ['ann-laptop']);
    const elsewhere = createSpaceRecord(device('eve', 'Eve'), { ...REF, space: 'everyone' }, 'Everyone', at()).record;
    state = fold([...records, elsewhere]);
    assert.equal(refusedFor(state, elsewhere), MEMBERSHIP_REASONS.otherSpace);
  });

  it('refuses an approval by a device that is not a member', () => {
    const { records } = annAndBob();
    const mallory = device('mallory', 'Mallory');
    const carol = device('carol', 'Carol');
    const carolAsks = requestJoinRecord(carol, REF, fold(records).heads, at());
    records.push(carolAsks);
    // Mallory never joined; she signs an approval of Carol with a key of her own making.
    const forged = approveJoinRecord(mallory, REF, { id: idOf(carolAsks), device: carol.device, boxKey: carol.box.publicKey }, { epoch: fold(records).current!, key: Buffer.alloc(32, 7) }, fold(records).heads, at());
    const state = fold([...records, forged]);
    assert.equal(refusedFor(state, forged), MEMBERSHIP_REASONS.notMember);
    assert.deepEqual(state.pending.map((p) => p.device), ['carol']);
    assert.equal(state.members.some((m) => m.device === 'carol'), false);
  });

  it("refuses records that name a member's device but are signed with another key, or with another key than sync pinned", () => {
    const { ann, records } = annAndBob();
    // Mallory writes as "ann-laptop" with her own signing key: a rotation that removes Bob.
    const mallory = { ...device('ann-laptop', 'Ann'), box: ann.box };
    const forged = rotate(mallory, records, ['bob-laptop']).record;
    let state = fold([...records, forged]);
    assert.equal(refusedFor(state, forged), MEMBERSHIP_REASONS.wrongSigningKey);
    assert.deepEqual(state.members.map((m) => m.device), ['ann-laptop', 'bob-laptop']);
    // A join request under a device id whose key sync pinned differently (DEVICE.json).
    const carol = device('carol', 'Carol');
    const asks = requestJoinRecord(carol, REF, fold(records).heads, at());
    const pinned = (d: string) => (d === 'carol' ? device('carol', 'Carol').signing.publicKey : undefined);
    state = foldMembership([...records, asks], { ...REF, pinnedSigningKey: pinned });
    assert.equal(refusedFor(state, asks), MEMBERSHIP_REASONS.pinnedKey);
    assert.deepEqual(state.pending, []);
  });

  it("refuses an approval whose key is wrapped for another device than the one that asked", () => {
    const { ann, records } = annAndBob();
    const carol = device('carol', 'Carol');
    const mallory = device('mallory', 'Mallory');
    const carolAsks = requestJoinRecord(carol, REF, fold(records).heads, at());
    records.push(carolAsks);
    const state0 = fold(records);
    const key = keyringOf(state0, ann).get(state0.current!)!;
    // An approval of Carol's request carrying a key for Mallory's X25519 key.
    const approval = approveJoinRecord(ann, REF, { id: idOf(carolAsks), device: carol.device, boxKey: mallory.box.publicKey }, { epoch: state0.current!, key }, state0.heads, at());
    const state = fold([...records, approval]);
    assert.equal(refusedFor(state, approval), MEMBERSHIP_REASONS.otherDevice);
    assert.equal(state.members.some((m) => m.device === 'carol'), false);
    // And Carol's device cannot unwrap a key that was made for someone else.
    assert.throws(
      () => keyringOf({ ...state, wraps: { [state0.current!]: { carol: { ...approval.body.wraps![0] } } } }, carol),
      (e: unknown) => e instanceof LoreError && e.message === SPACE_CRYPTO_MESSAGES.otherDevice,
    );
  });

  it('two members approving the same request at once: the device is admitted once, in every order', () => {
    const { ann, bob, records } = annAndBob();
    const carol = device('carol', 'Carol');
    const carolAsks = requestJoinRecord(carol, REF, fold(records).heads, at());
    records.push(carolAsks);
    const byAnn = approve(ann, records, carolAsks);
    const byBob = approve(bob, records, carolAsks);
    const all = [...records, byAnn, byBob];
    const state = fold(all);
    assert.deepEqual(state.refused, []);
    assert.deepEqual(state.members.map((m) => m.device), ['ann-laptop', 'bob-laptop', 'carol']);
    assert.deepEqual(state.missingKeys, []);
    const random = seeded(15);
    for (let i = 0; i < 6; i++) assert.equal(canonicalJson(fold(shuffled(all, random))), canonicalJson(state));
    const admitted = state.members.find((m) => m.device === 'carol')!;
    assert.ok([idOf(byAnn), idOf(byBob)].includes(admitted.admittedIn));
    assert.deepEqual(openWithKeyring(keyringOf(state, carol), { ...REF, epoch: state.current!, purpose: 'events', id: 's' }, sealPayload(keyringOf(state, ann).get(state.current!)!, { ...REF, epoch: state.current!, purpose: 'events', id: 's' }, event('x'))), event('x'));
  });

  it('a join request used once cannot admit its device again after it was removed; a new request can', () => {
    const { ann, bob, records, request } = annAndBob();
    records.push(rotate(ann, records, [bob.device]).record);
    assert.deepEqual(fold(records).members.map((m) => m.device), ['ann-laptop']);
    // The old request, approved again (a replay by a member, or a copy of an old approval's request id).
    const replay = approve(ann, records, request);
    let state = fold([...records, replay]);
    assert.equal(refusedFor(state, replay), MEMBERSHIP_REASONS.requestUsed);
    assert.deepEqual(state.members.map((m) => m.device), ['ann-laptop']);
    assert.deepEqual(state.pending, []);
    // The same request file copied in again changes nothing.
    assert.equal(canonicalJson(fold([...records, request])), canonicalJson(fold(records)));
    // Bob asks again, having seen his removal: Ann can admit him.
    const again = requestJoinRecord(bob, REF, fold(records).heads, at());
    records.push(again);
    records.push(approve(ann, records, again));
    state = fold(records);
    assert.deepEqual(state.members.map((m) => m.device), ['ann-laptop', 'bob-laptop']);
    assert.deepEqual(state.removed, []);
  });

  it("a removed device cannot read what is written after its removal, keeps what it had, and its late records are refused", () => {
    const { ann, bob, created, records } = annAndBob();
    const carol = device('carol', 'Carol');
    const carolAsks = requestJoinRecord(carol, REF, fold(records).heads, at());
    records.push(carolAsks);
    records.push(approve(ann, records, carolAsks));
    const beforeRemoval = [...records];
    const rotation = rotate(ann, records, [bob.device]);
    records.push(rotation.record);
    const state = fold(records);
    assert.equal(state.current, rotation.epoch);
    assert.deepEqual(state.removed.map((r) => [r.device, r.by]), [['bob-laptop', 'ann-laptop']]);
    assert.deepEqual(state.readable['bob-laptop'], [created.epoch]);
    assert.deepEqual(state.readable['carol'], [created.epoch, rotation.epoch]);
    assert.equal(state.rotationNeeded, null);

    const newCtx = { ...REF, epoch: rotation.epoch, purpose: 'events' as const, id: 'seg-9' };
    const secret = sealPayload(rotation.key, newCtx, event('After Bob left'));
    const bobsRing = keyringOf(state, bob);
    assert.equal(bobsRing.has(rotation.epoch), false);
    assert.throws(() => openWithKeyring(bobsRing, newCtx, secret), (e: unknown) => e instanceof LoreError && e.message === KEYRING_MESSAGES.notHeld);
    // Bob's old key does not open it either, even told it is the new epoch's.
    assert.throws(() => openWithKeyring(new Map([[rotation.epoch, bobsRing.get(created.epoch)!]]), newCtx, secret), (e: unknown) => e instanceof LoreError && e.message === SPACE_CRYPTO_MESSAGES.otherKey);
    assert.deepEqual(openWithKeyring(keyringOf(state, carol), newCtx, secret), event('After Bob left'));
    // He still reads what was written before.
    const oldCtx = { ...REF, epoch: created.epoch, purpose: 'events' as const, id: 'seg-1' };
    assert.deepEqual(openWithKeyring(bobsRing, oldCtx, sealPayload(created.key, oldCtx, event('before'))), event('before'));

    // Bob, not having seen his removal, approves Mallory and gives her the old key: refused.
    const mallory = device('mallory', 'Mallory');
    const malloryAsks = requestJoinRecord(mallory, REF, fold(beforeRemoval).heads, at());
    const late = approve(bob, [...beforeRemoval, malloryAsks], malloryAsks);
    const withLate = fold([...records, malloryAsks, late]);
    assert.equal(refusedFor(withLate, late), MEMBERSHIP_REASONS.removedConcurrently);
    assert.equal(withLate.members.some((m) => m.device === 'mallory'), false);
    // A grant Bob writes after seeing his removal is refused too: he is no longer a member.
    const afterwards = grantKeysRecord(bob, REF, [{ device: mallory.device, boxKey: mallory.box.publicKey, epoch: created.epoch, key: created.key }], fold(records).heads, at());
    assert.equal(refusedFor(fold([...records, afterwards]), afterwards), MEMBERSHIP_REASONS.notMember);
  });

  it("a removal that does not count (its writer was removed at the same time) refuses none of the other device's records", () => {
    // Ann, Bob, Carol, Dan. Carol removes Bob while Dan removes Carol; Bob, meanwhile, admits Eve.
    const { ann, bob, records } = annAndBob();
    const carol = device('carol', 'Carol');
    const dan = device('dan', 'Dan');
    for (const d of [carol, dan]) {
      const asks = requestJoinRecord(d, REF, fold(records).heads, at());
      records.push(asks);
      records.push(approve(ann, records, asks));
    }
    const eve = device('eve', 'Eve');
    const eveAsks = requestJoinRecord(eve, REF, fold(records).heads, at());
    records.push(eveAsks);
    const base = [...records];
    const carolRemovesBob = rotate(carol, base, [bob.device]).record;
    const bobAdmitsEve = approve(bob, base, eveAsks);
    // Both orders of the two removals in the agreed order (ids are random: make one of each).
    for (const carolsFirst of [true, false]) {
      let danRemovesCarol: SpaceRecord;
      do danRemovesCarol = rotate(dan, base, [carol.device]).record;
      while (idOf(danRemovesCarol) > idOf(carolRemovesBob) !== carolsFirst);
      const state = fold([...base, carolRemovesBob, danRemovesCarol, bobAdmitsEve]);
      const where = carolsFirst ? "Carol's removal first" : "Dan's removal first";
      assert.equal(refusedFor(state, carolRemovesBob), MEMBERSHIP_REASONS.removedConcurrently, where);
      assert.equal(refusedFor(state, bobAdmitsEve), undefined, where);
      assert.deepEqual(state.members.map((m) => m.device), ['ann-laptop', 'bob-laptop', 'dan', 'eve'], where);
    }
  });

  it('a newcomer admitted after rotations reads every earlier key through the links', () => {
    const { ann, bob, created, records } = annAndBob();
    const first = rotate(ann, records, [bob.device]);
    records.push(first.record);
    const second = rotate(ann, records, []);
    records.push(second.record);
    const dan = device('dan', 'Dan');
    const danAsks = requestJoinRecord(dan, REF, fold(records).heads, at());
    records.push(danAsks);
    records.push(approve(ann, records, danAsks));
    const state = fold(records);
    assert.deepEqual([...keyringOf(state, dan).keys()].sort(), [created.epoch, first.epoch, second.epoch].sort());
    assert.deepEqual(state.epochs.map((e) => e.number), [1, 2, 3]);
  });

  it('one person with several devices is one member with several keys; removing the person removes every device', () => {
    const { ann, records } = annAndBob();
    const desktop = device('ann-desktop', 'Ann');
    const asks = requestJoinRecord(desktop, REF, fold(records).heads, at());
    records.push(asks);
    records.push(approve(ann, records, asks));
    let state = fold(records);
    assert.deepEqual(state.people.map((p) => [p.person, p.devices]), [['Ann', ['ann-desktop', 'ann-laptop']], ['Bob', ['bob-laptop']]]);
    assert.equal(state.people[0].since, records[0].body.at);
    const bob = state.members.find((m) => m.person === 'Bob')!;
    records.push(rotate(desktop, records, state.people.find((p) => p.person === 'Ann')!.devices.filter((d) => d !== desktop.device)).record);
    state = fold(records);
    assert.deepEqual(state.members.map((m) => m.device), ['ann-desktop', bob.device]);
  });

  it('a removal made at the same time as another rotation asks for a new key, and one rotation settles it', () => {
    const { ann, bob, records } = annAndBob();
    const carol = device('carol', 'Carol');
    const carolAsks = requestJoinRecord(carol, REF, fold(records).heads, at());
    records.push(carolAsks);
    records.push(approve(ann, records, carolAsks));
    // Ann removes Bob while Carol, not knowing, rotates (and so wraps her key for Bob).
    const annRemovesBob = rotate(ann, records, [bob.device]);
    const carolRotates = rotate(carol, records, []);
    records.push(annRemovesBob.record, carolRotates.record);
    let state = fold(records);
    assert.notEqual(state.rotationNeeded, null);
    const heal = rotate(carol, records, []);
    records.push(heal.record);
    state = fold(records);
    assert.equal(state.rotationNeeded, null);
    assert.equal(keyringOf(state, bob).has(heal.epoch), false);
    // Everything written under either concurrent key is still readable by the members.
    for (const m of [ann, carol]) {
      const ring = keyringOf(state, m);
      assert.ok(ring.has(annRemovesBob.epoch) && ring.has(carolRotates.epoch) && ring.has(heal.epoch), m.device);
    }
  });

  it('a member approved with a key that was replaced meanwhile is told it lacks the key; a grant gives it', () => {
    const { ann, bob, records } = annAndBob();
    const carol = device('carol', 'Carol');
    const carolAsks = requestJoinRecord(carol, REF, fold(records).heads, at());
    records.push(carolAsks);
    const approval = approve(bob, records, carolAsks); // with the first key
    const rotation = rotate(ann, records, []); // at the same time: Ann does not know Carol
    records.push(approval, rotation.record);
    let state = fold(records);
    assert.deepEqual(state.missingKeys, ['carol']);
    records.push(grantKeysRecord(ann, REF, [{ device: carol.device, boxKey: carol.box.publicKey, epoch: rotation.epoch, key: rotation.key }], state.heads, at()));
    state = fold(records);
    assert.deepEqual(state.missingKeys, []);
    assert.ok(keyringOf(state, carol).has(rotation.epoch));
  });

  it('refuses a rotation that wraps the new key for a device it removes', () => {
    const { ann, bob, records } = annAndBob();
    const state0 = fold(records);
    const plan = rotationPlan(state0, keyringOf(state0, ann), [bob.device]);
    const bad = rotateKeyRecord(ann, REF, { ...plan, recipients: [...plan.recipients, { device: bob.device, boxKey: bob.box.publicKey }] }, state0.heads, at());
    assert.equal(refusedFor(fold([...records, bad.record]), bad.record), MEMBERSHIP_REASONS.wrapsRemoved);
  });
});
