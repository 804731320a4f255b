import { proposeTitle } from '../articles/snippetShare';
import type { ReviewThread } from '../model';
import { redactAll } from '../redaction/markers';
import { threadSummary } from './threadLabel';

/** Titles longer than this are cut at a word boundary, ending in "…". */
export const PROMOTED_TITLE_MAX = 60;

/** A kind word the author put in front of the note ("Suggestion:", "Bug -"), left out of titles. */
const KIND_PREFIX = /^(suggestion|bug|question|nit|praise|issue|todo|note|fixme)\s*[:\-–—]\s*/i;

/**
 * The title proposed for the article a review note becomes: the first sentence or clause of
 * its first comment, without a leading kind word, whitespace collapsed, at most
 * PROMOTED_TITLE_MAX characters (cut at a word, ending in "…"). A note with no words falls back
 * to the code's symbol or file and line, as Share Snippet does.
 */
export function proposePromotedTitle(thread: Pick<ReviewThread, 'comments' | 'anchor'>): string {
  const summary = thread.comments.length ? redactAll(threadSummary(thread, 10_000)) : '';
  const text = summary === '(no text)' ? '' : summary.replace(KIND_PREFIX, '');
  // The first sentence or clause: up to . ! ? ; or : followed by a space (not "e.g." inside words).
  const clause = (text.match(/^.*?[^\s.][.!?;:](?=\s|$)/)?.[0] ?? text).replace(/[.;:]$/, '').trim();
  if (!clause) {
    return proposeTitle({ path: thread.anchor.path, selections: [thread.anchor.range], symbolPaths: [thread.anchor.symbolPath] });
  }
  return shorten(clause, PROMOTED_TITLE_MAX);
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const head = space > max / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.\-–—]+$/, '')}…`;
}
