import { strict as assert } from 'node:assert';
import { DEFAULT_MASS_DELETE_POLICY } from '../../../src/core/sync/massDeleteGuard';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { FOLDER, Rng, allEventIds, anchorAt, openReplica, plantEvent, stateHash, type Replica } from './syncTestKit';

/** What a broken or hostile member publishes that no honest Lore would: each must be set aside alone. */
const INVALID: Array<(now: string) => { entity: 'article' | 'snippet' | 'thread' | 'comment'; changes: Record<string, unknown> }> = [
  (now) => ({ entity: 'article', changes: { title: 'Bad status', body: '', tags: [], team: null, status: 'evil', visibility: 'team', author: 'Mal', createdAt: now } }),
  (now) => ({ entity: 'article', changes: { title: { x: 1 }, body: '', tags: [], team: null, status: 'draft', visibility: 'team', author: 'Mal', createdAt: now } }),
  (now) => ({ entity: 'article', changes: { title: 'Huge', body: 'y'.repeat(2_100_000), tags: [], team: null, status: 'draft', visibility: 'team', author: 'Mal', createdAt: now } }),
  (now) => ({ entity: 'article', changes: { title: 'Bad tags', body: '', tags: ['<script>'], team: null, status: 'draft', visibility: 'private', author: 'Mal', createdAt: now } }),
  (now) => ({ entity: 'thread', changes: { anchor: anchorAt('src/x.ts'), kind: 'constructor', state: 'open', author: 'Mal', createdAt: now } }),
  (now) => ({ entity: 'comment', changes: { threadId: 'nothread', body: '   ', author: 'Mal', createdAt: now } }),
  () => ({ entity: 'snippet', changes: { articleId: 'noarticle', position: -1, code: 'x', language: 'ts', anchor: anchorAt('src/x.ts') } }),
];

let marker = 0;

function honestEdit(r: Replica, rng: Rng): void {
  const live = r.store.db.all<{ id: string }>("SELECT id FROM articles WHERE deleted = 0 AND visibility = 'team'").map((a) => a.id);
  const roll = rng.next();
  if (roll < 0.35 || !live.length) {
    r.store.createArticle({ title: `T${marker++}`, body: `# Notes\nm${marker++}`, snippets: rng.chance(0.3) ? [{ code: 'x()', anchor: anchorAt('src/f.ts') }] : [] });
  } else if (roll < 0.7) {
    const id = rng.pick(live);
    r.store.updateArticle(id, { body: `${r.store.getArticle(id)!.body}\nm${marker++}` });
  } else if (roll < 0.85) {
    r.store.updateArticle(rng.pick(live), { title: `T${marker++}` });
  } else if (roll < 0.95) {
    r.store.createThread({ anchor: anchorAt('src/f.ts'), kind: 'question', body: `c${marker++}` });
  } else {
    r.store.deleteArticle(rng.pick(live));
  }
}

/** Mal deletes or empties a few of the team's articles at a time (a trickle), or publishes invalid events. */
function hostileAct(mal: Replica, rng: Rng): number {
  const roll = rng.next();
  if (roll < 0.4) {
    const make = rng.pick(INVALID)(new Date(mal.clock.now()).toISOString());
    plantEvent(mal, make.entity, `bad${marker++}`, make.changes);
    return 1;
  }
  const live = mal.store.db.all<{ id: string }>("SELECT id FROM articles WHERE deleted = 0 AND visibility = 'team'").map((a) => a.id);
  for (const id of rng.shuffle(live).slice(0, 1 + rng.int(2))) {
    if (rng.chance(0.5)) mal.store.deleteArticle(id);
    else mal.store.updateArticle(id, { body: '' });
  }
  return 0;
}

