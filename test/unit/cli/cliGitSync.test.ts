import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLore } from './runLore';

// `lore sync --git` (issue 18, git as a real transport): the CLI's way into git mode.
describe('lore sync --git', function () {
  this.timeout(60_000);
  let dir: string;
  before(function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip(); // git is not installed here
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-cli-git-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const lore = (...argv: string[]) => runLore(argv, { env: { LORE_DB: path.join(dir, 'ann.db'), LORE_AUTHOR: 'Ann' }, version: '9.8.7' });

  it('commits this device\'s files and pushes them, and says so', async () => {
    const origin = path.join(dir, 'origin.git');
    git(dir, 'init', '-q', '--bare', origin);
    const clone = path.join(dir, 'clone');
    git(dir, 'clone', '-q', origin, clone);
    git(clone, 'config', 'user.name', 'Ann');
    git(clone, 'config', 'user.email', 'ann@example.com');
    fs.writeFileSync(path.join(clone, 'README.md'), 'code\n');
    git(clone, 'add', '-A');
    git(clone, 'commit', '-q', '-m', 'code');
    git(clone, 'push', '-q', '-u', 'origin', 'main');
    const run = await lore('sync', '--team-folder', clone, '--create', '--git');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^Git: Committed \d+ Lore files and pushed to origin\/main\.$/m);
    assert.match(git(origin, 'ls-tree', '-r', '--name-only', 'main'), /^lore\/devices\/[^/]+\/DEVICE\.json$/m);
  });

  it('says that a folder outside git cannot be synced through git, and exits 3', async () => {
    const team = path.join(dir, 'team');
    fs.mkdirSync(team);
    const run = await lore('sync', '--team-folder', team, '--create', '--git');
    assert.equal(run.code, 3);
    assert.match(run.stderr, /Warning: The team folder is not in a git repository, so git mode does nothing\./);
  });
});
