import type { Anchor } from '../model';
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
  /** The selection ends at the end of its last line (or ends with a line break). */
  endsAtLineEnd: boolean;
  /** The selected text ends with a line break: the range ends at character 0 of the next line. */
  endsWithLineBreak: boolean;
}

export function anchorShape(anchor: Pick<Anchor, 'text' | 'contextBefore' | 'contextAfter'>): AnchorShape {
  const { text, contextBefore, contextAfter } = anchor;
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
    endsAtLineEnd: endsWithLineBreak || contextAfter === '' || /^[ \t]*(\r\n|\r|\n)/.test(contextAfter),
    endsWithLineBreak,
  };
}
