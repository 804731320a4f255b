import { findSecrets } from './findSecrets';
import { redact } from './redact';

/**
 * The marker `redact` leaves in place of a secret: `<redacted: AWS access key>`. Code kept for
 * the team (snippets, review-note anchors) holds these instead of the secrets, and anchoring
 * reads them as "something was here".
 */
export const REDACTION_MARKER = /<redacted: [^<>\r\n]{1,200}>/g;

/** The text split around its markers: `a<redacted: X>b` → ['a', 'b']; no marker → [text]. */
export function splitAtMarkers(text: string): string[] {
  return text.includes('<redacted: ') ? text.split(REDACTION_MARKER) : [text];
}

/**
 * Every possible secret in `text` masked, with no one to untick false positives: for text kept
 * alongside code the user reviewed (context lines) and anchors refreshed without the user
 * (a note following its code while it is edited). Already masked text stays as it is.
 */
export function redactAll(text: string): string {
  if (!text) return text;
  const findings = findSecrets(text);
  return findings.length ? redact(text, findings) : text;
}
