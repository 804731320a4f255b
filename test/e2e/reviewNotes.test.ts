import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  activeEditorTab, commentWidget, editorLineText, editorTab, goToLine, openFile, cleanUpPeople, selectionStatus, selectLines, showLoreViews,
  startPerson, typeComment, UI_TIMEOUT, viewRow, waitForArticleView, waitForCommentThreadOn, type Person,
} from './lib/scenarios';

// Issue 5: a reviewer leaves a note on a line of sessionCache.ts, answers it in a reply, the note is
// resolved; then the file changes (typed in the editor, then on disk while it is closed) and
// the note stays on its code; its line edited on disk, it says why it needs review and is
// re-attached from its thread.
describe('Review notes', function () {
  this.timeout(300_000);
  let grace: Person;
  const note = 'Is 5 seconds short enough for a revoked session?';
  const reply = 'Yes: invalidate() publishes on session-invalidated, so peers drop it at once.';
  const code = 'if (hit && Date.now() - hit.storedAt < LOCAL_TTL_MS) return hit.session;';

  before(async () => {
    grace = await startPerson({ scenario: 'review-notes', name: 'Grace Hopper' });
  });

  cleanUpPeople(() => grace);

  it('adds a note on the selected line: the comment widget opens, the note is written and saved as a question', async () => {
    const wb = grace.workbench;
    await showLoreViews(wb);
    await openFile(wb, 'src/sessionCache.ts');
    await selectLines(wb, 23, 23);
    assert.equal((await editorLineText(wb, 23)).trim(), code);
    await wb.runCommand('Lore: Add Review Note');
    const widget = commentWidget(wb);
    await widget.getByText('New review note: write it, then choose its kind').waitFor({ timeout: UI_TIMEOUT });
    await typeComment(wb, note);
    await wb.screenshot('1-draft');
    await widget.getByRole('button', { name: 'Add Question' }).click();

    await widget.getByText('Question · open').waitFor({ timeout: UI_TIMEOUT });
    await widget.getByText(note).waitFor({ timeout: UI_TIMEOUT });
    assert.match(await widget.innerText(), /Grace Hopper/);
    await waitForCommentThreadOn(wb, 23);
    const row = viewRow(wb, 'Review Notes', note);
    await row.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await row.innerText(), /Question · line 23 · Grace Hopper/);
    assert.match(await wb.viewBody('Review Notes').innerText(), /sessionCache\.ts\s*src · 1 open/);
    await wb.screenshot('2-note-saved');
  });

  it('takes a reply (Ctrl+Enter) and is resolved from its title bar', async () => {
    const wb = grace.workbench;
    const widget = commentWidget(wb);
    // Issue 19: the empty box under a note reads as a reply, not as "write a note, choose its kind".
    const placeholder = widget.locator('.comment-form .editorPlaceholder');
    await placeholder.waitFor({ timeout: UI_TIMEOUT });
    assert.equal((await placeholder.innerText()).trim(), 'Write your reply or note (Markdown)');
    await wb.screenshot('3a-reply-box');
    await typeComment(wb, reply);
    await wb.page.keyboard.press('Control+Enter');
    await widget.getByText(reply).waitFor({ timeout: UI_TIMEOUT });
    await viewRow(wb, 'Review Notes', /1 reply/).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('3-reply');

    await widget.getByRole('button', { name: 'Resolve Note' }).click();
    const row = viewRow(wb, 'Review Notes', /Question · line 23 · Grace Hopper · resolved · 1 reply/);
    await row.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await wb.viewBody('Review Notes').innerText(), /1 resolved/);
    // The thread is still in the gutter, resolved (collapsed).
    await waitForCommentThreadOn(wb, 23);
    await wb.screenshot('4-resolved');
  });

  it('follows its code when lines are typed above it', async () => {
    const wb = grace.workbench;
    await goToLine(wb, 1);
    for (let i = 0; i < 3; i++) await wb.page.keyboard.press('Enter');
    // The gutter marker moves with the code at once…
    await waitForCommentThreadOn(wb, 26);
    assert.equal((await editorLineText(wb, 26)).trim(), code);
    // …and the Review Notes view shows the new line once Lore has saved where the note is.
    await viewRow(wb, 'Review Notes', /Question · line 26 ·/).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('5-typed-above');

    // A click on the note in the view shows its code: the status bar says what is selected.
    await wb.page.keyboard.press('Control+S');
    await wb.page.keyboard.press('Control+Home');
    await selectionStatus(wb).filter({ hasText: /^Ln 1, Col 1$/ }).waitFor({ timeout: UI_TIMEOUT });
    await viewRow(wb, 'Review Notes', note).click();
    await selectionStatus(wb).filter({ hasText: `Ln 26, Col ${code.length + 5} (${code.length + 4} selected)` }).waitFor({ timeout: UI_TIMEOUT });
    await commentWidget(wb).getByText(reply).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('6-revealed-from-view');
  });

  it('is still on its code after the file changed on disk while closed', async () => {
    const wb = grace.workbench;
    const file = path.join(grace.folder, 'src', 'sessionCache.ts');
    // Saved above: the file on disk has the three new lines.
    await wb.page.waitForFunction(() => !document.querySelector('.part.editor .tabs-container .tab.active.dirty'), undefined, { timeout: UI_TIMEOUT });
    assert.equal(fs.readFileSync(file, 'utf8').split('\n')[25].trim(), code);
    await wb.page.keyboard.press('Control+W');
    await editorTab(wb, 'sessionCache.ts').waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    // Someone else's change (a git pull, a formatter): a header and an import above the note.
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `// Copyright the session team.\n// Reviewed in Lore.\nimport { strict as assert } from 'node:assert';\n${text}`);

    await openFile(wb, 'src/sessionCache.ts');
    await waitForCommentThreadOn(wb, 29);
    assert.equal((await editorLineText(wb, 29)).trim(), code);
    await viewRow(wb, 'Review Notes', /Question · line 29 ·/).waitFor({ timeout: UI_TIMEOUT });
    // Not flagged as moved out of place or lost.
    assert.doesNotMatch(await viewRow(wb, 'Review Notes', note).innerText(), /needs review|orphaned|outdated/i);
    await wb.screenshot('7-changed-on-disk');

    // Then its line is edited on disk while the file is open (a teammate's pull): the note asks
    // for review, and the view, the gutter and the thread say the same line and why.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(code, code.replace('< LOCAL_TTL_MS', '<= LOCAL_TTL_MS')));
    await viewRow(wb, 'Review Notes', /Question · line 29 · .*code changed, needs review/).waitFor({ timeout: UI_TIMEOUT });
    await viewRow(wb, 'Review Notes', note).click();
    const widget = commentWidget(wb);
    await widget.getByText('Question · resolved — needs review: the code here changed').waitFor({ timeout: UI_TIMEOUT });
    await widget.getByText(/The code here changed: 1 line edited\. Check that the note still applies to line 29/).waitFor({ timeout: UI_TIMEOUT });
    await waitForCommentThreadOn(wb, 29);
    await wb.screenshot('7b-needs-review-explained');

    // Re-attach Here in the thread's title accepts the code there now.
    await widget.getByRole('button', { name: 'Re-attach Here' }).click();
    await viewRow(wb, 'Review Notes', /Question · line 29 · Grace Hopper · resolved · 1 reply$/).waitFor({ timeout: UI_TIMEOUT });
    await widget.getByText(/The code here changed/).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await waitForCommentThreadOn(wb, 29);
  });

  it('exports from the Review Notes title button and says where the file went', async () => {
    const wb = grace.workbench;
    await wb.clearNotifications();
    await wb.viewHeader('Review Notes').hover();
    await wb.viewHeader('Review Notes').getByRole('button', { name: 'Export Review Notes' }).click();
    await wb.waitForQuickInput('Export Review Notes (1/3)');
    await wb.pickQuickInputItem('Markdown');
    await wb.waitForQuickInput(/Export Review Notes \(2\/3\)/);
    await wb.page.keyboard.press('Enter');
    // The save dialog (VS Code's own in the browser) proposes review-notes.md in the workspace.
    await wb.waitForQuickInput('Export Review Notes (3/3)');
    await wb.page.keyboard.press('Enter');
    const message = await wb.waitForNotification(/Exported 1 review note to/);
    assert.match(message, /review-notes\.md/);
    assert.match(fs.readFileSync(path.join(grace.folder, 'review-notes.md'), 'utf8'), /5 seconds short enough/);
    await wb.screenshot('8-exported-from-title-button');
  });
  // Issue 19: Promote to Knowledge links the note and the article both ways; the article's link
  // to the note, clicked in the article view, shows the note on its code.
  it('is promoted to a draft article whose link back to the note shows the note in its file', async () => {
    const wb = grace.workbench;
    await wb.clearNotifications();
    await viewRow(wb, 'Review Notes', note).click();
    const widget = commentWidget(wb);
    await widget.getByText(reply).waitFor({ timeout: UI_TIMEOUT });
    // The cursor away from the note, so that only the link can bring it back.
    await goToLine(wb, 1);
    await widget.getByRole('button', { name: 'Promote to Knowledge' }).click();
    await wb.waitForQuickInput('Promote to Knowledge: title');
    const title = (await wb.quickInputBox().inputValue()).trim();
    assert.ok(title.length > 0 && title.length <= 80, `a short title is proposed: ${JSON.stringify(title)}`);
    await wb.page.keyboard.press('Enter');
    const view = await waitForArticleView(wb, title);
    await wb.waitForNotification(`Promoted to the draft article "${title}". Resolve the note?`);
    const link = view.getByRole('link', { name: 'review note' });
    await link.waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('9-promoted-article');

    await link.click();
    await editorTab(wb, 'sessionCache.ts').and(activeEditorTab(wb)).waitFor({ timeout: UI_TIMEOUT });
    await selectionStatus(wb).filter({ hasText: /^Ln 29, Col \d+ \(\d+ selected\)$/ }).waitFor({ timeout: UI_TIMEOUT });
    await widget.getByText(note, { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    // The note links to the article too: its reply names it, and the name opens it.
    await widget.getByText(`Promoted to the knowledge article “${title}”.`).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('10-note-from-article-link');
    await widget.getByRole('link', { name: `“${title}”` }).click();
    await waitForArticleView(wb, title);
  });
});
