import type { Covered, Detector } from './finding';
import { charsetOf, looksRandom, shannonEntropy } from './entropy';
import { nameWords } from './keyNames';
import { isPlaceholderValue } from './placeholders';

/**
 * Random-looking strings with no recognisable vendor shape: a quoted literal, or an unquoted
 * value on a config line, 20–256 characters of base64/base64url with enough entropy (see
 * entropy.ts). Kept out on purpose:
 * - pure hex (git SHAs, sha1/sha256 digests, UUIDs, colours): hex secrets are found only when
 *   named like one (`api_key = "…"`), by the assignment detector;
 * - integrity hashes (`sha512-…`) and values of keys named integrity/hash/checksum/commit/id…;
 * - anything with `:`, `;`, spaces or other punctuation (URLs, data URIs, sentences) — JWTs and
 *   URLs with passwords have their own detectors; dotted values count only when their parts
 *   together look random (`SG.….…`), not file names, hosts, versions or dotted identifiers;
 * - identifiers and slugs, whose letters fall in word-like runs.
 */

/**
 * A quote followed by 20 value characters (a quoted literal), or an operator followed by 20 value
 * characters (a config-line value): candidates, checked by hand (no backtracking). One scan finds
 * both; the first character tells them apart.
 */
const VALUE_START = /["'`][A-Za-z0-9+/=_.-]{20}|[=:][ \t]*[A-Za-z0-9+/=_.-]{20}/g;
const MAX_VALUE = 256;
const DIGEST_PREFIX = /^(?:sha1|sha224|sha256|sha384|sha512|md5)[-_]/i;
/** Keys that are public by design: Stripe and Mapbox publishable keys. */
const PUBLIC_PREFIX = /^(?:pk_(?:live|test)_|pk\.)/;
const NOT_SECRET_NAMES = new Set([
  'integrity', 'checksum', 'checksums', 'hash', 'digest', 'sha', 'sha1', 'sha256', 'sha512', 'shasum',
  'etag', 'commit', 'rev', 'revision', 'version', 'id', 'uuid', 'guid', 'nonce', 'fingerprint',
  'resolved', 'tarball', 'ref', 'sri', 'path', 'file', 'filename', 'url', 'name', 'class', 'classname',
  'salt', 'iv', 'pubkey', 'public', 'publickey',
]);

const VALUE_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_.-') VALUE_CHAR[c.charCodeAt(0)] = 1;

function valueEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_VALUE + 1);
  let i = from;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c >= 128 || VALUE_CHAR[c] === 0) break;
    i++;
  }
  return i;
}

/** [A-Za-z0-9_.-] */
function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

export const detectHighEntropy: Detector = (text, report, covered = () => false) => {
  // The scan visits the candidate starts of both kinds; each kind resumes where its own scan
  // would, as if the two were scanned separately (a quoted literal after its closing quote, a
  // config value after its end), and the scan skips what both would skip.
  let nextQuoted = 0;
  let nextConfig = 0;
  VALUE_START.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = VALUE_START.exec(text)) !== null) {
    const at = match.index;
    const quote = text[at];
    if (quote === '=' || quote === ':') {
      if (at >= nextConfig) nextConfig = configValueAt(text, at, match[0].length, report, covered);
    } else if (at >= nextQuoted) {
      nextQuoted = quotedValueAt(text, at, match[0].length, report, covered);
    }
    VALUE_START.lastIndex = Math.max(at + 1, Math.min(nextQuoted, nextConfig));
  }
};

