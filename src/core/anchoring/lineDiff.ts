/**
 * A line diff between two versions of a file, as the list of changed blocks.
 *
 * Myers' O(ND) algorithm (what `git diff` uses by default), so a small change in a large file
 * costs little. When the two versions differ by more than MAX_EDITS lines, the diff is split on
 * lines that occur exactly once in both versions (the "patience" idea) and each part is diffed
 * on its own. node-diff3's Hunt–McIlroy LCS was measured at 1.7 s for one moved block in a
 * 10,000-line file, which is why this is not delegated to it.
 */

/** One changed region: `oldLines` at `oldStart` became `newLines` at `newStart` (zero-based lines). */
export interface ChangeBlock {
  oldStart: number;
  oldLines: string[];
  newStart: number;
  newLines: string[];
}

const MAX_EDITS = 1500;

export function diffLines(oldLines: readonly string[], newLines: readonly string[]): ChangeBlock[] {
  const ids = new Map<string, number>();
  const intern = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const a = Int32Array.from(oldLines, intern);
  const b = Int32Array.from(newLines, intern);
  const pairs: number[] = [];
  align(a, 0, a.length, b, 0, b.length, pairs);
  return blocksFromPairs(pairs, oldLines, newLines);
}

function blocksFromPairs(pairs: number[], oldLines: readonly string[], newLines: readonly string[]): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  let i = 0;
  let j = 0;
  const flush = (toI: number, toJ: number): void => {
    if (toI > i || toJ > j) {
      blocks.push({ oldStart: i, oldLines: oldLines.slice(i, toI), newStart: j, newLines: newLines.slice(j, toJ) });
    }
  };
  for (let p = 0; p < pairs.length; p += 2) {
    flush(pairs[p], pairs[p + 1]);
    i = pairs[p] + 1;
    j = pairs[p + 1] + 1;
  }
  flush(oldLines.length, newLines.length);
  return blocks;
}

/** Append to `out` the matched (old, new) line pairs of a[aLo..aHi) against b[bLo..bHi), in order. */
function align(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, out: number[]): void {
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
    out.push(aLo++, bLo++);
  }
  let tail = 0;
  while (aHi - tail > aLo && bHi - tail > bLo && a[aHi - tail - 1] === b[bHi - tail - 1]) tail++;
  aHi -= tail;
  bHi -= tail;
  if (aLo < aHi && bLo < bHi) {
    const middle = myers(a, aLo, aHi, b, bLo, bHi);
    if (middle) for (const index of middle) out.push(index);
    else patience(a, aLo, aHi, b, bLo, bHi, out);
  }
  for (let t = 0; t < tail; t++) out.push(aHi + t, bHi + t);
}

/** Matched pairs by Myers' greedy algorithm, or undefined when more than MAX_EDITS edits are needed. */
function myers(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number): number[] | undefined {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  outer: for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break outer;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return undefined;
  const reversed: number[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1];
    const at = (k: number): number => prev[k + d - 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const startX = down ? prevX : prevX + 1;
    const startY = startX - k;
    while (x > startX && y > startY) {
      x--;
      y--;
      reversed.push(bLo + y, aLo + x);
    }
    x = prevX;
    y = prevX - prevK;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    reversed.push(bLo + y, aLo + x);
  }
  return reversed.reverse();
}

/** Split on lines unique to both sides, in an order both agree on, and diff between them. */
function patience(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, out: number[]): void {
  const countA = new Map<number, number>();
  const countB = new Map<number, number>();
  const posB = new Map<number, number>();
  for (let i = aLo; i < aHi; i++) countA.set(a[i], (countA.get(a[i]) ?? 0) + 1);
  for (let j = bLo; j < bHi; j++) {
    countB.set(b[j], (countB.get(b[j]) ?? 0) + 1);
    posB.set(b[j], j);
  }
  const candidates: Array<[number, number]> = [];
  for (let i = aLo; i < aHi; i++) {
    if (countA.get(a[i]) === 1 && countB.get(a[i]) === 1) candidates.push([i, posB.get(a[i])!]);
  }
  const anchors = longestIncreasing(candidates);
  if (anchors.length === 0) return; // nothing in common worth aligning: one changed block
  let i = aLo;
  let j = bLo;
  for (const [ai, bj] of anchors) {
    align(a, i, ai, b, j, bj, out);
    out.push(ai, bj);
    i = ai + 1;
    j = bj + 1;
  }
  align(a, i, aHi, b, j, bHi, out);
}

/** Longest subsequence of pairs (sorted by first) that is increasing in the second, by patience sorting. */
function longestIncreasing(pairs: Array<[number, number]>): Array<[number, number]> {
  const tails: number[] = [];
  const back: number[] = new Array(pairs.length);
  for (let p = 0; p < pairs.length; p++) {
    const value = pairs[p][1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < value) lo = mid + 1;
      else hi = mid;
    }
    back[p] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = p;
  }
  const result: Array<[number, number]> = [];
  for (let p = tails.length ? tails[tails.length - 1] : -1; p >= 0; p = back[p]) result.push(pairs[p]);
  return result.reverse();
}
