import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KnowledgeNode } from '../../src/extension/knowledge/knowledgeTree';
import { eventually, loreApi } from './support/lore';

// Issue 11: [[Article Title]] links in the article editor and the article view.
describe('Links between articles in a real VS Code', function () {
  this.timeout(30_000);
  const suffix = Date.now().toString(36);
  const targetTitle = `Links target ${suffix}`;

  it('completes titles after [[, reports a link to a missing title with quick fixes, and makes good links clickable', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const target = store.createArticle({ title: targetTitle, body: 'The thing linked to.' });
    const article = store.createArticle({ title: `Links source ${suffix}`, body: `Read [[${targetTitle}]] and [[Nothing called this ${suffix}]].\n\nSee [[Links tar` });
    await vscode.commands.executeCommand('lore.editArticle', article.id);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.scheme === 'lore', 'the article opened in an editor');
    const document = editor.document;

    await eventually('a broken-link problem', () => vscode.languages.getDiagnostics(document.uri).length > 0);
    const problems = vscode.languages.getDiagnostics(document.uri);
    assert.equal(problems.length, 1, 'only the link to a missing title is a problem');
    assert.equal(document.getText(problems[0].range), `Nothing called this ${suffix}`);
    assert.match(problems[0].message, /No article is titled "Nothing called this/);

    // What the light bulb's quick fix menu asks for. In about one run in two the first request
    // came back empty (VS Code cancels a code-action request when its document's model changes;
    // the cause of a change here is not known), so ask until an answer comes, as the light bulb
    // asks again when the cursor moves.
    let titles: string[] = [];
    await eventually('quick fixes for the broken link', async () => {
      const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', document.uri, problems[0].range, vscode.CodeActionKind.QuickFix.value);
      titles = fixes.map((f) => f.title);
      return titles.length > 0;
    });
    assert.ok(titles.includes(`Create the article "Nothing called this ${suffix}"`), titles.join(', '));
    assert.ok(titles.includes('Link to an existing article…'), titles.join(', '));

    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri);
    const good = links.find((l) => document.getText(l.range) === targetTitle);
    assert.ok(good?.target, 'the link to an existing article is clickable');
    assert.equal(good.target.scheme, 'command');
    assert.ok(decodeURIComponent(good.target.query).includes(target.id), 'it opens the linked article');
    assert.ok(!links.some((l) => document.getText(l.range).startsWith('Nothing called this')), 'a broken link opens nothing');

    const end = document.lineAt(document.lineCount - 1).range.end;
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end, '[');
    const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes(targetTitle), `completion offers the title; got ${labels.slice(0, 5).join(', ')}`);

    // Creating the missing article mends the link: the problem goes away.
    store.createArticle({ title: `Nothing called this ${suffix}` });
    await eventually('the problem to go once the article exists', () => vscode.languages.getDiagnostics(document.uri).length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows a link as Lore\'s own article link in the article view, and the linking article under "Linked from"', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const target = store.createArticle({ title: `Linked-from target ${suffix}` });
    const source = store.createArticle({ title: `Linked-from source ${suffix}`, body: `Depends on [[linked-from TARGET ${suffix}|the target]].` });
    const sourceView = api.knowledge.panels.view(store.getArticle(source.id)!);
    assert.match(sourceView.bodyHtml, new RegExp(`<a href="#" class="lore-article-link" data-article-id="${target.id}"[^>]*>the target</a>`));
    const targetView = api.knowledge.panels.view(store.getArticle(target.id)!);
    assert.deepEqual(targetView.linkedFrom, [{ id: source.id, title: source.title }]);

    // Renaming the target rewrites the link, so it still points at it.
    store.updateArticle(target.id, { title: `Renamed target ${suffix}` });
    assert.equal(store.getArticle(source.id)!.body, `Depends on [[Renamed target ${suffix}|the target]].`);
  });

  it('turns [[Title]] and article links in a code comment into links with a hover, and lists the articles a file mentions in For This File', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const article = store.createArticle({ title: `Mentioned design ${suffix}`, body: 'Why the cache expires.\n\nSecond line.', status: 'published' });
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, 'mentions', `cache-${suffix}.ts`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `export const ttl = 60;\n\n    // See [[mentioned design ${suffix}]] and [[No such article ${suffix}]].\n`);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);

    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri);
    const lore = links.filter((l) => l.target?.scheme === 'command');
    assert.deepEqual(lore.map((l) => document.getText(l.range)), [`[[mentioned design ${suffix}]]`], 'only the mention of an article Lore has is a link');
    assert.ok(decodeURIComponent(lore[0].target!.query).includes(article.id));

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, lore[0].range.start.translate(0, 3));
    // As read on screen: Markdown's backslash escapes undone.
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/\\(.)/g, '$1');
    assert.match(text, new RegExp(`Mentioned design ${suffix}`));
    assert.match(text, /Why the cache expires\./);
    assert.match(text, /Open in Lore/);

    await eventually('For This File lists the mentioned article', () =>
      (api.knowledge.forThisFile.getChildren() as KnowledgeNode[]).some((n) => 'article' in n && n.article.id === article.id));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