/** detectHighEntropy as two separate global scans, one per kind: what the combined scan must find (differential test). */
export const detectHighEntropySeparately: Detector = (text, report, covered = () => false) => {
  const quoted = /["'`][A-Za-z0-9+/=_.-]{20}/g;
  for (let match = quoted.exec(text); match !== null; match = quoted.exec(text)) {
    quoted.lastIndex = quotedValueAt(text, match.index, match[0].length, report, covered);
  }
  const config = /[=:][ \t]*[A-Za-z0-9+/=_.-]{20}/g;
  for (let match = config.exec(text); match !== null; match = config.exec(text)) {
    config.lastIndex = configValueAt(text, match.index, match[0].length, report, covered);
  }
};

/** A config-line value whose operator is at `at` (the scan matched `length` characters); returns where its scan resumes. */
function configValueAt(text: string, at: number, length: number, report: Parameters<Detector>[1], covered: Covered): number {
  const start = at + length - 20;
  const end = valueEnd(text, start + 20);
  if (end - start <= MAX_VALUE && restOfLineIsBlank(text, end) && !covered(start, end)) {
    const name = configName(text, at);
    if (name !== undefined) consider(text.slice(start, end), start, name, report);
  }
  return end;
}

/** A quoted literal whose quote is at `at`; returns where its scan resumes (after the closing quote of a whole literal). */
function quotedValueAt(text: string, at: number, length: number, report: Parameters<Detector>[1], covered: Covered): number {
  const quote = text[at];
  const start = at + 1;
  const end = valueEnd(text, start + 20);
  const whole = text[end] === quote && end - start <= MAX_VALUE; // a whole literal of value characters
  if (whole && !covered(start, end)) consider(text.slice(start, end), start, nameBefore(text, at), report);
  return whole ? end + 1 : at + length;
}

/** After an unquoted config value: blanks, then the end of the line or a `#` comment. */
function restOfLineIsBlank(text: string, from: number): boolean {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
  return i >= text.length || text[i] === '\n' || (text[i] === '#' && i > from);
}

/** The name of a config line `  [export ]NAME = ` whose operator is at `operatorAt`; undefined otherwise. */
function configName(text: string, operatorAt: number): string | undefined {
  let i = operatorAt;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  const nameEnd = i;
  while (i > 0 && nameEnd - i <= 81 && isNameChar(text.charCodeAt(i - 1))) i--;
  const name = text.slice(i, nameEnd);
  if (!/^[A-Za-z_]/.test(name)) return undefined;
  let head = i;
  while (head > 0 && text[head - 1] !== '\n' && i - head <= 40) head--;
  if (head > 0 && text[head - 1] !== '\n') return undefined;
  return /^[ \t]*(?:export[ \t]+)?$/.test(text.slice(head, i)) ? name : undefined;
}

function consider(value: string, start: number, name: string, report: Parameters<Detector>[1]): void {
  if (!/[0-9+/]/.test(value)) return; // looksRandom needs a digit or + or / (checked here first: it is cheap)
  if (DIGEST_PREFIX.test(value) || PUBLIC_PREFIX.test(value)) return;
  if (value.startsWith('eyJ')) return; // base64 of a JSON object (a JOSE header); whole JWTs have their own detector
  if (value.startsWith('/') || value.startsWith('./') || value.startsWith('-')) return;
  if (nameWords(name).some((word) => NOT_SECRET_NAMES.has(word))) return;
  if (value.includes('.') ? !isRandomDotted(value) : !looksRandom(value)) return;
  if (isPlaceholderValue(value) || isEncodedText(value)) return;
  const confidence = value.length >= 32 && shannonEntropy(value) >= 4.5 ? 'medium' : 'low';
  report({ kind: 'high-entropy', start, end: start + value.length, confidence });
}

/**
 * A dotted value counts when its parts together look random and one part is long
 * (`SG.xxxx.yyyy`-style keys), but not a file name, host name, version or dotted identifier:
 * `main.3f9a7c2e8b1d4f6a.js` ends in an extension, `cluster0.ab12c.mongodb.net` is mostly words.
 */
function isRandomDotted(value: string): boolean {
  const parts = value.split('.');
  if (parts.some((p) => p.length === 0)) return false;
  if (/^[A-Za-z]{1,5}$/.test(parts[parts.length - 1])) return false; // .js, .com, .min
  if (!parts.some((p) => p.length >= 16 && charsetOf(p) === 'base64')) return false;
  return looksRandom(parts.join(''));
}

/**
 * Base64 of ordinary text (a sentence, an SVG): decodes to printable characters with spaces.
 * `user:password` pairs (HTTP Basic credentials, `user:` first) do not count as ordinary text.
 */
function isEncodedText(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return false;
  }
  let printable = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable >= decoded.length * 0.95 && decoded.includes(' ') && !/^[^\s:]{1,64}:/.test(decoded);
}

/** The key a quoted literal is assigned to (`"integrity": "…"` → integrity), read backwards a short way. */
function nameBefore(text: string, quoteAt: number): string {
  let i = quoteAt - 1;
  const floor = Math.max(0, quoteAt - 100);
  while (i >= floor && (text[i] === ' ' || text[i] === '\t')) i--;
  if (text[i] !== ':' && text[i] !== '=') return '';
  i--;
  if (text[i] === ':' || text[i] === '>') i--; // := and =>, reading backwards
  while (i >= floor && (text[i] === ' ' || text[i] === '\t')) i--;
  if (text[i] === '"' || text[i] === "'") i--;
  const end = i + 1;
  while (i >= floor && isNameChar(text.charCodeAt(i))) i--;
  return text.slice(i + 1, end);
}
