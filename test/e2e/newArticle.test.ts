import { strict as assert } from 'node:assert';
import { articleTab, cleanUpPeople, editorTab, startPerson, UI_TIMEOUT, waitForArticleView, type Person } from './lib/scenarios';

describe('Writing a first article', function () {
  this.timeout(300_000);
  let session: Person;
  const title = 'How we cache user sessions';

  before(async () => {
    session = await startPerson({ scenario: 'new-article', name: 'Ada Lovelace' });
  });

  cleanUpPeople(() => session);

  it('creates an article from the palette, finds it in the Knowledge view and opens it', async () => {
    const wb = session.workbench;
    await wb.clickActivityBar('Lore');
    await wb.runCommand('Lore: New Article', { opens: 'New Article' });
    await wb.typeIntoQuickInput(title, { submit: false });
    await wb.screenshot('1-title');
    await wb.page.keyboard.press('Enter');
    // The article opens as a Markdown document with front matter.
    const editorTab = wb.page.locator('.tabs-container .tab', { hasText: /how-we-cache-user-sessions|How we cache user sessions/i });
    await editorTab.first().waitFor();
    await wb.treeItem(title, 'Knowledge').waitFor();
    await wb.screenshot('2-in-knowledge-view');
    await wb.clickTreeItem(title, 'Knowledge');
    // The article view shows the title as its heading.
    await wb.page.locator('.tabs-container .tab.active', { hasText: title }).waitFor();
    await wb.activeWebview().getByRole('heading', { name: title }).waitFor();
    await wb.screenshot('3-article-open');
  });

  // Issue 11: [[links]] between articles, written in the article editor.
  it('links a second article to the first by completing [[, reports a link to a missing title, and its quick fix creates that article', async () => {
    const wb = session.workbench;
    const second = 'Session eviction';
    await wb.runCommand('Lore: New Article', { opens: 'New Article' });
    await wb.typeIntoQuickInput(second);
    const editor = wb.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
    await wb.page.locator('.tabs-container .tab.active', { hasText: /session-eviction/i }).waitFor({ timeout: UI_TIMEOUT });
    // The cursor is where the text goes (below the front matter). `[[` opens the completion.
    await wb.page.keyboard.type('Read [[How we');
    const suggestion = wb.page.locator('.suggest-widget .monaco-list-row', { hasText: title });
    await suggestion.first().waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('4-link-completion');
    await wb.page.keyboard.press('Enter');
    await editor.locator('.view-lines', { hasText: `Read [[${title}]]` }).waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.insertText(' and [[Retry policy]].');
    await wb.page.keyboard.press('Control+S');
    await wb.page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: /session-eviction/i }).waitFor({ timeout: UI_TIMEOUT });

    // The link to a title no article has: a warning in the Problems panel.
    await wb.page.keyboard.press('Control+Shift+M');
    const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'No article is titled "Retry policy"' });
    await problem.waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('5-broken-link-problem');
    // Its quick fix, from the light bulb menu (Ctrl+.) on the link, creates the article.
    await problem.click();
    await editor.click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await wb.page.keyboard.press('Escape');
    await problem.dblclick();
    // VS Code's first code-action answer sometimes comes back empty (seen in CI and in the
    // integration test; cause not known): press Ctrl+. again, as a person would.
    const fix = wb.page.locator('.action-widget .monaco-list-row, .context-view .action-widget li', { hasText: 'Create the article "Retry policy"' });
    for (let attempt = 1; ; attempt++) {
      await wb.page.keyboard.press('Control+.');
      const shown = await fix.first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) throw new Error('The quick fix "Create the article" was not offered after three Ctrl+.');
      await wb.page.keyboard.press('Escape');
    }
    await wb.screenshot('6-quick-fix');
    await fix.first().click();
    await wb.page.locator('.tabs-container .tab.active', { hasText: /retry-policy/i }).waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.press('Control+S');
    await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'No article is titled "Retry policy"' }).waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    // In the article view, the link opens the first article, which lists the second under "Linked from".
    await wb.clickTreeItem(second, 'Knowledge');
    let view = await waitForArticleView(wb, second);
    await view.locator('a.lore-article-link', { hasText: title }).click();
    await articleTab(wb, title).and(wb.page.locator('.tabs-container .tab.active')).waitFor({ timeout: UI_TIMEOUT });
    view = await waitForArticleView(wb, title);
    const linkedFrom = view.locator('.linked-from');
    await linkedFrom.getByText(second).waitFor({ timeout: UI_TIMEOUT });
    assert.match(await linkedFrom.innerText(), /Linked from/);
    await wb.screenshot('7-linked-from');
  });

  // Issue 11: the graph view shows both articles, their shared tag and the link between them.
  it('tags both articles alike and the knowledge graph shows them, their shared tag and their link', async () => {
    const wb = session.workbench;
    // Both articles are still open in the article editor (from the steps above).
    for (const file of ['how-we-cache-user-sessions.md', 'session-eviction.md']) {
      await editorTab(wb, file).click();
      await wb.page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ timeout: UI_TIMEOUT });
      // Replace All in the editor: the front matter's empty tag list becomes [sessions].
      await wb.page.keyboard.press('Control+H');
      const find = wb.page.locator('.editor-group-container.active .find-widget.visible');
      await find.locator('.find-part textarea, .find-part input').first().fill('tags: []');
      await find.locator('.replace-part textarea, .replace-part input').first().fill('tags: [sessions]');
      await find.locator('[aria-label^="Replace All"]').click();
      await wb.page.keyboard.press('Escape');
      await wb.page.keyboard.press('Control+S');
      await wb.page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: file }).waitFor({ timeout: UI_TIMEOUT });
    }
    await wb.runCommand('Lore: Show Knowledge Graph');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'Knowledge Graph' }).waitFor({ timeout: UI_TIMEOUT });
    const graph = wb.activeWebview();
    // Three articles (the quick fix made "Retry policy"), two links, from "Session eviction".
    await graph.locator('.summary', { hasText: '3 articles, 2 links' }).waitFor({ timeout: UI_TIMEOUT });
    await graph.getByLabel('Show articles with this tag').selectOption('sessions');
    await graph.locator('.summary', { hasText: '2 articles, 1 link' }).waitFor({ timeout: UI_TIMEOUT });
    await graph.locator('body[data-layout="settled"]').waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('8-knowledge-graph');
    // The keyboard's way in: type words of a title, Down to the match, Enter opens the article.
    await graph.getByLabel('Filter articles by title').fill('eviction');
    await graph.getByRole('button', { name: 'Session eviction' }).press('Enter');
    await waitForArticleView(wb, 'Session eviction');
  });
});
