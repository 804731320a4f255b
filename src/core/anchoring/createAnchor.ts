import type { Anchor, TextRange } from '../model';
import { validateRelativePath } from '../model';
import { ValidationError } from '../errors';
import { LineTable } from './lineTable';
import { textHash } from './textHash';

/** Lines of context kept on each side of the anchored code. */
export const CONTEXT_LINES = 3;
/** At most this many characters of context on each side (minified files have enormous lines). */
export const CONTEXT_MAX_CHARACTERS = 1_000;

export interface AnchorOptions {
  /** Workspace-relative path of the document. */
  path: string;
  /** The git commit the document's text belongs to, when it is a clean checkout of it. */
  commit?: string;
  /** Enclosing symbol path such as `UserStore > addUser`. */
  symbolPath?: string;
}

export interface CapturedRange {
  range: TextRange;
  text: string;
  contextBefore: string;
  contextAfter: string;
}

/**
 * The text of a range and its context: `contextBefore` runs from the start of the line
 * CONTEXT_LINES above up to the range start; `contextAfter` from the range end to the end of the
 * CONTEXT_LINES-th line below (a range ending at character 0 of a line counts that line as below).
 * Context therefore starts and ends on line boundaries, unless those lines are so long that it is
 * cut to CONTEXT_MAX_CHARACTERS (keeping the part next to the range).
 */
export function captureRange(table: LineTable, range: TextRange): CapturedRange {
  const r = table.clampRange(range);
  const startOffset = table.offsetAt(r.startLine, r.startCharacter);
  const endOffset = table.offsetAt(r.endLine, r.endCharacter);
  const beforeStart = table.lineStartOffset(Math.max(0, r.startLine - CONTEXT_LINES));
  const endsAtLineStart = r.endCharacter === 0 && r.endLine > r.startLine;
  const lastContextLine = r.endLine + (endsAtLineStart ? CONTEXT_LINES - 1 : CONTEXT_LINES);
  const afterEnd = lastContextLine >= table.lineCount ? table.text.length : table.lineEndOffset(lastContextLine);
  return {
    range: r,
    text: table.text.slice(startOffset, endOffset),
    contextBefore: table.text.slice(Math.max(beforeStart, startOffset - CONTEXT_MAX_CHARACTERS), startOffset),
    contextAfter: table.text.slice(endOffset, Math.min(Math.max(endOffset, afterEnd), endOffset + CONTEXT_MAX_CHARACTERS)),
  };
}

function cleanCommit(commit: string | undefined): string | undefined {
  if (commit === undefined || commit === '') return undefined;
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) throw new ValidationError('commit', `"${commit}" is not a git commit id.`);
  return commit.toLowerCase();
}

/**
 * Make the anchor for a selection in a document. The range is clamped to the document; an empty
 * range (a note made at the cursor) anchors the whole line it is on, since an empty text could be
 * found anywhere.
 */
export function createAnchor(documentText: string, range: TextRange, options: AnchorOptions): Anchor {
  return anchorFromTable(new LineTable(documentText), range, options);
}

export function anchorFromTable(table: LineTable, range: TextRange, options: AnchorOptions): Anchor {
  let r = table.clampRange(range);
  if (r.startLine === r.endLine && r.startCharacter === r.endCharacter) {
    r = { startLine: r.startLine, startCharacter: 0, endLine: r.startLine, endCharacter: table.lines[r.startLine].length };
  }
  const captured = captureRange(table, r);
  const anchor: Anchor = {
    path: validateRelativePath(options.path),
    range: captured.range,
    text: captured.text,
    contextBefore: captured.contextBefore,
    contextAfter: captured.contextAfter,
    hash: textHash(captured.text),
  };
  if (options.symbolPath) anchor.symbolPath = options.symbolPath;
  const commit = cleanCommit(options.commit);
  if (commit) anchor.commit = commit;
  return anchor;
}

export interface ReattachOptions {
  /** New path, when the note now sits in another file. Default: the anchor's path. */
  path?: string;
  /**
   * The commit the document text belongs to. Default: none, because a re-attached anchor is
   * usually made on edited text that no commit holds; pass HEAD when the file is clean.
   */
  commit?: string;
  /** New enclosing symbol path. Default: the anchor's (pass `''` to clear it). */
  symbolPath?: string;
}

/**
 * A fresh anchor at `newRange` (the user re-attached the note by hand, or accepted Lore's
 * guess), keeping what the old anchor knew unless told otherwise.
 */
export function reattachHere(anchor: Anchor, documentText: string, newRange: TextRange, options: ReattachOptions = {}): Anchor {
  return createAnchor(documentText, newRange, {
    path: options.path ?? anchor.path,
    commit: options.commit,
    symbolPath: options.symbolPath ?? anchor.symbolPath,
  });
}
