import type { Anchor } from '../model';
import { findSecrets } from '../redaction/findSecrets';
import type { SecretFinding } from '../redaction/finding';
import { redactAll } from '../redaction/markers';
import { redactAccepted } from '../redaction/redact';

/** Which findings in an anchor's text to mask: their ids (those the user left ticked), or all. */
export type MaskChoice = ReadonlySet<string> | 'all';

/** Possible secrets in the anchored code, offsets into `anchor.text`: what the user reviews. */
export function anchorSecrets(anchor: Pick<Anchor, 'text'>): SecretFinding[] {
  return findSecrets(anchor.text);
}

/**
 * The anchor as it may be stored and shared: the chosen findings of its text masked, and every
 * possible secret in its context lines masked (they only help re-anchoring). `hash` stays the
 * hash of the original code, which reveals nothing and lets Lore confirm the code where it
 * stands (see maskedText.ts). `findings` are those of `anchor.text` when the caller has them.
 */
export function maskAnchor(anchor: Anchor, choice: MaskChoice, findings: readonly SecretFinding[] = anchorSecrets(anchor)): Anchor {
  const text = choice === 'all' ? redactAccepted(anchor.text, findings, () => true) : redactAccepted(anchor.text, findings, choice);
  return { ...anchor, text, contextBefore: redactAll(anchor.contextBefore), contextAfter: redactAll(anchor.contextAfter) };
}
