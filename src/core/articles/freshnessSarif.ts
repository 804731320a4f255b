/**
 * `lore check --format sarif`: SARIF 2.1.0 with one result per snippet whose article no longer
 * shows the code as it is, located at the code (where it is now; where it was, when it is gone),
 * so code-scanning tools show "this code is documented in …" on the line itself.
 */
import { markdownText } from '../markdownText';
import { formatLines, type TextRange } from '../model';
import { encodePath, PRIMARY_BASE_ID, SARIF_SCHEMA_URI, sarifRegion, type SarifLog, type SarifResult } from '../review/exportSarif';
import type { FreshnessState, SnippetFreshness } from './snippetFreshness';

/** Stable rule ids: code-scanning tools track results by them across runs. */
export const FRESHNESS_RULES = {
  changed: 'lore/snippet-changed',
  gone: 'lore/snippet-gone',
} as const;

/** Key of the partial fingerprint: the snippet's id, stable however the code moves. */
export const SNIPPET_FINGERPRINT_KEY = 'loreSnippet/v1';

export interface CheckedSnippet {
  freshness: SnippetFreshness;
  articleId: string;
  articleTitle: string;
  /** The snippet's code as the article shows it. */
  code: string;
}

export interface FreshnessSarifContext {
  toolVersion: string;
  generatedAt: string;
  /** The checkout's folder as a file URI (SRCROOT), when known. */
  rootUri?: string;
}

const RULES = [
  {
    id: FRESHNESS_RULES.changed,
    name: 'SnippetChanged',
    shortDescription: { text: 'Documented code changed' },
    fullDescription: { text: 'An article in Lore shows this code as it was when it was shared; the code has changed since, so the article shows an older version.' },
    help: { text: 'Open the article in Lore and update the snippet to today\'s code (or confirm the article is still accurate), or change the code back.' },
    defaultConfiguration: { level: 'warning' as const },
    properties: { tags: ['documentation', 'lore'] },
  },
  {
    id: FRESHNESS_RULES.gone,
    name: 'SnippetGone',
    shortDescription: { text: 'Documented code is gone' },
    fullDescription: { text: 'An article in Lore shows code that was here and is no longer found in this checkout (deleted, or rewritten beyond recognition).' },
    help: { text: 'Update or remove the snippet in the article, or archive the article if it no longer applies.' },
    defaultConfiguration: { level: 'error' as const },
    properties: { tags: ['documentation', 'lore'] },
  },
];

/** The SARIF log: results for `changed` and `gone` snippets only (current and elsewhere are not findings). */
export function buildFreshnessSarif(checked: readonly CheckedSnippet[], context: FreshnessSarifContext): SarifLog {
  const results = checked.filter((c) => c.freshness.state === 'changed' || c.freshness.state === 'gone').map(toResult);
  const run: SarifLog['runs'][number] = {
    tool: { driver: { name: 'Lore', version: context.toolVersion, rules: RULES } },
    invocations: [{ executionSuccessful: true, endTimeUtc: context.generatedAt }],
    columnKind: 'utf16CodeUnits',
    results,
  };
  if (context.rootUri) {
    run.originalUriBaseIds = { [PRIMARY_BASE_ID]: { uri: context.rootUri.endsWith('/') ? context.rootUri : `${context.rootUri}/`, description: { text: 'The checkout Lore checked' } } };
  }
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

export function exportFreshnessSarif(checked: readonly CheckedSnippet[], context: FreshnessSarifContext): string {
  return `${JSON.stringify(buildFreshnessSarif(checked, context), null, 2)}\n`;
}

/** The message a code-scanning tool shows on the code. */
export function freshnessMessage(state: FreshnessState, title: string, reason: string, storedRange: TextRange): string {
  if (state === 'gone') return `“${title}” documents code that was here (lines ${formatLines(storedRange)} when it was shared) and is no longer found: ${reason}.`;
  return `This code is documented in “${title}”, which shows an older version: ${reason}.`;
}

function toResult(checked: CheckedSnippet): SarifResult {
  const f = checked.freshness;
  const gone = f.state === 'gone';
  const range = !gone && f.range ? f.range : f.storedRange;
  const path = gone ? f.storedPath : f.path;
  const region = sarifRegion(range);
  if (!gone && f.codeNow !== undefined) region.snippet = { text: f.codeNow };
  const text = freshnessMessage(f.state, checked.articleTitle, f.reason, f.storedRange);
  const properties: SarifResult['properties'] = {
    tags: ['documentation', 'lore'],
    articleId: checked.articleId,
    articleTitle: checked.articleTitle,
    snippetId: f.snippetId,
    state: f.state,
    reason: f.reason,
    storedPath: f.storedPath,
    storedLines: formatLines(f.storedRange),
    snippetCode: checked.code,
  };
  if (f.changes !== undefined) properties.changes = f.changes;
  return {
    ruleId: gone ? FRESHNESS_RULES.gone : FRESHNESS_RULES.changed,
    ruleIndex: gone ? 1 : 0,
    level: gone ? 'error' : 'warning',
    // The title is a teammate's text: shown as written in the Markdown rendering too.
    message: { text, markdown: markdownText(text) },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(path), uriBaseId: PRIMARY_BASE_ID }, region } }],
    partialFingerprints: { [SNIPPET_FINGERPRINT_KEY]: f.snippetId },
    properties,
  };
}
