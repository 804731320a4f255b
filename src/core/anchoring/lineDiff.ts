/**
 * A line diff between two versions of a file, as the list of changed blocks, built the way
 * `git diff --patience --indent-heuristic` builds one:
 *
 * 1. Lines that occur exactly once in both versions, in an order both agree on, are matched
 *    first (the "patience" idea), and the parts between them are diffed on their own. Repeated
 *    boilerplate (`/**`, ` *\/`, `});`, blank lines) therefore never pairs with the wrong copy
 *    across a unique line; Myers' O(ND) algorithm only aligns what lies between unique lines.
 * 2. A block of inserted (or deleted) lines that could equally sit a few lines higher or lower
 *    (its first line equals the line after it, or its last the line before it) is slid to where
 *    git's indent heuristic puts it: at blank lines and the least indented lines, so an inserted
 *    function with its doc comment is the whole new function, not the tail of one doc comment
 *    and the head of the next.
 *
 * node-diff3's Hunt–McIlroy LCS was measured at 1.7 s for one moved block in a 10,000-line file,
 * which is why this is not delegated to it.
 */
import { myersPairs } from './myers';

/** One changed region: `oldLines` at `oldStart` became `newLines` at `newStart` (zero-based lines). */
export interface ChangeBlock {
  oldStart: number;
  oldLines: string[];
  newStart: number;
  newLines: string[];
}

/** Between two unique lines, Myers gives up beyond this many edits: the part is one changed block. */
const MAX_EDITS = 1500;
/** How far a block is slid at most, as in git (INDENT_HEURISTIC_MAX_SLIDING). */
const MAX_SLIDING = 100;

export function diffLines(oldLines: readonly string[], newLines: readonly string[]): ChangeBlock[] {
  const ids = new Map<string, number>();
  const intern = (lines: readonly string[]): Int32Array => {
    const out = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      let id = ids.get(line);
      if (id === undefined) ids.set(line, (id = ids.size));
      out[i] = id;
    }
    return out;
  };
  const a = intern(oldLines);
  const b = intern(newLines);
  scratch = { size: ids.size };
  const pairs: number[] = [];
  align(a, 0, a.length, b, 0, b.length, pairs);
  const partnerA = new Int32Array(a.length).fill(-1);
  const partnerB = new Int32Array(b.length).fill(-1);
  for (let p = 0; p < pairs.length; p += 2) {
    partnerA[pairs[p]] = pairs[p + 1];
    partnerB[pairs[p + 1]] = pairs[p];
  }
  slideBlocks(b, newLines, partnerB, partnerA, a.length);
  slideBlocks(a, oldLines, partnerA, partnerB, b.length);
  scratch = undefined;
  return blocksFromPartners(partnerA, oldLines, newLines);
}

/** Distinct line ids of the diff running now: large parts count lines in arrays indexed by id rather than in maps. */
let scratch: { size: number; countA?: Int32Array; countB?: Int32Array; posB?: Int32Array } | undefined;
/** From this many lines on, a part's lines are counted in arrays (cleared after use) rather than maps. */
const ARRAY_COUNTS = 256;

function blocksFromPartners(partnerA: Int32Array, oldLines: readonly string[], newLines: readonly string[]): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  let i = 0;
  let j = 0;
  const flush = (toI: number, toJ: number): void => {
    if (toI > i || toJ > j) {
      blocks.push({ oldStart: i, oldLines: oldLines.slice(i, toI), newStart: j, newLines: newLines.slice(j, toJ) });
    }
  };
  for (let p = 0; p < partnerA.length; p++) {
    if (partnerA[p] < 0) continue;
    flush(p, partnerA[p]);
    i = p + 1;
    j = partnerA[p] + 1;
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
  if (aLo < aHi && bLo < bHi && !patience(a, aLo, aHi, b, bLo, bHi, out)) {
    const middle = myersPairs(a, aLo, aHi, b, bLo, bHi, MAX_EDITS);
    if (middle) for (const index of middle) out.push(index);
  }
  for (let t = 0; t < tail; t++) out.push(aHi + t, bHi + t);
}

