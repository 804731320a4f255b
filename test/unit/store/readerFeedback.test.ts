import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { LoreError } from '../../../src/core/errors';
import { activeReports, attentionReasons, describeReason } from '../../../src/core/articles/articleHealth';
import { discussionThreads, voteField, wilsonLowerBound } from '../../../src/core/articles/articleFeedback';
import { Database } from '../../../src/core/store/database';
import { insertEvent } from '../../../src/core/store/eventLog';
import { sealEvent } from '../../../src/core/store/events';
import { LoreStore } from '../../../src/core/store/loreStore';
import { parseRemoteEvent } from '../../../src/core/sync/remoteEvent';
import { openTestStore, tempDir, testDriver } from './testStore';

const T0 = Date.UTC(2026, 5, 1, 9);

/** Ada on two devices, Grace and Bo; `ship` hands one database's new events to others, as sync would. */
function team() {
  const clock = new ManualClock(T0);
  const ada = openTestStore(':memory:', { author: 'Ada Lovelace', clock });
  const adaLaptop = openTestStore(':memory:', { author: 'Ada Lovelace', clock });
  const grace = openTestStore(':memory:', { author: 'Grace Hopper', clock });
  const bo = openTestStore(':memory:', { author: 'Bo', clock });
  const ship = (from: LoreStore, ...to: LoreStore[]) => {
    const events = from.unpublishedEvents();
    for (const store of to) store.ingest(events);
    from.markPublished(events.map((e) => e.id));
  };
  return { ada, adaLaptop, grace, bo, clock, ship };
}

const refusal = (pattern: RegExp) => (error: unknown) => error instanceof LoreError && pattern.test(error.message);

