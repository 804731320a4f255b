import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually, loreApi, manifest } from './support/lore';

// Issue 11: a Backlinks section for the active article.
describe('The Backlinks view in a real VS Code', function () {
  this.timeout(30_000);
  const suffix = Date.now().toString(36);

  it('lists the articles linking to the active article, follows the article focused last and the links as they change', async () => {
    assert.ok(manifest().contributes.views.lore.some((v) => v.id === 'lore.backlinks' && v.name === 'Backlinks'), 'a Backlinks view in the Lore sidebar');
    const api = await loreApi();
    const store = api.services.stores.get();
    const { backlinks, backlinksView } = api.knowledge;
    const target = store.createArticle({ title: `Backlinks target ${suffix}`, body: 'Linked to from elsewhere.' });
    const byTitle = store.createArticle({ title: `A linking by title ${suffix}`, body: `Read [[backlinks TARGET ${suffix}]] first.` });
    const byLink = store.createArticle({ title: `B linking by Lore link ${suffix}`, body: `See vscode://lore-team.lore/article/${target.id}.` });
    store.createArticle({ title: `C in code only ${suffix}`, body: `Write \`[[Backlinks target ${suffix}]]\` to link.` });
    const titles = () => (backlinks.getChildren() ?? []).map((node) => node.toTreeItem().label);

    await vscode.commands.executeCommand('lore.openArticle', target.id);
    await eventually('the view to follow the opened article', () => backlinks.activeArticleId === target.id);
    assert.deepEqual(titles(), [byTitle.title, byLink.title], 'both ways of linking, sorted by title; a title in code is no link');
    assert.equal(backlinksView.description, target.title, 'the view says whose backlinks it shows');
    const row = backlinks.getChildren()[0].toTreeItem();
    assert.equal(row.command?.command, 'lore.openArticle');
    assert.deepEqual(row.command?.arguments, [byTitle.id], 'a row opens the linking article');

    // A link taken out refreshes the view.
    let refreshed = false;
    const listening = backlinks.onDidChangeTreeData(() => { refreshed = true; });
    store.updateArticle(byLink.id, { body: 'No link any more.' });
    await eventually('the view to refresh after the edit', () => refreshed);
    listening.dispose();
    assert.deepEqual(titles(), [byTitle.title]);

    // Focusing a code file keeps the article; opening another article's editor follows it.
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, `backlinks-${suffix}.ts`);
    fs.writeFileSync(file, 'export const x = 1;\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    assert.equal(backlinks.activeArticleId, target.id, 'a code file leaves the view on the last article');
    await vscode.commands.executeCommand('lore.editArticle', byTitle.id);
    await eventually('the view to follow the article editor', () => backlinks.activeArticleId === byTitle.id);
    assert.deepEqual(titles(), [], 'nothing links to the linking article');
    assert.match(backlinksView.message ?? '', /No article links to "A linking by title/);

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file, { force: true });
  });
});
