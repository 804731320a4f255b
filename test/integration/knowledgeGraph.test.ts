import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { eventually, loreApi } from './support/lore';

// Issue 11: the graph view (Lore: Show Knowledge Graph).
describe('Knowledge graph view in a real VS Code', function () {
  this.timeout(30_000);
  const suffix = Date.now().toString(36);

  it('opens from its command with the articles, their shared tag and their link; clicking an article opens it; it follows changes', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const tag = `graph-${suffix}`;
    const target = store.createArticle({ title: `Graph target ${suffix}`, tags: [tag] });
    const source = store.createArticle({ title: `Graph source ${suffix}`, body: `See [[Graph target ${suffix}]].`, tags: [tag] });

    await vscode.commands.executeCommand('lore.showGraph');
    assert.ok(api.knowledge.graph.isOpen, 'the command opens the graph panel');
    const graph = api.knowledge.graph.shownGraph!;
    const ids = new Set(graph.nodes.map((n) => n.id));
    assert.ok(ids.has(`article:${target.id}`) && ids.has(`article:${source.id}`), 'both articles are nodes');
    assert.ok(ids.has(`tag:${tag}`), 'their shared tag is a node');
    const edges = graph.edges.map((e) => `${e.kind} ${e.source} ${e.target}`);
    assert.ok(edges.includes(`tag article:${target.id} tag:${tag}`) && edges.includes(`tag article:${source.id} tag:${tag}`), 'both join the tag');
    assert.ok(edges.includes(`link article:${source.id} article:${target.id}`), 'the link is an edge');

    // What the webview posts when the target's node is clicked.
    await api.knowledge.graph.handle({ type: 'openNode', nodeId: `article:${target.id}` });
    assert.ok(api.knowledge.panels.openArticleIds.includes(target.id), 'clicking the node opens the article');
    // A node the graph does not hold opens nothing.
    const before = api.knowledge.panels.openArticleIds.length;
    await api.knowledge.graph.handle({ type: 'openNode', nodeId: 'article:not-in-the-graph' });
    assert.equal(api.knowledge.panels.openArticleIds.length, before);

    const added = store.createArticle({ title: `Graph newcomer ${suffix}`, tags: [tag] });
    await eventually('the graph to show the new article', () => api.knowledge.graph.shownGraph?.nodes.some((n) => n.id === `article:${added.id}`) ?? false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(api.knowledge.graph.isOpen, false, 'closing the tab closes the panel');
  });

  it('shows only the nodes within the chosen depth of an article (Show in Graph, Show Neighbourhood), and the whole graph again', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    // A chain of links: A → B → C → D → E, and an article linked to none of them.
    const titles = ['A', 'B', 'C', 'D', 'E'].map((letter) => `Chain ${letter} ${suffix}`);
    const chain = titles.map((title, i) => store.createArticle({ title, body: i + 1 < titles.length ? `Next: [[${titles[i + 1]}]].` : 'The end.' }));
    const stranger = store.createArticle({ title: `Chain stranger ${suffix}` });
    const node = (i: number) => `article:${chain[i].id}`;
    const shown = () => new Set(api.knowledge.graph.shownGraph!.nodes.map((n) => n.id));
    const within = (ids: string[]) => new Set(ids);

    // From the article (its view's or the Knowledge view's Show in Graph): two steps around C.
    await vscode.commands.executeCommand('lore.showInGraph', chain[2].id);
    assert.ok(api.knowledge.graph.isOpen, 'Show in Graph opens the graph panel');
    assert.deepEqual(shown(), within([node(0), node(1), node(2), node(3), node(4)]), 'two steps from C: the whole chain and nothing else');

    // What the webview posts when depth 1 is chosen.
    await api.knowledge.graph.handle({ type: 'focus', nodeId: node(2), depth: 1 });
    assert.deepEqual(shown(), within([node(1), node(2), node(3)]), 'one step from C: B, C and D');
    const edges = new Set(api.knowledge.graph.shownGraph!.edges.map((e) => `${e.source} ${e.target}`));
    assert.deepEqual(edges, new Set([`${node(1)} ${node(2)}`, `${node(2)} ${node(3)}`]), 'and only the links between them');

    // Show Neighbourhood on another node (right-click or N in the webview), from the end of the chain.
    await api.knowledge.graph.handle({ type: 'focus', nodeId: node(4), depth: 3 });
    assert.deepEqual(shown(), within([node(1), node(2), node(3), node(4)]), 'three steps from E: B to E');

    // Show Whole Graph.
    await api.knowledge.graph.handle({ type: 'showAll' });
    assert.ok(shown().has(`article:${stranger.id}`) && chain.every((_, i) => shown().has(node(i))), 'the whole graph again');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
