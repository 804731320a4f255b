import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { syncStatusText } from '../../src/core/sync/syncStatusText';
import { loreApi, loreExtension, teamFolderOf } from './support/lore';

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

  after(async () => {
    await vscode.workspace.getConfiguration('lore').update('teamFolder', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('lore').update('sync.gitMode', undefined, vscode.ConfigurationTarget.Global);
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

  // Issue 18, git as a real transport: with lore.sync.gitMode "auto", a sync commits this device's
  // files in the team folder's repository and pushes them; the status says so.
  it('with git mode on, a sync commits and pushes the team folder\'s new files and the status says so', async function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip(); // git is not installed here
    const api = await loreApi();
    const git = (cwd: string, ...args: string[]) => {
      const r = spawnSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
      assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    // The team folder of the test above becomes a repository with a remote.
    const origin = path.join(work, 'origin.git');
    git(work, 'init', '-q', '--bare', origin);
    git(team, 'init', '-q');
    git(team, 'config', 'user.name', 'Lore Test');
    git(team, 'config', 'user.email', 'test@example.com');
    git(team, 'add', '-A');
    git(team, 'commit', '-q', '-m', 'The team folder so far');
    git(team, 'remote', 'add', 'origin', origin);
    git(team, 'push', '-q', '-u', 'origin', 'main');
    await vscode.workspace.getConfiguration('lore').update('sync.gitMode', 'auto', vscode.ConfigurationTarget.Global);

    api.services.stores.get().createArticle({ title: `Git mode ${Date.now().toString(36)}` });
    await api.sync.run();
    const report = api.sync.status.lastSummary?.git;
    assert.equal(report?.state, 'synced', report?.message);
    assert.ok(report?.pushed, report?.message);
    assert.equal(git(team, 'status', '--porcelain', '--', 'lore'), '', 'nothing of Lore left uncommitted');
    assert.equal(git(team, 'rev-parse', 'HEAD'), git(origin, 'rev-parse', 'main'), 'pushed');
  });
});
