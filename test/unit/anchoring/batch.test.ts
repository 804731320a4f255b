/**
 * A file's notes resolved together (one resolver: the document's indexes, diffs and the state of
 * each resolution shared) come back exactly as resolved one at a time, whatever the edits and
 * whichever anchors come with a history. Seeded random edits of a generated source file: lines
 * inserted, deleted and edited, blocks moved, re-indented and duplicated next to themselves.
 */
import { strict as assert } from 'node:assert';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { resolveAnchor, resolveAnchors, type AnchorHistory } from '../../../src/core/anchoring/resolveAnchor';
import type { Anchor } from '../../../src/core/model';

function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** A source file of small functions, some alike (boilerplate repeats in real code). */
function sourceFile(rand: (n: number) => number): string[] {
  const lines: string[] = [];
  for (let f = 0; f < 24; f++) {
    const name = `step${rand(8)}${f}`;
    lines.push('/**', ` * ${name} the input.`, ' */', `export function ${name}(input, options) {`);
    for (let k = 0; k < 2 + rand(5); k++) lines.push(rand(3) === 0 ? '  if (!input) return null;' : `  const value${k} = compute${rand(6)}(input, options.level${k});`);
    lines.push('  return input;', '}', '');
  }
  return lines;
}

function edit(lines: string[], rand: (n: number) => number): void {
  const at = rand(lines.length);
  const len = 2 + rand(6);
  switch (rand(6)) {
    case 0:
      lines.splice(at, 0, `  log${rand(100)}(input);`, `  check${rand(100)}(options);`);
      break;
    case 1:
      lines.splice(at, 1 + rand(4));
      break;
    case 2:
      lines[at] = `${lines[at]} // changed`;
      break;
    case 3: {
      const moved = lines.splice(at, len);
      lines.splice(rand(lines.length), 0, ...moved);
      break;
    }
    case 4:
      for (let k = at; k < Math.min(lines.length, at + len); k++) lines[k] = `  ${lines[k]}`;
      break;
    default:
      lines.splice(at + len, 0, ...lines.slice(at, at + len)); // duplicated next to itself
  }
}

function anchorsOf(text: string, rand: (n: number) => number): Anchor[] {
  const lineCount = text.split('\n').length;
  return Array.from({ length: 40 }, () => {
    const start = rand(lineCount - 6);
    return createAnchor(text, { startLine: start, startCharacter: 0, endLine: start + 1 + rand(4), endCharacter: 0 }, { path: 'src/steps.js', commit: 'abc1234' });
  });
}

describe('resolving a file’s anchors together', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`gives what resolving them one by one gives (random edits, seed ${seed})`, () => {
      const rand = random(seed);
      const lines = sourceFile(rand);
      const original = lines.join('\n');
      const anchors = anchorsOf(original, rand);
      for (let e = 0; e < 4 + rand(12); e++) edit(lines, rand);
      const current = lines.join('\n');
      // Every other anchor knows the file at its commit: resolutions with and without history interleave.
      const history = (anchor: Anchor): AnchorHistory => (anchors.indexOf(anchor) % 2 === 0 ? { oldText: original } : {});
      const batch = resolveAnchors(anchors, current, { history });
      const single = anchors.map((anchor) => resolveAnchor(anchor, current, history(anchor)));
      assert.deepEqual(batch, single);
    });
  }
});
