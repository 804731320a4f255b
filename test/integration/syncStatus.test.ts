import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { syncStatusText } from '../../src/core/sync/syncStatusText';
import { loreApi, loreExtension } from './support/lore';

// Issue 19: the status bar said "1 conflict" after the last conflict was resolved, until the next
// sync. A teammate (Lore's CLI on another database) edits an article while we edit it too.
describe('Sync status in a real VS Code', function () {
  this.timeout(120_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-sync-status-'));
  let team = path.join(work, 'team');

  /** Lore's CLI (this build) as a teammate on their own database. */
  const teammate = (...argv: string[]) => {
    const result = spawnSync(process.execPath, [path.join(loreExtension().extensionPath, 'dist', 'cli.js'), ...argv, '--db', path.join(work, 'teammate.db')], {
      cwd: work, env: { PATH: process.env.PATH, HOME: work, LORE_AUTHOR: 'Grace Hopper' }, encoding: 'utf8', timeout: 60_000,
    });
    assert.equal(result.status, 0, `lore ${argv.join(' ')}: ${result.stdout}${result.stderr}`);
  };

  /** A team folder of team `teamId` among the temporary folders earlier tests set up. */
  const teamFolderOf = (teamId: string): string | undefined => fs.readdirSync(os.tmpdir())
    .filter((name) => name.startsWith('lore-team-'))
    .map((name) => path.join(os.tmpdir(), name))
    .find((folder) => {
      try {
        return (JSON.parse(fs.readFileSync(path.join(folder, 'lore', 'FORMAT.json'), 'utf8')) as { teamId?: string }).teamId === teamId;
      } catch {
        return false;
      }
    });

  after(async () => {
    await vscode.workspace.getConfiguration('lore').update('teamFolder', undefined, vscode.ConfigurationTarget.Global);
  });

  it('stops saying "1 conflict" as soon as the last conflict is resolved, before the next sync', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const suffix = Date.now().toString(36);
    const article = store.createArticle({ title: `Sync status ${suffix}`, body: 'Sessions expire after an hour.' });
    // An earlier test may have made this database a team's already: then join that team's folder
    // (left in the temporary folder), since a database syncs with one team only.
    const known = store.getMeta('sync.teamId');
    if (known) {
      const folder = teamFolderOf(known);
      assert.ok(folder, `the team folder of team ${known}, set up by an earlier test`);
      team = folder;
    } else {
      fs.mkdirSync(team);
    }
    await vscode.commands.executeCommand('lore.setupTeamFolder', team, known ? 'join' : 'create');
    assert.equal(vscode.workspace.getConfiguration('lore').get('teamFolder'), team, 'the team folder is set up');
    await api.sync.run();

    // The teammate joins, changes the body and shares it...
    teammate('sync', '--team-folder', team, '--join');
    teammate('export', 'exported');
    const file = fs.readdirSync(path.join(work, 'exported')).map((f) => path.join(work, 'exported', f)).find((f) => f.endsWith('.md') && fs.readFileSync(f, 'utf8').includes(suffix));
    assert.ok(file, 'the teammate has the article');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('after an hour', 'after a day'));
    teammate('import', 'exported', '--update');
    teammate('sync', '--team-folder', team);
    // ...while we change it too.
    store.updateArticle(article.id, { body: 'Sessions expire after ten minutes.' });
    await api.sync.run();
    assert.equal(store.getConflicts(article.id).length, 1, 'the two edits are a conflict');
    assert.match(syncStatusText(api.sync.status), /· 1 conflict\b/);

    // Checked at once: a background sync (a few seconds after a local change) would also recount.
    store.resolveConflict(article.id, 'body', 'Sessions expire after ten minutes.');
    assert.doesNotMatch(syncStatusText(api.sync.status), /conflict/);
  });
});
