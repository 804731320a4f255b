import type { Anchor, TextRange } from '../model';
import { countLineBreaks, splitLines } from './lineTable';

/**
 * An anchor seen as whole lines: the context lines above, the lines the range touches (in full,
 * even where the selection starts or ends mid-line) and the context lines below. Rebuilt from
 * the stored text and context alone, because context always starts and ends at line boundaries.
 */
export interface AnchorShape {
  before: string[];
  body: string[];
  after: string[];
  /** Only whitespace precedes the selection on its first line. */
  startsAtLineStart: boolean;
  /** Nothing precedes the selection on its first line (it took the indentation too). */
  startsAtColumnZero: boolean;
  /** The selection ends at the end of its last line (or ends with a line break). */
  endsAtLineEnd: boolean;
  /** The selected text ends with a line break: the range ends at character 0 of the next line. */
  endsWithLineBreak: boolean;
}

const shapes = new WeakMap<object, { text: string; contextBefore: string; contextAfter: string; shape: AnchorShape }>();

/** The anchor's shape, computed once per anchor object (and again if its text or context changed). */
export function anchorShape(anchor: Pick<Anchor, 'text' | 'contextBefore' | 'contextAfter'>): AnchorShape {
  const { text, contextBefore, contextAfter } = anchor;
  const cached = shapes.get(anchor);
  if (cached && cached.text === text && cached.contextBefore === contextBefore && cached.contextAfter === contextAfter) return cached.shape;
  const shape = computeShape(text, contextBefore, contextAfter);
  shapes.set(anchor, { text, contextBefore, contextAfter, shape });
  return shape;
}

function computeShape(text: string, contextBefore: string, contextAfter: string): AnchorShape {
  const lines = splitLines(contextBefore + text + contextAfter);
  const firstBody = countLineBreaks(contextBefore);
  const breaksInText = countLineBreaks(text);
  const endsWithLineBreak = breaksInText > 0 && /[\r\n]$/.test(text);
  const lastBody = firstBody + breaksInText - (endsWithLineBreak ? 1 : 0);
  const beforeFragment = contextBefore.slice(Math.max(contextBefore.lastIndexOf('\n'), contextBefore.lastIndexOf('\r')) + 1);
  return {
    before: lines.slice(0, firstBody),
    body: lines.slice(firstBody, lastBody + 1),
    after: lines.slice(lastBody + 1),
    startsAtLineStart: beforeFragment.trim() === '',
    startsAtColumnZero: beforeFragment === '',
    endsAtLineEnd: endsWithLineBreak || contextAfter === '' || /^[ \t]*(\r\n|\r|\n)/.test(contextAfter),
    endsWithLineBreak,
  };
}

/**
 * Whether `range` in `lines` starts and ends where the anchor's own text did relative to its
 * lines: an anchor that began at the start of its line (after indentation at most) must not be
 * found in the middle of a longer line, nor one that ran to the end of its line be found as the
 * prefix of a longer one. Without this, `foo();` matched inside `x.foo(); bar();` as exactly.
 */
export function fitsLineBoundaries(lines: readonly string[], range: TextRange, shape: AnchorShape): boolean {
  const first = lines[range.startLine];
  const last = lines[range.endLine];
  if (first === undefined || last === undefined) return false;
  if (shape.startsAtColumnZero && range.startCharacter !== 0) return false;
  if (shape.startsAtLineStart && first.slice(0, range.startCharacter).trim() !== '') return false;
  if (shape.endsWithLineBreak) return range.endCharacter === 0 || range.endCharacter >= last.length;
  if (shape.endsAtLineEnd && last.slice(range.endCharacter).trim() !== '') return false;
  return true;
}
