/**
 * Moving an anchor's range while the user types, from the content changes the editor reports
 * (VS Code's `TextDocumentContentChangeEvent`: a range of the text before the change, replaced
 * by new text). The Comments API moves its threads but never tells the extension where, so
 * Lore tracks positions itself.
 */
import type { TextRange } from '../model';
import { splitLines, type Position } from './lineTable';

export interface ContentChange {
  /** The replaced range, in the document as it was before this change. */
  range: TextRange;
  /** The text that replaced it ('' for a deletion). */
  text: string;
}

export interface ShiftResult {
  range: TextRange;
  /**
   * The change replaced the anchored code wholesale (or across one of its ends): positions alone
   * cannot say where the code is now; call `resolveAnchor` on the new text. `range` is then
   * where the replacing text went, a sensible guess meanwhile.
   */
  needsResolve: boolean;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function startOf(r: TextRange): Position {
  return { line: r.startLine, character: r.startCharacter };
}

function endOf(r: TextRange): Position {
  return { line: r.endLine, character: r.endCharacter };
}

function toRange(start: Position, end: Position): TextRange {
  return { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character };
}

/** Where the inserted text of a change ends, in the document after the change. */
function insertedEnd(change: ContentChange): Position {
  const lines = splitLines(change.text);
  const breaks = lines.length - 1;
  const last = lines[breaks];
  return breaks === 0
    ? { line: change.range.startLine, character: change.range.startCharacter + last.length }
    : { line: change.range.startLine + breaks, character: last.length };
}

/** A position at or after the change's end, in the document after the change. */
function shiftPosition(pos: Position, change: ContentChange): Position {
  const end = endOf(change.range);
  const newEnd = insertedEnd(change);
  if (pos.line === end.line) return { line: newEnd.line, character: newEnd.character + (pos.character - end.character) };
  return { line: pos.line - (end.line - change.range.startLine) + (newEnd.line - change.range.startLine), character: pos.character };
}

/**
 * The anchor's range after one change. Edits above move it; edits inside grow or shrink it;
 * insertions right at its start push it along and insertions right at its end stay outside.
 */
export function shiftAnchorForEdit(range: TextRange, change: ContentChange): ShiftResult {
  const rs = startOf(range);
  const re = endOf(range);
  const cs = startOf(change.range);
  const ce = endOf(change.range);
  const replacing = change.text.length > 0;

  if (compare(ce, rs) <= 0) return { range: toRange(shiftPosition(rs, change), shiftPosition(re, change)), needsResolve: false };
  if (compare(cs, re) >= 0) return { range, needsResolve: false };

  const startsBefore = compare(cs, rs) <= 0;
  const endsAfter = compare(ce, re) >= 0;
  if (startsBefore && endsAfter) {
    // The whole anchored code was replaced (or deleted).
    return { range: toRange(cs, insertedEnd(change)), needsResolve: true };
  }
  if (!startsBefore && !endsAfter) {
    const shifted = toRange(rs, shiftPosition(re, change));
    const empty = shifted.startLine === shifted.endLine && shifted.startCharacter === shifted.endCharacter;
    return { range: shifted, needsResolve: empty };
  }
  if (startsBefore) {
    // Replaced across the start: what is left begins where the change began.
    return { range: toRange(cs, shiftPosition(re, change)), needsResolve: replacing };
  }
  // Replaced across the end: keep the start, end where the new text ends.
  return { range: toRange(rs, replacing ? insertedEnd(change) : cs), needsResolve: replacing };
}

/**
 * The range after several changes applied one after the other, each against the document left
 * by the previous ones (VS Code orders the changes of one event so that this holds).
 */
export function shiftAnchorForEdits(range: TextRange, changes: readonly ContentChange[]): ShiftResult {
  let current: ShiftResult = { range, needsResolve: false };
  for (const change of changes) {
    const next = shiftAnchorForEdit(current.range, change);
    current = { range: next.range, needsResolve: current.needsResolve || next.needsResolve };
  }
  return current;
}
