import { strict as assert } from 'node:assert';
import { applyRenameEvents, parseNameStatus, renamedPath, renamesFromGit } from '../../../src/core/anchoring/renames';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';

describe('renames', () => {
  it('reads git rename detection output, line-based and -z', () => {
    const lines = 'M\tsrc/index.ts\nR087\tsrc/util/str.ts\tsrc/text/strings.ts\nD\tsrc/old.ts\nA\tsrc/new.ts\nC075\tsrc/a.ts\tsrc/a-copy.ts\nR100\t"src/caf\\303\\251.ts"\tsrc/cafe.ts\n';
    const parsed = parseNameStatus(lines);
    assert.deepEqual(parsed.renames, [
      { oldPath: 'src/util/str.ts', newPath: 'src/text/strings.ts', similarity: 87 },
      { oldPath: 'src/café.ts', newPath: 'src/cafe.ts', similarity: 100 },
    ]);
    assert.deepEqual(parsed.deleted, ['src/old.ts']);
    assert.deepEqual(parsed.added, ['src/new.ts', 'src/a-copy.ts']);
    const z = 'M\0src/index.ts\0R087\0src/util/str.ts\0src/text/strings.ts\0D\0src/old.ts\0';
    assert.equal(renamesFromGit(z).get('src/util/str.ts'), 'src/text/strings.ts');
  });

  it('maps files, files inside renamed folders, and chains of renames; leaves look-alike prefixes alone', () => {
    const events = [
      { oldPath: 'src/util', newPath: 'src/lib' },
      { oldPath: 'src/lib/strings.ts', newPath: 'src/lib/text.ts' },
    ];
    assert.equal(renamedPath('src/util/strings.ts', events), 'src/lib/text.ts');
    assert.equal(renamedPath('src/util/deep/x.ts', events), 'src/lib/deep/x.ts');
    assert.equal(renamedPath('src/utilities.ts', events), 'src/utilities.ts');
    assert.equal(renamedPath('src/a.ts', new Map([['src/a.ts', 'src/b.ts']])), 'src/b.ts');
  });

  it('applies rename events to anchors, returning the untouched ones as they were', () => {
    const a = createAnchor('x\n', { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0 }, { path: 'src/util/a.ts' });
    const b = createAnchor('y\n', { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0 }, { path: 'docs/b.md' });
    const [a2, b2] = applyRenameEvents([a, b], [{ oldPath: 'src/util/', newPath: 'src/shared' }]);
    assert.equal(a2.path, 'src/shared/a.ts');
    assert.equal(a2.text, 'x\n');
    assert.notEqual(a2, a);
    assert.equal(b2, b);
  });
});
