import type { Detector } from './finding';

/**
 * PEM and PGP private-key blocks: the whole block from BEGIN to END is masked, headers included,
 * so the article keeps a readable `<redacted: Private key>` instead of half a key. A block whose
 * END line is missing (the selection stopped mid-key) is masked to the end of the text. A block
 * whose body is a stand-in ("...", "<key>") is left alone.
 */
const BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----/g;
const MIN_KEY_CHARS = 32;

export const detectPrivateKeys: Detector = (text, report) => {
  BEGIN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = BEGIN.exec(text)) !== null) {
    const start = match.index;
    const bodyStart = start + match[0].length;
    const footer = `-----END ${match[1]}-----`;
    const footerAt = text.indexOf(footer, bodyStart);
    const bodyEnd = footerAt === -1 ? text.length : footerAt;
    const end = footerAt === -1 ? text.length : footerAt + footer.length;
    if (countKeyChars(text, bodyStart, bodyEnd) < MIN_KEY_CHARS) continue;
    report({ kind: 'private-key', start, end, confidence: 'high' });
    BEGIN.lastIndex = end;
  }
};

/** Base64 characters in the body, counted up to the minimum: enough to tell a real key from "...". */
function countKeyChars(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to && count < MIN_KEY_CHARS; i++) {
    const c = text.charCodeAt(i);
    const isB64 = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47;
    if (isB64) count++;
  }
  return count;
}
