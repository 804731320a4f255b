import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeGit } from '../../src/core/anchoring/nodeGit';
import { AuthorName, pickAuthorName, UNKNOWN_AUTHOR, type GitIdentity } from '../../src/core/authorName';
import { gitIn } from '../fixtures/gitCommand';

/** A git port that answers user.name with `name` (or fails), counting the calls. */
function fakeGit(answer: () => Promise<string | undefined>): GitIdentity & { calls: number } {
  const git = { calls: 0, userName: () => { git.calls++; return answer(); } };
  return git;
}

describe('the author name (README: lore.authorName, else git user.name, else the OS user)', () => {
  it('takes the setting first, trimmed', async () => {
    const author = new AuthorName(fakeGit(async () => 'Git Name'), () => 'osuser');
    await author.load();
    assert.equal(author.current('  Ada Lovelace '), 'Ada Lovelace');
  });

  it("takes git's user.name when the setting is empty or blank", async () => {
    const author = new AuthorName(fakeGit(async () => ' Git Name\n'), () => 'osuser');
    await author.load();
    assert.equal(author.current(undefined), 'Git Name');
    assert.equal(author.current('   '), 'Git Name');
  });

  it('takes the OS user when git has no user.name, cannot run, or is not there', async () => {
    for (const git of [fakeGit(async () => undefined), fakeGit(async () => '  '), fakeGit(() => Promise.reject(new Error('spawn git ENOENT'))), {}, undefined]) {
      const author = new AuthorName(git, () => 'osuser');
      await author.load();
      assert.equal(author.current(''), 'osuser');
    }
  });

  it('says "Unknown author" when the OS has no user name either (or asking it throws)', async () => {
    const noName = new AuthorName(undefined, () => '');
    const throws = new AuthorName(undefined, () => { throw new Error('ENOENT: no such user'); });
    await Promise.all([noName.load(), throws.load()]);
    assert.equal(noName.current(undefined), UNKNOWN_AUTHOR);
    assert.equal(throws.current(undefined), UNKNOWN_AUTHOR);
  });

  it('answers without waiting for git, and asks git only once', async () => {
    let answer!: (name: string) => void;
    const git = fakeGit(() => new Promise((resolve) => { answer = resolve; }));
    const author = new AuthorName(git, () => 'osuser');
    const loading = author.load();
    assert.equal(author.current(undefined), 'osuser');
    answer('Git Name');
    await loading;
    await author.load();
    assert.equal(author.current(undefined), 'Git Name');
    assert.equal(git.calls, 1);
  });

  it('pickAuthorName follows the same order', () => {
    assert.equal(pickAuthorName('Set', 'Git', 'os'), 'Set');
    assert.equal(pickAuthorName(undefined, 'Git', 'os'), 'Git');
    assert.equal(pickAuthorName('', '', 'os'), 'os');
    assert.equal(pickAuthorName(undefined, undefined, undefined), UNKNOWN_AUTHOR);
  });
});

describe("NodeGit.userName (git's user.name through the GitPort)", () => {
  let repo: string;
  const saved = { global: process.env.GIT_CONFIG_GLOBAL, nosystem: process.env.GIT_CONFIG_NOSYSTEM };

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'lore-author-'));
    // No user or system config: only the repository's own config can name the user.
    process.env.GIT_CONFIG_GLOBAL = join(repo, 'no-global-config');
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    gitIn(repo, 'init', '-q');
  });

  afterEach(() => {
    for (const [key, value] of [['GIT_CONFIG_GLOBAL', saved.global], ['GIT_CONFIG_NOSYSTEM', saved.nosystem]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(repo, { recursive: true, force: true });
  });

  it("reads the repository's user.name", async () => {
    gitIn(repo, 'config', 'user.name', 'Grace Hopper');
    assert.equal(await new NodeGit({ cwd: repo }).userName(), 'Grace Hopper');
  });

  it('is undefined when no config sets it', async () => {
    assert.equal(await new NodeGit({ cwd: repo }).userName(), undefined);
  });
});
