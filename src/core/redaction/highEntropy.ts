import type { Detector } from './finding';
import { looksRandom, shannonEntropy } from './entropy';
import { nameWords } from './keyNames';
import { isPlaceholderValue } from './placeholders';

/**
 * Random-looking strings with no recognisable vendor shape: a quoted literal, or an unquoted
 * value on a config line, 20–256 characters of base64/base64url with enough entropy (see
 * entropy.ts). Kept out on purpose:
 * - pure hex (git SHAs, sha1/sha256 digests, UUIDs, colours): hex secrets are found only when
 *   named like one (`api_key = "…"`), by the assignment detector;
 * - integrity hashes (`sha512-…`) and values of keys named integrity/hash/checksum/commit/id…;
 * - anything with `.`, `:`, `;`, spaces or other punctuation (URLs, paths with extensions,
 *   data URIs, sentences, dotted versions) — JWTs and URLs with passwords have their own detectors;
 * - identifiers and slugs, whose letters fall in word-like runs.
 */

const QUOTED = /(["'`])([A-Za-z0-9+/=_-]{20,256})\1/g;
const CONFIG_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]{0,80})[ \t]*[=:][ \t]*([A-Za-z0-9+/=_-]{20,256})[ \t\r]*(?:#[^\n]*)?$/gm;
const DIGEST_PREFIX = /^(?:sha1|sha224|sha256|sha384|sha512|md5)[-_]/i;
/** Keys that are public by design: Stripe publishable keys. */
const PUBLIC_PREFIX = /^pk_(?:live|test)_/;
const NOT_SECRET_NAMES = new Set([
  'integrity', 'checksum', 'checksums', 'hash', 'digest', 'sha', 'sha1', 'sha256', 'sha512', 'shasum',
  'etag', 'commit', 'rev', 'revision', 'version', 'id', 'uuid', 'guid', 'nonce', 'fingerprint',
  'resolved', 'tarball', 'ref', 'sri', 'path', 'file', 'filename', 'url', 'name', 'class', 'classname',
  'salt', 'iv', 'pubkey', 'public', 'publickey',
]);

export const detectHighEntropy: Detector = (text, report) => {
  for (const match of text.matchAll(QUOTED)) {
    const start = match.index + 1;
    consider(match[2], start, nameBefore(text, match.index), report);
  }
  for (const match of text.matchAll(CONFIG_LINE)) {
    const value = match[2];
    const start = match.index + match[0].indexOf(value, match[0].indexOf(match[1]) + match[1].length);
    consider(value, start, match[1], report);
  }
};

function consider(value: string, start: number, name: string, report: Parameters<Detector>[1]): void {
  if (DIGEST_PREFIX.test(value) || PUBLIC_PREFIX.test(value)) return;
  if (value.startsWith('eyJ')) return; // base64 of a JSON object (a JOSE header); whole JWTs have their own detector
  if (value.startsWith('/') || value.startsWith('./') || value.startsWith('-')) return;
  if (nameWords(name).some((word) => NOT_SECRET_NAMES.has(word))) return;
  if (!looksRandom(value) || isPlaceholderValue(value)) return;
  const confidence = value.length >= 32 && shannonEntropy(value) >= 4.5 ? 'medium' : 'low';
  report({ kind: 'high-entropy', start, end: start + value.length, confidence });
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
  while (i >= floor && /[A-Za-z0-9_.-]/.test(text[i])) i--;
  return text.slice(i + 1, end);
}
