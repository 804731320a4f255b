import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { eventually, loreApi } from './support/lore';

// Issue 19: the places a new user stumbled in their first hour with Lore, walked through in a
// real VS Code as they would: search with a typo, then link one article from another.
describe('The first hour with Lore in a real VS Code', function () {
  this.timeout(60_000);
  const suffix = Date.now().toString(36);
  const title = `Session cache invalidation ${suffix}`;
  let articleId: string;

  before(async () => {
    const api = await loreApi();
    articleId = api.services.stores.get().createArticle({
      title,
      body: `Entries expire *and* are evicted on logout (see the ~~old~~ rule) ${suffix}.\n\n\`\`\`ts\nconst ttlSeconds = 3600; // invalidation after an hour\n\`\`\`\n`,
      status: 'published',
    }).id;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('searches with a typo: the notice is in the title, the top result is the article with a plain-text excerpt, and Enter opens it', async () => {
    const api = await loreApi();
    const quickPick = await vscode.commands.executeCommand<vscode.QuickPick<vscode.QuickPickItem & { articleId?: string }>>('lore.search', `invalidaton ${suffix}`);
    assert.match(quickPick.title ?? '', /showing results for .*invalidation/i);
    const top = quickPick.items[0];
    assert.equal(top.articleId, articleId, `the first row is the article, not a notice: ${quickPick.items.map((i) => i.label).join(' | ')}`);
    // The excerpt reads as the article reads: no Markdown marks, no fence info string, no «».
    assert.ok(top.detail, 'the row shows an excerpt');
    assert.doesNotMatch(top.detail, /[*~`«»]|\bts const\b/, top.detail);
    assert.match(top.detail, /the old rule\) .* const ttlSeconds = 3600; \/\/ invalidation/, top.detail);
    // Enter, until the rows have reached the quick pick on screen (they are sent to it after this call).
    await eventually('Enter opens the top result', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return api.knowledge.panels.openArticleIds.includes(articleId);
    });
  });

  it("shows a teammate's $(name) in a search row as written, not as an icon (issue 17)", async () => {
    const api = await loreApi();
    const iconTitle = `Release checklist $(verified) ${suffix}`;
    api.services.stores.get().createArticle({ title: iconTitle, body: `Signed off $(check) by security ${suffix}.\n`, status: 'published' });
    const quickPick = await vscode.commands.executeCommand<vscode.QuickPick<vscode.QuickPickItem & { articleId?: string }>>('lore.search', `checklist ${suffix}`);
    const row = quickPick.items.find((i) => i.articleId);
    assert.ok(row, `a row for the article: ${quickPick.items.map((i) => i.label).join(' | ')}`);
    // VS Code draws `$(name)` in a row's label and detail as an icon, and `\$(name)` as the text "$(name)".
    assert.equal(row.label, `Release checklist \\$(verified) ${suffix}`);
    assert.match(row.detail ?? '', /Signed off \\\$\(check\) by security/, row.detail);
  });

  it("pastes a copied article link bare into another article, where it shows the article's title", async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    await vscode.commands.executeCommand('lore.copyLink', articleId);
    const link = await vscode.env.clipboard.readText();
    assert.equal(link, `${vscode.env.uriScheme}://lore-team.lore/article/${articleId}`);
    const other = store.createArticle({ title: `Logout flow ${suffix}`, body: `Sessions end as described in ${link}\n` });
    const view = api.knowledge.panels.view(store.getArticle(other.id)!);
    assert.match(view.bodyHtml, new RegExp(`<a href="#" class="lore-article-link" data-article-id="${articleId}"[^>]*>${title}</a>`), view.bodyHtml);
  });
});
