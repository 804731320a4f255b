/**
 * A file's notes resolved together (one resolver: the document's index, the diff from each old
 * version, the other files' indexes and each anchor's shape shared) come back exactly as resolved
 * one at a time, whatever the edits, whichever anchors come with a history and from which commit,
 * and in whatever order the batch lists them. Seeded random edits (the sync suite's Rng) of a
 * generated source file: lines inserted, deleted and edited, blocks moved, re-indented and
 * duplicated next to themselves, some moved to another file.
 */
import { strict as assert } from 'node:assert';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { AnchorResolver, resolveAnchor, resolveAnchors, type AnchorHistory, type CandidateFile } from '../../../src/core/anchoring/resolveAnchor';
import type { Anchor } from '../../../src/core/model';
import { Rng } from '../sync/syncTestKit';

/** A source file of small functions, some alike (boilerplate repeats in real code). */
function sourceFile(rng: Rng, functions: number): string[] {
  const lines: string[] = [];
  for (let f = 0; f < functions; f++) {
    const name = `step${rng.int(8)}${f}`;
    lines.push('/**', ` * ${name} the input.`, ' */', `export function ${name}(input, options) {`);
    for (let k = 0; k < 2 + rng.int(5); k++) lines.push(rng.int(3) === 0 ? '  if (!input) return null;' : `  const value${k} = compute${rng.int(6)}(input, options.level${k});`);
    lines.push('  return input;', '}', '');
  }
  return lines;
}

function edit(lines: string[], other: string[], rng: Rng): void {
  const at = rng.int(lines.length);
  const len = 2 + rng.int(6);
  switch (rng.int(7)) {
    case 0:
      lines.splice(at, 0, `  log${rng.int(100)}(input);`, `  check${rng.int(100)}(options);`);
      break;
    case 1:
      lines.splice(at, 1 + rng.int(4));
      break;
    case 2:
      lines[at] = `${lines[at]} // changed`;
      break;
    case 3: {
      const moved = lines.splice(at, len);
      lines.splice(rng.int(lines.length), 0, ...moved);
      break;
    }
    case 4:
      for (let k = at; k < Math.min(lines.length, at + len); k++) lines[k] = `  ${lines[k]}`;
      break;
    case 5:
      other.splice(rng.int(other.length), 0, ...lines.splice(at, len)); // moved to another file
      break;
    default:
      lines.splice(at + len, 0, ...lines.slice(at, at + len)); // duplicated next to itself
  }
}

function anchorsOf(text: string, commit: string, count: number, rng: Rng): Anchor[] {
  const lineCount = text.split('\n').length;
  return Array.from({ length: count }, () => {
    const start = rng.int(lineCount - 6);
    // Whole lines mostly; some start or end inside a line.
    const startCharacter = rng.chance(0.2) ? 2 : 0;
    const endCharacter = rng.chance(0.2) ? 5 : 0;
    return createAnchor(text, { startLine: start, startCharacter, endLine: start + 1 + rng.int(4), endCharacter }, { path: 'src/steps.js', commit });
  });
}

describe('resolving a file’s anchors together', () => {
  for (let seed = 1; seed <= 16; seed++) {
    it(`gives what resolving them one by one gives (random edits, two commits, seed ${seed})`, () => {
      const rng = new Rng(seed);
      // Large enough (400+ lines) that the diffs count lines in arrays rather than maps.
      const lines = sourceFile(rng, 40 + rng.int(30));
      const other = sourceFile(rng, 6);
      // Notes made at two commits: the file at each is each note's history.
      const versions = new Map<string, string>([['abc1111', lines.join('\n')]]);
      const anchors = anchorsOf(versions.get('abc1111')!, 'abc1111', 30, rng);
      for (let e = 0; e < 2 + rng.int(8); e++) edit(lines, other, rng);
      versions.set('abc2222', lines.join('\n'));
      anchors.push(...anchorsOf(versions.get('abc2222')!, 'abc2222', 30, rng));
      for (let e = 0; e < 4 + rng.int(12); e++) edit(lines, other, rng);
      const current = lines.join('\n');
      const candidates: CandidateFile[] = [{ path: 'src/other.js', text: other.join('\n') }];
      // A third of the anchors come without a history: with and without interleave.
      const withHistory = new Set(anchors.filter(() => !rng.chance(1 / 3)));
      const history = (anchor: Anchor): AnchorHistory => (withHistory.has(anchor) ? { oldText: versions.get(anchor.commit!)! } : {});

      const single = anchors.map((anchor) => resolveAnchor(anchor, current, { ...history(anchor), candidates }));
      const batch = resolveAnchors(anchors, current, { history, candidates });
      assert.deepEqual(batch, single);
      // In another order, through one resolver (the extension's review notes resolve this way).
      const order = rng.shuffle(anchors.map((_, i) => i));
      const resolver = new AnchorResolver(current, { candidates });
      const shuffled = new Array<unknown>(anchors.length);
      for (const i of order) shuffled[i] = resolver.resolve(anchors[i], history(anchors[i]));
      assert.deepEqual(shuffled, single);
    });
  }
});
