import type { Anchor, TextRange } from '../model';
import { fitsLineBoundaries, type AnchorShape } from './anchorShape';
import type { LineTable } from './lineTable';
import { findExact } from './maskedText';

/**
 * Turn a span of whole lines where an anchor's code was found (first..last, inclusive) into a
 * character range that selects the same kind of thing the anchor selected: whole lines, up to
 * the end of a line, or a fragment inside a line.
 */
export function placeRange(table: LineTable, anchor: Anchor, shape: AnchorShape, first: number, last: number): TextRange {
  const s = Math.max(0, Math.min(first, table.lineCount - 1));
  const e = Math.max(s, Math.min(last, table.lineCount - 1));
  const exact = exactWithin(table, anchor, shape, s, e);
  if (exact) return exact;

  const firstLine = table.lines[s];
  let startCharacter: number;
  if (shape.startsAtLineStart) {
    startCharacter = anchor.range.startCharacter === 0 ? 0 : firstNonSpace(firstLine);
  } else {
    const fragment = firstFragment(anchor.text).trim();
    startCharacter = findNear(firstLine, fragment, anchor.range.startCharacter) ?? Math.min(anchor.range.startCharacter, firstLine.length);
  }

  if (shape.endsWithLineBreak) {
    if (e + 1 < table.lineCount) return { startLine: s, startCharacter, endLine: e + 1, endCharacter: 0 };
    return { startLine: s, startCharacter, endLine: e, endCharacter: table.lines[e].length };
  }
  const lastLine = table.lines[e];
  let endCharacter: number;
  if (shape.endsAtLineEnd) {
    endCharacter = lastLine.length;
  } else {
    const fragment = lastFragment(anchor.text).trim();
    const from = e === s ? startCharacter : 0;
    const at = fragment ? findNear(lastLine, fragment, anchor.range.endCharacter - fragment.length, from) : undefined;
    endCharacter = at !== undefined ? at + fragment.length : Math.min(Math.max(anchor.range.endCharacter, from), lastLine.length);
  }
  if (e === s && endCharacter < startCharacter) endCharacter = startCharacter;
  return { startLine: s, startCharacter, endLine: e, endCharacter };
}

/**
 * The anchor's exact text (masks standing for whatever the code has there) starting on line `s`
 * and ending by line `e` (or just after it), where it sits on the same line boundaries as the
 * anchor did (a whole line is not found inside a longer one).
 */
function exactWithin(table: LineTable, anchor: Pick<Anchor, 'text' | 'hash'>, shape: AnchorShape, s: number, e: number): TextRange | undefined {
  if (!anchor.text) return undefined;
  const from = table.lineStartOffset(s);
  const to = e + 2 < table.lineCount ? table.lineStartOffset(e + 2) : table.text.length;
  const window = table.text.slice(from, to);
  for (let found = findExact(anchor, window); found; found = findExact(anchor, window, found.start + 1)) {
    const start = table.positionAt(from + found.start);
    if (start.line !== s) return undefined;
    const end = table.positionAt(from + found.end);
    if (end.line > e + 1 || (end.line === e + 1 && end.character > 0)) return undefined;
    const range = { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character };
    if (fitsLineBoundaries(table.lines, range, shape)) return range;
  }
  return undefined;
}

function firstFragment(text: string): string {
  const m = /\r\n|\r|\n/.exec(text);
  return m ? text.slice(0, m.index) : text;
}

function lastFragment(text: string): string {
  const i = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return text.slice(i + 1);
}

function firstNonSpace(line: string): number {
  const m = /\S/.exec(line);
  return m ? m.index : 0;
}

/** Where `needle` occurs in `line` at or after `from`, the occurrence nearest to `near`. */
function findNear(line: string, needle: string, near: number, from = 0): number | undefined {
  if (!needle) return undefined;
  let best: number | undefined;
  for (let i = line.indexOf(needle, from); i >= 0; i = line.indexOf(needle, i + 1)) {
    if (best === undefined || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}
