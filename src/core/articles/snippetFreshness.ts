/**
 * Whether an article snippet still shows the code as it is: the snippet's anchor goes through the
 * same cascade as review notes (`anchoring/resolveAnchor.ts`: hash, git diff replay, symbols,
 * fuzzy search), and its answer is read honestly for a reader of the article:
 *   - `current`: the code is identical to the snippet (whitespace aside); `moved` when it now
 *     sits elsewhere (other lines, a renamed file, another file);
 *   - `changed`: the code found differs from the snippet as written, or the cascade is not sure
 *     it found the snippet's code (`needsReview`: rewritten in place, copies it cannot tell apart);
 *   - `gone`: the code is not found any more (the stored place is kept);
 *   - `elsewhere`: the file is not in this checkout (another repository, or not checked out).
 */
import { resolveAnchors, type AnchorHistory, type AnchorResolution, type CandidateFile } from '../anchoring/resolveAnchor';
import { lineChanges } from '../anchoring/describeChange';
import { fillMasks } from '../anchoring/maskedText';
import { textHash } from '../anchoring/textHash';
import type { DocumentSymbolInfo } from '../anchoring/symbols';
import { formatLines, type AnchorState, type Snippet, type TextRange } from '../model';
import { plural } from '../plural';

export const FRESHNESS_STATES = ['current', 'changed', 'gone', 'elsewhere'] as const;
export type FreshnessState = (typeof FRESHNESS_STATES)[number];

export interface SnippetFreshness {
  snippetId: string;
  /**
   * current: code identical; changed: the code at the anchor differs from the snippet as written
   * (or Lore is not sure it is the snippet's code); gone: not found (where it was is kept);
   * elsewhere: the file is not in this workspace / not checked out.
   */
  state: FreshnessState;
  /** Current or changed, at another place or path than stored. */
  moved: boolean;
  /** Where the code is now (a renamed file's new path, another file it moved to), else the stored path. */
  path: string;
  /** Where the code is now (current/changed; for a doubtful match the best guess); undefined for gone/elsewhere. */
  range?: TextRange;
  /** The text at `range` now: what "Show Changes" diffs against the snippet. */
  codeNow?: string;
  /** Plain English for a user, e.g. "moved from lines 12–20 to 30–38", "3 lines changed since it was shared". */
  reason: string;
  /** The snippet's stored place, for messages and for "where it was". */
  storedPath: string;
  storedRange: TextRange;
  /** What the anchoring cascade said (`attached`, `moved`, `needsReview`, `orphaned`); undefined for elsewhere. */
  anchorState?: AnchorState;
  /** The cascade's confidence, 0..1 (0 for gone and elsewhere). */
  confidence: number;
  /**
   * Line by line, the snippet as written against the code now (`- ` only in the snippet, `+ `
   * only in the code now, `  ` in both), when changed and the code was found.
   */
  changes?: string;
  /** Current only because someone confirmed the snippet Still Accurate for the code as it is now. */
  confirmed?: { by: string; at: string };
}

export interface SnippetFreshnessOptions {
  /** The file's path now, when git says it was renamed since the snippets were shared. */
  path?: string;
  /** Each snippet's history since its anchor's commit (`anchorHistory()` from `anchoring/gitPort`). */
  history?: (snippet: Snippet) => AnchorHistory;
  /**
   * The file was in this repository and has been deleted since (git says so). A missing file is
   * then `gone` (after looking for the code in `candidates` and the files a history diff added),
   * not `elsewhere`.
   */
  deleted?: boolean;
  /** Other files the code may have moved to. */
  candidates?: readonly CandidateFile[];
  /** Symbols of the current document, when a symbol provider knows them. */
  symbols?: readonly DocumentSymbolInfo[];
}

/**
 * All snippets of one file (same stored path), resolved in one batch: one line table and index
 * for the file, like `resolveAnchors`. `fileText` undefined means the file does not exist in this
 * checkout. Results are in the order of `snippets`.
 */
export function snippetFreshness(snippets: readonly Snippet[], fileText: string | undefined, options: SnippetFreshnessOptions = {}): SnippetFreshness[] {
  if (snippets.length === 0) return [];
  if (fileText === undefined && !options.deleted) return snippets.map(notHere);
  const history = options.history;
  const byAnchor = history && new Map(snippets.map((s) => [s.anchor, s]));
  const resolutions = resolveAnchors(
    snippets.map((s) => s.anchor),
    fileText,
    {
      path: options.path,
      symbols: options.symbols,
      candidates: options.candidates,
      history: history && ((anchor) => history(byAnchor!.get(anchor)!)),
    },
  );
  return snippets.map((snippet, i) => freshnessOf(snippet, resolutions[i], fileText === undefined));
}

