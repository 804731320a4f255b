import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitPort } from '../../../src/core/anchoring/gitPort';
import { gitPortUnder } from '../../../src/core/anchoring/gitPortUnder';
import { NodeGit } from '../../../src/core/anchoring/nodeGit';
import { historyFromBlame, lineHistory } from '../../../src/core/articles/lineHistory';

/** Commits as a given author at a given time (seconds), with no user or system git configuration. */
function commitAs(repo: string, author: string, seconds: number, subject: string): void {
  const env = {
    ...process.env, GIT_AUTHOR_NAME: author, GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: author, GIT_COMMITTER_EMAIL: 'a@example.com',
    GIT_AUTHOR_DATE: `${seconds} +0000`, GIT_COMMITTER_DATE: `${seconds} +0000`, GIT_CONFIG_NOSYSTEM: '1', HOME: repo,
  };
  execFileSync('git', ['add', '.'], { cwd: repo, env });
  execFileSync('git', ['commit', '-q', '-m', subject], { cwd: repo, env });
}

describe('a draft lists who last changed the shared lines', () => {
  let repo: string;
  const file = (lines: string[]) => writeFileSync(join(repo, 'pay.ts'), `${lines.join('\n')}\n`);

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'lore-history-'));
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env: { ...process.env, HOME: repo, GIT_CONFIG_NOSYSTEM: '1' } });
  });

  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('the commits of those lines only, newest first, with author, date and subject', async () => {
    file(['a', 'b', 'c', 'd']);
    commitAs(repo, 'Ada Lovelace', 1_700_000_000, 'First version');
    file(['a', 'B', 'c', 'd']);
    commitAs(repo, 'Grace Hopper', 1_710_000_000, 'Rename b');
    file(['a', 'B', 'c', 'D']);
    commitAs(repo, 'Alan Turing', 1_720_000_000, 'Touch d, outside the selection');

    const history = await lineHistory(new NodeGit({ cwd: repo }), 'pay.ts', 0, 2);
    assert.deepEqual(history.map(({ author, date, subject }) => ({ author, date, subject })), [
      { author: 'Grace Hopper', date: '2024-03-09', subject: 'Rename b' },
      { author: 'Ada Lovelace', date: '2023-11-14', subject: 'First version' },
    ]);
    assert.match(history[0].commit, /^[0-9a-f]{40}$/);
  });

  it('in a multi-root workspace, a path under the folder\'s name finds the history; another folder\'s path none', async () => {
    file(['a']);
    commitAs(repo, 'Ada Lovelace', 1_700_000_000, 'First version');
    const under = gitPortUnder(new NodeGit({ cwd: repo }), 'api/');
    assert.deepEqual((await lineHistory(under, 'api/pay.ts', 0, 0)).map((h) => h.subject), ['First version']);
    assert.deepEqual(await lineHistory(under, 'web/pay.ts', 0, 0), []);
  });

  it('at most the last 5 commits, and none for lines not committed yet', async () => {
    const lines = ['0', '1', '2', '3', '4', '5', '6'];
    file(lines);
    commitAs(repo, 'A', 1_700_000_000, 'c0');
    for (let i = 1; i <= 6; i++) {
      lines[i] = `changed ${i}`;
      file(lines);
      commitAs(repo, 'A', 1_700_000_000 + i * 1000, `c${i}`);
    }
    lines[0] = 'not committed';
    file(lines);
    const history = await lineHistory(new NodeGit({ cwd: repo }), 'pay.ts', 0, 6);
    assert.deepEqual(history.map((h) => h.subject), ['c6', 'c5', 'c4', 'c3', 'c2']);
  });

  it('works without git: no port, a port without blame, outside a repository, an untracked file, git failing', async () => {
    assert.deepEqual(await lineHistory(undefined, 'pay.ts', 0, 1), []);
    const noBlame: GitPort = { head: async () => undefined, show: async () => undefined, diff: async () => undefined, nameStatus: async () => undefined };
    assert.deepEqual(await lineHistory(noBlame, 'pay.ts', 0, 1), []);
    const outside = mkdtempSync(join(tmpdir(), 'lore-nogit-'));
    try {
      writeFileSync(join(outside, 'pay.ts'), 'a\n');
      assert.deepEqual(await lineHistory(new NodeGit({ cwd: outside }), 'pay.ts', 0, 0), []);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    file(['untracked']);
    assert.deepEqual(await lineHistory(new NodeGit({ cwd: repo }), 'pay.ts', 0, 0), []);
    assert.deepEqual(await lineHistory(new NodeGit({ cwd: repo, gitPath: join(repo, 'no-such-git') }), 'pay.ts', 0, 0), []);
    const failing: GitPort = { ...noBlame, blameLines: async () => { throw new Error('timed out'); } };
    assert.deepEqual(await lineHistory(failing, 'pay.ts', 0, 0), []);
  });

  it('reads porcelain blame whatever the subject says', () => {
    const sha = 'a'.repeat(40);
    const porcelain = [
      `${sha} 1 1 2`, 'author <img src=x onerror=alert(1)>', 'author-mail <x@example.com>', 'author-time 1700000000', 'author-tz +0000',
      'summary summary author-time 0 ```', 'filename pay.ts', '\tauthor in the code', `${sha} 2 2`, 'filename pay.ts', '\tsummary in the code',
    ].join('\n');
    assert.deepEqual(historyFromBlame(porcelain), [{ commit: sha, author: '<img src=x onerror=alert(1)>', date: '2023-11-14', subject: 'summary author-time 0 ```' }]);
  });
});
