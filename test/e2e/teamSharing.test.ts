import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshRunDir } from '../../scripts/harness/api.mjs';
import {
  activeEditorTab, commentWidget, editorTab, fillQuickInput, openFile, quickInputRows, quickInputTitle,
  cleanUpPeople, selectionStatus, selectLines, setUpTeamFolder, showArticleTab, showLoreViews, startPeople, typeComment, UI_TIMEOUT, viewRow,
  waitForArticleView, type Person,
} from './lib/scenarios';
import type { Workbench } from './lib/workbench';

/** "Lore: Sync Now" and the message it ends with. */
async function syncNow(wb: Workbench): Promise<string> {
  await wb.clearNotifications();
  await wb.runCommand('Lore: Sync Now');
  return wb.waitForNotification('Lore synced:', UI_TIMEOUT * 2);
}

// Issue 6: two teammates, each with their own VS Code profile and their own clone of the
// workspace, share one team folder. What one shares reaches the other.
describe('Team sync between two people', function () {
  this.timeout(600_000);
  let ada: Person;
  let grace: Person;
  let teamFolder: string;
  const title = 'UserStore.addUser (userStore.ts)';
  const question = 'Should addUser reject an empty name too?';

  before(async () => {
    teamFolder = path.join(freshRunDir('team-sharing-folder'), 'team');
    fs.mkdirSync(teamFolder);
    [ada, grace] = await startPeople(
      { scenario: 'team-sharing', person: 'ada', name: 'Ada Lovelace' },
      { scenario: 'team-sharing', person: 'grace', name: 'Grace Hopper' },
    );
  });

  cleanUpPeople(() => ada, () => grace);

  it('Ada creates the team folder and Grace joins it', async () => {
    const created = await setUpTeamFolder(ada.workbench, teamFolder, 'Create a new team folder');
    assert.match(created, /Lore synced: sent \d+, received 0 changes\./);
    assert.ok(fs.existsSync(path.join(teamFolder, 'lore', 'FORMAT.json')), 'the team folder is marked as Lore\'s');
    await ada.workbench.screenshot('1-team-folder-created');

    const joined = await setUpTeamFolder(grace.workbench, teamFolder, 'Join my team');
    assert.match(joined, /Lore synced: sent \d+, received \d+ changes?\./);
    const devices = fs.readdirSync(path.join(teamFolder, 'lore', 'devices'));
    assert.equal(devices.length, 2, 'one device folder per person');
    await grace.workbench.screenshot('1-joined');
  });

  it('an article Ada shares appears in Grace\'s Knowledge view after a sync on each side', async () => {
    const a = ada.workbench;
    await showLoreViews(a);
    await openFile(a, 'src/userStore.ts');
    await selectLines(a, 13, 21);
    await a.runCommand('Lore: Share Snippet as Knowledge');
    await quickInputTitle(a, 'Share Snippet as Knowledge (1/2): title').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await a.quickInputBox().inputValue(), title);
    await a.page.keyboard.press('Enter');
    await quickInputTitle(a, 'Share Snippet as Knowledge (2/2): tags').waitFor({ timeout: UI_TIMEOUT });
    await a.page.keyboard.press('Enter');
    await waitForArticleView(a, title);
    await viewRow(a, 'Knowledge', title).waitFor({ timeout: UI_TIMEOUT });
    await a.screenshot('2-shared');
    const sent = await syncNow(a);
    assert.match(sent, /Lore synced: sent \d+, received \d+ changes?\./);
    await a.screenshot('3-synced');

    const g = grace.workbench;
    await showLoreViews(g);
    // Grace's Lore may already have picked the change up in the background (it watches the
    // team folder); Sync Now makes sure, and says so.
    await syncNow(g);
    await viewRow(g, 'Knowledge', title).waitFor({ timeout: UI_TIMEOUT });
    await g.screenshot('2-article-arrived');

    // Grace opens it: Ada's name and code, and "Open Code" opens Grace's own copy of the file.
    await viewRow(g, 'Knowledge', title).click();
    const view = await waitForArticleView(g, title);
    assert.match(await view.locator('header').innerText(), /by Ada Lovelace/);
    assert.match(await view.locator('.snippet pre code').innerText(), /addUser\(email: string, name: string\): User \{/);
    await g.screenshot('3-article-open');
    await view.getByRole('button', { name: 'Open Code' }).click();
    await editorTab(g, 'userStore.ts').and(activeEditorTab(g)).waitFor({ timeout: UI_TIMEOUT });
    await selectionStatus(g).filter({ hasText: 'Ln 21, Col 4 (390 selected)' }).waitFor({ timeout: UI_TIMEOUT });
    await g.screenshot('4-open-code');
  });

  it('a review note Grace writes reaches Ada, with Grace as its author', async () => {
    const g = grace.workbench;
    await selectLines(g, 14, 14);
    await g.runCommand('Lore: Add Review Note');
    await commentWidget(g).getByText('New review note: write it, then choose its kind').waitFor({ timeout: UI_TIMEOUT });
    await typeComment(g, question);
    await commentWidget(g).getByRole('button', { name: 'Add Question' }).click();
    await viewRow(g, 'Review Notes', question).waitFor({ timeout: UI_TIMEOUT });
    await syncNow(g);
    await g.screenshot('5-note-written');

    const a = ada.workbench;
    await syncNow(a);
    const row = viewRow(a, 'Review Notes', question);
    await row.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await row.innerText(), /Question · line 14 · Grace Hopper/);
    // Ada has userStore.ts open: the note shows on the same line of her copy.
    await row.click();
    await commentWidget(a).getByText(question).waitFor({ timeout: UI_TIMEOUT });
    assert.match(await commentWidget(a).innerText(), /Grace Hopper/);
    await a.screenshot('4-note-arrived');
  });

  // Issue 10: review before publishing, across two people.
  it('Ada asks Grace to review her draft; Grace approves it and Ada publishes it, approved by Grace', async () => {
    const a = ada.workbench;
    let view = await showArticleTab(a, title);
    await view.getByRole('button', { name: 'Request Review' }).click();
    await quickInputTitle(a, `Request Review: who should review "${title}"?`).waitFor({ timeout: UI_TIMEOUT });
    // Grace is known to Ada's Lore from the team folder (her device registration).
    await quickInputRows(a, 'Grace Hopper').first().click();
    await a.page.keyboard.press('Enter');
    await a.waitForNotification('Review requested from Grace Hopper', UI_TIMEOUT);
    await syncNow(a);
    await a.screenshot('5-review-requested');

    const g = grace.workbench;
    await syncNow(g);
    const awaiting = viewRow(g, 'Knowledge', 'Awaiting My Review');
    await awaiting.waitFor({ timeout: UI_TIMEOUT });
    if ((await awaiting.getAttribute('aria-expanded')) !== 'true') await awaiting.click();
    // The first row with the title is the one under Awaiting My Review, at the top.
    await viewRow(g, 'Knowledge', title).click();
    view = await waitForArticleView(g, title);
    await g.screenshot('6-awaiting-review');
    await view.getByRole('button', { name: 'Approve' }).click();
    await view.getByText('Approved by Grace Hopper').waitFor({ timeout: UI_TIMEOUT });
    await syncNow(g);

    await syncNow(a);
    view = await showArticleTab(a, title);
    await view.getByText('Approved by Grace Hopper').waitFor({ timeout: UI_TIMEOUT });
    await view.getByRole('button', { name: 'Change Status' }).click();
    await quickInputTitle(a, `Status of "${title}"`).waitFor({ timeout: UI_TIMEOUT });
    await quickInputRows(a, /^published/).first().click();
    await view.locator('header').filter({ hasText: /Published · approved by Grace Hopper/i }).waitFor({ timeout: UI_TIMEOUT });
    await a.screenshot('7-published-approved');
  });
  // Issue 10: a reader takes back their Report Outdated from the article view, as from the tree's row menu.
  it('Grace reports the published article outdated from its view, then takes it back with Withdraw My Report', async () => {
    await syncNow(ada.workbench);
    const g = grace.workbench;
    await syncNow(g);
    const view = await showArticleTab(g, title);
    await view.locator('header').filter({ hasText: /Published · approved by Grace Hopper/i }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await view.getByRole('button', { name: 'Withdraw My Report' }).count(), 0, 'nothing to withdraw before a report');

    await view.getByRole('button', { name: 'Report Outdated' }).click();
    await quickInputTitle(g, `Report Outdated: what is no longer true in "${title}"?`).waitFor({ timeout: UI_TIMEOUT });
    await fillQuickInput(g, 'addUser no longer trims names.');
    await g.page.keyboard.press('Enter');
    await g.waitForNotification(`Reported "${title}" outdated`, UI_TIMEOUT);
    await view.getByText(/Reported outdated by Grace Hopper on .*: addUser no longer trims names\./).waitFor({ timeout: UI_TIMEOUT });
    const withdraw = view.getByRole('button', { name: 'Withdraw My Report' });
    await withdraw.waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await view.getByRole('button', { name: 'Report Outdated' }).count(), 0, 'reported: Withdraw My Report in its place');
    await g.screenshot('8-reported-outdated');

    await g.clearNotifications();
    await withdraw.click();
    await g.waitForNotification(`Withdrew your outdated report on "${title}".`, UI_TIMEOUT);
    await view.getByRole('button', { name: 'Report Outdated' }).waitFor({ timeout: UI_TIMEOUT });
    await view.getByText(/Reported outdated by Grace Hopper/).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    assert.equal(await view.getByRole('button', { name: 'Withdraw My Report' }).count(), 0);
    await g.screenshot('9-report-withdrawn');
  });

  // Issue 13: readers' feedback across two people.
  it('Grace votes Helpful and Ada sees the count; Grace changes it to Not helpful (outdated) and Ada sees why; they discuss it', async () => {
    const g = grace.workbench;
    await syncNow(g);
    let view = await showArticleTab(g, title);
    await view.getByRole('button', { name: /Helpful \(0\)/ }).first().click();
    await view.getByRole('button', { name: /Helpful \(1\)/ }).first().waitFor({ timeout: UI_TIMEOUT });
    await g.screenshot('10-voted-helpful');
    await syncNow(g);

    const a = ada.workbench;
    await syncNow(a);
    view = await showArticleTab(a, title);
    await view.getByText('1 helpful · 0 not helpful').waitFor({ timeout: UI_TIMEOUT });
    await a.screenshot('11-helpful-count-arrived');

    view = await showArticleTab(g, title);
    await view.getByRole('button', { name: /Not helpful \(0\)/ }).click();
    await quickInputTitle(g, `Not helpful: what is wrong with "${title}"?`).waitFor({ timeout: UI_TIMEOUT });
    await quickInputRows(g, 'Outdated').first().click();
    await quickInputTitle(g, 'Not helpful (outdated): anything to add?').waitFor({ timeout: UI_TIMEOUT });
    await g.page.keyboard.type('Names must be trimmed first now.');
    await g.page.keyboard.press('Enter');
    await view.getByText('Grace Hopper: Outdated — Names must be trimmed first now.').waitFor({ timeout: UI_TIMEOUT });
    await view.getByRole('button', { name: 'Add Comment' }).click();
    await quickInputTitle(g, `Comment on "${title}"`).waitFor({ timeout: UI_TIMEOUT });
    await g.page.keyboard.type('Does this hold for imported users too?');
    await g.page.keyboard.press('Enter');
    await view.locator('.comment-body', { hasText: 'Does this hold for imported users too?' }).waitFor({ timeout: UI_TIMEOUT });
    await g.screenshot('12-not-helpful-outdated-and-comment');
    await syncNow(g);

    await syncNow(a);
    view = await showArticleTab(a, title);
    await view.getByText('Grace Hopper: Outdated — Names must be trimmed first now.').waitFor({ timeout: UI_TIMEOUT });
    await view.getByText('0 helpful · 1 not helpful').waitFor({ timeout: UI_TIMEOUT });
    await view.locator('.health-attention', { hasText: 'Not helpful (outdated): Names must be trimmed first now.' }).waitFor({ timeout: UI_TIMEOUT });
    await view.locator('.comment', { hasText: 'Does this hold for imported users too?' }).getByRole('button', { name: 'Reply' }).click();
    await quickInputTitle(a, 'Reply to Grace Hopper').waitFor({ timeout: UI_TIMEOUT });
    await a.page.keyboard.type('Yes: the importer calls addUser.');
    await a.page.keyboard.press('Enter');
    await view.locator('.comment-reply .comment-body', { hasText: 'Yes: the importer calls addUser.' }).waitFor({ timeout: UI_TIMEOUT });
    await a.screenshot('13-outdated-shown-and-reply');
    await syncNow(a);

    await syncNow(g);
    view = await showArticleTab(g, title);
    await view.locator('.comment-reply', { hasText: 'Ada Lovelace' }).filter({ hasText: 'Yes: the importer calls addUser.' }).waitFor({ timeout: UI_TIMEOUT });
    await g.screenshot('14-reply-arrived');
  });
});
