import { strict as assert } from 'node:assert';
import type { LoreStore } from '../../../src/core/store/loreStore';
import { openTestStore, sampleAnchor, testDriver } from './testStore';

/** Articles that have nothing to do with anything: enough of them that no word or tag is common by accident. */
function filler(store: LoreStore, count = 12): void {
  const topics = ['kubernetes ingress', 'font rendering', 'payroll export', 'docker layers', 'oauth scopes', 'css grid', 'gpu drivers', 'ldap groups', 'pdf forms', 'mqtt brokers', 'smtp relays', 'dns zones', 'yaml anchors', 'rust lifetimes'];
  for (let i = 0; i < count; i++) {
    const topic = topics[i % topics.length];
    store.createArticle({ title: `Notes on ${topic} ${i}`, body: `Everything about ${topic}.`, tags: [`topic-${i}`] });
  }
}

const ids = (store: LoreStore, id: string) => store.relatedArticles(id).map((r) => r.id);

describe(`Related articles (${testDriver().name})`, () => {
  it('ranks the article sharing the rarer tags first, and says which tags', () => {
    const store = openTestStore();
    filler(store);
    const source = store.createArticle({ title: 'Session store', body: 'How sessions are kept.', tags: ['redis', 'cache', 'backend'] });
    const right = store.createArticle({ title: 'Key expiry', body: 'When keys go.', tags: ['redis', 'cache'] });
    // Shares only "backend", which half the knowledge base has.
    const common = store.createArticle({ title: 'Payments', body: 'Charging cards.', tags: ['backend'] });
    for (let i = 0; i < 8; i++) store.createArticle({ title: `Service ${i}`, body: 'A service.', tags: ['backend'] });
    const related = store.relatedArticles(source.id);
    assert.equal(related[0].id, right.id);
    assert.deepEqual(related[0].reasons, ['2 shared tags: cache, redis']);
    assert.ok(related.findIndex((r) => r.id === common.id) !== 0);
  });

  it('ranks the article with snippets in the same code first, the same symbol above the same file', () => {
    const store = openTestStore();
    filler(store);
    const symbol = (path: string, symbolPath: string, line = 10) => ({ ...sampleAnchor(path, line), symbolPath });
    const source = store.createArticle({ title: 'Adding people', snippets: [{ code: 'addUser()', anchor: symbol('src/users.ts', 'UserStore > addUser') }] });
    const sameFile = store.createArticle({ title: 'Removal detail', snippets: [{ code: 'removeUser()', anchor: symbol('src/users.ts', 'UserStore > removeUser', 40) }] });
    const sameSymbol = store.createArticle({ title: 'Validation', snippets: [{ code: 'addUser()', anchor: symbol('src/users.ts', 'UserStore > addUser', 12) }] });
    store.createArticle({ title: 'Elsewhere', snippets: [{ code: 'x()', anchor: symbol('src/other.ts', 'UserStore > addUser') }] });
    const related = store.relatedArticles(source.id);
    assert.deepEqual(related.map((r) => r.id), [sameSymbol.id, sameFile.id]);
    assert.deepEqual(related[0].reasons, ['snippets in the same code: UserStore > addUser in src/users.ts']);
    assert.deepEqual(related[1].reasons, ['snippets in src/users.ts']);
  });

  it('ranks linked articles first, in either direction, above text that merely looks alike', () => {
    const store = openTestStore();
    filler(store);
    const source = store.createArticle({ title: 'Retry policy', body: 'Back off exponentially. See [[Circuit breaker]].' });
    const linkedTo = store.createArticle({ title: 'Circuit breaker', body: 'Stop calling a failing service.' });
    const linkingFrom = store.createArticle({ title: 'Incident 42', body: `We had no [[retry POLICY]], see vscode://lore-team.lore/article/${source.id}.` });
    const lookalike = store.createArticle({ title: 'Retry budget', body: 'Back off exponentially, retry policy aside.' });
    const related = store.relatedArticles(source.id);
    assert.deepEqual(related.slice(0, 2).map((r) => r.id).sort(), [linkedTo.id, linkingFrom.id].sort());
    assert.deepEqual(related.find((r) => r.id === linkedTo.id)!.reasons, ['this article links to it']);
    assert.deepEqual(related.find((r) => r.id === linkingFrom.id)!.reasons[0], 'it links to this article');
    assert.equal(related[2].id, lookalike.id, 'the look-alike comes after the links');
  });

  it('finds an article by its distinctive words alone, and names them', () => {
    const store = openTestStore();
    filler(store);
    const source = store.createArticle({ title: 'Session TTL', body: 'Sessions expire after the ttl. Eviction runs every minute; eviction picks the oldest.' });
    const right = store.createArticle({ title: 'Cache notes', body: 'The eviction of old keys and the ttl of each key.' });
    store.createArticle({ title: 'Minute by minute', body: 'Runs every minute.' });
    const related = store.relatedArticles(source.id);
    assert.equal(related[0].id, right.id);
    assert.match(related[0].reasons[0], /^similar text: /);
    assert.ok(related[0].reasons[0].includes('eviction') && related[0].reasons[0].includes('ttl'), related[0].reasons[0]);
  });

  it('adds the evidence up: an article related in two ways ranks above one related in one', () => {
    const store = openTestStore();
    filler(store);
    const source = store.createArticle({ title: 'Source', body: 'See [[One way]] and [[Two ways]].', tags: ['rare-tag'] });
    const one = store.createArticle({ title: 'One way' });
    const two = store.createArticle({ title: 'Two ways', tags: ['rare-tag'] });
    const related = store.relatedArticles(source.id);
    assert.deepEqual(related.map((r) => r.id), [two.id, one.id]);
    assert.deepEqual(related[0].reasons, ['this article links to it', 'shared tag: rare-tag']);
  });

  it('never lists the article itself, a deleted article, or a teammate\'s withdrawn (private) one; lists one\'s own private ones', () => {
    const ann = openTestStore(':memory:', { author: 'Ann' });
    const bob = openTestStore(':memory:', { author: 'Bob' });
    const source = ann.createArticle({ title: 'Cache', body: 'See [[Cache]], [[Gone]], [[Withdrawn]] and [[Mine]].', tags: ['cache'] });
    const gone = ann.createArticle({ title: 'Gone', tags: ['cache'] });
    const withdrawn = ann.createArticle({ title: 'Withdrawn', tags: ['cache'] });
    bob.ingest(ann.unpublishedEvents());
    ann.markPublished(ann.unpublishedEvents().map((e) => e.id));
    ann.updateArticle(withdrawn.id, { visibility: 'private' });
    ann.deleteArticle(gone.id);
    bob.ingest(ann.unpublishedEvents());
    const mine = bob.createArticle({ title: 'Mine', tags: ['cache'], visibility: 'private' });

    assert.deepEqual(ids(bob, source.id), [mine.id], 'Bob sees his own private article, never Ann\'s withdrawn one');
    assert.deepEqual(ids(ann, source.id), [withdrawn.id], 'Ann sees her own private article');
    assert.ok(!ids(ann, source.id).includes(source.id));
  });

  it('orders ties by title, then id, the same on every call', () => {
    const store = openTestStore();
    filler(store);
    const source = store.createArticle({ title: 'Source', tags: ['shared'] });
    const b = store.createArticle({ title: 'beta', tags: ['shared'] });
    const a = store.createArticle({ title: 'Alpha', tags: ['shared'] });
    const c = store.createArticle({ title: 'Gamma', tags: ['shared'] });
    const first = store.relatedArticles(source.id);
    assert.deepEqual(first.map((r) => r.id), [a.id, b.id, c.id]);
    assert.equal(new Set(first.map((r) => r.score)).size, 1, 'a tie');
    assert.deepEqual(store.relatedArticles(source.id), first);
  });

  it('keeps to the limit, and answers nothing for an unknown article', () => {
    const store = openTestStore();
    filler(store);
    const source = store.createArticle({ title: 'Source', tags: ['t'] });
    for (let i = 0; i < 8; i++) store.createArticle({ title: `Other ${i}`, tags: ['t'] });
    assert.equal(store.relatedArticles(source.id).length, 5);
    assert.equal(store.relatedArticles(source.id, 2).length, 2);
    assert.deepEqual(store.relatedArticles('nope'), []);
  });

  it('for several articles (a file\'s), leaves them and the excluded out and says which one each is related to', () => {
    const store = openTestStore();
    filler(store);
    const a = store.createArticle({ title: 'File article A', tags: ['alpha'] });
    const b = store.createArticle({ title: 'File article B', body: 'See [[Target]].', tags: ['alpha'] });
    const target = store.createArticle({ title: 'Target' });
    const excluded = store.createArticle({ title: 'Already listed', tags: ['alpha'] });
    const related = store.relatedToArticles([a, b], 5, [excluded.id]);
    assert.deepEqual(related.map((r) => r.id), [target.id]);
    assert.deepEqual(related[0].reasons, ['related to “File article B”: this article links to it']);
  });
});
