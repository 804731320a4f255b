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
});
