/**
 * Snippet freshness in words, for the article view and the Knowledge rows: what each state is
 * called, and what an article's row says when some of its snippets no longer show their code.
 */
import { LineTable } from '../anchoring/lineTable';
import type { TextRange } from '../model';
import { plural } from '../plural';
import { lineLabel, type FreshnessState, type SnippetFreshness } from './snippetFreshness';

/** What the reader sees: the states, plus `moved` (current, and its place was updated). */
export type FreshnessLabelState = FreshnessState | 'moved';

/** A snippet's state as shown: its name and why, in plain words. */
export interface FreshnessLabel {
  state: FreshnessLabelState;
  label: string;
  reason: string;
}

const LABELS: Record<FreshnessLabelState, string> = {
  current: 'Current',
  moved: 'Moved and updated',
  changed: 'Changed',
  gone: 'Gone',
  elsewhere: 'Not in this workspace',
};

/**
 * Once someone gave the snippet newer code, "since it was shared" points at the wrong time:
 * the reason counts from the update instead ("1 line changed since the snippet was updated").
 */
export function sinceSnippetUpdate(reason: string): string {
  return reason.replace(/since it was shared\b/, 'since the snippet was updated');
}

/**
 * The result as worded for a snippet given newer code (`sinceSnippetUpdate`), so the snippet's
 * line, the article's health, the Needs Attention rows and the messages all say the same.
 */
export function withSnippetUpdate(result: SnippetFreshness, codeUpdated: boolean): SnippetFreshness {
  return codeUpdated ? { ...result, reason: sinceSnippetUpdate(result.reason) } : result;
}

/**
 * The label of one result. `placeUpdated`: what Lore said when it updated the snippet's place
 * on this machine (a later check finds the code where it now points, so `moved` is false then).
 */
export function freshnessLabel(result: SnippetFreshness, placeUpdated?: string, options: { codeUpdated?: boolean } = {}): FreshnessLabel {
  const since = (text: string) => (options.codeUpdated ? sinceSnippetUpdate(text) : text);
  if (result.state === 'current' && (result.moved || placeUpdated !== undefined)) {
    const how = result.moved ? result.reason : placeUpdated;
    return { state: 'moved', label: LABELS.moved, reason: `${since(how ?? 'moved since it was shared')}; its place was updated` };
  }
  return { state: result.state, label: LABELS[result.state], reason: since(result.reason) };
}

/**
 * The file as the snippet shows it: today's text with the snippet's code in place of the code
 * now at `range`. Beside today's text, a diff shows exactly what changed, in the file's context
 * (the snippet alone is rarely code an editor can read without errors).
 */
export function fileAsWritten(textNow: string, range: TextRange, snippetCode: string): string {
  const table = new LineTable(textNow);
  return textNow.slice(0, table.offsetAt(range.startLine, range.startCharacter)) + snippetCode + textNow.slice(table.offsetAt(range.endLine, range.endCharacter));
}

/** What an article's row says when snippets changed or are gone: a short summary and one line per snippet. */
export interface FreshnessWarning {
  /** `1 snippet changed`, `2 snippets gone`, `1 snippet changed, 1 gone`. */
  summary: string;
  /** `src/a.ts lines 12–20: changed (3 lines changed since it was shared)`. */
  details: string[];
}

/** The warning for an article from its snippets' results; undefined when none is changed or gone. */
export function freshnessWarning(results: readonly SnippetFreshness[]): FreshnessWarning | undefined {
  const changed = results.filter((r) => r.state === 'changed');
  const gone = results.filter((r) => r.state === 'gone');
  if (!changed.length && !gone.length) return undefined;
  const summary = changed.length && gone.length
    ? `${plural(changed.length, 'snippet')} changed, ${gone.length} gone`
    : changed.length ? `${plural(changed.length, 'snippet')} changed` : `${plural(gone.length, 'snippet')} gone`;
  const details = [...changed, ...gone].map((r) => `${r.storedPath} ${lineLabel(r.storedRange)}: ${r.state} (${r.reason})`);
  return { summary, details };
}
