import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { uncommittedLoreFiles } from '../../../src/core/sync/gitStatus';

// In a team folder kept in git, Lore files that are not committed reach no teammate (issue 16, item 4).
describe('Uncommitted Lore files in a git-hosted team folder', () => {
  let dir: string;

  before(function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip(); // git is not installed here
  });

  beforeEach(() => {
    dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'lore-gitstatus-'));
  });

  afterEach(() => {
    nodeFs.rmSync(dir, { recursive: true, force: true });
  });

  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=Lore Test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  };

  it('lists new and changed files under lore/, and nothing once they are committed', async () => {
    git('init', '-q');
    nodeFs.mkdirSync(path.join(dir, 'lore', 'devices', 'd1'), { recursive: true });
    nodeFs.writeFileSync(path.join(dir, 'lore', 'devices', 'd1', 'DEVICE.json'), '{}\n');
    nodeFs.writeFileSync(path.join(dir, 'README.md'), 'not Lore\n');
    assert.deepEqual(await uncommittedLoreFiles(dir), ['lore/devices/d1/DEVICE.json']);
    git('add', '-A');
    git('commit', '-qm', 'lore');
    assert.deepEqual(await uncommittedLoreFiles(dir), []);
  });

  it('says nothing for a folder that is not in a git repository', async () => {
    assert.equal(await uncommittedLoreFiles(dir), undefined);
  });
});
