/**
 * A snippet whose file is, byte for byte, the version it was shared from (git's text of the file
 * at the snippet's commit), with the snippet's code still exactly at its stored place: that code
 * is current where it was, and the anchoring cascade would only confirm it (a trusted history
 * with no changed lines replays the span onto itself). In a knowledge base most files are
 * untouched since many of their snippets were shared, so `checkSnippets` answers those here and
 * sends only the rest through the cascade.
 *
 * The answer is tied to one file version: it holds only for the text it was given and the old
 * text of the snippet's own commit and path (another commit's version of the file, or another
 * file with the same text, says nothing about this snippet).
 */
import { anchorShape, fitsLineBoundaries } from '../anchoring/anchorShape';
import { LineTable, rangesEqual } from '../anchoring/lineTable';
import type { AnchorResolution } from '../anchoring/resolveAnchor';
import type { Snippet } from '../model';
import { freshnessOf, type SnippetFreshness } from './snippetFreshness';

/** One file's text now, with its line table built only when a snippet needs it. */
export class FileVersion {
  private table?: LineTable;

  constructor(readonly text: string) {}

  lines(): LineTable {
    return (this.table ??= new LineTable(this.text));
  }
}

/**
 * `current`, not moved, when `oldText` (the file at the snippet's commit) is the file's text now
 * and the snippet's code is exactly at its stored range; undefined when the cascade must decide.
 */
export function unchangedSinceShared(snippet: Snippet, now: FileVersion, oldText: string | undefined): SnippetFreshness | undefined {
  const anchor = snippet.anchor;
  // Carriage returns: the cascade compares such files line by line; it decides those.
  if (oldText === undefined || oldText !== now.text || now.text.includes('\r') || !anchor.text) return undefined;
  const table = now.lines();
  const range = anchor.range;
  if (!rangesEqual(table.clampRange(range), range) || !fitsLineBoundaries(table.lines, range, anchorShape(anchor))) return undefined;
  // The exact text (a masked anchor never equals the code it masks: the cascade fills its masks).
  const text = table.slice(range);
  if (text !== anchor.text) return undefined;
  const resolution: AnchorResolution = { state: 'attached', range: { ...range }, path: anchor.path, text, confidence: 1, method: 'diff', note: 'unchanged' };
  return freshnessOf(snippet, resolution);
}
