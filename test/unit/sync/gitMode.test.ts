import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classifyGitFailure } from '../../../src/core/sync/gitFailure';
import { GitMode, isOwnLoreChange } from '../../../src/core/sync/gitMode';
import { nodeGitRunner, type GitRunner } from '../../../src/core/sync/gitRunner';
import { createNodeSyncFs } from '../../../src/core/sync/nodeSyncFs';
import { SyncEngine, type SyncSummary } from '../../../src/core/sync/syncEngine';
import { Rng, allEventIds, openReplica, stateHash, type Replica } from './syncTestKit';

// Issue 18, "git as a real transport": a team folder in a git repository with a remote, synced by
// Lore committing its own files, pulling and pushing, with real git, a local bare remote and clones.

const hasGit = spawnSync('git', ['--version']).status === 0;

/** A sandbox: its own HOME (identity, default branch), no system config. */
class Sandbox {
  readonly env: Record<string, string>;
  constructor(readonly dir: string) {
    nodeFs.writeFileSync(path.join(dir, '.gitconfig'), '[user]\n\tname = Lore Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n');
    this.env = { HOME: dir, XDG_CONFIG_HOME: path.join(dir, '.config'), GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
  }

  git(cwd: string, ...args: string[]): string {
    const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...this.env } });
    assert.equal(result.status, 0, `git ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  runner(): GitRunner {
    return nodeGitRunner({ env: this.env });
  }

  /** A bare remote whose main branch has the user's code (and an empty knowledge/ folder for Lore). */
  origin(): { origin: string; base: string } {
    const origin = path.join(this.dir, 'origin.git');
    this.git(this.dir, 'init', '-q', '--bare', origin);
    const seed = path.join(this.dir, 'seed');
    this.git(this.dir, 'clone', '-q', origin, seed);
    nodeFs.mkdirSync(path.join(seed, 'src'));
    nodeFs.mkdirSync(path.join(seed, 'knowledge'));
    nodeFs.writeFileSync(path.join(seed, 'src', 'app.ts'), 'export const answer = 42;\n');
    nodeFs.writeFileSync(path.join(seed, 'staged.txt'), 'first\n');
    nodeFs.writeFileSync(path.join(seed, 'knowledge', 'README.md'), 'Lore keeps the team\'s knowledge here.\n');
    this.git(seed, 'add', '-A');
    this.git(seed, 'commit', '-q', '-m', 'The code');
    this.git(seed, 'push', '-q', '-u', 'origin', 'main');
    return { origin, base: this.git(seed, 'rev-parse', 'HEAD').trim() };
  }

  clone(origin: string, name: string): string {
    const dir = path.join(this.dir, name);
    this.git(this.dir, 'clone', '-q', origin, dir);
    return dir;
  }

  /** The user's own work in progress, which Lore must leave exactly as it is. */
  userChanges(clone: string): string {
    nodeFs.appendFileSync(path.join(clone, 'src', 'app.ts'), '// not done yet\n');
    nodeFs.writeFileSync(path.join(clone, 'staged.txt'), 'second\n');
    this.git(clone, 'add', 'staged.txt');
    nodeFs.writeFileSync(path.join(clone, 'notes.txt'), 'my notes\n');
    return this.userStatus(clone);
  }

  userStatus(clone: string): string {
    return this.git(clone, 'status', '--porcelain', '--', 'src', 'staged.txt', 'notes.txt');
  }
}

function gitReplica(name: string, sandbox: Sandbox, runner: GitRunner = sandbox.runner(), maxPushAttempts = 8): Replica {
  // Acknowledgement files once, not on every sync (as in use: every 10 minutes): fewer commits, a faster test.
  return openReplica(name, createNodeSyncFs(), { engine: { git: new GitMode({ runner, maxPushAttempts }), ackIntervalMs: 3_600_000 } });
}

describe('Git mode: Lore commits, pulls and pushes a team folder in a git repository (issue 18)', function () {
  this.timeout(120_000);
  let root: string;
  before(function () {
    if (!hasGit) this.skip(); // git is not installed here
    root = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'lore-gitmode-'));
  });
  after(() => root && nodeFs.rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const sandbox = () => {
    const dir = path.join(root, `s${n++}`);
    nodeFs.mkdirSync(dir);
    return new Sandbox(dir);
  };

  const SEEDS = Array.from({ length: Number(process.env.LORE_GIT_SEEDS ?? 2) }, (_, i) => Number(process.env.LORE_GIT_SEED0 ?? 1800) + i * 7919);

  it(`${SEEDS.length} random histories of clones syncing at once through one bare remote converge, lose nothing and leave the user's other changes uncommitted`, async () => {
    let rejectedPushes = 0;
    let racingSyncs = 0;
    for (const seed of SEEDS) {
      const rng = new Rng(seed);
      const box = sandbox();
      const { origin, base } = box.origin();
      // Counts pushes refused because another clone pushed first: the race this test is about.
      const real = box.runner();
      const runner: GitRunner = {
        run: async (cwd, args, options) => {
          const r = await real.run(cwd, args, options);
          if (args[0] === 'push' && r.code !== 0) rejectedPushes++;
          return r;
        },
      };
      const names = ['Ann', 'Bob', 'Cy', 'Dee'].slice(0, 3 + rng.int(2));
      const clones = names.map((name) => box.clone(origin, name));
      const replicas = names.map((name) => gitReplica(name, box, runner));
      const folders = clones.map((c) => path.join(c, 'knowledge'));
      const userState = clones.map((c) => box.userChanges(c));
      const titles = new Set<string>();

      await replicas[0].engine.setUp(folders[0], 'create');
      replicas[0].store.createArticle({ title: 'Team rules', body: 'Be kind.' });
      titles.add('Team rules');
      const first = await replicas[0].engine.syncNow();
      assert.equal(first.git?.state, 'synced', `seed ${seed}: ${first.git?.message}`);
      assert.ok(first.git?.pushed);
      for (let i = 1; i < replicas.length; i++) {
        // A teammate's clone: the team folder arrives with a pull (git mode does it on join's first sync too).
        box.git(clones[i], 'pull', '-q', '--no-rebase');
        await replicas[i].engine.setUp(folders[i], 'join');
      }

      for (let step = 0; step < 6; step++) {
        for (const r of replicas) {
          if (!rng.chance(0.6)) continue;
          const title = `${r.name} ${seed} ${step}`;
          r.store.createArticle({ title, body: `Written by ${r.name} at step ${step}.` });
          titles.add(title);
          if (rng.chance(0.3)) {
            const articles = r.store.listArticles();
            r.store.updateArticle(rng.pick(articles).id, { tags: [`t${step}`] });
          }
        }
        // Some clones sync at the same moment: their pushes race to the remote.
        const racers = rng.shuffle([...replicas]).slice(0, 1 + rng.int(replicas.length));
        if (racers.length > 1) racingSyncs++;
        const summaries = await Promise.all(racers.map((r) => r.engine.syncNow()));
        for (const [i, s] of summaries.entries()) assertSynced(s, `seed ${seed} step ${step} ${racers[i].name}`);
      }
      // Everyone syncs twice in turn: the last pushes reach everyone.
      for (let round = 0; round < 2; round++) for (const r of replicas) assertSynced(await r.engine.syncNow(), `seed ${seed} final ${r.name}`);

      const ids = allEventIds(replicas[0].store);
      const hash = stateHash(replicas[0].store);
      for (const [i, r] of replicas.entries()) {
        assert.deepEqual(allEventIds(r.store), ids, `seed ${seed}: ${r.name} holds different events`);
        assert.equal(stateHash(r.store), hash, `seed ${seed}: ${r.name} shows a different state`);
        assert.deepEqual(new Set(r.store.listArticles().map((a) => a.title)), titles, `seed ${seed}: ${r.name} lost or invented articles`);
        // The user's own work in progress is exactly as it was: still modified, staged, untracked.
        assert.equal(box.userStatus(clones[i]), userState[i], `seed ${seed}: ${r.name}'s other files changed`);
        assert.equal(box.git(clones[i], 'status', '--porcelain', '--', 'knowledge'), '', `seed ${seed}: ${r.name} has Lore files not committed`);
        box.git(clones[i], 'fetch', '-q');
        assert.equal(box.git(clones[i], 'rev-list', '--count', '@{u}..HEAD').trim(), '0', `seed ${seed}: ${r.name} has commits not pushed`);
      }
      // Only Lore's files ever went to the remote.
      const changed = box.git(origin, 'diff', '--name-only', base, 'main').split('\n').filter(Boolean);
      assert.ok(changed.length > 0);
      assert.deepEqual(changed.filter((p) => !p.startsWith('knowledge/lore/')), [], `seed ${seed}`);
      for (const r of replicas) r.store.close();
    }
    // The races really happened: some pushes were refused and resolved by pulling and pushing again.
    assert.ok(racingSyncs > 0 && rejectedPushes > 0, `racing syncs ${racingSyncs}, rejected pushes ${rejectedPushes}`);
  });

  it('says the remote cannot be reached (offline) and keeps the commit for the next sync', async () => {
    const box = sandbox();
    const { origin } = box.origin();
    const clone = box.clone(origin, 'ann');
    const ann = gitReplica('Ann', box);
    await ann.engine.setUp(path.join(clone, 'knowledge'), 'create');
    box.git(clone, 'remote', 'set-url', 'origin', path.join(box.dir, 'gone.git'));
    ann.store.createArticle({ title: 'Offline work' });
    let summary = await ann.engine.syncNow();
    assert.equal(summary.git?.state, 'failed');
    assert.equal(summary.git?.failure?.kind, 'offline');
    assert.match(summary.git!.message, /could not (pull from|push to) the git remote origin: it cannot be reached \(offline, or a wrong address\): fatal: '.*gone\.git' does not appear to be a git repository/);
    assert.ok(summary.warnings.includes(summary.git!.message), 'told as a warning');
    assert.ok(summary.git!.committed > 0, 'Lore still commits its files');
    assert.equal(box.git(clone, 'status', '--porcelain', '--', 'knowledge'), '');

    // A refused connection (a machine that is not listening) is offline too; once the remote is back, the commit goes out.
    box.git(clone, 'remote', 'set-url', 'origin', 'http://127.0.0.1:9/team.git');
    summary = await ann.engine.syncNow();
    assert.equal(summary.git?.failure?.kind, 'offline', summary.git?.message);
    box.git(clone, 'remote', 'set-url', 'origin', origin);
    summary = await ann.engine.syncNow();
    assert.equal(summary.git?.state, 'synced', summary.git?.message);
    assert.ok(summary.git?.pushed);
    assert.equal(box.git(clone, 'rev-parse', 'HEAD'), box.git(origin, 'rev-parse', 'main'));
    ann.store.close();
  });

  it('says the remote refused the push, with the server\'s line escaped for display, when pulling again cannot help', async () => {
    const box = sandbox();
    const { origin } = box.origin();
    const hook = path.join(origin, 'hooks', 'pre-receive');
    nodeFs.writeFileSync(hook, '#!/bin/sh\nprintf "\\033[31mGitLab: You are not allowed to push code to protected branches on this project.\\n" >&2\nexit 1\n', { mode: 0o755 });
    const clone = box.clone(origin, 'ann');
    const ann = gitReplica('Ann', box);
    await ann.engine.setUp(path.join(clone, 'knowledge'), 'create');
    const summary = await ann.engine.syncNow();
    assert.equal(summary.git?.state, 'failed');
    assert.equal(summary.git?.failure?.kind, 'rejected');
    assert.ok(!summary.git!.message.includes('\u001b'), 'no raw escape sequence');
    assert.match(summary.git!.message, /the remote refused the push: remote: \\u\{1b\}\[31mGitLab: You are not allowed to push code to protected branches/);
    assert.match(summary.git!.message, /Check the branch's protection/);
    ann.store.close();
  });

  it('gives up after a bounded number of pushes when others keep pushing first, and says so', async () => {
    const box = sandbox();
    const { origin } = box.origin();
    const clone = box.clone(origin, 'ann');
    const busy = box.clone(origin, 'busy');
    const real = box.runner();
    let pushes = 0;
    // Before each of Ann's pushes, a busy teammate pushes a commit of their own.
    const runner: GitRunner = {
      run: async (cwd, args, options) => {
        if (args[0] === 'push') {
          pushes++;
          box.git(busy, 'pull', '-q', '--no-rebase');
          nodeFs.writeFileSync(path.join(busy, `busy${pushes}.txt`), 'busy\n');
          box.git(busy, 'add', '-A');
          box.git(busy, 'commit', '-q', '-m', 'busy');
          box.git(busy, 'push', '-q');
        }
        return real.run(cwd, args, options);
      },
    };
    const ann = gitReplica('Ann', box, runner, 3);
    await ann.engine.setUp(path.join(clone, 'knowledge'), 'create');
    const summary = await ann.engine.syncNow();
    assert.equal(pushes, 3);
    assert.equal(summary.git?.state, 'failed');
    assert.equal(summary.git?.failure?.kind, 'rejected');
    assert.match(summary.git!.message, /the remote refused the push: .*\[rejected\].*\(fetch first\).*Others kept pushing first; Lore tries again at the next sync/);
    ann.store.close();
  });

  it('keeps the publishing lease through slow push retries, so another window does not publish meanwhile', async () => {
    const box = sandbox();
    const { origin } = box.origin();
    const clone = box.clone(origin, 'ann');
    const busy = box.clone(origin, 'busy');
    const real = box.runner();
    let otherWindow: SyncEngine | undefined;
    const otherWindowPublished: boolean[] = [];
    let pushes = 0;
    let ann: Replica | undefined;
    // Each push takes two minutes (a slow network) and loses to a busy teammate; meanwhile another
    // VS Code window on the same database syncs.
    const runner: GitRunner = {
      run: async (cwd, args, options) => {
        if (args[0] === 'push' && ann && otherWindow) {
          pushes++;
          ann.clock.advance(120_000);
          otherWindowPublished.push((await otherWindow.syncNow()).publisher);
          box.git(busy, 'pull', '-q', '--no-rebase');
          nodeFs.writeFileSync(path.join(busy, `busy${pushes}.txt`), 'busy\n');
          box.git(busy, 'add', '-A');
          box.git(busy, 'commit', '-q', '-m', 'busy');
          box.git(busy, 'push', '-q');
        }
        return real.run(cwd, args, options);
      },
    };
    ann = gitReplica('Ann', box, runner, 3);
    await ann.engine.setUp(path.join(clone, 'knowledge'), 'create');
    otherWindow = new SyncEngine({ store: ann.store, fs: createNodeSyncFs(), folder: path.join(clone, 'knowledge'), clock: ann.clock, sleep: async () => undefined });
    await ann.engine.syncNow();
    assert.equal(pushes, 3);
    assert.deepEqual(otherWindowPublished, [false, false, false], 'the other window only read while this one pushed');
    ann.store.close();
  });

  it('never commits, pulls or pushes while the user has a merge in progress, and says so', async () => {
    const box = sandbox();
    const { origin } = box.origin();
    const clone = box.clone(origin, 'ann');
    const ann = gitReplica('Ann', box);
    await ann.engine.setUp(path.join(clone, 'knowledge'), 'create');
    assert.equal((await ann.engine.syncNow()).git?.state, 'synced');
    // The user merges a branch that conflicts with their own commit.
    box.git(clone, 'checkout', '-q', '-b', 'feature');
    nodeFs.writeFileSync(path.join(clone, 'src', 'app.ts'), 'export const answer = 43;\n');
    box.git(clone, 'commit', '-q', '-am', 'feature');
    box.git(clone, 'checkout', '-q', 'main');
    nodeFs.writeFileSync(path.join(clone, 'src', 'app.ts'), 'export const answer = 41;\n');
    box.git(clone, 'commit', '-q', '-am', 'main');
    assert.notEqual(spawnSync('git', ['merge', 'feature'], { cwd: clone, env: { ...process.env, ...box.env } }).status, 0);
    const head = box.git(clone, 'rev-parse', 'HEAD');

    ann.store.createArticle({ title: 'During the merge' });
    const summary = await ann.engine.syncNow();
    assert.equal(summary.git?.state, 'blocked');
    assert.match(summary.git!.message, /You have a merge in progress in the git repository of the team folder: Lore does not commit, pull or push until you finish or abort it/);
    assert.ok(summary.warnings.includes(summary.git!.message));
    assert.equal(box.git(clone, 'rev-parse', 'HEAD'), head, 'nothing committed');
    assert.ok(nodeFs.existsSync(path.join(clone, '.git', 'MERGE_HEAD')), 'the merge is still the user\'s');
    assert.match(box.git(clone, 'status', '--porcelain', '--', 'knowledge'), /\?\? knowledge\/lore\/devices\//);
    ann.store.close();
  });

  it('does not pull over the user\'s uncommitted change to a file a teammate changed, and says which', async () => {
    const box = sandbox();
    const { origin } = box.origin();
    const clone = box.clone(origin, 'ann');
    const teammate = box.clone(origin, 'bob');
    const ann = gitReplica('Ann', box);
    await ann.engine.setUp(path.join(clone, 'knowledge'), 'create');
    assert.equal((await ann.engine.syncNow()).git?.state, 'synced');
    box.git(teammate, 'pull', '-q');
    nodeFs.writeFileSync(path.join(teammate, 'src', 'app.ts'), 'export const answer = 7;\n');
    box.git(teammate, 'commit', '-q', '-am', 'teammate\'s change');
    box.git(teammate, 'push', '-q');
    nodeFs.writeFileSync(path.join(clone, 'src', 'app.ts'), 'export const answer = 8; // mine\n');

    ann.store.createArticle({ title: 'While Bob pushed code' });
    const summary = await ann.engine.syncNow();
    assert.equal(summary.git?.state, 'blocked');
    assert.match(summary.git!.message, /Lore did not pull from origin\/main: your uncommitted changes are in the way of teammates' commits \(src\/app\.ts\)/);
    assert.equal(nodeFs.readFileSync(path.join(clone, 'src', 'app.ts'), 'utf8'), 'export const answer = 8; // mine\n');
    assert.equal(box.git(clone, 'status', '--porcelain', '--', 'knowledge'), '', 'Lore\'s files are committed, to go out later');
    ann.store.close();
  });

  it('says when a .gitignore rule keeps Lore\'s files out of git', async () => {
    const box = sandbox();
    const { origin } = box.origin();
    const clone = box.clone(origin, 'ann');
    nodeFs.writeFileSync(path.join(clone, '.gitignore'), '*.ndjson\n');
    const ann = gitReplica('Ann', box);
    await ann.engine.setUp(path.join(clone, 'knowledge'), 'create');
    ann.store.createArticle({ title: 'Ignored' });
    const summary = await ann.engine.syncNow();
    assert.equal(summary.git?.state, 'blocked');
    assert.match(summary.git!.message, /Git ignores Lore's files in the team folder \(knowledge\/lore\/devices\/[^)]*\.ndjson, by a \.gitignore rule\)/);
    assert.ok(summary.warnings.includes(summary.git!.message));
    ann.store.close();
  });

  it('does not push commits of the user\'s own, and says so', async () => {
    const box = sandbox();
    const { origin } = box.origin();
    const clone = box.clone(origin, 'ann');
    const ann = gitReplica('Ann', box);
    await ann.engine.setUp(path.join(clone, 'knowledge'), 'create');
    nodeFs.writeFileSync(path.join(clone, 'src', 'app.ts'), 'export const answer = 0;\n');
    box.git(clone, 'commit', '-q', '-am', 'work in progress');
    const summary = await ann.engine.syncNow();
    assert.equal(summary.git?.state, 'waiting');
    assert.match(summary.git!.message, /has commits of your own that are not on origin\/main yet \(for example src\/app\.ts\): Lore does not pull, merge or push them/);
    assert.ok(summary.git!.committed > 0);
    assert.equal(box.git(origin, 'log', '--oneline', 'main').trim().split('\n').length, 1, 'nothing pushed');
    ann.store.close();
  });
});

describe('Git mode: telling failures apart and choosing files', () => {
  it('reads offline, authentication and rejection from git\'s messages', () => {
    assert.equal(classifyGitFailure('fatal: unable to access \'https://git.example.com/t.git/\': Could not resolve host: git.example.com\n').kind, 'offline');
    assert.equal(classifyGitFailure('fatal: Authentication failed for \'https://github.com/acme/kb.git/\'\n').kind, 'auth');
    assert.equal(classifyGitFailure('git@github.com: Permission denied (publickey).\r\nfatal: Could not read from remote repository.\n').kind, 'auth');
    assert.equal(classifyGitFailure('fatal: could not read Username for \'https://github.com\': terminal prompts disabled\n').kind, 'auth');
    const raced = classifyGitFailure('To /tmp/o.git\n ! [rejected]        HEAD -> main (fetch first)\nerror: failed to push some refs to \'/tmp/o.git\'\n');
    assert.deepEqual([raced.kind, raced.retryable], ['rejected', true]);
    const hook = classifyGitFailure('remote: denied\nTo /tmp/o.git\n ! [remote rejected] HEAD -> main (pre-receive hook declined)\n');
    assert.deepEqual([hook.kind, hook.retryable, hook.line], ['rejected', undefined, 'remote: denied']);
    assert.equal(classifyGitFailure('', { timedOut: true }).kind, 'timeout');
  });

  it('commits only this device\'s new files and shared files named by content, never a teammate\'s or a changed segment', () => {
    const own = new Set(['d1']);
    assert.ok(isOwnLoreChange('lore/devices/d1/2026-03/00000001-abc.ndjson', '??', own));
    assert.ok(isOwnLoreChange('lore/devices/d1/2026-03/00000001-abc.ndjson', ' D', own));
    assert.ok(isOwnLoreChange('lore/acks/d1.json', ' M', own));
    assert.ok(isOwnLoreChange('lore/blobs/ab/abcd', '??', own));
    assert.ok(!isOwnLoreChange('lore/devices/d1/2026-03/00000001-abc.ndjson', ' M', own));
    assert.ok(!isOwnLoreChange('lore/devices/d2/DEVICE.json', '??', own));
    assert.ok(!isOwnLoreChange('lore/acks/d2.json', ' M', own));
    assert.ok(!isOwnLoreChange('lore/.staging/tmp', '??', own));
    assert.ok(!isOwnLoreChange('src/app.ts', ' M', own));
  });
});

function assertSynced(summary: SyncSummary, where: string): void {
  assert.equal(summary.stopped, undefined, `${where}: ${summary.stopped?.reason}`);
  assert.equal(summary.git?.state, 'synced', `${where}: ${summary.git?.message}`);
}