describe('A hostile member in random histories (issue 16)', function () {
  this.timeout(120_000);
  const SEEDS = Array.from({ length: Number(process.env.LORE_HOSTILE_SEEDS ?? 6) }, (_, i) => 500 + i * 7919);

  for (const seed of SEEDS) {
    it(`seed ${seed}: honest members converge, apply each other's changes and lose nothing to invalid events or trickled deletions`, async () => {
      const rng = new Rng(seed);
      const fs = new MemorySyncFs();
      await fs.mkdirp(FOLDER);
      const honest = Array.from({ length: 2 + rng.int(3) }, (_, i) => openReplica(`Dev${i}`, fs));
      const mal = openReplica('Mal', fs);
      await honest[0].engine.setUp(FOLDER, 'create');
      for (const r of [...honest.slice(1), mal]) await r.engine.setUp(FOLDER, 'join');
      let planted = 0;
      for (let step = 0; step < 70 + rng.int(40); step++) {
        const everyone = [...honest, mal];
        const r = rng.pick(everyone);
        r.clock.advance(rng.int(60_000));
        const roll = rng.next();
        if (roll < 0.4) {
          if (r === mal) planted += hostileAct(mal, rng);
          else honestEdit(r, rng);
        } else {
          const summary = await r.engine.syncNow();
          assert.notEqual(r.engine.status.state, 'error', `seed ${seed}: ${r.name}'s sync failed: ${summary.warnings.join('; ')}`);
        }
      }
      // Everyone syncs until nothing moves; each honest member refuses what was held, and syncs again.
      for (let round = 0; round < 3; round++) for (const r of [mal, ...honest]) await r.engine.syncNow();
      const held = honest.map((r) => r.engine.heldDeletions().length);
      if (process.env.LORE_TEST_VERBOSE) console.log(seed, { planted, held });
      for (const r of honest) r.engine.rejectHeldDeletions();
      for (let round = 0; round < 3; round++) for (const r of [mal, ...honest]) await r.engine.syncNow();
      for (const r of honest) assert.equal(r.engine.heldDeletions().length, 0, `seed ${seed}: ${r.name} still holds deletions`);

      const reference = honest[0];
      const ids = allEventIds(reference.store);
      const hash = stateHash(reference.store);
      for (const r of honest) {
        assert.deepEqual(allEventIds(r.store), ids, `seed ${seed}: ${r.name} holds different events`);
        assert.equal(stateHash(r.store), hash, `seed ${seed}: ${r.name} shows a different state`);
        assert.equal(r.store.unpublishedEvents().length, 0);
        const summary = r.engine.status.lastSummary!;
        assert.deepEqual(summary.pending, [], `seed ${seed}: ${r.name} pending ${JSON.stringify(summary.pending)}`);
        if (planted) assert.equal(summary.quarantined, planted, `seed ${seed}: ${r.name} set aside ${summary.quarantined} of ${planted} invalid events`);
        const honestDevices = new Set(honest.map((h) => h.store.deviceId));
        assert.ok(r.engine['ledger'].quarantined().every((q: { device: string }) => !honestDevices.has(q.device)), `seed ${seed}: an honest event was set aside`);
      }
      // Every honest edit arrived everywhere.
      for (const h of honest) {
        for (const e of h.store.allEvents()) if (e.device === h.store.deviceId) assert.ok(reference.store.hasEvent(e.id), `seed ${seed}: ${h.name}'s event lost`);
      }
      // What Mal took away (deleted, or emptied) stayed under the guard's threshold: the rest was refused and restored.
      const byMal = (field: string) => reference.store.db.all<{ entity_id: string }>(
        `SELECT DISTINCT h.entity_id FROM heads h JOIN events e ON e.id = h.event_id WHERE h.entity = 'article' AND h.field = ? AND e.device = ?`, field, mal.store.deviceId);
      const taken = new Set([
        ...byMal('deleted').filter((r) => reference.store.db.get('SELECT 1 FROM articles WHERE id = ? AND deleted = 1', r.entity_id)).map((r) => r.entity_id),
        ...byMal('body').filter((r) => reference.store.db.get("SELECT 1 FROM articles WHERE id = ? AND deleted = 0 AND trim(body) = ''", r.entity_id)).map((r) => r.entity_id),
      ]);
      const records = reference.store.db.get<{ n: number }>('SELECT (SELECT COUNT(*) FROM articles) + (SELECT COUNT(*) FROM review_threads) AS n')!.n;
      const bound = Math.max(DEFAULT_MASS_DELETE_POLICY.minCountForFraction, Math.ceil(records * DEFAULT_MASS_DELETE_POLICY.maxFraction));
      assert.ok(taken.size < bound, `seed ${seed}: Mal took away ${taken.size} of ${records} records (the guard allows fewer than ${bound})`);
      for (const r of [...honest, mal]) r.store.close();
    });
  }
});
