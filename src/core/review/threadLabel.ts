import type { Anchor, AnchorState, ReviewThread, TextRange } from '../model';
import { formatLines } from '../model';
import { kindInfo } from './threadKinds';

/** What a label needs to know about a thread. */
export type LabelledThread = Pick<ReviewThread, 'kind' | 'state' | 'anchorState' | 'anchorNote' | 'anchor'>;

/**
 * `🐞 Bug · open`, followed by where the note stands and, when it is not simply attached, what
 * Lore did about it: `— moved 18 lines up; re-attached automatically`, `— needs review: the code
 * here changed`, `— orphaned: its code is no longer in this file`.
 */
export function threadLabel(thread: LabelledThread): string {
  const info = kindInfo(thread.kind);
  const base = `${info.emoji} ${info.title} · ${thread.state}`;
  const placement = placementHeadline(thread);
  return placement ? `${base} — ${placement}` : base;
}

/** The few words of `threadLabel` about the note's place; empty when attached. */
export function placementHeadline(thread: Pick<ReviewThread, 'anchorState' | 'anchorNote'>): string {
  const note = thread.anchorNote?.trim() ?? '';
  switch (thread.anchorState) {
    case 'attached':
      return '';
    case 'moved':
      return `${note && note.length <= SHORT_NOTE && note !== 'unchanged' ? withPrefix('moved', note) : 'moved'}; re-attached automatically`;
    case 'needsReview':
      return isCodeChange(note) ? 'needs review: the code here changed' : 'needs review: not sure this is its code';
    case 'orphaned':
      return 'orphaned: its code is no longer in this file';
  }
}

/** Notes longer than this are left out of short labels (they stay in tooltips and reports). */
const SHORT_NOTE = 60;

/**
 * Where the note stands, in a few words for labels; empty when it is attached where it was
 * made. moved: what changed; needs review: that Lore is unsure; orphaned: where the code was.
 */
export function placementText(thread: Pick<ReviewThread, 'anchorState' | 'anchorNote' | 'anchor'>): string {
  const note = thread.anchorNote?.trim() ?? '';
  switch (thread.anchorState) {
    case 'attached':
      return '';
    case 'moved':
      return note && note.length <= SHORT_NOTE && note !== 'unchanged' ? withPrefix('moved', note) : 'moved';
    case 'needsReview':
      return isCodeChange(note) ? 'code changed, needs review' : 'needs review';
    case 'orphaned':
      return `orphaned (${whereItWas(thread.anchor)})`;
  }
}

/** The whole story of the note's place, for tooltips and reports; empty when attached. */
export function placementDetail(thread: Pick<ReviewThread, 'anchorState' | 'anchorNote' | 'anchor'>): string {
  const note = thread.anchorNote?.trim() ?? '';
  switch (thread.anchorState) {
    case 'attached':
      return '';
    case 'moved':
      return note && note !== 'unchanged' ? withPrefix('moved', note) : 'moved';
    case 'needsReview':
      return `needs review: ${note || 'the code here changed; check that the note still fits, or re-attach it'}`;
    case 'orphaned':
      return `orphaned: ${note || 'the code it was on is gone'} (${whereItWas(thread.anchor)})`;
  }
}

/** The note of a resolution that found the code rewritten in place (see `AnchorResolver.finish`). */
export function isCodeChange(note: string | undefined): boolean {
  return (note ?? '').trim().startsWith('The code changed');
}

/** Puts `word` first unless the note already starts with it ("moved 3 lines down"). */
function withPrefix(word: string, note: string): string {
  return note.toLowerCase().startsWith(word) ? note : `${word}: ${note}`;
}

/** `was at lines 12-18 of src/cache.ts`. */
export function whereItWas(anchor: Pick<Anchor, 'path' | 'range'>): string {
  return `was at ${linesText(anchor.range)} of ${anchor.path}`;
}

/** `line 12` or `lines 12-18`, 1-based as editors show them. */
export function linesText(range: TextRange): string {
  const lines = formatLines(range);
  return lines.includes('-') ? `lines ${lines}` : `line ${lines}`;
}

/** How a range moved, in words: `moved 3 lines down`, `moved 1 line up`, `moved within its line`. */
export function describeMove(from: TextRange, to: TextRange): string {
  const delta = to.startLine - from.startLine;
  if (delta === 0) {
    return from.startCharacter === to.startCharacter && from.endLine === to.endLine && from.endCharacter === to.endCharacter
      ? 'not moved'
      : 'moved within its line';
  }
  const n = Math.abs(delta);
  return `moved ${n} line${n === 1 ? '' : 's'} ${delta > 0 ? 'down' : 'up'}`;
}

/** True for notes whose place is in doubt or whose code is gone: listed as outdated. */
export function isOutdated(state: AnchorState): boolean {
  return state === 'needsReview' || state === 'orphaned';
}

/** The first line of a thread's first comment, for tree items and titles. */
export function threadSummary(thread: Pick<ReviewThread, 'comments'>, maxLength = 80): string {
  const first = thread.comments[0]?.body ?? '';
  const line = first.split(/\r\n|\r|\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  const plain = stripInlineMarkdown(line.replace(/^(#+|>+|[-*+]|\d+\.)\s+/, '')).replace(/\s+/g, ' ').trim();
  if (!plain) return '(no text)';
  return plain.length > maxLength ? `${plain.slice(0, maxLength - 1).trimEnd()}…` : plain;
}

/** `2 replies`, `1 reply`, or empty for a thread with only its first comment. */
export function repliesText(thread: Pick<ReviewThread, 'comments'>): string {
  const replies = Math.max(0, thread.comments.length - 1);
  return replies === 0 ? '' : `${replies} repl${replies === 1 ? 'y' : 'ies'}`;
}

/** Text of one Markdown line without emphasis, code ticks and link syntax: `**a** [b](c)` is `a b`. */
export function stripInlineMarkdown(line: string): string {
  return line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(?<![\w*_])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*_])/g, '$2')
    .replace(/(?<![\w*_])(\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*_])/g, '$2')
    .replace(/`+([^`]*)`+/g, '$1');
}

/**
 * True when a comment was changed after it was written. The stored update time comes from the
 * hybrid logical clock and may run a little ahead of the creation time, so a few seconds' skew
 * does not count as an edit.
 */
export function wasEdited(comment: { createdAt: string; updatedAt: string }): boolean {
  const created = Date.parse(comment.createdAt);
  const updated = Date.parse(comment.updatedAt);
  if (Number.isNaN(created) || Number.isNaN(updated)) return false;
  return updated - created > 2000;
}
