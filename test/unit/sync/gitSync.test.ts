import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeSyncFs } from '../../../src/core/sync/nodeSyncFs';
import { readSegment } from '../../../src/core/sync/segmentFile';
import { verifyTeamFolder } from '../../../src/core/sync/verifyTeamFolder';
import { allEventIds, openReplica, stateHash, type Replica } from './syncTestKit';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);

function git(cwd: string, home: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=Lore Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
  });
  assert.equal(result.status, 0, `git ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function filesUnder(dir: string): string[] {
  return nodeFs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe('A team folder inside a git repository (fault test 11)', function () {
  this.timeout(60_000);
  let dir: string;
  before(function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip(); // git is not installed here
    dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'lore-git-'));
  });
  after(() => dir && nodeFs.rmSync(dir, { recursive: true, force: true }));

  it('two clones add segments concurrently, pull and push without conflicts, and hashes verify with core.autocrlf=true', async () => {
    const origin = path.join(dir, 'origin.git');
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    git(dir, dir, 'init', '--bare', origin);
    git(dir, dir, 'clone', '-c', 'core.autocrlf=true', origin, a);
    const fs = createNodeSyncFs();
    const ann: Replica = openReplica('Ann', fs);
    await ann.engine.setUp(a, 'create');
    ann.store.createArticle({ title: 'Release checklist', body: 'Run the tests.\r\nWindows line ends inside text are fine.' });
    await ann.engine.syncNow();
    git(a, dir, 'add', '-A');
    git(a, dir, 'commit', '-q', '-m', 'Lore: set up team folder');
    git(a, dir, 'push', '-q', 'origin', 'HEAD:main');

    git(dir, dir, 'clone', '-c', 'core.autocrlf=true', origin, b);
    const bob: Replica = openReplica('Bob', fs);
    await bob.engine.setUp(b, 'join');
    const first = await bob.engine.syncNow();
    assert.equal(first.pending.length, 0, JSON.stringify(first.pending));
    assert.equal(bob.store.countArticles(), 1);
    const segmentFile = path.relative(b, filesUnder(path.join(b, 'lore')).find((f) => f.endsWith('.ndjson'))!);
    assert.match(git(b, dir, 'check-attr', 'text', '--', segmentFile), /text: unset/);
    for (const file of filesUnder(path.join(b, 'lore')).filter((f) => f.endsWith('.ndjson'))) {
      assert.ok(!nodeFs.readFileSync(file).includes('\r\n'), `git converted line ends in ${file}`);
    }

    // Concurrent work on both clones, including the same image added on both sides.
    const image = ann.store.putImage(PNG, 'image/png');
    bob.store.putImage(PNG, 'image/png');
    ann.store.createArticle({ title: 'Ann offline', body: `Diagram: ![d](lore-image:${image})` });
    bob.store.createArticle({ title: 'Bob offline', body: `Same diagram: ![d](lore-image:${image})` });
    const shared = bob.store.listArticles()[0].id;
    bob.store.updateArticle(shared, { tags: ['release'] });
    for (const [r, repo] of [[ann, a], [bob, b]] as const) {
      await r.engine.syncNow();
      git(repo, dir, 'add', '-A');
      git(repo, dir, 'commit', '-q', '-m', `Lore: ${r.name}'s changes`);
    }
    git(a, dir, 'push', '-q', 'origin', 'HEAD:main');
    git(b, dir, 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main');
    git(b, dir, 'push', '-q', 'origin', 'HEAD:main');
    git(a, dir, 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main');
    assert.equal(git(a, dir, 'status', '--porcelain'), '');

    for (const r of [ann, bob]) await r.engine.syncNow();
    assert.equal(stateHash(ann.store), stateHash(bob.store));
    assert.deepEqual(allEventIds(ann.store), allEventIds(bob.store));
    assert.equal(ann.store.countArticles(), 3);
    for (const repo of [a, b]) {
      const report = await verifyTeamFolder(fs, repo);
      assert.ok(report.ok, `${repo}: ${JSON.stringify(report.problems)}`);
      assert.equal(report.blobs, 1);
    }

    // A fresh clone verifies too.
    const c = path.join(dir, 'c');
    git(dir, dir, 'clone', '-q', '-c', 'core.autocrlf=true', origin, c);
    assert.ok((await verifyTeamFolder(fs, c)).ok);
    ann.store.close();
    bob.store.close();
  });

  it('even without the .gitattributes rule, segments converted to CRLF are still read', async () => {
    const fs = createNodeSyncFs();
    const repo = path.join(dir, 'crlf');
    nodeFs.mkdirSync(repo);
    const ann = openReplica('Ann', fs);
    await ann.engine.setUp(repo, 'create');
    ann.store.createArticle({ title: 'Line ends' });
    await ann.engine.syncNow();
    const file = filesUnder(path.join(repo, 'lore', 'devices')).find((f) => f.endsWith('.ndjson'))!;
    const crlf = Buffer.from(nodeFs.readFileSync(file).toString('utf8').replace(/\n/g, '\r\n'));
    const key = ann.store.db.get<{ public_key: string }>('SELECT public_key FROM sync_devices WHERE device = ?', ann.store.deviceId)!.public_key;
    const read = readSegment(crlf, () => key);
    assert.ok(read.ok && read.convertedLineEnds);
    ann.store.close();
  });
});
