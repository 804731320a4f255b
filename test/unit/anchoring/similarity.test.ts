import { strict as assert } from 'node:assert';
import { bagSimilarity, lcsLength, sequenceSimilarity, textSimilarity, tokenize } from '../../../src/core/anchoring/similarity';
import { Rng } from '../sync/syncTestKit';

describe('similarity', () => {
  it('tokenizes code into identifiers, numbers and punctuation, ignoring whitespace', () => {
    assert.deepEqual(tokenize('const x1 = foo(3.5, "a b");'), ['const', 'x1', '=', 'foo', '(', '3.5', ',', '"', 'a', 'b', '"', ')', ';']);
  });

  it('counts the tokens two texts share as the multiset definition does, whatever they share at their ends (random property)', () => {
    const rng = new Rng(11);
    const dice = (a: readonly string[], b: readonly string[]): number => {
      if (a.length + b.length === 0) return 1;
      const left = [...a];
      let shared = 0;
      for (const t of b) {
        const at = left.indexOf(t);
        if (at >= 0) {
          shared++;
          left.splice(at, 1);
        }
      }
      return (2 * shared) / (a.length + b.length);
    };
    for (let trial = 0; trial < 2000; trial++) {
      const a = Array.from({ length: rng.int(12) }, () => rng.pick(['a', 'b', 'c', '(', ')']));
      const b = rng.chance(0.5) ? [...a] : Array.from({ length: rng.int(12) }, () => rng.pick(['a', 'b', 'c', '(', ')']));
      if (b.length && rng.chance(0.7)) b.splice(rng.int(b.length), rng.int(3), ...(rng.chance(0.5) ? ['a', 'c'] : []));
      assert.equal(bagSimilarity(a, b), dice(a, b), `${a.join(' ')} / ${b.join(' ')}`);
      assert.equal(bagSimilarity(a, a), 1);
    }
  });

  it('computes the same LCS length as the textbook algorithm (random property)', () => {
    let seed = 3;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let trial = 0; trial < 500; trial++) {
      const a = Array.from({ length: random(25) }, () => random(4));
      const b = Array.from({ length: random(25) }, () => random(4));
      assert.equal(lcsLength(a, b), reference(a, b));
    }
  });

  it('stops early once more edits than allowed would be needed', () => {
    assert.equal(lcsLength([1, 2, 3, 4], [5, 6, 7, 8], 3), undefined);
    assert.equal(lcsLength([1, 2, 3, 4], [1, 2, 3, 5], 2), 3);
  });

  it('scores re-indented and re-wrapped code as identical, and unrelated code low', () => {
    assert.equal(textSimilarity('if (a) {\n  b();\n}', '    if (a) { b(); }'), 1);
    assert.ok(textSimilarity('return user.name;', 'throw new Error("x")') < 0.3);
    assert.equal(sequenceSimilarity([], []), 1);
  });
});

function reference(a: number[], b: number[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}
