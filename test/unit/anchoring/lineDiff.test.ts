import { strict as assert } from 'node:assert';
import { diffLines, type ChangeBlock } from '../../../src/core/anchoring/lineDiff';

function applyBlocks(oldLines: string[], blocks: ChangeBlock[]): string[] {
  const out: string[] = [];
  let pos = 0;
  for (const b of blocks) {
    out.push(...oldLines.slice(pos, b.oldStart), ...b.newLines);
    pos = b.oldStart + b.oldLines.length;
  }
  return out.concat(oldLines.slice(pos));
}

function changed(blocks: ChangeBlock[]): number {
  return blocks.reduce((n, b) => n + b.oldLines.length + b.newLines.length, 0);
}

describe('diffLines', () => {
  it('finds the one changed line', () => {
    assert.deepEqual(diffLines(['a', 'b', 'c'], ['a', 'B', 'c']), [{ oldStart: 1, oldLines: ['b'], newStart: 1, newLines: ['B'] }]);
    assert.deepEqual(diffLines(['a'], ['a']), []);
    assert.deepEqual(diffLines([], ['x']), [{ oldStart: 0, oldLines: [], newStart: 0, newLines: ['x'] }]);
  });

  it('rebuilds the new text from the old one and its blocks, with a minimal edit count (random property)', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let trial = 0; trial < 300; trial++) {
      const a = Array.from({ length: random(30) }, () => 'abcde'[random(5)]);
      const b = a.slice();
      for (let k = random(6); k > 0; k--) {
        if (random(2) && b.length) b.splice(random(b.length), 1);
        else b.splice(random(b.length + 1), 0, 'abcdef'[random(6)]);
      }
      const blocks = diffLines(a, b);
      assert.deepEqual(applyBlocks(a, blocks), b);
      assert.equal(changed(blocks), a.length + b.length - 2 * lcs(a, b));
    }
  });

  it('keeps the diff small for one moved block in a 10,000-line file, beyond the Myers limit too', () => {
    const old = Array.from({ length: 10_000 }, (_, i) => (i % 5 === 0 ? '' : i % 7 === 0 ? '}' : `statement_${i}();`));
    const moved = old.slice();
    const block = moved.splice(1000, 40);
    moved.splice(8960, 0, ...block);
    const blocks = diffLines(old, moved);
    assert.deepEqual(applyBlocks(old, blocks), moved);
    assert.ok(changed(blocks) <= 100, `changed ${changed(blocks)} lines`);

    const scrambled = old.map((line, i) => (i % 3 === 0 ? `rewritten_${i}` : line)); // ~6,600 edits: patience split
    const blocks2 = diffLines(old, scrambled);
    assert.deepEqual(applyBlocks(old, blocks2), scrambled);
    assert.ok(changed(blocks2) <= 2 * 3334 + 10, `changed ${changed(blocks2)} lines`);
  });
});

function lcs(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}

describe('diffLines on repeated boilerplate', () => {
  const doc = (name: string): string[] => ['/**', ` * ${name} the input.`, ' */', `export function ${name}(input) {`, `  return input.${name}();`, '}', ''];

  it('reports an inserted documented function as one whole block, as git does', () => {
    const old = [...doc('trim'), ...doc('lower')];
    const inserted = [...doc('upper'), ...old];
    assert.deepEqual(diffLines(old, inserted), [{ oldStart: 0, oldLines: [], newStart: 0, newLines: doc('upper') }]);
    const between = [...doc('trim'), ...doc('upper'), ...doc('lower')];
    assert.deepEqual(diffLines(old, between), [{ oldStart: 7, oldLines: [], newStart: 7, newLines: doc('upper') }]);
  });
});
