/**
 * Following lines through a diff, as CodeStream's marker calculator does: lines outside the
 * changed blocks shift by what was inserted and deleted above them; a changed line goes to the
 * most similar line that replaced it in its block; a line with no similar replacement is gone.
 */
import type { ChangeBlock } from './lineDiff';
import { isTrivialKey, lineKey, lineSimilarity } from './similarity';

/** Below this token similarity a replacement line is not "the same line, edited". */
const SAME_LINE = 0.5;

export interface ReplayedSpan {
  /**
   * First and last line (inclusive) of the surviving code in the new version; absent when all of
   * it is gone. When other code now sits between pieces of it (more lines than the pieces hold),
   * the biggest piece.
   */
  lines?: { first: number; last: number };
  /** Lines of the old span kept as they were, edited, and gone. */
  unchanged: number;
  edited: number;
  deleted: number;
  /** Where the old span's first line is in the new version, or where it would be had it survived. */
  expectedLine: number;
}

/** Follow old lines first..last (inclusive) through `blocks` (sorted by `oldStart`, as diffs are). */
export function replaySpan(blocks: readonly ChangeBlock[], first: number, last: number): ReplayedSpan {
  let b = 0;
  let delta = 0;
  const mappedLines: number[] = [];
  let unchanged = 0;
  let edited = 0;
  let deleted = 0;
  let expectedLine = first;
  for (let i = first; i <= last; i++) {
    while (b < blocks.length && blocks[b].oldStart + blocks[b].oldLines.length <= i) {
      delta += blocks[b].newLines.length - blocks[b].oldLines.length;
      b++;
    }
    const block = blocks[b];
    if (block && block.oldStart <= i) {
      const offset = i - block.oldStart;
      const k = mostSimilar(block.oldLines[offset], block.newLines, offset);
      if (i === first) expectedLine = block.newStart + Math.min(offset, Math.max(0, block.newLines.length - 1));
      if (k === undefined) {
        if (!isTrivialKey(lineKey(block.oldLines[offset]))) deleted++;
        continue;
      }
      mappedLines.push(block.newStart + k);
      edited++;
    } else {
      if (i === first) expectedLine = i + delta;
      mappedLines.push(i + delta);
      unchanged++;
    }
  }
  return { lines: biggestPiece(mappedLines), unchanged, edited, deleted, expectedLine: Math.max(0, expectedLine) };
}

/**
 * The span of the mapped lines, or of their biggest piece when they lie apart: a gap wider than
 * both four lines and the number of mapped lines means other code came in between (a block
 * pasted into the middle, or part of the code moved away), and a range across it would mostly
 * cover code the note is not about.
 */
function biggestPiece(mapped: number[]): { first: number; last: number } | undefined {
  if (mapped.length === 0) return undefined;
  const sorted = [...mapped].sort((x, y) => x - y);
  const maxGap = Math.max(4, sorted.length);
  let best = { first: sorted[0], last: sorted[0], count: 1 };
  let current = { ...best };
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k] - sorted[k - 1] - 1 > maxGap) {
      current = { first: sorted[k], last: sorted[k], count: 1 };
    } else {
      current.last = sorted[k];
      current.count++;
    }
    if (current.count > best.count) best = { ...current };
  }
  return { first: best.first, last: best.last };
}

/** Index of the replacement line most like `line` (ties to the one nearest `near`), if similar enough. */
function mostSimilar(line: string, candidates: readonly string[], near: number): number | undefined {
  const key = lineKey(line);
  if (candidates.length === 0) return undefined;
  if (isTrivialKey(key)) {
    // A brace or blank line only counts where an identical one sits at about the same place.
    for (let d = 0; d <= 2; d++) {
      for (const k of [near - d, near + d]) if (k >= 0 && k < candidates.length && lineKey(candidates[k]) === key) return k;
    }
    return undefined;
  }
  let best: number | undefined;
  let bestScore = SAME_LINE;
  for (let k = 0; k < candidates.length; k++) {
    const other = candidates[k];
    const sim = lineKey(other) === key ? 1 : lineSimilarity(line, other);
    const score = sim - 0.0001 * Math.abs(k - near);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}
