import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { anchorHistory } from '../../../src/core/anchoring/gitPort';
import { NodeGit } from '../../../src/core/anchoring/nodeGit';
import { parseNameStatus } from '../../../src/core/anchoring/renames';
import { resolveAnchor } from '../../../src/core/anchoring/resolveAnchor';
import { LoreError } from '../../../src/core/errors';
import { rangeOfText } from '../../fixtures/anchoring/corpus';
import { gitIn } from '../../fixtures/gitCommand';

const original = readFileSync(join(__dirname, '../../fixtures/anchoring/lines-inserted-above/before.ts.txt'), 'utf8');
const findBody = "    const cached = this.cache.get(id);\n    if (cached) return cached;\n";

describe('anchoring against a real git repository', () => {
  let repo: string;
  const git = (...args: string[]): string => gitIn(repo, ...args);

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'lore-anchoring-'));
    git('init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src/store.ts'), original);
    git('add', '.');
    git('commit', '-q', '-m', 'first');
  });

  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('re-attaches a note after a checkout changes the file on disk, from git show and from git diff', async () => {
    const port = new NodeGit({ cwd: repo });
    const commit = (await port.head())!;
    assert.match(commit, /^[0-9a-f]{40}$/);
    const anchor = createAnchor(original, rangeOfText(original, findBody), { path: 'src/store.ts', commit });

    // A teammate's branch adds a header and reworks findUser; checking it out changes the file.
    git('checkout', '-q', '-b', 'teammate');
    const theirs = original
      .replace("import { createHash } from 'node:crypto';\n", "// Copyright the team.\n// Licensed under MIT.\n\nimport { createHash } from 'node:crypto';\n")
      .replace('    if (cached) return cached;\n', '    if (cached !== undefined) return cached;\n');
    writeFileSync(join(repo, 'src/store.ts'), theirs);
    git('commit', '-q', '-am', 'teammate work');
    git('checkout', '-q', 'main');
    git('checkout', '-q', 'teammate');
    const onDisk = readFileSync(join(repo, 'src/store.ts'), 'utf8');
    assert.equal(onDisk, theirs);

    const { path, history } = await anchorHistory(port, anchor);
    assert.equal(path, 'src/store.ts');
    assert.equal(history.oldText, original);
    const viaShow = resolveAnchor(anchor, onDisk, history);
    assert.equal(viaShow.method, 'diff');
    assert.equal(viaShow.state, 'needsReview', 'the condition changed: the note reads as changed');
    assert.match(viaShow.note, /^The code changed: moved 3 lines down, edited/);
    assert.equal(viaShow.text, findBody.replace('if (cached)', 'if (cached !== undefined)'));

    const diff = (await port.diff(commit, ['src/store.ts']))!;
    assert.match(diff, /^diff --git a\/src\/store\.ts b\/src\/store\.ts/);
    const viaDiff = resolveAnchor(anchor, onDisk, { diff });
    assert.deepEqual({ ...viaDiff }, { ...viaShow });
  });

  it('follows a renamed file through git rename detection', async () => {
    const port = new NodeGit({ cwd: repo });
    const commit = (await port.head())!;
    const anchor = createAnchor(original, rangeOfText(original, findBody), { path: 'src/store.ts', commit });
    mkdirSync(join(repo, 'src/users'));
    git('mv', 'src/store.ts', 'src/users/userStore.ts');
    writeFileSync(join(repo, 'src/users/userStore.ts'), '// moved here\n' + original);
    git('commit', '-q', '-am', 'move the store');

    const { path, history } = await anchorHistory(port, anchor);
    assert.equal(path, 'src/users/userStore.ts');
    const now = readFileSync(join(repo, path), 'utf8');
    const result = resolveAnchor(anchor, now, { ...history, path });
    assert.equal(result.state, 'moved');
    assert.equal(result.path, 'src/users/userStore.ts');
    assert.equal(result.note, 'the file was renamed from src/store.ts; moved 1 line down');
    assert.equal(result.text, findBody);
  });

  it('follows a file moved to another folder and rewritten too much for git to call it a rename', async () => {
    const port = new NodeGit({ cwd: repo });
    const commit = (await port.head())!;
    const anchor = createAnchor(original, rangeOfText(original, findBody), { path: 'src/store.ts', commit });
    git('rm', '-q', 'src/store.ts');
    mkdirSync(join(repo, 'lib/storage'), { recursive: true });
    const fresh = Array.from({ length: 80 }, (_, i) => `export const setting${i} = loadSetting('setting-${i}', ${i});`).join('\n');
    const findUser = original.slice(original.indexOf('  findUser('), original.indexOf('  }\n', original.indexOf('  findUser(')) + 4);
    writeFileSync(join(repo, 'lib/storage/users.ts'), `${fresh}\n\nexport class Users {\n${findUser}}\n`);
    writeFileSync(join(repo, 'lib/storage/other.ts'), 'export const other = 1;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'reorganise');
    assert.doesNotMatch(git('diff', '--name-status', '-M', commit), /^R/m, 'git sees a delete and an add');

    const { path, history } = await anchorHistory(port, anchor);
    assert.equal(path, 'src/store.ts');
    const result = resolveAnchor(anchor, undefined, history);
    assert.equal(result.state, 'moved');
    assert.equal(result.path, 'lib/storage/users.ts');
    assert.equal(result.text, findBody);
  });

  it('answers "unknown" rather than failing for missing files, missing commits and folders outside git', async () => {
    const port = new NodeGit({ cwd: repo });
    const commit = (await port.head())!;
    assert.equal(await port.show(commit, 'src/nope.ts'), undefined);
    assert.equal(await port.show('0123456789abcdef0123456789abcdef01234567', 'src/store.ts'), undefined);
    await assert.rejects(port.show('HEAD; rm -rf /', 'src/store.ts'), (e: unknown) => e instanceof LoreError && /not a git commit id/.test(e.message));
    const outside = mkdtempSync(join(tmpdir(), 'lore-no-git-'));
    try {
      assert.equal(await new NodeGit({ cwd: outside }).head(), undefined);
      const anchor = createAnchor(original, rangeOfText(original, findBody), { path: 'src/store.ts', commit });
      assert.deepEqual(await anchorHistory(new NodeGit({ cwd: outside }), anchor), { path: 'src/store.ts', history: {} });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    await assert.rejects(new NodeGit({ cwd: repo, gitPath: 'git-that-does-not-exist' }).head(), /Git was not found/);
  });
  it('reads many file versions in one batch, in the order asked, relative to the folder git runs in', async () => {
    const first = git('rev-parse', 'HEAD').trim();
    writeFileSync(join(repo, 'src/store.ts'), '// zweite Fassung – für ü\n');
    writeFileSync(join(repo, 'src/empty.ts'), '');
    git('add', '.');
    git('commit', '-q', '-m', 'second');
    const second = git('rev-parse', 'HEAD').trim();
    const port = new NodeGit({ cwd: repo });
    const texts = await port.showMany([
      { commit: second, path: 'src/store.ts' },
      { commit: first, path: 'src/store.ts' },
      { commit: first, path: 'src/empty.ts' },
      { commit: second, path: 'src/empty.ts' },
      { commit: second, path: 'src' },
      { commit: 'a'.repeat(40), path: 'src/store.ts' },
      { commit: second, path: 'src/new\nline.ts' },
    ]);
    assert.deepEqual(texts, ['// zweite Fassung – für ü\n', original, undefined, '', undefined, undefined, undefined]);
    const inSrc = await new NodeGit({ cwd: join(repo, 'src') }).showMany([{ commit: first, path: 'store.ts' }]);
    assert.deepEqual(inSrc, [original]);
  });
  it('answers name-status for many commits in one process, the same as one at a time, while the checkout is clean', async () => {
    const first = git('rev-parse', 'HEAD').trim();
    mkdirSync(join(repo, 'lib'));
    git('mv', 'src/store.ts', 'lib/store.ts');
    writeFileSync(join(repo, 'src/other.ts'), 'export const other = 1;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'move');
    const second = git('rev-parse', 'HEAD').trim();
    const port = new NodeGit({ cwd: repo });
    const many = (await port.nameStatusMany([first, second]))!;
    assert.deepEqual(parseNameStatus(many.get(first)!), parseNameStatus((await port.nameStatus(first))!));
    assert.deepEqual(parseNameStatus(many.get(first)!), { renames: [{ oldPath: 'src/store.ts', newPath: 'lib/store.ts', similarity: 100 }], deleted: [], added: ['src/other.ts'] });
    assert.equal(many.get(second), '', 'nothing changed since HEAD');
    writeFileSync(join(repo, 'lib/store.ts'), 'changed\n');
    assert.equal(await port.nameStatusMany([first]), undefined, 'a changed working tree is not HEAD: ask one commit at a time');
  });
});
