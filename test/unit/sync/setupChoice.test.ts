import { strict as assert } from 'node:assert';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { likelySetupMode } from '../../../src/core/sync/setupChoice';

describe('Set Up Team Folder offers first what the folder implies', () => {
  it('an empty folder, or one with other files: create a new team', async () => {
    const fs = new MemorySyncFs();
    await fs.mkdirp('/share/empty');
    assert.equal(await likelySetupMode(fs, '/share/empty'), 'create');
    fs.putFile('/share/docs/notes.txt', 'hello');
    fs.putFile('/share/docs/lore/readme.txt', 'not a team folder yet');
    assert.equal(await likelySetupMode(fs, '/share/docs'), 'create');
  });

  it('a folder a teammate set up (lore/FORMAT.json): join their team', async () => {
    const fs = new MemorySyncFs();
    fs.putFile('/share/team/lore/FORMAT.json', '{"format":1,"teamId":"t"}');
    assert.equal(await likelySetupMode(fs, '/share/team'), 'join');
  });
});
