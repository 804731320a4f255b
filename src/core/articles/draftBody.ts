import { markdownText } from '../markdownText';
import { redactAll } from '../redaction/markers';
import { codeFence } from '../review/languageForPath';
import type { HistoryEntry } from './lineHistory';

/** What Lore found offline about shared code; anything unknown is left out. */
export interface DraftFacts {
  /** Workspace-relative path of the file. */
  path: string;
  /** How the provenance line describes the lines and commit, e.g. `lines 3-9, commit 1a2b3c4d`. */
  provenance: string;
  /** The file's language id, for the signature's code fence. */
  language: string;
  /** `PaymentService > charge`. */
  symbolPath?: string;
  /** The declaration's first line, as written. */
  signature?: string;
  /** Its doc comment without comment markers. */
  docComment?: string;
  /** The commits that last changed the lines, newest first. */
  history?: readonly HistoryEntry[];
  /** How many places refer to the symbol; undefined when no reference provider answered. */
  references?: number;
  /** Titles of other articles with snippets in the same file. */
  related?: readonly string[];
}

export const EXPLAIN_PROMPT = 'Explain what this code does, why it is written this way, and what to watch out for.';

/** At most this many related articles are listed. */
const MAX_RELATED = 5;

/**
 * A draft article's body: the provenance line, the prompt for the author, then short headed
 * sections with what was found, as ordinary Markdown the author edits before publishing.
 * Everything that comes from code or teammates (signature, doc comment, authors, commit
 * subjects, titles) has every possible secret masked and is written so that Markdown shows it
 * as text: in code fences longer than any backtick run, or escaped (never raw HTML).
 */
export function draftBody(facts: DraftFacts): string {
  const parts = [`Shared from ${codeSpan(facts.path)} (${facts.provenance}).`, EXPLAIN_PROMPT];

  const symbol: string[] = [];
  if (facts.symbolPath?.trim()) symbol.push(codeSpan(redactAll(facts.symbolPath.trim())));
  if (facts.signature?.trim()) symbol.push(codeFence(redactAll(facts.signature.trim()), facts.language));
  if (symbol.length) parts.push(section('Symbol', symbol.join('\n\n')));

  if (facts.docComment?.trim()) parts.push(section('Documentation', codeFence(redactAll(facts.docComment.trim()), 'plaintext')));

  if (facts.history?.length) {
    parts.push(section('Recent changes', facts.history.map(historyLine).join('\n')));
  }

  if (facts.references !== undefined) {
    const n = facts.references;
    parts.push(section('References', n === 0 ? 'No other code refers to it.' : `${n} reference${n === 1 ? '' : 's'} in the workspace.`));
  }

  const related = (facts.related ?? []).filter((t) => t.trim()).slice(0, MAX_RELATED);
  if (related.length) parts.push(section('Related articles', related.map((t) => `- ${text(t)}`).join('\n')));

  return `${parts.join('\n\n')}\n`;
}

/** Inline code that no backtick in it can end early: `a.ts`, ``` ``odd`name.ts`` ```. */
export function codeSpan(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = /^`|`$/.test(value) ? ' ' : '';
  return `${ticks}${pad}${value.replace(/\r?\n/g, ' ')}${pad}${ticks}`;
}

function section(heading: string, content: string): string {
  return `### ${heading}\n\n${content}`;
}

/** `- 2026-01-02, Ada Lovelace: Round amounts half-even (1a2b3c4d)`. */
function historyLine(entry: HistoryEntry): string {
  const who = [entry.date, entry.author.trim() && text(entry.author)].filter(Boolean).join(', ');
  const what = entry.subject.trim() ? text(entry.subject) : '(no subject)';
  return `- ${who ? `${who}: ` : ''}${what} (${entry.commit.slice(0, 8)})`;
}

/** One line of teammates' text: secrets masked, shown as written, never read as Markdown or HTML. */
function text(value: string): string {
  return markdownText(redactAll(value.replace(/\s+/g, ' ').trim()));
}
