import type { Anchor } from '../../core/model';
import { findSecrets } from '../../core/redaction';
import { maskText, type NoteMaskChoices, type NoteSecrets } from '../../core/review/noteSecrets';
import { reviewSecrets } from '../common/secretReview';

/**
 * The user's review of possible secrets in a note about to be shared: in the code it is on
 * (`path`, lines of `anchor`) and in its text. Undefined when they cancelled.
 */
export async function reviewNoteSecrets(path: string, anchor: Pick<Anchor, 'range'>, found: NoteSecrets): Promise<NoteMaskChoices | undefined> {
  const accepted = await reviewSecrets([
    { key: 'code', findings: found.code, where: (f) => `${path}:${anchor.range.startLine + f.line + 1}` },
    { key: 'note', findings: found.body, where: (f) => `your note, line ${f.line + 1}` },
  ]);
  return accepted && { code: accepted.get('code') ?? new Set(), body: accepted.get('note') ?? new Set() };
}

/** A reply or an edited comment with the possible secrets the user left ticked masked; undefined when they cancelled. */
export async function reviewTextSecrets(text: string): Promise<string | undefined> {
  const findings = findSecrets(text);
  if (!findings.length) return text;
  const accepted = await reviewSecrets([{ key: 'note', findings, where: (f) => `your comment, line ${f.line + 1}` }]);
  return accepted && maskText(text, accepted.get('note') ?? new Set(), findings);
}
