/** Statistics that tell random-looking strings (keys, tokens) from words and identifiers. */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export type Charset = 'hex' | 'base64' | 'other';

const HEX = /^[0-9a-f-]+$|^[0-9A-F-]+$/;
const BASE64ISH = /^[A-Za-z0-9+/_=-]+$/;

/** Which alphabet a token is drawn from; hex also covers UUIDs and dash-grouped hex. */
export function charsetOf(value: string): Charset {
  if (HEX.test(value)) return 'hex';
  if (BASE64ISH.test(value)) return 'base64';
  return 'other';
}

/**
 * Entropy a string needs to count as random. Short strings cannot reach high entropy however
 * random they are (20 characters give at most log2(20) ≈ 4.3 bits), so the bar rises with length
 * and stops at 4.5 bits, about what a random base64 string of 32+ characters always exceeds.
 */
export function entropyThreshold(length: number, charset: Charset): number {
  const ceiling = charset === 'hex' ? 3.0 : 4.25;
  return Math.min(ceiling, Math.log2(Math.max(length, 2)) * 0.85);
}

const WORDISH = /[A-Z]?[a-z]{3,}|[A-Z]{4,}/g;

/**
 * Share of a token's letters that sit in word-like runs ("Account", "user", "HTTP").
 * Identifiers and prose score near 1; random base64 rarely passes 0.4, because a random letter
 * is lowercase only 40% of the time and runs of three are rare.
 */
export function wordCoverage(value: string): number {
  let letters = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) letters++;
  }
  if (letters === 0) return 0;
  let covered = 0;
  for (const m of value.matchAll(WORDISH)) covered += m[0].length;
  return covered / letters;
}

/** True when a token of base64-like characters looks drawn at random rather than written. */
export function looksRandom(value: string): boolean {
  const charset = charsetOf(value);
  if (charset !== 'base64') return false;
  if (!/[0-9]/.test(value) && !/[+/]/.test(value)) return false;
  if (wordCoverage(value) > 0.75 || isSeparatedWords(value)) return false;
  return shannonEntropy(value) >= entropyThreshold(value.length, charset);
}

/**
 * `Wrap_in_JSX_fragment_95120`, `max-retry-count-3`: parts between `_`/`-` that are each all
 * letters or all digits. Random base64url almost never splits that cleanly.
 */
export function isSeparatedWords(value: string): boolean {
  const parts = value.split(/[_-]+/).filter((p) => p.length > 0);
  return parts.length >= 3 && parts.every((p) => /^(?:[A-Za-z]+|[0-9]+)$/.test(p));
}
