/** What happened to anchored code, in words a developer reads in a tooltip. */
import type { Anchor, TextRange } from '../model';
import { formatLines } from '../model';
import { plural } from '../plural';
import { diffLines } from './lineDiff';
import type { LineTable } from './lineTable';
import { splitLines } from './lineTable';
import { normalizeWhitespace } from './textHash';
import { isTrivialKey, lineKey, tokenize } from './similarity';

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

/**
 * The anchored code against the code found, line by line: `- ` lines were in the anchor only,
 * `+ ` lines are in the code now only, `  ` lines are in both (whitespace aside).
 */
export function lineChanges(oldText: string, newText: string): string {
  const oldLines = splitLines(oldText.replace(/(\r\n|\r|\n)$/, ''));
  const newLines = splitLines(newText.replace(/(\r\n|\r|\n)$/, ''));
  const out: string[] = [];
  let i = 0;
  for (const block of diffLines(oldLines.map(lineKey), newLines.map(lineKey))) {
    for (; i < block.oldStart; i++) out.push(`  ${oldLines[i].trim()}`);
    for (let k = 0; k < block.oldLines.length; k++) out.push(`- ${oldLines[block.oldStart + k].trim()}`);
    for (let k = 0; k < block.newLines.length; k++) out.push(`+ ${newLines[block.newStart + k].trim()}`);
    i = block.oldStart + block.oldLines.length;
  }
  for (; i < oldLines.length; i++) out.push(`  ${oldLines[i].trim()}`);
  return out.join('\n');
}

/**
 * The code found at `range` is the anchored code indented deeper under a new enclosing line (an
 * `if`, `try` or callback wrapped around it). Walking up from the code, lines less indented than
 * everything below them are either part of the re-indented region (they carry the same added
 * indentation) or its new opener: a line sitting at the region's old indentation (the code's own,
 * or that of a shallower re-indented line above it, when the note is deeper inside the wrapped
 * block) that was not among the lines above the code when the note was made.
 * (A whole file re-indented can look the same; it is then flagged for review, never moved wrongly.)
 */
export function wrappedInNewBlock(anchor: Pick<Anchor, 'text' | 'contextBefore'>, shape: { body: string[] }, table: LineTable, range: TextRange): boolean {
  const oldFirst = shape.body.find((l) => l.trim() !== '');
  const newFirst = table.lines.slice(range.startLine, range.startLine + shape.body.length + 1).find((l) => l.trim() !== '');
  if (oldFirst === undefined || newFirst === undefined) return false;
  const oldIndent = leading(oldFirst);
  const newIndent = leading(newFirst);
  if (newIndent.length <= oldIndent.length) return false;
  // What the wrap added in front of every line, when the old indentation is still there after it.
  const added = newIndent.endsWith(oldIndent) ? newIndent.slice(0, newIndent.length - oldIndent.length) : undefined;
  let level = newIndent;
  for (let above = range.startLine - 1; above >= Math.max(0, range.startLine - MAX_BLOCK_LINES); above--) {
    const line = table.lines[above];
    const indent = leading(line);
    if (line.trim() === '' || indent.length >= level.length) continue;
    const oldLevel = level === newIndent ? oldIndent : added !== undefined && level.startsWith(added) ? level.slice(added.length) : undefined;
    if (indent === oldLevel && isNewLine(line, anchor)) return true;
    // A shallower line of the same re-indented region (it carries the added indentation too).
    if (added !== undefined && added !== '' && indent.startsWith(added)) {
      level = indent;
      continue;
    }
    return false;
  }
  return false;
}

function isNewLine(line: string, anchor: Pick<Anchor, 'contextBefore'>): boolean {
  const key = lineKey(line);
  return !isTrivialKey(key) && !splitLines(anchor.contextBefore).some((l) => lineKey(l) === key);
}

/** How far up the opening line of a wrapping block is looked for. */
const MAX_BLOCK_LINES = 200;
