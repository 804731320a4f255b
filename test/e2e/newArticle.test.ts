import { cleanUpPeople, startPerson, type Person } from './lib/scenarios';

describe('Writing a first article', function () {
  this.timeout(240_000);
  let session: Person;

  before(async () => {
    session = await startPerson({ scenario: 'new-article', name: 'Ada Lovelace' });
  });

  cleanUpPeople(() => session);

  it('creates an article from the palette, finds it in the Knowledge view and opens it', async () => {
    const wb = session.workbench;
    const title = 'How we cache user sessions';
    await wb.clickActivityBar('Lore');
    await wb.runCommand('Lore: New Article');
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
});