describe(`Helpful / Not helpful votes (${testDriver().name})`, () => {
  it('two people voting at once both count, on every machine', () => {
    const { ada, grace, bo, ship } = team();
    const id = ada.createArticle({ title: 'Cache', body: 'Invalidate on write.', status: 'published' }).id;
    ship(ada, grace, bo);
    grace.voteOnArticle(id, { helpful: true });
    bo.voteOnArticle(id, { helpful: false, reason: 'unclear' });
    ship(grace, ada, bo);
    ship(bo, ada, grace);
    for (const store of [ada, grace, bo]) {
      const article = store.getArticle(id)!;
      assert.equal(article.helpful, 1, `${store.author} sees Grace's vote`);
      assert.equal(article.notHelpful, 1, `${store.author} sees Bo's vote`);
      assert.deepEqual(article.votes?.map((v) => [v.by, v.helpful, v.reason]), [['Bo', false, 'unclear'], ['Grace Hopper', true, undefined]]);
    }
  });

  it("a person's vote counts once however many devices they vote from, and changing it replaces it", () => {
    const { ada, adaLaptop, grace, clock, ship } = team();
    const id = grace.createArticle({ title: 'Cache', status: 'published' }).id;
    ship(grace, ada, adaLaptop);
    ada.voteOnArticle(id, { helpful: true });
    clock.advance(1000);
    adaLaptop.voteOnArticle(id, { helpful: false, reason: 'unclear' }); // at once: neither saw the other
    ship(ada, grace, adaLaptop);
    ship(adaLaptop, grace, ada);
    for (const store of [ada, adaLaptop, grace]) {
      const article = store.getArticle(id)!;
      assert.equal((article.helpful ?? 0) + (article.notHelpful ?? 0), 1, 'one vote for Ada');
      assert.equal(article.notHelpful, 1, 'the later one');
    }
    clock.advance(1000);
    ada.voteOnArticle(id, { helpful: true });
    ship(ada, grace);
    assert.deepEqual([grace.getArticle(id)!.helpful, grace.getArticle(id)!.notHelpful], [1, undefined], 'changed her mind');
    ship(ada, grace); // the same events again: nothing changes
    assert.equal(grace.getArticle(id)!.votes?.length, 1);
    clock.advance(1000);
    ada.takeBackVote(id);
    ship(ada, grace);
    assert.equal(grace.getArticle(id)!.votes, undefined, 'taken back');
    assert.throws(() => ada.takeBackVote(id), refusal(/You have not voted on "Cache"/));
  });

  it('counts a person once by the name their devices registered, even when their name settings differ', () => {
    const { ada, grace, clock, ship } = team();
    const otherDevice = openTestStore(':memory:', { author: 'ada', clock }); // free text: another spelling
    const id = grace.createArticle({ title: 'Cache', status: 'published' }).id;
    ship(grace, ada, otherDevice);
    assert.notEqual(voteField('Ada Lovelace'), voteField('ada'), 'two different fields');
    ada.voteOnArticle(id, { helpful: true });
    clock.advance(1000);
    otherDevice.voteOnArticle(id, { helpful: true });
    const registered = new Map([[ada.deviceId, 'Ada Lovelace'], [otherDevice.deviceId, 'Ada Lovelace']]);
    grace.setAuthorResolver((device) => registered.get(device));
    ship(ada, grace);
    ship(otherDevice, grace);
    assert.equal(grace.getArticle(id)!.helpful, 1, 'both devices registered as Ada Lovelace: one vote');
  });

  it('"outdated" or "wrong" makes the article need attention until it is verified; "unclear" does not', () => {
    const { ada, grace, bo, clock, ship } = team();
    const id = ada.createArticle({ title: 'Cache', body: 'v1', status: 'published' }).id;
    ship(ada, grace, bo);
    clock.advance(60_000);
    grace.voteOnArticle(id, { helpful: false, reason: 'outdated', comment: 'We moved to Redis.' });
    bo.voteOnArticle(id, { helpful: false, reason: 'unclear' });
    ship(grace, ada);
    ship(bo, ada);
    const options = { defaultReviewAfterDays: 180, now: clock.now() };
    const reasons = attentionReasons(ada.getArticle(id)!, [], options);
    assert.equal(reasons.length, 1);
    assert.equal(describeReason(reasons[0], clock.now()), 'Reported outdated by Grace Hopper on 2026-06-01: Not helpful (outdated): We moved to Redis.');
    assert.deepEqual(ada.reportedArticleIds(), [id], 'listed under Needs Attention');
    clock.advance(60_000);
    ada.markVerified(id);
    assert.deepEqual(attentionReasons(ada.getArticle(id)!, [], { ...options, now: clock.now() }), []);
    clock.advance(60_000);
    grace.voteOnArticle(id, { helpful: false, reason: 'wrong' });
    ship(grace, ada);
    assert.equal(activeReports(ada.getArticle(id)!).length, 1, 'a later "wrong" counts again');
    clock.advance(60_000);
    grace.withdrawReport(id);
    ship(grace, ada);
    assert.equal(activeReports(ada.getArticle(id)!).length, 0, 'Withdraw My Report takes the reason back');
    assert.equal(ada.getArticle(id)!.notHelpful, 2, 'the vote itself stays');
  });

  it('refuses a vote on your own article, a reason with Helpful, and "other" without words', () => {
    const { ada, grace, ship } = team();
    const id = ada.createArticle({ title: 'Cache' }).id;
    ship(ada, grace);
    assert.throws(() => ada.voteOnArticle(id, { helpful: true }), refusal(/You wrote this article/));
    assert.throws(() => grace.voteOnArticle(id, { helpful: true, reason: 'wrong' }), /A reason goes with Not helpful only/);
    assert.throws(() => grace.voteOnArticle(id, { helpful: false, reason: 'other' }), /"Other" needs a few words/);
    assert.equal(grace.getArticle(id)!.votes, undefined);
  });

  it('a vote or comment from another machine is checked like a local one', () => {
    const event = (changes: Record<string, unknown>) => JSON.stringify(sealEvent({
      entity: 'article', entityId: 'a1', device: 'dev1', seq: 1, author: 'Grace', hlc: '001780304400000-0000', changes, prev: {},
    }));
    const vote = { helpful: false, reason: 'outdated', revision: '0123456789abcdef', at: '2026-06-01T09:00:00.000Z' };
    parseRemoteEvent(event({ vote_0123456789abcdef: vote }));
    parseRemoteEvent(event({ discussion_0123456789abcdef: { body: 'Why?', at: vote.at } }));
    assert.throws(() => parseRemoteEvent(event({ vote_0123456789abcdef: { ...vote, reason: 'boring' } })), /is not a reason/);
    assert.throws(() => parseRemoteEvent(event({ vote_0123456789abcdef: { ...vote, helpful: 'yes' } })), /helpful must be/);
    assert.throws(() => parseRemoteEvent(event({ discussion_0123456789abcdef: { body: '', at: vote.at } })), /cannot be empty/);
    assert.throws(() => parseRemoteEvent(event({ discussion_0123456789abcdef: { body: 'x'.repeat(10_001), at: vote.at } })), /at most 10000/);
  });
});

describe(`Thank the author (${testDriver().name})`, () => {
  it('two readers thanking at once both count everywhere; thanking twice or oneself is refused', () => {
    const { ada, grace, bo, clock, ship } = team();
    const id = ada.createArticle({ title: 'Cache', status: 'published' }).id;
    ship(ada, grace, bo);
    clock.advance(60_000);
    grace.thankAuthor(id);
    bo.thankAuthor(id);
    ship(grace, ada, bo);
    ship(bo, ada, grace);
    for (const store of [ada, grace, bo]) assert.deepEqual(store.getArticle(id)!.thankedBy, ['Bo', 'Grace Hopper'], store.author);
    assert.throws(() => grace.thankAuthor(id), refusal(/You already thanked Ada Lovelace for "Cache"/));
    assert.throws(() => ada.thankAuthor(id), refusal(/thanks are for your teammates/));
    assert.equal(ada.getArticle(id)!.updatedAt, '2026-06-01T09:00:00.000Z', 'a thank-you is not a change of the article');
  });
});

