import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeGit } from '../../../src/core/anchoring/nodeGit';
import { describeProvenance, provenanceCommit, snippetProvenance } from '../../../src/core/articles/snippetProvenance';
import { gitIn } from '../../fixtures/gitCommand';

describe('shared code records where it came from honestly', () => {
  let repo: string;
  const git = (...args: string[]): string => gitIn(repo, ...args);

  /** What Share Snippet would write for `path`: the article's line and the anchor's commit. */
  async function provenanceFor(path: string, unsaved = false): Promise<{ line: string; commit: string | undefined }> {
    const port = new NodeGit({ cwd: repo });
    const provenance = snippetProvenance(await port.head(), await port.fileState(path), unsaved);
    return { line: describeProvenance('3-5', provenance), commit: provenanceCommit(provenance) };
  }

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'lore-provenance-'));
    git('init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src/store.ts'), 'export const a = 1;\n');
    writeFileSync(join(repo, '.gitignore'), 'build/\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
  });

  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('a file as committed: its commit, kept for the anchor', async () => {
    const head = git('rev-parse', 'HEAD').trim();
    const { line, commit } = await provenanceFor('src/store.ts');
    assert.equal(line, `lines 3-5, commit ${head.slice(0, 8)}`);
    assert.equal(commit, head);
  });

  it('a file changed since HEAD (on disk, staged, or unsaved in the editor): "changes not yet committed", no commit for the anchor', async () => {
    const head = git('rev-parse', 'HEAD').trim();
    const unsaved = await provenanceFor('src/store.ts', true);
    assert.equal(unsaved.line, `lines 3-5, with changes not yet committed after commit ${head.slice(0, 8)}`);
    assert.equal(unsaved.commit, undefined);
    writeFileSync(join(repo, 'src/store.ts'), 'export const a = 2;\n');
    assert.equal((await provenanceFor('src/store.ts')).commit, undefined);
    assert.match((await provenanceFor('src/store.ts')).line, /changes not yet committed/);
    git('add', 'src/store.ts');
    assert.match((await provenanceFor('src/store.ts')).line, /changes not yet committed/);
  });

  it('a file git has never seen (untracked, ignored, or only added): "not committed to git", no commit', async () => {
    writeFileSync(join(repo, 'src/new.ts'), 'export const b = 1;\n');
    mkdirSync(join(repo, 'build'));
    writeFileSync(join(repo, 'build/out.ts'), 'export const c = 1;\n');
    for (const path of ['src/new.ts', 'build/out.ts']) {
      assert.deepEqual(await provenanceFor(path), { line: 'lines 3-5, in a file not committed to git', commit: undefined }, path);
    }
    git('add', 'src/new.ts');
    assert.deepEqual(await provenanceFor('src/new.ts'), { line: 'lines 3-5, in a file not committed to git', commit: undefined });
  });

  it('outside a repository: only the lines', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'lore-no-git-'));
    try {
      writeFileSync(join(outside, 'x.ts'), 'x\n');
      const port = new NodeGit({ cwd: outside });
      const provenance = snippetProvenance(await port.head(), await port.fileState('x.ts'), false);
      assert.equal(describeProvenance('1', provenance), 'lines 1');
      assert.equal(provenanceCommit(provenance), undefined);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
