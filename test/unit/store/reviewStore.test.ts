import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { LoreError } from '../../../src/core/errors';
import { activeReports, attentionReasons, describeReason } from '../../../src/core/articles/articleHealth';
import { isAwaitingReviewBy, personField, reviewActions, reviewHeadline, reviewView, revisionOf } from '../../../src/core/articles/reviewWorkflow';
import { Database } from '../../../src/core/store/database';
import { insertEvent } from '../../../src/core/store/eventLog';
import { sealEvent } from '../../../src/core/store/events';
import { LoreStore } from '../../../src/core/store/loreStore';
import { parseRemoteEvent } from '../../../src/core/sync/remoteEvent';
import { openTestStore, tempDir, testDriver } from './testStore';

const T0 = Date.UTC(2026, 5, 1, 9);

/** Three people on their own databases; `ship` hands one's new events to another, as sync would. */
function people() {
  const clock = new ManualClock(T0);
  const ada = openTestStore(':memory:', { author: 'Ada Lovelace', clock });
  const grace = openTestStore(':memory:', { author: 'Grace Hopper', clock });
  const bo = openTestStore(':memory:', { author: 'Bo', clock });
  const ship = (from: LoreStore, ...to: LoreStore[]) => {
    const events = from.unpublishedEvents();
    for (const store of to) store.ingest(events);
    from.markPublished(events.map((e) => e.id));
  };
  return { ada, grace, bo, clock, ship };
}

const refusal = (pattern: RegExp) => (error: unknown) => error instanceof LoreError && pattern.test(error.message);

