/**
 * Code that now appears twice around where a note's code was found because a block was
 * duplicated next to itself (copy and paste, then edit one copy): the document holds the anchored
 * lines once more, whole or in part, in a run of lines that repeats right after itself. Without a
 * history that says which copy is new, the text cannot tell which copy the note was on, and
 * whichever the search prefers by a little context is a guess: Lore asks.
 *
 * Code that merely resembles other code (the same JSDoc tags, the same `fixer,` lines in two
 * suggestions) is not a block repeated right after itself, so it is still re-attached by itself.
 */
import type { Anchor, TextRange } from '../model';
import type { AnchorShape } from './anchorShape';
import type { DocumentIndex, Match } from './fuzzySearch';
import { lastCoveredLine } from './lineTable';
import { placeRange } from './placeRange';

/** Only copies this close (in lines, beyond the code's own length) are looked at. */
const NEAR_LINES = 40;

export interface Repetition {
  /** Where the other copies are. */
  others: TextRange[];
  /** Only part of the code is repeated (two or more of its meaningful lines in a row). */
  partial: boolean;
}

/**
 * Other places holding the anchored code found at `match` (in the document of `index`), whole or
 * two meaningful lines of it in a row, where the lines from there to the found code repeat right
 * after themselves (a duplicated block). Undefined when there is none.
 */
export function repeatedInPlace(anchor: Anchor, shape: AnchorShape, index: DocumentIndex, match: Match): Repetition | undefined {
  const table = index.table;
  const first = match.range.startLine;
  const last = lastCoveredLine(match.range);
  const keys = index.keyIds;
  const trivial = index.trivial;
  const near = last - first + 1 + NEAR_LINES;
  const place = (start: number): TextRange => {
    const from = Math.max(0, start);
    return placeRange(table, anchor, shape, from, Math.min(table.lineCount - 1, from + last - first));
  };

  // Whole copies of the found lines nearby, through the rarest of them (the index's sorted line lists).
  let rarest = -1;
  let rarestHits: readonly number[] = [];
  for (let k = first; k <= last; k++) {
    if (trivial[k]) continue;
    const hits = index.linesWithKeyId(keys[k]);
    if (rarest < 0 || hits.length < rarestHits.length) {
      rarest = k;
      rarestHits = hits;
    }
  }
  if (rarest < 0) return undefined; // only blank lines and braces: nothing to tell copies by
  const wholeCopies = new Set<number>();
  const others: TextRange[] = [];
  for (const hit of rarestHits.length < 2 ? [] : within(rarestHits, rarest - near, rarest + near)) {
    const start = hit - (rarest - first);
    if (start === first || !sameLines(keys, start, first, last - first + 1)) continue;
    wholeCopies.add(start);
    if (repeatsRightAfter(keys, start, first)) others.push(place(start));
  }
  if (others.length) return { others, partial: false };

  // Part of the code (two meaningful lines in a row) in a block repeated right after itself.
  for (let k = first; k < last; k++) {
    if (trivial[k] || trivial[k + 1]) continue;
    for (const hit of within(index.linesWithKeyId(keys[k]), k - near, k + near)) {
      if ((hit >= first && hit <= last) || keys[hit + 1] !== keys[k + 1]) continue;
      const start = hit - (k - first);
      if (wholeCopies.has(start)) continue;
      if (repeatsRightAfter(keys, hit, k)) return { others: [place(start)], partial: true };
    }
  }
  return undefined;
}

/** The lines of a sorted list between lo and hi (inclusive). */
function within(lines: readonly number[], lo: number, hi: number): readonly number[] {
  let a = 0;
  let b = lines.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (lines[mid] < lo) a = mid + 1;
    else b = mid;
  }
  let end = a;
  while (end < lines.length && lines[end] <= hi) end++;
  return a === 0 && end === lines.length ? lines : lines.slice(a, end);
}

function sameLines(keys: Int32Array, a: number, b: number, count: number): boolean {
  if (a < 0 || a + count > keys.length) return false;
  for (let k = 0; k < count; k++) if (keys[a + k] !== keys[b + k]) return false;
  return true;
}

/**
 * Whether lines `a` and `b` sit in a run that repeats right after itself: with P = |b - a|, at least
 * P lines in a row, through `a`, equal the lines P further down (a block of P lines, then its copy).
 */
function repeatsRightAfter(keys: Int32Array, a: number, b: number): boolean {
  const lo = Math.min(a, b);
  const period = Math.abs(b - a);
  if (period === 0) return false;
  let start = lo;
  while (start > 0 && keys[start - 1] === keys[start - 1 + period]) start--;
  let end = lo;
  while (end + period < keys.length && keys[end] === keys[end + period] && end - start + 1 <= period) end++;
  return end - start >= period;
}