/** The snippet's code and the code now are the same, whitespace aside (a mask stands for whatever the code holds there). */
export function sameCode(snippetCode: string, codeNow: string): boolean {
  if (snippetCode === codeNow) return true;
  return textHash(fillMasks(snippetCode, codeNow)) === textHash(codeNow);
}

/** Reads one cascade answer as freshness. */
export function freshnessOf(snippet: Snippet, resolution: AnchorResolution, fileMissing = false): SnippetFreshness {
  const stored = snippet.anchor;
  const base = {
    snippetId: snippet.id,
    storedPath: stored.path,
    storedRange: stored.range,
    anchorState: resolution.state,
    confidence: resolution.confidence,
  };
  if (resolution.state === 'orphaned' || !resolution.range || resolution.text === undefined) {
    const where = `it was at ${lineLabel(stored.range)}`;
    const reason = fileMissing ? `${stored.path} was deleted (the code was at ${lineLabel(stored.range)})` : `${stored.path} no longer contains this code (${where})`;
    return { ...base, state: 'gone', moved: false, path: stored.path, reason, confidence: 0 };
  }
  const range = resolution.range;
  const path = resolution.path;
  const codeNow = resolution.text;
  const moved = path !== stored.path || range.startLine !== stored.range.startLine;
  // Said only of code that moved (most snippets did not).
  const place = moved ? movedWords(stored.path, stored.range, path, range) : '';
  if (resolution.state !== 'needsReview' && sameCode(snippet.code, codeNow)) {
    return { ...base, state: 'current', moved, path, range, codeNow, reason: moved ? place : 'unchanged since it was shared' };
  }
  // Still Accurate: confirmed for exactly this code (whitespace aside). The snippet keeps its code,
  // so a further change of the code no longer has this hash and reads as changed again.
  if (snippet.accepted && snippet.accepted.hash === textHash(codeNow)) {
    const confirmed = { by: snippet.accepted.by, at: snippet.accepted.at };
    const words = `the code changed since it was shared; ${confirmed.by} confirmed the snippet still accurate on ${confirmed.at.slice(0, 10)}`;
    return { ...base, state: 'current', moved, path, range, codeNow, reason: moved ? `${words}; ${place}` : words, confirmed };
  }
  const changes = lineChanges(fillMasks(snippet.code, codeNow), codeNow);
  let what = changeWords(changes);
  if (resolution.state === 'needsReview' && resolution.alternatives?.length) {
    what = `the same code is in more than one place (${[range, ...resolution.alternatives.map((a) => a.range)].map(lineLabel).join(', ')}), so Lore cannot tell which one this snippet shows`;
  } else if (resolution.state === 'needsReview' && what === 'reformatted since it was shared') {
    what = 'the code around it changed, so Lore is not sure this is the same code';
  }
  const reason = moved ? `${what}; ${place}` : what;
  const result: SnippetFreshness = { ...base, state: 'changed', moved, path, range, codeNow, reason };
  // Identical code Lore cannot tell apart from its copies has no line changes to show.
  if (/^[-+] /m.test(changes)) result.changes = changes;
  return result;
}

function notHere(snippet: Snippet): SnippetFreshness {
  const stored = snippet.anchor;
  return {
    snippetId: snippet.id,
    state: 'elsewhere',
    moved: false,
    path: stored.path,
    reason: `${stored.path} is not in this workspace`,
    storedPath: stored.path,
    storedRange: stored.range,
    confidence: 0,
  };
}

/** "3 lines changed since it was shared", "2 lines added …", "reformatted …" from `lineChanges` output. */
function changeWords(changes: string): string {
  let added = 0;
  let removed = 0;
  for (const line of changes.split('\n')) {
    if (line.startsWith('+ ')) added++;
    else if (line.startsWith('- ')) removed++;
  }
  if (added === 0 && removed === 0) return 'reformatted since it was shared';
  if (removed === 0) return `${plural(added, 'line')} added since it was shared`;
  if (added === 0) return `${plural(removed, 'line')} removed since it was shared`;
  return `${plural(Math.max(added, removed), 'line')} changed since it was shared`;
}

/** "moved from lines 12–20 to 30–38", "src/a.ts was renamed to src/b.ts", "moved from src/a.ts lines 12–20 to src/b.ts lines 3–11". */
function movedWords(oldPath: string, oldRange: TextRange, newPath: string, newRange: TextRange): string {
  if (newPath === oldPath) return `moved from ${lineLabel(oldRange)} to ${formatLines(newRange).replace('-', '–')}`;
  if (oldRange.startLine === newRange.startLine) return `${oldPath} was renamed to ${newPath}`;
  return `moved from ${oldPath} ${lineLabel(oldRange)} to ${newPath} ${lineLabel(newRange)}`;
}

/** "lines 12–20" or "line 12", as editors number lines. */
export function lineLabel(range: TextRange): string {
  const label = formatLines(range);
  return label.includes('-') ? `lines ${label.replace('-', '–')}` : `line ${label}`;
}