/**
 * Split on lines unique to both sides, in an order both agree on, and align between them;
 * false when there is no such line (the caller aligns the part with Myers).
 */
function patience(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, out: number[]): boolean {
  const candidates: Array<[number, number]> = [];
  const counts = scratch;
  if (counts && aHi - aLo + bHi - bLo >= ARRAY_COUNTS) {
    // The same as the maps below, in arrays shared by the whole diff (parts are counted one at a
    // time: a part's counts are cleared before its sub-parts are aligned).
    const countA = (counts.countA ??= new Int32Array(counts.size));
    const countB = (counts.countB ??= new Int32Array(counts.size));
    const posB = (counts.posB ??= new Int32Array(counts.size));
    for (let i = aLo; i < aHi; i++) countA[a[i]]++;
    for (let j = bLo; j < bHi; j++) {
      countB[b[j]]++;
      posB[b[j]] = j;
    }
    for (let i = aLo; i < aHi; i++) if (countA[a[i]] === 1 && countB[a[i]] === 1) candidates.push([i, posB[a[i]]]);
    for (let i = aLo; i < aHi; i++) countA[a[i]] = 0;
    for (let j = bLo; j < bHi; j++) countB[b[j]] = 0;
  } else {
    const countA = new Map<number, number>();
    const countB = new Map<number, number>();
    const posB = new Map<number, number>();
    for (let i = aLo; i < aHi; i++) countA.set(a[i], (countA.get(a[i]) ?? 0) + 1);
    for (let j = bLo; j < bHi; j++) {
      countB.set(b[j], (countB.get(b[j]) ?? 0) + 1);
      posB.set(b[j], j);
    }
    for (let i = aLo; i < aHi; i++) {
      if (countA.get(a[i]) === 1 && countB.get(a[i]) === 1) candidates.push([i, posB.get(a[i])!]);
    }
  }
  const anchors = longestIncreasing(candidates);
  if (anchors.length === 0) return false;
  let i = aLo;
  let j = bLo;
  for (const [ai, bj] of anchors) {
    align(a, i, ai, b, j, bj, out);
    out.push(ai, bj);
    i = ai + 1;
    j = bj + 1;
  }
  align(a, i, aHi, b, j, bHi, out);
  return true;
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

/**
 * Slide each block of lines changed on side X only (inserted lines when X is the new side, deleted
 * lines when it is the old side; the other side unchanged there) to its best place among the
 * equivalent ones. `partnerX[i]` is the matched line on side Y, or -1 for a changed line.
 */
function slideBlocks(x: Int32Array, lines: readonly string[], partnerX: Int32Array, partnerY: Int32Array, lengthY: number): void {
  const n = x.length;
  const indents = new Int16Array(n).fill(-2); // -2: not measured yet
  const indent = (i: number): number => {
    if (indents[i] === -2) indents[i] = indentOf(lines[i]);
    return indents[i];
  };
  // The other side's line matched just before/after a position, with sentinels at both ends.
  const before = (i: number): number => (i > 0 ? partnerX[i - 1] : -1);
  const after = (i: number): number => (i < n ? partnerX[i] : lengthY);
  let s = 0;
  while (s < n) {
    if (partnerX[s] >= 0) {
      s++;
      continue;
    }
    let e = s;
    while (e < n && partnerX[e] < 0) e++;
    // Only a block the other side did not change around: then sliding keeps every pair valid.
    const size = e - s;
    if (before(s) >= -1 && after(e) >= 0 && after(e) - before(s) === 1) {
      let lo = s;
      while (lo > 0 && s - lo < MAX_SLIDING && x[lo - 1] === x[lo - 1 + size] && partnerX[lo - 1] >= 0 && before(lo - 1) === partnerX[lo - 1] - 1) lo--;
      let hi = s;
      while (hi + size < n && hi - s < MAX_SLIDING && x[hi] === x[hi + size] && partnerX[hi + size] >= 0 && after(hi + size + 1) === partnerX[hi + size] + 1) hi++;
      // A block that can slide past a whole copy of itself is a duplicated block: which copy is
      // the new one is not for blank lines to decide; the first copy stays the old lines.
      if (lo < hi && hi - lo < size) {
        let best = s;
        let bestScore: SplitScore | undefined;
        for (let start = lo; start <= hi; start++) {
          const score = splitScore(start, indent, n);
          addSplit(score, splitScore(start + size, indent, n));
          if (!bestScore || compareScores(score, bestScore) <= 0) {
            bestScore = score;
            best = start;
          }
        }
        if (best !== s) {
          // Re-pair the unchanged lines of the window around the block's new place.
          let first = lo;
          while (partnerX[first] < 0) first++;
          let y = partnerX[first];
          for (let i = lo; i < hi + size; i++) {
            if (i >= best && i < best + size) {
              partnerX[i] = -1;
            } else {
              partnerX[i] = y;
              partnerY[y] = i;
              y++;
            }
          }
        }
        e = Math.max(e, best + size);
      }
    }
    s = e;
  }
}

interface SplitScore {
  effectiveIndent: number;
  penalty: number;
}

// git's indent heuristic weights (xdiff/xdiffi.c), tuned by its authors on real histories.
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;
const MAX_BLANKS = 20;

/** How bad a block boundary just before line `split` is: low at blank lines and outer indentation. */
function splitScore(split: number, indent: (i: number) => number, n: number): SplitScore {
  const endOfFile = split >= n;
  const here = endOfFile ? -1 : indent(split);
  let preBlank = 0;
  let preIndent = -1;
  for (let i = split - 1; i >= 0; i--) {
    preIndent = indent(i);
    if (preIndent !== -1) break;
    preBlank++;
    if (preBlank === MAX_BLANKS) {
      preIndent = 0;
      break;
    }
  }
  let postBlank = 0;
  let postIndent = -1;
  for (let i = split + 1; i < n; i++) {
    postIndent = indent(i);
    if (postIndent !== -1) break;
    postBlank++;
    if (postBlank === MAX_BLANKS) {
      postIndent = 0;
      break;
    }
  }
  let penalty = 0;
  if (preIndent === -1 && preBlank === 0) penalty += START_OF_FILE_PENALTY;
  if (endOfFile) penalty += END_OF_FILE_PENALTY;
  const blankAfter = here === -1 ? 1 + postBlank : 0;
  const totalBlank = preBlank + blankAfter;
  penalty += TOTAL_BLANK_WEIGHT * totalBlank + POST_BLANK_WEIGHT * blankAfter;
  const effective = here !== -1 ? here : postIndent;
  const anyBlanks = totalBlank !== 0;
  if (effective !== -1 && preIndent !== -1) {
    if (effective > preIndent) penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
    else if (effective < preIndent) {
      if (postIndent !== -1 && postIndent > effective) penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
      else penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
    }
  }
  return { effectiveIndent: effective, penalty };
}

function addSplit(into: SplitScore, other: SplitScore): void {
  into.effectiveIndent += other.effectiveIndent;
  into.penalty += other.penalty;
}

function compareScores(s1: SplitScore, s2: SplitScore): number {
  const indents = Number(s1.effectiveIndent > s2.effectiveIndent) - Number(s1.effectiveIndent < s2.effectiveIndent);
  return INDENT_WEIGHT * indents + (s1.penalty - s2.penalty);
}

/** Width of a line's indentation (tabs to the next multiple of 8), or -1 for a blank line. */
function indentOf(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) width++;
    else if (c === 9) width += 8 - (width % 8);
    else if (c === 13 || c === 10 || c === 11 || c === 12) continue;
    else return Math.min(width, 200);
  }
  return -1;
}
