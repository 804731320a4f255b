/**
 * The document index that a batch of anchors shares (line keys as ids, lines per key, lines per
 * word) answers exactly what the plain definitions answer: `lineKey`, `isTrivialKey` and the
 * words `wordTokens` finds, on random lines mixing code, Unicode letters and Unicode spaces.
 */
import { strict as assert } from 'node:assert';
import { DocumentIndex } from '../../../src/core/anchoring/documentIndex';
import { isTrivialKey, lineKey, tokenize, wordTokens } from '../../../src/core/anchoring/similarity';
import { Rng } from '../sync/syncTestKit';

const PIECES = ['const', 'value', 'x', 'if', 'return', 'caf\u00e9', '\u00e9t\u00e9', 'na\u00efve_1', '$el', '_id', 'abc', 'abcd', '12', '1.5e3', '0x1F', '9abc', 'a1b2c3',
  '(', ')', '{', '}', ';', '=>', '//', '/*', '*', '.', ',', '"', "'", '+', '\u2028', '\u00a0', '\u3000', '\ufeff', '\t', ' ', '  ', '\u4e2d\u6587', '\u0660\u0661'];

function randomLine(rng: Rng): string {
  if (rng.chance(0.1)) return rng.pick(['', '}', '  });', '\t', ' */', '/**']);
  let line = rng.chance(0.5) ? '  '.repeat(rng.int(4)) : '';
  for (let k = rng.int(9); k >= 0; k--) line += rng.pick(PIECES) + (rng.chance(0.4) ? ' ' : '');
  return line;
}

describe('the document index a batch of anchors shares', () => {
  for (let seed = 1; seed <= 20; seed++) {
    it(`answers as lineKey, isTrivialKey and wordTokens do (random lines, seed ${seed})`, () => {
      const rng = new Rng(seed);
      const pool = Array.from({ length: 40 }, () => randomLine(rng));
      // Lines repeat (and repeat with other spacing), as boilerplate does in real files.
      const lines = Array.from({ length: 300 }, () => (rng.chance(0.3) ? rng.pick(pool).replace(/ /g, rng.chance(0.5) ? '  ' : ' ') : randomLine(rng)));
      const index = new DocumentIndex(lines.join('\n'));
      const keys = lines.map(lineKey);
      const words = lines.map((line) => new Set(wordTokens(line, tokenize(line))));
      for (let a = 0; a < lines.length; a++) {
        assert.equal(index.key(a), keys[a], `key of line ${a}`);
        assert.equal(index.trivial[a] === 1, isTrivialKey(keys[a]), `triviality of line ${a}`);
        assert.equal(index.keyId(keys[a]), index.keyIds[a], `id of the key of line ${a}`);
        const b = rng.int(lines.length);
        assert.equal(index.keyIds[a] === index.keyIds[b], keys[a] === keys[b], `lines ${a} and ${b}`);
        const withKey = isTrivialKey(keys[a]) ? [] : keys.flatMap((k, l) => (k === keys[a] ? [l] : []));
        assert.deepEqual([...index.linesWithKey(keys[a])], withKey, `lines with the key of line ${a}`);
        for (const word of words[a]) {
          assert.deepEqual([...index.linesWithToken(word)], words.flatMap((w, l) => (w.has(word) ? [l] : [])), `lines with ${word}`);
        }
      }
      assert.equal(index.keyId('no such line'), -1);
      assert.equal(index.keyId('nosuchline'), -1);
      assert.deepEqual([...index.linesWithToken('nosuchword')], []);
      assert.deepEqual([...index.linesWithToken('if')], [], 'words shorter than three characters are not indexed');
    });
  }
});
