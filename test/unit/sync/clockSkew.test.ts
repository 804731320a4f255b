import { strict as assert } from 'node:assert';
import { stateHash, syncAll, team } from './syncTestKit';

const DAY = 24 * 3_600_000;

describe('Skewed, backward and identical clocks (fault test 7)', () => {
  it('a causally later edit beats one stamped days in the future, and the skewed clock is reported', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    ann.clock.advance(3 * DAY); // Ann's clock is three days fast
    const id = ann.store.createArticle({ title: 'From the future' }).id;
    await ann.engine.syncNow();
    const seen = await bob.engine.syncNow();
    assert.ok(seen.warnings.some((w) => /clock of Ann's device .* more than a day ahead/.test(w)), seen.warnings.join('\n'));
    bob.store.updateArticle(id, { title: 'Fixed by Bob after reading it' });
    await syncAll(replicas);
    for (const r of replicas) {
      assert.equal(r.store.getArticle(id)?.title, 'Fixed by Bob after reading it');
      assert.deepEqual(r.store.getConflicts(id), []);
    }
    // Bob's own clock was not dragged three days ahead.
    const bobEvent = [...bob.store.allEvents()].find((e) => e.device === bob.store.deviceId && e.changes.title)!;
    assert.ok(Number(bobEvent.hlc.slice(0, 15)) < bob.clock.now() + 1.5 * DAY);
  });

  it('an edit made after the clock went backwards still replaces the one before it', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const id = ann.store.createArticle({ title: 'v1' }).id;
    ann.clock.advance(-2 * DAY);
    ann.store.updateArticle(id, { title: 'v2 (clock went back two days)' });
    await syncAll(replicas);
    assert.equal(bob.store.getArticle(id)?.title, 'v2 (clock went back two days)');
    assert.deepEqual(bob.store.getConflicts(id), []);
  });

  it('edits in the same millisecond on two machines resolve the same way everywhere: the larger device id wins', async () => {
    const { replicas } = await team(['Ann', 'Bob', 'Cy']);
    const [ann, bob, cy] = replicas;
    const id = ann.store.createArticle({ title: 'Same ms' }).id;
    await syncAll(replicas);
    const t = Math.max(ann.clock.now(), bob.clock.now()) + 10;
    ann.clock.set(t);
    bob.clock.set(t);
    // Edit until the losing version (smaller device id) also has the smaller event id, so that
    // only the tie-break by device decides, whatever order the versions are read in.
    // The events of this round's two edits (found by their titles: the event log is not in write order).
    const loserFirstById = () => {
      const [a, b] = [[ann, 'Ann'], [bob, 'Bob']].map(([r, who]) => [...(r as typeof ann).store.allEvents()]
        .find((e) => e.changes.title === `${who as string} at t (${round})`)!);
      return (a.id < b.id) === (ann.store.deviceId < bob.store.deviceId);
    };
    let round = 0;
    do {
      round++;
      ann.store.updateArticle(id, { title: `Ann at t (${round})` });
      bob.store.updateArticle(id, { title: `Bob at t (${round})` });
    } while (round < 50 && !loserFirstById());
    assert.ok(loserFirstById(), 'found versions whose ids sort with the loser first');
    const winner = ann.store.deviceId > bob.store.deviceId ? `Ann at t (${round})` : `Bob at t (${round})`;
    // Cy receives Bob's change first, the others in another order: same result.
    await bob.engine.syncNow();
    await cy.engine.syncNow();
    await ann.engine.syncNow();
    await syncAll(replicas);
    const hash = stateHash(ann.store);
    for (const r of replicas) assert.equal(stateHash(r.store), hash);
    const versions = cy.store.getConflicts(id)[0].versions;
    assert.equal(versions.length, 2);
    assert.equal(versions[0].hlc, versions[1].hlc, 'both edits carry the same stamp');
    for (const r of replicas) assert.equal(r.store.getArticle(id)?.title, winner, `${r.name} shows the version of the larger device id`);
  });
});
