import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/core/clock';
import { openTestStore, sampleAnchor, testDriver } from './testStore';

describe(`Knowledge graph from the store (${testDriver().name})`, () => {
  it('holds the live articles with their tags, teams, snippet files and links; deleted ones and their links are gone', () => {
    const store = openTestStore();
    const cache = store.createArticle({ title: 'Session cache', tags: ['redis'], team: 'Platform', snippets: [{ code: 'get()', anchor: sampleAnchor('src/cache.ts') }] });
    const retry = store.createArticle({ title: 'Retry policy', body: 'Read [[Session cache]] first.', tags: ['redis'], visibility: 'private' });
    const gone = store.createArticle({ title: 'Old notes', body: '[[Retry policy]]', tags: ['legacy'] });
    store.deleteArticle(gone.id);
    const graph = store.knowledgeGraph();
    assert.deepEqual(graph.nodes.map((n) => n.id).sort(), [`article:${cache.id}`, `article:${retry.id}`, 'file:src/cache.ts', 'tag:redis', 'team:Platform'].sort());
    assert.deepEqual(graph.edges.filter((e) => e.kind === 'link').map((e) => [e.source, e.target]), [[`article:${retry.id}`, `article:${cache.id}`]]);
    assert.equal(graph.totalArticles, 2);
  });

  it('draws at most the limit, the articles changed last, and says how many there are', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const store = openTestStore(':memory:', { clock });
    const ids = [1, 2, 3].map((n) => {
      clock.advance(1000);
      return store.createArticle({ title: `Article ${n}` }).id;
    });
    const graph = store.knowledgeGraph(2);
    assert.deepEqual(graph.nodes.map((n) => n.articleId), [ids[2], ids[1]]);
    assert.equal(graph.totalArticles, 3);
  });
});
