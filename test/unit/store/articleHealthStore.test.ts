import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { ValidationError } from '../../../src/core/errors';
import { sealEvent, type LoreEvent } from '../../../src/core/store/events';
import { LoreStore } from '../../../src/core/store/loreStore';
import { parseRemoteEvent } from '../../../src/core/sync/remoteEvent';
import { openTestStore, sampleAnchor, tempDir, testDriver } from './testStore';

const HASH = 'ab'.repeat(32);
const OTHER_HASH = 'cd'.repeat(32);

function pair() {
  const clockA = new ManualClock(Date.UTC(2026, 5, 1, 9));
  const clockB = new ManualClock(Date.UTC(2026, 5, 1, 9));
  const a = openTestStore(':memory:', { author: 'Ada', clock: clockA });
  const b = openTestStore(':memory:', { author: 'Bo', clock: clockB });
  const ship = (from: LoreStore, to: LoreStore): LoreEvent[] => {
    const events = from.unpublishedEvents();
    to.ingest(events);
    return events;
  };
  return { a, b, clockA, clockB, ship };
}

describe(`Article health in the store (${testDriver().name})`, () => {
  it('keeps owner and review-after as shared article fields, cleared with null', () => {
    const { a, b, ship } = pair();
    const article = a.createArticle({ title: 'Cache' });
    a.updateArticle(article.id, { owner: 'Platform team', reviewAfterDays: 30 });
    ship(a, b);
    assert.equal(b.getArticle(article.id)?.owner, 'Platform team');
    assert.equal(b.getArticle(article.id)?.reviewAfterDays, 30);
    assert.equal(b.listArticles()[0].owner, 'Platform team', 'summaries carry it too');
    b.updateArticle(article.id, { owner: null, reviewAfterDays: null });
    ship(b, a);
    assert.equal(a.getArticle(article.id)?.owner, undefined);
    assert.equal(a.getArticle(article.id)?.reviewAfterDays, undefined);
    assert.throws(() => a.updateArticle(article.id, { reviewAfterDays: 0 }), ValidationError);
  });

  it('records who verified an article and when, for the whole team', () => {
    const { a, b, clockA, ship } = pair();
    const article = a.createArticle({ title: 'Cache' });
    assert.equal(a.getArticle(article.id)?.verified, undefined);
    clockA.advance(60_000);
    a.markVerified(article.id);
    ship(a, b);
    assert.deepEqual(b.getArticle(article.id)?.verified, { by: 'Ada', at: '2026-06-01T09:01:00.000Z' });
    assert.deepEqual(b.listArticles()[0].verified, { by: 'Ada', at: '2026-06-01T09:01:00.000Z' });
  });

  it('two devices verifying at once both count: the later is shown, no conflict, the same on both', () => {
    const { a, b, clockB, ship } = pair();
    const article = a.createArticle({ title: 'Cache' });
    ship(a, b);
    a.markVerified(article.id);
    clockB.advance(5_000);
    b.markVerified(article.id);
    const fromA = ship(a, b);
    const fromB = ship(b, a);
    assert.ok(fromA.some((e) => 'verifiedAt' in e.changes) && fromB.some((e) => 'verifiedAt' in e.changes), 'both verifications are events the team keeps');
    for (const store of [a, b]) {
      assert.deepEqual(store.getArticle(article.id)?.verified, { by: 'Bo', at: '2026-06-01T09:00:05.000Z' });
      assert.deepEqual(store.getConflicts(article.id), []);
    }
  });

  it("shows the verifier's registered name, not the name an event claims", () => {
    const { a, b, ship } = pair();
    const article = a.createArticle({ title: 'Cache' });
    a.markVerified(article.id);
    b.setAuthorResolver((device) => (device === a.deviceId ? 'Ada Lovelace' : undefined));
    ship(a, b);
    assert.equal(b.getArticle(article.id)?.verified?.by, 'Ada Lovelace');
  });

  it('Still Accurate records the hash of the code confirmed, who and when; Update Snippet clears it', () => {
    const { a, b, ship } = pair();
    const article = a.createArticle({ title: 'Cache', snippets: [{ code: 'get()', anchor: sampleAnchor() }] });
    const id = article.snippets[0].id;
    a.confirmSnippet(id, HASH);
    ship(a, b);
    assert.deepEqual(b.getSnippet(id)?.accepted, { hash: HASH, by: 'Ada', at: '2026-06-01T09:00:00.000Z' });
    assert.equal(b.getSnippet(id)?.code, 'get()', 'the code stays as shared');
    assert.deepEqual(b.teamSnippets()[0].snippet.accepted, b.getSnippet(id)?.accepted, 'lore check sees it');
    b.updateSnippetCode(id, { code: 'get2()', anchor: sampleAnchor('src/cache.ts', 20) });
    ship(b, a);
    assert.equal(a.getSnippet(id)?.accepted, undefined);
    assert.throws(() => a.confirmSnippet(id, 'not a hash'), ValidationError);
  });

  it('two devices confirming a snippet at once both count: the later is shown on both', () => {
    const { a, b, clockA, ship } = pair();
    const article = a.createArticle({ title: 'Cache', snippets: [{ code: 'get()', anchor: sampleAnchor() }] });
    const id = article.snippets[0].id;
    ship(a, b);
    clockA.advance(9_000);
    a.confirmSnippet(id, OTHER_HASH);
    b.confirmSnippet(id, HASH);
    ship(a, b);
    ship(b, a);
    for (const store of [a, b]) assert.deepEqual(store.getSnippet(id)?.accepted, { hash: OTHER_HASH, by: 'Ada', at: '2026-06-01T09:00:09.000Z' });
  });

  it('refuses remote events with health values Lore would not write', () => {
    const { a } = pair();
    const article = a.createArticle({ title: 'Cache', snippets: [{ code: 'get()', anchor: sampleAnchor() }] });
    a.updateArticle(article.id, { reviewAfterDays: 30 });
    a.markVerified(article.id);
    a.confirmSnippet(article.snippets[0].id, HASH);
    for (const event of a.unpublishedEvents()) parseRemoteEvent(JSON.stringify(event));
    const hlc = a.unpublishedEvents()[0].hlc;
    const line = (entity: 'article' | 'snippet', changes: Record<string, unknown>) =>
      JSON.stringify(sealEvent({ entity, entityId: 'x', device: 'dev', seq: 1, author: 'Eve', hlc, changes, prev: {} }));
    assert.throws(() => parseRemoteEvent(line('article', { reviewAfterDays: -3 })), /reviewAfterDays/);
    assert.throws(() => parseRemoteEvent(line('article', { verifiedAt: 'yesterday' })), /verifiedAt/);
    assert.throws(() => parseRemoteEvent(line('snippet', { accepted: { hash: 'x', at: '2026-01-01T00:00:00Z' } })), /accepted/);
  });

  it('migration 6 reads health fields a newer teammate sent before this database had the columns', () => {
    const file = path.join(tempDir(), 'lore.db');
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 9));
    const store = LoreStore.open(file, { driver: testDriver(), author: 'Bo', clock });
    const a = openTestStore(':memory:', { author: 'Ada', clock });
    const article = a.createArticle({ title: 'Cache', snippets: [{ code: 'get()', anchor: sampleAnchor() }] });
    a.updateArticle(article.id, { owner: 'Ops', reviewAfterDays: 14 });
    a.markVerified(article.id);
    a.confirmSnippet(article.snippets[0].id, HASH);
    store.ingest(a.unpublishedEvents());
    // As an older Lore (schema 5) left it: the events and heads are kept, the columns do not exist.
    store.db.exec(`ALTER TABLE articles DROP COLUMN owner; ALTER TABLE articles DROP COLUMN review_after_days;
      ALTER TABLE articles DROP COLUMN verified_at; ALTER TABLE articles DROP COLUMN verified_by;
      ALTER TABLE snippets DROP COLUMN accepted; DROP TABLE article_links; DROP TABLE article_usage; DROP TABLE search_clicks;
      DROP TABLE learning_paths; DROP TABLE path_progress; PRAGMA user_version = 5;`);
    store.close();
    const upgraded = LoreStore.open(file, { driver: testDriver(), author: 'Bo' });
    const got = upgraded.getArticle(article.id)!;
    assert.equal(got.owner, 'Ops');
    assert.equal(got.reviewAfterDays, 14);
    assert.deepEqual(got.verified, { by: 'Ada', at: '2026-06-01T09:00:00.000Z' });
    assert.equal(got.snippets[0].accepted?.hash, HASH);
    assert.equal(got.title, 'Cache');
    upgraded.close();
  });
});
