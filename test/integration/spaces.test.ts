import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import { systemClock } from '../../src/core/clock';
import { listSpaces, type SpaceActionContext } from '../../src/core/spaces/spaceActions';
import { createNodeSyncFs } from '../../src/core/sync/nodeSyncFs';
import { SyncLedger } from '../../src/core/sync/syncLedger';
import { loreApi, teamFolderOf } from './support/lore';

/** Every file under `dir`, unzipped when gzip, as text. */
function folderTexts(dir: string): Array<{ file: string; text: string }> {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile())
    .map((file) => {
      let data = fs.readFileSync(file);
      if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
      return { file, text: data.toString('utf8') };
    });
}

// Issue 15 in VS Code: "Lore: Create Space" makes an encrypted space this device shares into.
describe('Encrypted spaces in a real VS Code', function () {
  this.timeout(120_000);
  let team = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-team-spaces-'));

  after(async () => {
    // Later tests share plaintext with teammates that are not members: stop sharing into the space.
    (await loreApi()).services.stores.get().setMeta('spaces.sharing', '');
    await vscode.workspace.getConfiguration('lore').update('teamFolder', undefined, vscode.ConfigurationTarget.Global);
  });

  it('creates a space from the command palette command, lists it, and seals the next article shared', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    // A database syncs with one team only: join the folder an earlier test set up, if any.
    const known = store.getMeta('sync.teamId');
    if (known) {
      const folder = teamFolderOf(known);
      assert.ok(folder, `the team folder of team ${known}, set up by an earlier test`);
      team = folder;
    }
    await vscode.commands.executeCommand('lore.setupTeamFolder', team, known ? 'join' : 'create');
    assert.equal(vscode.workspace.getConfiguration('lore').get('teamFolder'), team, 'the team folder is set up');

    const suffix = Date.now().toString(36);
    const made = await vscode.commands.executeCommand<{ space: string; name: string } | undefined>('lore.createSpace', `security ${suffix}`);
    assert.ok(made, 'the command created a space');

    const ctx: SpaceActionContext = { fs: createNodeSyncFs(), root: team, store, ledger: new SyncLedger(store, systemClock), now: () => Date.now() };
    const listed = (await listSpaces(ctx)).find((s) => s.space === made.space);
    assert.ok(listed, 'the space is in the team folder');
    assert.equal(listed.name, `security ${suffix}`);
    assert.equal(listed.you, 'member');
    assert.deepEqual(listed.members.map((m) => m.device), [store.deviceId], 'this device is its only member');

    const title = `Incident write-up ${suffix}`;
    const mine = path.join(team, 'lore', 'devices', store.deviceId);
    const before = new Set(fs.existsSync(mine) ? fs.readdirSync(mine, { recursive: true, encoding: 'utf8' }) : []);
    store.createArticle({ title, body: `What happened on ${suffix}.` });
    await api.sync.run();
    const written = fs.readdirSync(mine, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ndjson') && !before.has(f));
    assert.ok(written.length, 'the sync wrote a new change file for the article');
    const found = folderTexts(path.join(team, 'lore')).filter((f) => f.text.includes(title) || f.text.includes(`What happened on ${suffix}`));
    assert.deepEqual(found.map((f) => path.relative(team, f.file)), [], 'no file in the team folder holds the article in plain text');
  });
});
