import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
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

    // What the light bulb's quick fix menu asks for.
    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', document.uri, problems[0].range, vscode.CodeActionKind.QuickFix.value);
    const titles = fixes.map((f) => f.title);
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
});
