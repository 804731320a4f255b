import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshRunDir } from '../../scripts/harness/api.mjs';
import { demoFolder, startLoreSession, type LoreSession } from './lib/session';

// Two people, each with their own VS Code profile (and so their own Lore database), working
// on the same project folder and sharing knowledge through one team folder.
describe('Two teammates share an article through a team folder', function () {
  this.timeout(400_000);
  const dialogTitle = 'Choose the folder your team shares';
  let ada: LoreSession;
  let ben: LoreSession;
  let teamFolder: string;

  before(async () => {
    const project = demoFolder('team-sync-project');
    teamFolder = path.join(freshRunDir('team-sync-shared'), 'team');
    fs.mkdirSync(teamFolder);
    [ada, ben] = await Promise.all([
      startLoreSession('team-sync', { person: 'ada', folder: project }),
      startLoreSession('team-sync', { person: 'ben', folder: project }),
    ]);
  });

  after(async () => {
    await Promise.all([ada?.stop(), ben?.stop()]);
  });

  it('keeps each person\'s database apart', () => {
    assert.notEqual(ada.databaseFile, ben.databaseFile);
    assert.equal(ada.folder, ben.folder);
  });

  it('lets the first person create the team folder and publish an article', async () => {
    const wb = ada.workbench;
    await wb.clickActivityBar('Lore');
    await wb.runCommand('Lore: Set Up Team Folder');
    await wb.chooseFolderInDialog(dialogTitle, teamFolder);
    await wb.waitForQuickInput(`Team folder: ${teamFolder}`);
    await wb.pickQuickInputItem('Create a new team folder');
    await wb.waitForNotification('Lore synced');
    assert.ok(fs.existsSync(path.join(teamFolder, 'lore', 'FORMAT.json')), 'the team folder was set up on disk');

    await wb.clearNotifications();
    await wb.runCommand('Lore: New Article');
    await wb.waitForQuickInput('New Article');
    await wb.typeIntoQuickInput('Rotating the session signing key');
    await wb.treeItem('Rotating the session signing key', 'Knowledge').waitFor();
    await wb.runCommand('Lore: Sync Now');
    await wb.waitForNotification('Lore synced');
    await wb.screenshot('1-ada-published');
  });

  it('shows the article to the second person once they join the same team folder', async () => {
    const wb = ben.workbench;
    await wb.clickActivityBar('Lore');
    await wb.viewBody('Knowledge').getByText("Your team's knowledge base is empty.").waitFor();
    await wb.runCommand('Lore: Set Up Team Folder');
    await wb.chooseFolderInDialog(dialogTitle, teamFolder);
    await wb.waitForQuickInput(`Team folder: ${teamFolder}`);
    await wb.pickQuickInputItem('Join my team');
    await wb.treeItem('Rotating the session signing key', 'Knowledge').waitFor({ timeout: 60_000 });
    await wb.screenshot('2-ben-sees-article');
  });
});
