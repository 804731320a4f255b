import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KnowledgeNode } from '../../src/extension/knowledge/knowledgeTree';
import { eventually, loreApi } from './support/lore';

// Issue 11: "Related articles" in the article view and in For This File.
describe('Related articles in a real VS Code', function () {
  this.timeout(30_000);
  const suffix = Date.now().toString(36);

  it('lists related articles with why in the article view, and articles related to a file\'s in For This File', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const relative = `related/cache-${suffix}.ts`;
    const code = 'export const ttl = 60;\n';
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    fs.mkdirSync(path.join(folder, 'related'), { recursive: true });
    fs.writeFileSync(path.join(folder, relative), code);
    const tag = `related-tag-${suffix}`;
    const fileArticle = store.createArticle({
      title: `Cache expiry ${suffix}`, body: 'Why keys expire.', tags: [tag], status: 'published',
      snippets: [{ code, language: 'typescript', anchor: { path: relative, range: { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0 }, text: code, contextBefore: '', contextAfter: '', hash: '' } }],
    });
    const related = store.createArticle({ title: `Eviction policy ${suffix}`, body: `Read [[Cache expiry ${suffix}]] first.`, tags: [tag], status: 'published' });

    const view = api.knowledge.panels.view(store.getArticle(fileArticle.id)!);
    const shown = view.related?.find((r) => r.id === related.id);
    assert.ok(shown, `the view lists the related article; got ${JSON.stringify(view.related)}`);
    assert.equal(view.related![0].id, related.id, 'first: it links here and shares a tag');
    assert.deepEqual(shown.reasons, ['it links to this article', `shared tag: ${tag}`]);
    assert.ok(!view.related!.some((r) => r.id === fileArticle.id), 'never the article itself');

    const document = await vscode.workspace.openTextDocument(path.join(folder, relative));
    await vscode.window.showTextDocument(document);
    let row: vscode.TreeItem | undefined;
    await eventually('For This File lists the related article as "related"', () => {
      const rows = api.knowledge.forThisFile.getChildren() as KnowledgeNode[];
      const node = rows.find((n) => 'article' in n && n.article.id === related.id);
      row = node && 'article' in node ? node.toTreeItem() : undefined;
      return rows.some((n) => 'article' in n && n.article.id === fileArticle.id) && row !== undefined;
    });
    assert.match(String(row!.description), /^related/);
    const tooltip = row!.tooltip instanceof vscode.MarkdownString ? row!.tooltip.value : String(row!.tooltip);
    assert.match(tooltip, /Why it is related to this file/);
    assert.ok(tooltip.includes('it links to this article'), tooltip);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
