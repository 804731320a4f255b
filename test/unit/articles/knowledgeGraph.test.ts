import { strict as assert } from 'node:assert';
import { buildKnowledgeGraph, type GraphArticle } from '../../../src/core/articles/knowledgeGraph';
import { articleMatches, filterGraph, graphFacets, neighbourhood } from '../../../src/core/articles/graphFilter';

const article = (id: string, title: string, more: Partial<GraphArticle> = {}): GraphArticle => ({
  id, title, body: '', tags: [], status: 'published', visibility: 'team', files: [], ...more,
});

const edgeSet = (graph: { edges: Array<{ source: string; target: string }> }) => graph.edges.map((e) => `${e.source} -> ${e.target}`).sort();
const nodeIds = (graph: { nodes: Array<{ id: string }> }) => graph.nodes.map((n) => n.id).sort();

describe('Knowledge graph', () => {
  const articles = [
    article('a', 'Session cache', { body: 'See [[retry POLICY]] and `[[Not a link]]`.', tags: ['redis', 'cache'], team: 'Platform', files: ['src/cache.ts'] }),
    article('b', 'Retry policy', { body: 'Used by vscode://lore-team.lore/article/c and [[Nowhere]] and [[Retry policy]].', tags: ['redis'], files: ['src/cache.ts', 'src/retry.ts'] }),
    article('c', 'Incident 42', { status: 'draft', visibility: 'private', team: 'Payments' }),
  ];

  it('joins articles by their links, tags, teams and snippet files, each edge saying why', () => {
    const graph = buildKnowledgeGraph(articles);
    assert.deepEqual(nodeIds(graph), [
      'article:a', 'article:b', 'article:c', 'file:src/cache.ts', 'file:src/retry.ts', 'tag:cache', 'tag:redis', 'team:Payments', 'team:Platform',
    ]);
    assert.deepEqual(edgeSet(graph), [
      'article:a -> article:b', 'article:a -> file:src/cache.ts', 'article:a -> tag:cache', 'article:a -> tag:redis', 'article:a -> team:Platform',
      'article:b -> article:c', 'article:b -> file:src/cache.ts', 'article:b -> file:src/retry.ts', 'article:b -> tag:redis',
      'article:c -> team:Payments',
    ]);
    const link = graph.edges.find((e) => e.kind === 'link' && e.source === 'article:a')!;
    assert.equal(link.why, '“Session cache” links to “Retry policy”');
    assert.equal(graph.edges.find((e) => e.target === 'file:src/retry.ts')!.why, '“Retry policy” has a snippet in src/retry.ts');
    assert.equal(graph.nodes.find((n) => n.id === 'tag:redis')!.label, '#redis');
    assert.equal(graph.nodes.find((n) => n.id === 'article:c')!.private, true);
  });

  it('a title two articles share names the newer (given first); a link to itself or to no article is left out', () => {
    const graph = buildKnowledgeGraph([article('new', 'Cache'), article('old', 'cache'), article('x', 'X', { body: '[[CACHE]] [[X]] [[Missing]]' })]);
    assert.deepEqual(edgeSet(graph), ['article:x -> article:new']);
  });

  it('filters by tag, team, status and title words, keeping what the kept articles join', () => {
    const graph = buildKnowledgeGraph(articles);
    assert.deepEqual(nodeIds(filterGraph(graph, { tag: 'cache' })), ['article:a', 'file:src/cache.ts', 'tag:cache', 'tag:redis', 'team:Platform']);
    assert.deepEqual(nodeIds(filterGraph(graph, { team: 'Payments' })), ['article:c', 'team:Payments']);
    assert.deepEqual(nodeIds(filterGraph(graph, { status: 'draft' })), ['article:c', 'team:Payments']);
    const byText = filterGraph(graph, { text: 'POLICY retry', kinds: ['tag'] });
    assert.deepEqual(nodeIds(byText), ['article:b', 'tag:redis']);
    assert.deepEqual(edgeSet(byText), ['article:b -> tag:redis'], 'a link to an article filtered out is not drawn');
    assert.deepEqual(edgeSet(filterGraph(graph, { tag: 'redis', kinds: [] })), ['article:a -> article:b']);
    assert.equal(articleMatches(graph.nodes.find((n) => n.id === 'tag:redis')!, {}), false, 'only articles match a filter');
  });

  it('the neighbourhood of an article to a depth reaches through links and shared tags and files', () => {
    const graph = buildKnowledgeGraph(articles);
    assert.deepEqual(nodeIds(neighbourhood(graph, 'article:c', 1)), ['article:b', 'article:c', 'team:Payments']);
    assert.deepEqual(nodeIds(neighbourhood(graph, 'article:c', 0)), ['article:c']);
    const two = neighbourhood(graph, 'article:c', 2);
    assert.ok(nodeIds(two).includes('article:a') && nodeIds(two).includes('file:src/retry.ts'));
    assert.ok(!nodeIds(two).includes('tag:cache'));
    assert.deepEqual(nodeIds(neighbourhood(graph, 'article:gone', 3)), []);
  });

  it('lists the tags, teams and statuses to filter by', () => {
    assert.deepEqual(graphFacets(buildKnowledgeGraph(articles)), { tags: ['cache', 'redis'], teams: ['Payments', 'Platform'], statuses: ['draft', 'published'] });
  });
});