describe(`Review before publishing in the store (${testDriver().name})`, () => {
  it('Request Review puts a draft in review with the teammates named; they see it waiting for them', () => {
    const { ada, grace, bo, ship } = people();
    const id = ada.createArticle({ title: 'Cache', body: 'Invalidate on write.' }).id;
    const article = ada.requestReview(id, ['Grace Hopper', 'Ada Lovelace']);
    assert.equal(article.status, 'in-review');
    assert.deepEqual(article.reviewers, ['Grace Hopper'], 'the author is never their own reviewer');
    ship(ada, grace, bo);
    const seen = grace.getArticle(id)!;
    assert.equal(seen.status, 'in-review');
    assert.equal(isAwaitingReviewBy(seen, 'Grace Hopper'), true);
    assert.equal(isAwaitingReviewBy(seen, 'Bo'), false, 'not asked');
    assert.equal(isAwaitingReviewBy(seen, 'Ada Lovelace'), false, 'the author waits for nobody');
    assert.deepEqual(grace.articlesInReview().map((a) => a.id), [id]);
    assert.equal(reviewHeadline(seen), 'In review · asked Grace Hopper');
  });

  it('refuses Request Review from someone who is not the author or owner, on a private, published or archived article, and with nobody chosen', () => {
    const { ada, grace, ship } = people();
    const id = ada.createArticle({ title: 'Cache' }).id;
    ship(ada, grace);
    assert.throws(() => grace.requestReview(id, ['Bo']), refusal(/Only the author of "Cache" \(Ada Lovelace\) or its owner can ask for a review/));
    assert.throws(() => ada.requestReview(id, []), refusal(/Choose at least one teammate/));
    assert.throws(() => ada.requestReview(id, ['ada lovelace']), refusal(/Choose at least one teammate/), 'only oneself, in other case');
    const secret = ada.createArticle({ title: 'Secret', visibility: 'private' }).id;
    assert.throws(() => ada.requestReview(secret, ['Grace Hopper']), refusal(/"Secret" is private/));
    const done = ada.createArticle({ title: 'Done', status: 'published' }).id;
    assert.throws(() => ada.requestReview(done, ['Grace Hopper']), refusal(/"Done" is published: only a draft/));
    ada.updateArticle(done, { status: 'archived' });
    assert.throws(() => ada.requestReview(done, ['Grace Hopper']), refusal(/"Done" is archived/));
    ada.updateArticle(id, { owner: 'Grace Hopper' });
    ship(ada, grace);
    assert.equal(grace.requestReview(id, ['Bo']).status, 'in-review', 'the owner may ask');
  });

  it('refuses approving your own article, and approving or requesting changes on an article not in review', () => {
    const { ada, grace, ship } = people();
    const id = ada.createArticle({ title: 'Cache' }).id;
    ship(ada, grace);
    assert.throws(() => grace.reviewArticle(id, 'approved'), refusal(/^"Cache" is not in review \(it is draft\); only an article in review can be approved\.$/));
    assert.throws(() => grace.reviewArticle(id, 'changesRequested', 'Add an example'), refusal(/"Cache" is not in review/));
    ada.requestReview(id, ['Grace Hopper']);
    assert.throws(() => ada.reviewArticle(id, 'approved'), refusal(/^You wrote this article; another teammate has to approve it\.$/));
    assert.throws(() => ada.reviewArticle(id, 'changesRequested', 'x'), refusal(/You wrote this article/));
    ship(ada, grace);
    assert.throws(() => grace.reviewArticle(id, 'changesRequested', '   '), refusal(/a comment is needed to request changes/));
    assert.equal(grace.getArticle(id)!.reviews, undefined, 'nothing recorded by a refusal');
  });

  it('Approve is recorded for the revision read; publishing records who approved and the header says so', () => {
    const { ada, grace, ship, clock } = people();
    const id = ada.createArticle({ title: 'Cache', body: 'v1' }).id;
    ada.requestReview(id, ['Grace Hopper']);
    ship(ada, grace);
    clock.advance(60_000);
    const approved = grace.reviewArticle(id, 'approved');
    assert.deepEqual(approved.reviews, [{ by: 'Grace Hopper', verdict: 'approved', revision: approved.revision, at: '2026-06-01T09:01:00.000Z' }]);
    assert.equal(isAwaitingReviewBy(approved, 'Grace Hopper'), false, 'done reviewing');
    ship(grace, ada);
    const published = ada.updateArticle(id, { status: 'published' });
    assert.equal(published.status, 'published');
    assert.deepEqual(published.approvedBy, ['Grace Hopper']);
    assert.equal(reviewHeadline(published), 'Published · approved by Grace Hopper');
    ship(ada, grace);
    assert.deepEqual(grace.getArticle(id)!.approvedBy, ['Grace Hopper'], 'the record travels with the article');
  });

  it('refuses publishing while a reviewer asked for changes to this revision; a new revision saved lets it through', () => {
    const { ada, grace, bo, ship } = people();
    const id = ada.createArticle({ title: 'Cache', body: 'v1' }).id;
    ada.requestReview(id, ['Grace Hopper', 'Bo']);
    ship(ada, grace, bo);
    grace.reviewArticle(id, 'changesRequested', 'Say when the cache is warmed.');
    bo.reviewArticle(id, 'approved');
    ship(grace, ada, bo);
    ship(bo, ada, grace);
    const blocked = ada.getArticle(id)!;
    assert.deepEqual(blocked.reviews?.map((r) => [r.by, r.verdict, r.comment]), [
      ['Bo', 'approved', undefined], ['Grace Hopper', 'changesRequested', 'Say when the cache is warmed.'],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    assert.throws(() => ada.updateArticle(id, { status: 'published' }),
      refusal(/^"Cache" cannot be published: Grace Hopper requested changes to this revision and no new revision was saved since\.$/));
    assert.equal(ada.getArticle(id)!.status, 'in-review');
    assert.throws(() => ada.updateArticle(id, { tags: ['x'], status: 'published' }), refusal(/cannot be published/), 'tags are not a new revision');
    // A new revision: the old reviews no longer block, and both reviewers are asked again.
    const revised = ada.updateArticle(id, { body: 'v2: warmed at start-up.' });
    assert.notEqual(revised.revision, blocked.revision);
    assert.equal(isAwaitingReviewBy(revised, 'Grace Hopper'), true);
    assert.equal(isAwaitingReviewBy(revised, 'Bo'), true);
    const published = ada.updateArticle(id, { status: 'published' });
    assert.equal(published.status, 'published');
    assert.deepEqual(published.approvedBy, undefined, "Bo's approval was of the earlier revision");
  });

  it('a body saved together with publishing counts as the new revision', () => {
    const { ada, grace, ship } = people();
    const id = ada.createArticle({ title: 'Cache', body: 'v1' }).id;
    ada.requestReview(id, ['Grace Hopper']);
    ship(ada, grace);
    grace.reviewArticle(id, 'changesRequested', 'Shorter please.');
    ship(grace, ada);
    assert.equal(ada.updateArticle(id, { body: 'v2', status: 'published' }).status, 'published');
  });

  it('a reviewer acting again keeps only their later word', () => {
    const { ada, grace, ship, clock } = people();
    const id = ada.createArticle({ title: 'Cache', body: 'v1' }).id;
    ada.requestReview(id, ['Grace Hopper']);
    ship(ada, grace);
    grace.reviewArticle(id, 'changesRequested', 'Hmm.');
    clock.advance(1000);
    const after = grace.reviewArticle(id, 'approved');
    assert.deepEqual(after.reviews?.map((r) => r.verdict), ['approved']);
    ship(grace, ada);
    assert.deepEqual(ada.updateArticle(id, { status: 'published' }).approvedBy, ['Grace Hopper']);
  });

  it('refuses putting an article in review without reviewers through its status', () => {
    const { ada } = people();
    const id = ada.createArticle({ title: 'Cache' }).id;
    assert.throws(() => ada.updateArticle(id, { status: 'in-review' }), refusal(/"Cache" has no reviewers yet/));
    assert.throws(() => ada.createArticle({ title: 'New', status: 'in-review' }), refusal(/has no reviewers yet/));
    ada.requestReview(id, ['Grace Hopper']);
    ada.updateArticle(id, { status: 'draft' });
    assert.equal(ada.updateArticle(id, { status: 'in-review' }).status, 'in-review', 'back in review with the reviewers it had');
  });

  it("shows a reviewer as the signing device registered them, not the name the event claims", () => {
    const { ada, grace, ship } = people();
    const id = ada.createArticle({ title: 'Cache' }).id;
    ada.requestReview(id, ['Grace Hopper']);
    ship(ada, grace);
    grace.reviewArticle(id, 'approved');
    ada.setAuthorResolver((device) => (device === grace.deviceId ? 'Grace B. M. Hopper' : undefined));
    ship(grace, ada);
    assert.deepEqual(ada.getArticle(id)!.reviews?.map((r) => r.by), ['Grace B. M. Hopper']);
  });
});

describe(`Report Outdated in the store (${testDriver().name})`, () => {
  const options = (now: number) => ({ defaultReviewAfterDays: 180, now });

  it('makes the article need attention for everyone, with who and why, until it is verified', () => {
    const { ada, grace, ship, clock } = people();
    const id = ada.createArticle({ title: 'Cache', body: 'v1', status: 'published' }).id;
    ship(ada, grace);
    clock.advance(60_000);
    grace.reportOutdated(id, 'We moved to Redis.');
    ship(grace, ada);
    const article = ada.getArticle(id)!;
    const reasons = attentionReasons(article, [], options(clock.now()));
    assert.deepEqual(reasons, [{ kind: 'reportedOutdated', by: 'Grace Hopper', at: '2026-06-01T09:01:00.000Z', reason: 'We moved to Redis.' }]);
    assert.equal(describeReason(reasons[0], clock.now()), 'Reported outdated by Grace Hopper on 2026-06-01: We moved to Redis.');
    assert.deepEqual(ada.reportedArticleIds(), [id]);
    clock.advance(60_000);
    ada.markVerified(id);
    assert.deepEqual(attentionReasons(ada.getArticle(id)!, [], options(clock.now())), [], 'Mark Verified after the report answers it');
  });

  it('is answered by a new revision, and a report after that counts again; the reason is optional', () => {
    const { ada, grace, ship, clock } = people();
    const id = ada.createArticle({ title: 'Cache', body: 'v1', status: 'published' }).id;
    ship(ada, grace);
    grace.reportOutdated(id);
    ship(grace, ada);
    assert.equal(activeReports(ada.getArticle(id)!).length, 1);
    assert.equal(describeReason(attentionReasons(ada.getArticle(id)!, [], options(clock.now()))[0], clock.now()), 'Reported outdated by Grace Hopper on 2026-06-01');
    ada.updateArticle(id, { body: 'v2' });
    assert.equal(activeReports(ada.getArticle(id)!).length, 0, 'the new revision answers it');
    ada.updateArticle(id, { tags: ['cache'] });
    ship(ada, grace);
    clock.advance(1000);
    grace.reportOutdated(id, 'Still wrong.');
    ship(grace, ada);
    assert.deepEqual(activeReports(ada.getArticle(id)!).map((r) => r.reason), ['Still wrong.']);
  });

  it('an earlier verification does not answer a later report, and the author cannot report their own article', () => {
    const { ada, grace, ship, clock } = people();
    const id = ada.createArticle({ title: 'Cache', status: 'published' }).id;
    ada.markVerified(id);
    ship(ada, grace);
    clock.advance(1000);
    grace.reportOutdated(id);
    ship(grace, ada);
    assert.equal(activeReports(ada.getArticle(id)!).length, 1);
    assert.throws(() => ada.reportOutdated(id), refusal(/You wrote this article/));
  });
});

describe('Review and report fields from another machine are checked like a local one', () => {
  const event = (changes: Record<string, unknown>) => JSON.stringify(sealEvent({
    entity: 'article', entityId: 'a1', device: 'dev1', seq: 1, author: 'Grace', hlc: '001780304400000-0000', changes, prev: {},
  }));
  const ok = { verdict: 'approved', revision: '0123456789abcdef', at: '2026-06-01T09:00:00.000Z' };

  it('accepts a review, a report and a list of reviewers', () => {
    parseRemoteEvent(event({ review_0123456789abcdef: ok }));
    parseRemoteEvent(event({ report_0123456789abcdef: { reported: true, revision: '0123456789abcdef', at: ok.at, reason: 'old' } }));
    parseRemoteEvent(event({ reviewers: ['Grace Hopper', 'Bo'], approvedBy: ['Bo'] }));
  });

  it('refuses an unknown verdict, a missing revision, a reason too long, and reviewers that are not names', () => {
    assert.throws(() => parseRemoteEvent(event({ review_0123456789abcdef: { ...ok, verdict: 'shrug' } })), /is not a verdict/);
    assert.throws(() => parseRemoteEvent(event({ review_0123456789abcdef: { ...ok, revision: undefined } })), /names the revision/);
    assert.throws(() => parseRemoteEvent(event({ report_0123456789abcdef: { ...ok, reason: 'x'.repeat(10_001) } })), /longer than 10,000/);
    assert.throws(() => parseRemoteEvent(event({ reviewers: 'Grace' })), /list of names/);
    assert.throws(() => parseRemoteEvent(event({ reviewers: [{ name: 'Grace' }] })), /reviewers must be text/);
  });
});

describe(`Migration 7 (${testDriver().name})`, () => {
  it('reads reviews a teammate on a newer Lore sent before this database was upgraded, and gives every article its revision', () => {
    const dir = tempDir('lore-v6-');
    const file = path.join(dir, 'lore.db');
    fs.copyFileSync(path.resolve(__dirname, '../../fixtures/migrations/schema-v6.db'), file);
    const old = Database.open(file, testDriver(), { migrate: false });
    assert.equal(old.pragmaNumber('user_version'), 6);
    const { id } = old.get<{ id: string }>("SELECT id FROM articles WHERE title = 'Cache invalidation'")!;
    const review = { verdict: 'changesRequested', comment: 'Name the cache.', revision: '0123456789abcdef', at: '2026-11-21T09:00:00.000Z' };
    // What an older version keeps of a newer teammate's change: the event, never shown.
    insertEvent(old, sealEvent({
      entity: 'article', entityId: id, device: 'grace1', seq: 1, author: 'Grace Hopper', hlc: '001795251600000-0000',
      changes: { reviewers: ['Grace Hopper'], [personField('review', 'Grace Hopper')]: review }, prev: {},
    }), { local: false, private: false });
    old.close();
    const store = LoreStore.open(file, { driver: testDriver(), author: 'Ada Lovelace' });
    try {
      const article = store.getArticle(id)!;
      assert.deepEqual(article.reviewers, ['Grace Hopper']);
      assert.deepEqual(article.reviews, [{ by: 'Grace Hopper', ...review }]);
      assert.equal(article.revision, revisionOf(article.title, article.body));
      for (const summary of store.listArticles()) assert.match(summary.revision, /^[0-9a-f]{16}$/, `${summary.title} has its revision`);
      assert.deepEqual(Object.fromEntries(store.groupCounts('tag').map((g) => [g.key ?? '(none)', g.count])),
        { cache: 1, ops: 1, performance: 1, security: 1, '(none)': 1 }, 'tag counts survive the table copy');
      const draft = store.createArticle({ title: 'After the upgrade', tags: ['cache'] });
      store.requestReview(draft.id, ['Grace Hopper']);
      assert.equal(store.getArticle(draft.id)!.status, 'in-review', 'the new status is allowed');
      assert.equal(store.groupCounts('tag').find((g) => g.key === 'cache')?.count, 2, 'the count triggers work again');
    } finally {
      store.close();
    }
  });
});

describe(`The review commands an article's row offers (${testDriver().name})`, () => {
  it('each person sees only the commands that apply to them, and Withdraw My Report once they reported', () => {
    const { ada, grace, ship, clock } = people();
    const id = ada.createArticle({ title: 'Cache', body: 'v1' }).id;
    ship(ada, grace);
    assert.deepEqual(reviewActions(ada.getArticle(id)!, ada.author), ['requestReview'], 'the author of a draft asks for a review');
    assert.deepEqual(reviewActions(grace.getArticle(id)!, grace.author), ['reportOutdated']);
    ada.requestReview(id, ['Grace Hopper']);
    ship(ada, grace);
    assert.deepEqual(reviewActions(ada.getArticle(id)!, ada.author), [], 'in review: nothing more for the author to ask');
    assert.deepEqual(reviewActions(grace.getArticle(id)!, grace.author), ['review', 'reportOutdated'], 'Approve and Request Changes for the reviewer asked');
    assert.deepEqual(reviewActions(grace.getArticle(id)!, 'Linus'), ['reportOutdated'], 'not asked: no review');
    clock.advance(1000);
    grace.reportOutdated(id, 'We moved to Redis.');
    assert.deepEqual(reviewActions(grace.getArticle(id)!, grace.author), ['review', 'withdrawReport'], 'reported: withdraw instead of report again');
    const view = reviewView(grace.getArticle(id)!, grace.author);
    assert.deepEqual([view.canReportOutdated, view.canWithdrawReport], [false, true], 'the article view shows Withdraw My Report in place of Report Outdated');
    assert.equal(reviewView(grace.getArticle(id)!, 'Linus').canWithdrawReport, false, 'only to the one who reported');
    clock.advance(1000);
    assert.deepEqual(reviewActions(grace.withdrawReport(id), grace.author), ['review', 'reportOutdated']);
    assert.throws(() => grace.withdrawReport(id), /You have not reported "Cache" outdated/);
  });
});

