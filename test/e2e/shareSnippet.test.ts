import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { git, setGitAuthor, makeGitRepository } from './lib/gitWorkspace';
import {
  activeEditorTab, articleView, editorTab, openFile, quickInputRows, quickInputTitle, cleanUpPeople, searchKnowledge, selectLines,
  showArticleTab, selectionStatus, showLoreViews, startPerson, UI_TIMEOUT, viewRow, waitForArticleView, waitForNoRowUnderGroup,
  waitForRowUnderGroup, type Person,
} from './lib/scenarios';
import { demoFolder } from './lib/session';

// Issue 4: a developer shares the addUser method as knowledge, finds it again, edits it, and
// shares code holding a (documented example) AWS key that Lore masks before saving.
// Issue 10: later the shared code changes, on disk and then through a teammate's commit, and the
// article says so (in its view and under Needs Attention) until the snippet is updated or
// confirmed still accurate.
describe('Share Snippet as Knowledge', function () {
  this.timeout(300_000);
  let ada: Person;
  const title = 'UserStore.addUser (userStore.ts)';

  before(async () => {
    // A project under git, as Ada's would be: changes can then also arrive by a pull.
    const folder = demoFolder('share-snippet');
    makeGitRepository(folder, { name: 'Ada Lovelace', email: 'ada@example.com' });
    ada = await startPerson({ scenario: 'share-snippet', name: 'Ada Lovelace', folder });
  });

  cleanUpPeople(() => ada);

  it('shares the selected addUser method: title and tags asked, then the article opens with the code', async () => {
    const wb = ada.workbench;
    await openFile(wb, 'src/userStore.ts');
    const status = await selectLines(wb, 13, 21);
    assert.match(status, /Ln 21, Col 4 \(390 selected\)/);
    await wb.screenshot('1-selection');

    await wb.runCommand('Lore: Share Snippet as Knowledge');
    // Step 1/2: the title, proposed from the method around the selection.
    await quickInputTitle(wb, 'Share Snippet as Knowledge (1/2): title').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await wb.quickInputBox().inputValue(), title);
    await wb.screenshot('2-title');
    await wb.page.keyboard.press('Enter');

    // Step 2/2: tags. The file's language is suggested; a new tag is typed and added with Enter.
    await quickInputTitle(wb, 'Share Snippet as Knowledge (2/2): tags').waitFor({ timeout: UI_TIMEOUT });
    await quickInputRows(wb, 'typescript').waitFor({ timeout: UI_TIMEOUT });
    await wb.quickInputBox().fill('users');
    await quickInputRows(wb, /users\s*new tag/).waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.press('Enter');
    // The typed tag stays in the list, ticked, and the box is empty again for the next one.
    const usersRow = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="users"][aria-checked="true"]');
    await usersRow.waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await wb.quickInputBox().inputValue(), '');
    await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="typescript"] .monaco-checkbox, .quick-input-widget .quick-input-list .monaco-list-row[aria-label^="typescript"] input[type=checkbox]').first().click();
    await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="typescript"][aria-checked="true"]').waitFor({ timeout: UI_TIMEOUT });
    await wb.page.locator('.quick-input-widget').getByText('2 Selected').waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('3-tags');
    // Enter with nothing typed finishes (the focus must be in the box: Enter on a row ticks it).
    await wb.quickInputBox().click();
    await wb.page.keyboard.press('Enter');

    const view = await waitForArticleView(wb, title);
    await view.locator('.snippet .location', { hasText: 'src/userStore.ts:13-21' }).waitFor();
    const code = await view.locator('.snippet pre code').innerText();
    assert.match(code, /addUser\(email: string, name: string\): User \{/);
    assert.match(code, /const normalized = email\.trim\(\)\.toLowerCase\(\);/);
    assert.match(code, /return user;\n\s*\}/);
    assert.doesNotMatch(code, /findByEmail/, 'only the selected lines are in the snippet');
    const meta = await view.locator('header').innerText();
    assert.match(meta, /Draft/i);
    assert.match(meta, /by Ada Lovelace/);
    assert.match(meta, /#typescript/);
    assert.match(meta, /#users/);
    await wb.waitForNotification(`Shared as draft "${title}"`);
    await wb.screenshot('4-article-view');
  });

  it('lists the new article in the Knowledge view and, for userStore.ts, in For This File', async () => {
    const wb = ada.workbench;
    await showLoreViews(wb);
    await viewRow(wb, 'Knowledge', title).waitFor({ timeout: UI_TIMEOUT });
    // The article view has the focus; For This File keeps showing the file it came from.
    await viewRow(wb, 'For This File', title).waitFor({ timeout: UI_TIMEOUT });
    assert.match(await wb.viewHeader('For This File').innerText(), /userStore\.ts/);
    await wb.screenshot('5-knowledge-and-for-this-file');
    // And it follows the editor: another file has nothing yet, userStore.ts has the article.
    await openFile(wb, 'src/sessionCache.ts');
    await wb.viewBody('For This File').getByText('No knowledge points into this file yet.').waitFor({ timeout: UI_TIMEOUT });
    await editorTab(wb, 'userStore.ts').click();
    await viewRow(wb, 'For This File', title).waitFor({ timeout: UI_TIMEOUT });
  });

  it('"Open Code" in the article jumps back to userStore.ts with the shared lines selected', async () => {
    const wb = ada.workbench;
    // Move away from the shared lines first, so the jump is visible.
    await wb.page.keyboard.press('Control+Home');
    await selectionStatus(wb).filter({ hasText: /^Ln 1, Col 1$/ }).waitFor({ timeout: UI_TIMEOUT });
    const view = await showArticleTab(wb, title);
    await view.getByRole('button', { name: 'Open Code' }).click();
    await editorTab(wb, 'userStore.ts').and(activeEditorTab(wb)).waitFor({ timeout: UI_TIMEOUT });
    await selectionStatus(wb).filter({ hasText: 'Ln 21, Col 4 (390 selected)' }).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('6-open-code');
  });

  it('finds the article with "Lore: Search Knowledge" despite a typo', async () => {
    const wb = ada.workbench;
    await searchKnowledge(wb, 'adUser', title);
    // The notice is in the title, not a row: the first row is the article, and Enter opens it.
    await quickInputTitle(wb, /No article contains “aduser”; showing results for “adduser”/i).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await quickInputRows(wb, /No article contains/).count(), 0, 'the notice is not a row');
    const firstRow = await quickInputRows(wb).first().innerText();
    assert.match(firstRow, /addUser/, 'the first row is the article');
    assert.doesNotMatch(firstRow, /[«»]|```|\*\*/, 'the excerpt is plain text');
    await wb.screenshot('7-search-typo');
    await wb.page.keyboard.press('Enter');
    await waitForArticleView(wb, title);
  });

  it('"Edit" opens the article as Markdown; a saved change shows in the article view', async () => {
    const wb = ada.workbench;
    const view = await waitForArticleView(wb, title);
    await view.getByRole('button', { name: 'Edit' }).click();
    const markdownTab = editorTab(wb, 'userstore-adduser-userstore-ts.md');
    await markdownTab.and(activeEditorTab(wb)).waitFor({ timeout: UI_TIMEOUT });
    const editor = wb.page.locator('.part.editor .editor-group-container.active .editor-container .monaco-editor').first();
    await editor.locator('.view-lines').getByText(`title: ${title}`).waitFor({ timeout: UI_TIMEOUT });
    await editor.locator('.view-lines').click();
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.press('Enter');
    const sentence = 'Emails are normalised to lower case before the duplicate check.';
    await wb.page.keyboard.type(sentence);
    await editor.locator('.view-lines').getByText(sentence).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('8-editing-markdown');
    await wb.page.keyboard.press('Control+S');

    const updated = await showArticleTab(wb, title);
    await updated.locator('article.body').getByText(sentence).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('9-article-updated');

    // The saved words are searchable at once, typo included; Ctrl+Alt+L opens the search.
    await searchKnowledge(wb, 'normalsied', title, { via: 'keybinding' });
    await wb.page.keyboard.press('Escape');
  });

  it('masks the AWS key of config.ts after showing it in the secret review', async () => {
    const wb = ada.workbench;
    await openFile(wb, 'src/config.ts');
    await selectLines(wb, 3, 8);
    await wb.runCommand('Lore: Share Snippet as Knowledge');
    await quickInputTitle(wb, 'Lore found 1 possible secret in what you are about to share').waitFor({ timeout: UI_TIMEOUT });
    const finding = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: 'AWS access key' });
    await finding.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await finding.innerText(), /src\/config\.ts:5/);
    assert.doesNotMatch(await finding.innerText(), /AKIAIOSFODNN7EXAMPLE/, 'the review shows a preview, not the whole key');
    await wb.screenshot('10-secret-review');
    await wb.quickInputBox().click();
    await wb.page.keyboard.press('Enter');

    await quickInputTitle(wb, 'Share Snippet as Knowledge (1/2): title').waitFor({ timeout: UI_TIMEOUT });
    const secretTitle = await wb.quickInputBox().inputValue();
    assert.equal(secretTitle, 'config (config.ts)');
    await wb.page.keyboard.press('Enter');
    await quickInputTitle(wb, 'Share Snippet as Knowledge (2/2): tags').waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.press('Enter');

    const view = await waitForArticleView(wb, secretTitle);
    const code = view.locator('.snippet pre code');
    await code.getByText('<redacted: AWS access key>').waitFor({ timeout: UI_TIMEOUT });
    const text = await view.locator('#root').innerText();
    assert.doesNotMatch(text, /AKIAIOSFODNN7EXAMPLE/);
    assert.match(await code.innerText(), /bucket: 'team-uploads'/, 'the rest of the code is kept');
    await wb.waitForNotification('with 1 secret masked');
    await wb.screenshot('11-secret-masked');
    assert.deepEqual(ada.dialogs, []);
    // The article view is the right one: its location bar names config.ts.
    assert.equal(await articleView(wb).locator('.snippet .location').innerText(), 'src/config.ts:3-8');
  });

  it('says when the shared addUser changed on disk: Show Changes compares, Update Snippet makes it current', async () => {
    const wb = ada.workbench;
    const file = path.join(ada.folder, 'src', 'userStore.ts');
    const before = fs.readFileSync(file, 'utf8');
    const changedLine = 'const user = { id: randomUUID(), email: normalized, name, createdAt: new Date(), active: true };';
    fs.writeFileSync(file, before.replace('const user = { id: randomUUID(), email: normalized, name, createdAt: new Date() };', changedLine));
    // userStore.ts is open in a tab: VS Code reloads it from disk and Lore checks its snippets again.
    // The article's rows warn, and it is listed under Needs Attention, as Ada's.
    await viewRow(wb, 'Knowledge', title).filter({ hasText: '⚠ 1 snippet changed' }).waitFor({ timeout: UI_TIMEOUT });
    const attention = await waitForRowUnderGroup(wb, 'Knowledge', 'Needs Attention', title);
    assert.match(await attention.innerText(), /yours[\s·]+⚠ 1 snippet changed/);
    await attention.click();
    const view = await waitForArticleView(wb, title);
    const freshness = view.locator('.snippet .freshness');
    await freshness.filter({ hasText: 'Changed' }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await freshness.locator('.freshness-reason').innerText(), '1 line changed since it was shared');
    assert.doesNotMatch(await view.locator('.snippet pre code').innerText(), /active: true/, 'the article still shows the code as shared');
    await wb.screenshot('12-snippet-changed');

    await view.getByRole('button', { name: 'Show Changes' }).click();
    const diffTab = wb.page.locator('.part.editor .tabs-container .tab.active', { hasText: 'userStore.ts: snippet as written ↔ code now' });
    await diffTab.waitFor({ timeout: UI_TIMEOUT });
    const modified = wb.page.locator('.part.editor .editor-group-container.active .monaco-diff-editor .editor.modified .view-lines');
    await modified.getByText('active: true', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    assert.doesNotMatch(await wb.page.locator('.part.editor .editor-group-container.active .monaco-diff-editor .editor.original .view-lines').innerText(), /active: true/);
    await wb.screenshot('13-show-changes');

    const again = await showArticleTab(wb, title);
    await again.getByRole('button', { name: 'Update Snippet' }).click();
    await again.locator('.snippet .freshness').filter({ hasText: 'Current' }).waitFor({ timeout: UI_TIMEOUT });
    await again.locator('.snippet pre code').getByText('active: true', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    assert.match(await again.locator('.snippet-updated').innerText(), /^Code updated by Ada Lovelace on /);
    assert.equal(await again.getByRole('button', { name: 'Update Snippet' }).count(), 0);
    await wb.waitForNotification(`Updated the snippet in "${title}"`);
    await viewRow(wb, 'Knowledge', title).filter({ hasNotText: 'snippet changed' }).waitFor({ timeout: UI_TIMEOUT });
    await waitForNoRowUnderGroup(wb, 'Knowledge', 'Needs Attention', title);
    await wb.screenshot('14-snippet-updated');
  });

  it('says so too when a teammate\'s commit changes addUser: listed under Needs Attention, Show Changes compares, Still Accurate takes it off', async () => {
    const wb = ada.workbench;
    // Ada commits her change, and her teammate Grace, in a clone, changes addUser in a commit of her own.
    git(ada.folder, 'commit', '--quiet', '--all', '-m', 'New users start active');
    const grace = path.join(path.dirname(ada.folder), 'grace');
    git(path.dirname(ada.folder), 'clone', '--quiet', ada.folder, grace);
    setGitAuthor(grace, { name: 'Grace Hopper', email: 'grace@example.com' });
    const graceFile = path.join(grace, 'src', 'userStore.ts');
    const addUserStart = 'addUser(email: string, name: string): User {\n    const normalized = email.trim().toLowerCase();';
    const text = fs.readFileSync(graceFile, 'utf8');
    assert.ok(text.includes(addUserStart));
    fs.writeFileSync(graceFile, text.replace(addUserStart, addUserStart.replace('toLowerCase()', "toLowerCase().normalize('NFC')")));
    git(grace, 'commit', '--quiet', '--all', '-m', 'Compare emails in NFC');

    // With no editor open, only git says anything moved: Ada pulls, and HEAD moves with the file.
    await wb.runCommand('View: Close All Editors');
    await wb.page.locator('.part.editor .tabs-container .tab').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    git(ada.folder, 'pull', '--quiet', '--ff-only', grace, 'main');
    assert.match(fs.readFileSync(path.join(ada.folder, 'src', 'userStore.ts'), 'utf8'), /normalize\('NFC'\)/);
    const attention = await waitForRowUnderGroup(wb, 'Knowledge', 'Needs Attention', title);
    assert.match(await attention.innerText(), /⚠ 1 snippet changed/);
    await wb.screenshot('15-needs-attention-after-pull');

    await attention.click();
    const view = await waitForArticleView(wb, title);
    const freshness = view.locator('.snippet .freshness');
    await freshness.filter({ hasText: 'Changed' }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await freshness.locator('.freshness-reason').innerText(), '1 line changed since the snippet was updated');
    // The article's health says the same, counting from Ada's update, not from when it was shared.
    assert.match(await view.locator('.health').innerText(), /A snippet from src\/userStore\.ts changed: 1 line changed since the snippet was updated/);
    assert.doesNotMatch(await view.locator('.snippet pre code').innerText(), /NFC/, 'the article still shows the code as Ada updated it');
    await wb.screenshot('16-changed-by-commit');

    await view.getByRole('button', { name: 'Show Changes' }).click();
    await wb.page.locator('.part.editor .tabs-container .tab.active', { hasText: 'userStore.ts: snippet as written ↔ code now' }).waitFor({ timeout: UI_TIMEOUT });
    const diff = wb.page.locator('.part.editor .editor-group-container.active .monaco-diff-editor');
    await diff.locator('.editor.modified .view-lines').getByText("normalize('NFC')", { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    assert.doesNotMatch(await diff.locator('.editor.original .view-lines').innerText(), /NFC/);
    await wb.screenshot('17-show-changes-commit');

    // The snippet still explains addUser: Ada confirms it rather than taking Grace's line.
    const again = await showArticleTab(wb, title);
    await again.getByRole('button', { name: 'Still Accurate' }).click();
    await again.locator('.snippet .freshness').filter({ hasText: 'Current' }).waitFor({ timeout: UI_TIMEOUT });
    assert.doesNotMatch(await again.locator('.snippet pre code').innerText(), /NFC/, 'Still Accurate keeps the snippet as written');
    assert.equal(await again.getByRole('button', { name: 'Still Accurate' }).count(), 0);
    await wb.waitForNotification(`The snippet in "${title}" is marked still accurate`);
    await waitForNoRowUnderGroup(wb, 'Knowledge', 'Needs Attention', title);
    await viewRow(wb, 'Knowledge', title).filter({ hasNotText: 'snippet changed' }).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('18-still-accurate');
  });

  // Issue 11: a draft from code. Sharing the body of a documented method pre-fills the draft with
  // the method's signature and its doc comment, which were not in the selection.
  it('pre-fills the draft of a documented method with its signature and doc comment', async () => {
    const wb = ada.workbench;
    await openFile(wb, 'src/sessionCache.ts');
    await selectLines(wb, 38, 40);
    await wb.runCommand('Lore: Share Snippet as Knowledge');
    await quickInputTitle(wb, 'Share Snippet as Knowledge (1/2): title').waitFor({ timeout: UI_TIMEOUT });
    const draftTitle = await wb.quickInputBox().inputValue();
    assert.match(draftTitle, /invalidate/, 'the title names the method around the selection');
    await wb.page.keyboard.press('Enter');
    await quickInputTitle(wb, 'Share Snippet as Knowledge (2/2): tags').waitFor({ timeout: UI_TIMEOUT });
    await wb.quickInputBox().click();
    await wb.page.keyboard.press('Enter');

    const view = await waitForArticleView(wb, draftTitle);
    const body = view.locator('article.body');
    await body.getByText('Log-out must reach every instance: delete in Redis, then publish so peers drop it too.').waitFor({ timeout: UI_TIMEOUT });
    const text = await body.innerText();
    assert.match(text, /Documentation/);
    assert.match(text, /async invalidate\(token: string\): Promise<void>/, 'the signature, though the selection held only the body');
    assert.match(await view.locator('.snippet pre code').innerText(), /this\.local\.delete\(token\);/);
    assert.doesNotMatch(await view.locator('.snippet pre code').innerText(), /Log-out must reach/, 'the snippet is the selection alone');
    await body.getByText('Log-out must reach every instance').scrollIntoViewIfNeeded();
    await wb.screenshot('19-draft-from-documented-method');
  });
});
