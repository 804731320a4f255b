import { strict as assert } from 'node:assert';
import {
  attentionOrder, attentionReasons, describeReason, isMine, isReviewDue, reviewDue, reviewPeriodDays, type HealthArticle, type HealthSnippet,
} from '../../../src/core/articles/articleHealth';

const DAY = 24 * 60 * 60 * 1000;
const created = '2026-01-01T00:00:00.000Z';
const t0 = Date.parse(created);
const article = (extra: Partial<HealthArticle> = {}): HealthArticle => ({ createdAt: created, status: 'published', ...extra });
const at = (days: number, ms = 0) => t0 + days * DAY + ms;
const opts = (now: number, defaultReviewAfterDays = 180) => ({ now, defaultReviewAfterDays });
const snippet = (state: HealthSnippet['state'], id = 's1'): HealthSnippet => ({ snippetId: id, state, path: 'src/cache.ts', reason: `${state} reason` });

describe('Article health (needs attention, and why)', () => {
  it('is fine while every snippet is current or elsewhere and the review period has not passed', () => {
    assert.deepEqual(attentionReasons(article(), [snippet('current'), snippet('elsewhere', 's2')], opts(at(179))), []);
  });

  it('names each changed and each gone snippet, in order', () => {
    const reasons = attentionReasons(article(), [snippet('changed'), snippet('current', 's2'), snippet('gone', 's3')], opts(at(1)));
    assert.deepEqual(reasons.map((r) => r.kind), ['snippetChanged', 'snippetGone']);
    assert.deepEqual(reasons.map((r) => (r.kind === 'snippetChanged' || r.kind === 'snippetGone') && r.snippetId), ['s1', 's3']);
    assert.match(describeReason(reasons[0], at(1)), /^A snippet from src\/cache\.ts changed: changed reason$/);
    assert.match(describeReason(reasons[1], at(1)), /^A snippet's code is gone: gone reason$/);
  });

  it('is due for review exactly when the period from creation has passed, not a millisecond before', () => {
    assert.equal(isReviewDue(article(), 180, at(180, -1)), false);
    assert.equal(isReviewDue(article(), 180, at(180)), true);
    const [due] = attentionReasons(article(), [], opts(at(180)));
    assert.deepEqual(due, { kind: 'reviewDue', dueAt: '2026-06-30T00:00:00.000Z', from: 'created', days: 180 });
    assert.equal(describeReason(due, at(180)), 'Due for review: written more than 180 days ago; review was due 2026-06-30 (today)');
    assert.match(describeReason(due, at(183)), /\(3 days ago\)$/);
  });

  it('counts from the last verification when there is one, and Mark Verified clears the date reason', () => {
    const verified = article({ verified: { by: 'Ana', at: new Date(at(100)).toISOString() } });
    assert.equal(isReviewDue(verified, 180, at(200)), false, 'created 200 days ago, verified 100 days ago');
    assert.equal(isReviewDue(verified, 180, at(280, -1)), false);
    assert.equal(isReviewDue(verified, 180, at(280)), true);
    assert.equal(reviewDue(verified, 180).from, 'verified');
    assert.match(describeReason(attentionReasons(verified, [], opts(at(281)))[0], at(281)), /last verified more than 180 days ago/);
  });

  it("uses the article's own review-after over the setting, and the setting over the default", () => {
    assert.equal(reviewPeriodDays(article({ reviewAfterDays: 30 }), 180), 30);
    assert.equal(reviewPeriodDays(article(), 90), 90);
    assert.equal(reviewPeriodDays(article(), 0), 180, 'a setting that makes no sense falls back to 180 days');
    assert.equal(isReviewDue(article({ reviewAfterDays: 30 }), 180, at(30, -1)), false);
    assert.equal(isReviewDue(article({ reviewAfterDays: 30 }), 180, at(30)), true);
    assert.equal(isReviewDue(article(), 90, at(90)), true);
  });

  it('lists snippet reasons and the review date together', () => {
    assert.deepEqual(attentionReasons(article(), [snippet('gone')], opts(at(365))).map((r) => r.kind), ['snippetGone', 'reviewDue']);
  });

  it('never asks attention for an archived article', () => {
    const archived = article({ status: 'archived' });
    assert.deepEqual(attentionReasons(archived, [snippet('gone')], opts(at(999))), []);
    assert.equal(isReviewDue(archived, 180, at(999)), false);
  });

  it("lists the user's articles first (written, owned, or owned by their team), then by how much needs doing", () => {
    const items = [
      { title: 'B other', author: 'Bo', reasons: 3 },
      { title: 'A other', author: 'Bo', reasons: 1 },
      { title: 'Z owned', author: 'Bo', owner: '@ana', reasons: 1 },
      { title: 'Y team', author: 'Bo', owner: 'Platform', reasons: 1 },
      { title: 'X written', author: 'Ana', reasons: 2 },
    ];
    const user = { name: 'ana', teams: ['platform'] };
    assert.deepEqual(attentionOrder(items, user).map((i) => i.title), ['X written', 'Y team', 'Z owned', 'B other', 'A other']);
    assert.equal(isMine({ author: 'Bo', owner: 'Platform' }, { name: 'Ana' }), false, 'not in the team: not hers');
  });
});
