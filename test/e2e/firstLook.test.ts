import { strict as assert } from 'node:assert';
import { cleanUpPeople, startPerson, type Person } from './lib/scenarios';

describe('First look: a new user opens Lore', function () {
  this.timeout(240_000);
  let session: Person;

  before(async () => {
    session = await startPerson({ scenario: 'first-look', name: 'Ada Lovelace', waitForLore: false });
  });

  cleanUpPeople(() => session);

  it('shows the Lore views with their welcome content after a click on the Lore icon', async () => {
    const wb = session.workbench;
    await wb.screenshot('1-workbench');
    await wb.clickActivityBar('Lore');
    for (const view of ['Knowledge', 'For This File', 'Review Notes']) {
      await wb.viewHeader(view).waitFor();
    }
    await wb.viewBody('Knowledge').getByText("Your team's knowledge base is empty.").waitFor();
    // No file is open yet: For This File says what it is for, not that the file has nothing.
    await wb.viewBody('For This File').getByText('Open a file to see what Lore knows about it').waitFor();
    await wb.screenshot('2-lore-views');
  });

  it('runs a command from the palette and tells the user there is no team folder yet', async () => {
    const wb = session.workbench;
    await wb.runCommand('Lore: Verify Team Folder');
    const message = await wb.waitForNotification('No team folder is set up');
    assert.match(message, /nothing to verify/);
    await wb.screenshot('3-verify-notification');
  });

  it('offers to set up a team folder when asked to sync without one', async () => {
    const wb = session.workbench;
    await wb.clearNotifications();
    await wb.runCommand('Lore: Sync Now');
    await wb.waitForNotification('No team folder is set up yet.');
    await wb.notification('No team folder is set up yet.').getByRole('button', { name: 'Set Up Team Folder' }).waitFor();
    await wb.screenshot('4-sync-without-folder');
  });
});
