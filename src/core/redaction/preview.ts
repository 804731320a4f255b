import type { SecretKind } from './finding';

const MAX_SHOWN = 4;

/**
 * A preview that lets the user recognise a finding without showing it: at most the first four
 * characters, and never more than a quarter of the value ("AKIA…", "ghp_…", "hu…" for
 * "hunter22"). Values under four characters show nothing but the ellipsis. A private key shows
 * its BEGIN line, which is not secret and says what kind of key it is.
 */
export function maskedPreview(kind: SecretKind, value: string): string {
  if (kind === 'private-key') {
    const header = /^-----BEGIN [A-Z0-9 ]+-----/.exec(value);
    if (header) return `${header[0]}…`;
  }
  const shown = Math.min(MAX_SHOWN, Math.floor(value.length / 4));
  return `${value.slice(0, shown)}…`;
}
