import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/core/clock';
import { blendScore, freshness, helpfulness, NO_SIGNALS, use } from '../../../src/core/search/ranking';
import { openTestStore, testDriver } from '../store/testStore';

const NOW = Date.UTC(2026, 5, 1, 9);
const DAY = 86_400_000;

describe('The blend of text, helpfulness, use and freshness', () => {
  it('with every signal missing, ranks by text alone', () => {
    assert.equal(blendScore(0.8, NO_SIGNALS, NOW), 0.8);
    assert.equal(blendScore(0.3, NO_SIGNALS, NOW), 0.3);
    assert.equal(helpfulness(NO_SIGNALS), 0);
    assert.equal(use(NO_SIGNALS), 0);
    assert.equal(freshness(NO_SIGNALS, NOW), 0);
  });

  it('rewards a long helpful record over one lucky vote, and lowers an unhelpful article', () => {
    assert.ok(helpfulness({ helpful: 20, notHelpful: 2 }) > helpfulness({ helpful: 1, notHelpful: 0 }));
    assert.ok(helpfulness({ helpful: 0, notHelpful: 5 }) < 0);
    assert.ok(blendScore(0.5, { ...NO_SIGNALS, helpful: 20 }, NOW) > blendScore(0.6, NO_SIGNALS, NOW), 'well-liked beats a slightly better text match');
    assert.ok(blendScore(0.5, { ...NO_SIGNALS, helpful: 1 }, NOW) < blendScore(0.9, NO_SIGNALS, NOW), 'one vote does not beat a much better match');
  });

  it('counts use against what the position alone would bring: shown often and never opened goes down', () => {
    assert.ok(use({ stays: 5, expected: 2 }) > 0);
    assert.ok(use({ stays: 0, expected: 4 }) < 0);
    assert.ok(use({ stays: 3, expected: 3 }) === 0, 'clicked as often as its position predicts: neutral');
  });

  it('puts an outdated article down and a recently verified one up', () => {
    assert.equal(freshness({ outdated: true }, NOW), -1);
    assert.ok(freshness({ outdated: false, verifiedAt: NOW - DAY }, NOW) > 0.4);
    assert.equal(freshness({ outdated: false, verifiedAt: NOW - 200 * DAY }, NOW), 0);
  });
});

describe(`Search that learns from use (${testDriver().name})`, () => {
  function knowledge() {
    const clock = new ManualClock(NOW);
    const store = openTestStore(':memory:', { author: 'Ada', clock });
    // "retry" matches all three; by text, the first is the best match.
    const a = store.createArticle({ title: 'Retry budgets', body: 'retry retry retry: how many retries a client may make', status: 'published' }).id;
    const b = store.createArticle({ title: 'Backoff', body: 'Exponential backoff between each retry of a request.', status: 'published' }).id;
    const c = store.createArticle({ title: 'Queues', body: 'A dead letter queue holds messages after the last retry.', status: 'published' }).id;
    return { store, clock, a, b, c };
  }
  const order = (store: ReturnType<typeof knowledge>['store'], query: string, ranking?: 'text' | 'blend') =>
    store.search(query, { ranking }).results.map((r) => r.title);

  it('after a series of searches that open the same result, that result ranks higher for those words, and only for them', () => {
    const { store } = knowledge();
    const before = order(store, 'retry');
    assert.equal(before[0], 'Retry budgets');
    const queuesAt = before.indexOf('Queues');
    assert.ok(queuesAt > 0);
    for (let i = 0; i < 5; i++) {
      const shown = store.search('retry').results;
      store.recordSearch('retry', shown.map((r) => r.articleId));
      store.recordOpen(shown.find((r) => r.title === 'Queues')!.articleId, 'search', 'retry');
    }
    assert.equal(order(store, 'retry')[0], 'Queues', 'the one people open comes first');
    assert.deepEqual(order(store, 'retry', 'text'), before, 'text-only ranking is unchanged');
    assert.deepEqual(order(store, 'backoff'), ['Backoff'], 'other words are not affected');
  });

  it('a result opened and closed straight away does not rise', () => {
    const { store } = knowledge();
    const before = order(store, 'retry');
    for (let i = 0; i < 5; i++) {
      const shown = store.search('retry').results;
      store.recordSearch('retry', shown.map((r) => r.articleId));
      const queues = shown.find((r) => r.title === 'Queues')!.articleId;
      store.recordOpen(queues, 'search', 'retry');
      store.recordBounce(queues);
    }
    assert.equal(order(store, 'retry').indexOf('Queues'), before.indexOf('Queues'));
  });

  it('helpful votes raise an article and an unanswered "outdated" lowers it', () => {
    const { store, c } = knowledge();
    assert.deepEqual(order(store, 'retry'), ['Retry budgets', 'Backoff', 'Queues'], 'by text');
    for (let i = 0; i < 3; i++) {
      const reader = openTestStore(':memory:', { author: `Reader ${i}` });
      reader.ingest(store.unpublishedEvents());
      reader.voteOnArticle(c, { helpful: true });
      store.ingest(reader.unpublishedEvents());
    }
    assert.deepEqual(order(store, 'retry'), ['Retry budgets', 'Queues', 'Backoff'], 'helped three readers');
    const grace = openTestStore(':memory:', { author: 'Grace' });
    grace.ingest(store.unpublishedEvents());
    grace.voteOnArticle(c, { helpful: false, reason: 'outdated' });
    store.ingest(grace.unpublishedEvents());
    assert.deepEqual(order(store, 'retry'), ['Retry budgets', 'Backoff', 'Queues'], 'outdated goes down even with helpful votes');
    assert.deepEqual(order(store, 'retry', 'text'), ['Retry budgets', 'Backoff', 'Queues']);
  });
});
