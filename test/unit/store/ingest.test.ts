import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/core/clock';
import type { LoreEvent } from '../../../src/core/store/events';
import { openTestStore, testDriver } from './testStore';

/** Two replicas that exchange events by hand. */
function pair() {
  const clockA = new ManualClock(Date.UTC(2026, 5, 1, 9));
  const clockB = new ManualClock(Date.UTC(2026, 5, 1, 9));
  const a = openTestStore(':memory:', { author: 'Ada', clock: clockA });
  const b = openTestStore(':memory:', { author: 'Bo', clock: clockB });
  const sent = new Set<string>();
  const ship = (from: typeof a, to: typeof a): LoreEvent[] => {
    const events = from.unpublishedEvents().filter((e) => !sent.has(`${e.id}>${to.deviceId}`));
    events.forEach((e) => sent.add(`${e.id}>${to.deviceId}`));
    to.ingest(events);
    return events;
  };
  return { a, b, clockA, clockB, ship };
}

describe(`Applying events from other devices (${testDriver().name})`, () => {
  it('shows an article written elsewhere, and ignores the same events a second time', () => {
    const { a, b, ship } = pair();
    const article = a.createArticle({ title: 'Shared', tags: ['x'] });
    const events = ship(a, b);
    assert.equal(b.getArticle(article.id)?.title, 'Shared');
    const again = b.ingest(events);
    assert.equal(again.inserted, 0);
    assert.equal(again.duplicates, events.length);
  });

  it('reaches the same state whatever order events arrive in', () => {
    const { a, b } = pair();
    const article = a.createArticle({ title: 'v1' });
    a.updateArticle(article.id, { title: 'v2' });
    a.updateArticle(article.id, { body: 'body', tags: ['t'] });
    const events = a.unpublishedEvents();
    b.ingest([...events].reverse());
    assert.deepEqual(b.getArticle(article.id), a.getArticle(article.id));
  });

  it('keeps both versions when two people change a title at once', () => {
    const { a, b, clockB, ship } = pair();
    const article = a.createArticle({ title: 'Original' });
    ship(a, b);
    a.updateArticle(article.id, { title: 'Ada’s title' });
    clockB.advance(1000);
    b.updateArticle(article.id, { title: 'Bo’s title' });
    ship(a, b);
    ship(b, a);
    assert.equal(a.getArticle(article.id)?.title, 'Bo’s title', 'the later edit is shown');
    assert.deepEqual(a.getArticle(article.id), b.getArticle(article.id));
    const conflicts = a.getConflicts(article.id);
    assert.equal(conflicts.length, 1);
    assert.deepEqual(conflicts[0].versions.map((v) => v.value), ['Bo’s title', 'Ada’s title']);
    assert.equal(a.listArticles()[0].hasConflicts, true);
    a.resolveConflict(article.id, 'title', 'Agreed title');
    ship(a, b);
    assert.deepEqual(b.getConflicts(article.id), []);
    assert.equal(b.getArticle(article.id)?.title, 'Agreed title');
  });

  it('lets an edit someone saw win over an older one even when the older clock runs ahead', () => {
    const { a, b, clockA, ship } = pair();
    const article = a.createArticle({ title: 'Start' });
    clockA.advance(3 * 24 * 3600 * 1000); // A's clock is three days fast
    a.updateArticle(article.id, { body: 'from the future' });
    ship(a, b);
    b.updateArticle(article.id, { body: 'seen and replaced' });
    ship(b, a);
    assert.equal(a.getArticle(article.id)?.body, 'seen and replaced');
    assert.deepEqual(a.getConflicts(article.id), []);
  });

  it('merges tags added on two machines at once', () => {
    const { a, b, ship } = pair();
    const article = a.createArticle({ title: 'T', tags: ['base', 'old'] });
    ship(a, b);
    a.updateArticle(article.id, { tags: ['base', 'old', 'from-ada'] });
    b.updateArticle(article.id, { tags: ['base', 'from-bo'] });
    ship(a, b);
    ship(b, a);
    assert.deepEqual(a.getArticle(article.id)?.tags, ['base', 'from-ada', 'from-bo']);
    assert.deepEqual(b.getArticle(article.id)?.tags, ['base', 'from-ada', 'from-bo']);
  });

  it('keeps an article when someone edited it while someone else deleted it, and says so', () => {
    const { a, b, ship } = pair();
    const article = a.createArticle({ title: 'Contested', body: 'v1' });
    ship(a, b);
    a.deleteArticle(article.id);
    b.updateArticle(article.id, { body: 'important fix' });
    const overridden: string[] = [];
    a.onDidChange((c) => overridden.push(...c.deletesOverridden));
    ship(b, a);
    ship(a, b);
    assert.equal(a.getArticle(article.id)?.body, 'important fix');
    assert.equal(b.getArticle(article.id)?.body, 'important fix');
    assert.deepEqual(overridden, [article.id]);
  });

  it('deletes for everyone when the delete saw the latest edit', () => {
    const { a, b, ship } = pair();
    const article = a.createArticle({ title: 'Old news' });
    ship(a, b);
    b.updateArticle(article.id, { body: 'edit' });
    ship(b, a);
    a.deleteArticle(article.id);
    ship(a, b);
    assert.equal(a.getArticle(article.id), undefined);
    assert.equal(b.getArticle(article.id), undefined);
  });

  it('appends review comments from both sides without conflict', () => {
    const { a, b, ship } = pair();
    const thread = a.createThread({
      anchor: { path: 'a.ts', range: { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 4 }, text: 'code', contextBefore: '', contextAfter: '', hash: '' },
      kind: 'question',
      body: 'Why?',
    });
    ship(a, b);
    a.addComment(thread.id, 'Ada adds');
    b.addComment(thread.id, 'Bo adds');
    ship(a, b);
    ship(b, a);
    assert.equal(a.getThread(thread.id)?.comments.length, 3);
    assert.deepEqual(a.getThread(thread.id), b.getThread(thread.id));
  });
});
