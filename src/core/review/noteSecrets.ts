/**
 * Review notes are shared with the team like snippets, so they go through the same secret
 * check before they are saved: the code the note is on (its anchor text, which the user
 * reviews, and its context lines, masked whole) and what the note says.
 */
import { anchorSecrets, maskAnchor, type MaskChoice } from '../anchoring/maskAnchor';
import type { Anchor } from '../model';
import { findSecrets } from '../redaction/findSecrets';
import type { SecretFinding } from '../redaction/finding';
import { redactAccepted } from '../redaction/redact';

export type { MaskChoice } from '../anchoring/maskAnchor';

/** Possible secrets in a note about to be saved: in its code (offsets into `anchor.text`) and in its text. */
export interface NoteSecrets {
  code: SecretFinding[];
  body: SecretFinding[];
}

/** What the user chose to mask: finding ids of each part (those left ticked), or all of them. */
export interface NoteMaskChoices {
  code: MaskChoice;
  body: MaskChoice;
}

export const MASK_ALL: NoteMaskChoices = { code: 'all', body: 'all' };

export function noteSecrets(anchor: Pick<Anchor, 'text'> | undefined, body: string | undefined): NoteSecrets {
  return { code: anchor ? anchorSecrets(anchor) : [], body: body ? findSecrets(body) : [] };
}

/** A note's text with the chosen findings masked. */
export function maskText(text: string, choice: MaskChoice, findings: readonly SecretFinding[] = findSecrets(text)): string {
  return redactAccepted(text, findings, choice === 'all' ? () => true : choice);
}

/** The anchor and text of a note as they may be stored and published. */
export function maskNote(
  anchor: Anchor,
  body: string,
  choices: NoteMaskChoices = MASK_ALL,
  found: NoteSecrets = noteSecrets(anchor, body),
): { anchor: Anchor; body: string } {
  return { anchor: maskAnchor(anchor, choices.code, found.code), body: maskText(body, choices.body, found.body) };
}
