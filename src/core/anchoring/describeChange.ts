/** What happened to anchored code, in words a developer reads in a tooltip. */
import type { TextRange } from '../model';
import { formatLines } from '../model';
import { plural } from '../plural';
import { splitLines } from './lineTable';
import { normalizeWhitespace } from './textHash';
import { tokenize } from './similarity';

/** "moved 12 lines down", "found in src/b.ts (moved from src/a.ts)", or '' when it did not move. */
export function describeMove(oldPath: string, oldRange: TextRange, newPath: string, newRange: TextRange): string {
  if (newPath !== oldPath) return `found in ${newPath} (moved from ${oldPath})`;
  const delta = newRange.startLine - oldRange.startLine;
  if (delta === 0) return '';
  return `moved ${plural(Math.abs(delta), 'line')} ${delta > 0 ? 'down' : 'up'}`;
}

/** "re-indented", "reformatted", "edited (80% the same)" or '' when the text is unchanged. */
export function describeEdit(oldText: string, newText: string, similarity: number): string {
  if (oldText === newText) return '';
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  if (oldLines.length === newLines.length && oldLines.every((line, i) => line.trim() === newLines[i].trim())) {
    return oldLines.some((line, i) => leading(line) !== leading(newLines[i])) ? 're-indented' : 'line endings or trailing spaces changed';
  }
  if (normalizeWhitespace(oldText) === normalizeWhitespace(newText) || tokenize(oldText).join('\u0000') === tokenize(newText).join('\u0000')) {
    return 'reformatted';
  }
  const diff = newLines.length - oldLines.length;
  const size = diff === 0 ? '' : diff > 0 ? `, ${plural(diff, 'line')} longer` : `, ${plural(-diff, 'line')} shorter`;
  return `edited (${Math.round(similarity * 100)}% the same${size})`;
}

function leading(line: string): string {
  return /^\s*/.exec(line)![0];
}

/** "lines 12-18" or "line 12", as editors number lines. */
export function describeLines(range: TextRange): string {
  const label = formatLines(range);
  return label.includes('-') ? `lines ${label}` : `line ${label}`;
}