describe('The helpfulness confidence bound', () => {
  it('is a lower bound that grows with evidence: one lucky vote ranks below a long good record', () => {
    assert.equal(wilsonLowerBound(0, 0), 0);
    assert.ok(Math.abs(wilsonLowerBound(1, 1) - 0.2065) < 0.001, String(wilsonLowerBound(1, 1)));
    assert.ok(wilsonLowerBound(1, 1) < wilsonLowerBound(9, 10));
    assert.ok(wilsonLowerBound(9, 10) < wilsonLowerBound(90, 100));
    assert.ok(wilsonLowerBound(5, 10) < 0.5, 'below the raw average');
    assert.equal(wilsonLowerBound(0, 5), 0);
  });
});

describe(`An article's discussion (${testDriver().name})`, () => {
  it('comments and replies reach teammates; two people commenting at once both stay', () => {
    const { ada, grace, bo, clock, ship } = team();
    const id = ada.createArticle({ title: 'Cache', status: 'published' }).id;
    ship(ada, grace, bo);
    const question = grace.addDiscussionComment(id, 'Does this hold for the CDN too?');
    ship(grace, ada, bo);
    clock.advance(1000);
    ada.addDiscussionComment(id, 'Yes, with a shorter TTL.', question.id);
    bo.addDiscussionComment(id, 'We saw stale pages last week.'); // at once
    ship(ada, grace, bo);
    ship(bo, ada, grace);
    for (const store of [ada, grace, bo]) {
      const threads = discussionThreads(store.getArticle(id)!.discussion ?? []);
      assert.deepEqual(threads.map((t) => [t.comment.by, t.comment.body, t.replies.map((r) => `${r.by}: ${r.body}`)]), [
        ['Grace Hopper', 'Does this hold for the CDN too?', ['Ada Lovelace: Yes, with a shorter TTL.']],
        ['Bo', 'We saw stale pages last week.', []],
      ], store.author);
    }
  });

  it('only its writer edits or deletes a comment, and the change syncs', () => {
    const { ada, grace, clock, ship } = team();
    const id = ada.createArticle({ title: 'Cache', status: 'published' }).id;
    ship(ada, grace);
    const comment = grace.addDiscussionComment(id, 'Typo in step 2');
    ship(grace, ada);
    assert.throws(() => ada.editDiscussionComment(id, comment.id, 'mine now'), refusal(/Only Grace Hopper can edit this comment/));
    assert.throws(() => ada.deleteDiscussionComment(id, comment.id), refusal(/Only Grace Hopper can delete this comment/));
    clock.advance(1000);
    const edited = grace.editDiscussionComment(id, comment.id, 'Typo in step 3');
    assert.equal(edited.editedAt, '2026-06-01T09:00:01.000Z');
    ship(grace, ada);
    assert.deepEqual(ada.getArticle(id)!.discussion?.map((c) => c.body), ['Typo in step 3']);
    grace.deleteDiscussionComment(id, comment.id);
    ship(grace, ada);
    assert.equal(ada.getArticle(id)!.discussion, undefined);
    assert.throws(() => grace.addDiscussionComment(id, 'late reply', comment.id), refusal(/was deleted/));
    assert.throws(() => grace.addDiscussionComment(id, '   '), /cannot be empty/);
  });
});

describe(`The feedback migration (${testDriver().name})`, () => {
  it('reads votes and comments a teammate on a newer Lore sent before this database was upgraded', () => {
    const dir = tempDir('lore-v8-');
    const file = path.join(dir, 'lore.db');
    fs.copyFileSync(path.resolve(__dirname, '../../fixtures/migrations/schema-v8.db'), file);
    const old = Database.open(file, testDriver(), { migrate: false });
    assert.equal(old.pragmaNumber('user_version'), 8);
    const { id, revision } = old.get<{ id: string; revision: string }>("SELECT id, revision FROM articles WHERE title = 'Cache invalidation'")!;
    // What an older version keeps of a newer teammate's change: the event, never shown.
    insertEvent(old, sealEvent({
      entity: 'article', entityId: id, device: 'grace1', seq: 1, author: 'Grace Hopper', hlc: '001795251600000-0000',
      changes: {
        [voteField('Grace Hopper')]: { helpful: false, reason: 'wrong', revision, at: '2026-11-21T09:00:00.000Z' },
        discussion_0123456789abcdef: { body: 'Which cache?', at: '2026-11-21T09:00:00.000Z' },
      },
      prev: {},
    }), { local: false, private: false });
    old.close();
    const store = LoreStore.open(file, { driver: testDriver(), author: 'Ada Lovelace' });
    try {
      const article = store.getArticle(id)!;
      assert.equal(article.notHelpful, 1);
      assert.deepEqual(article.discussion?.map((c) => [c.by, c.body]), [['Grace Hopper', 'Which cache?']]);
      assert.equal(activeReports(article).length, 1, '"wrong" needs attention');
      assert.ok(store.listArticles().every((a) => a.helpful === undefined || a.helpful >= 0));
    } finally {
      store.close();
    }
  });
});
