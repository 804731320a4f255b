/** Statistics that tell random-looking strings (keys, tokens) from words and identifiers. */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  const ascii = ASCII_COUNTS;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) ascii[c]++;
    else counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  const add = (count: number): void => {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  };
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128 && ascii[c] > 0) {
      add(ascii[c]);
      ascii[c] = 0; // counted once, and the table is clean for the next call
    }
  }
  for (const count of counts.values()) add(count);
  return bits;
}

/** Scratch counts for shannonEntropy, always left zeroed. */
const ASCII_COUNTS = new Int32Array(128);

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

/** The regex the hand-written scan below follows; kept for the equivalence test. */
export function wordCoverageByRegex(value: string): number {
  let letters = 0;
  for (let i = 0; i < value.length; i++) if (isLetter(value.charCodeAt(i))) letters++;
  if (letters === 0) return 0;
  let covered = 0;
  for (const m of value.matchAll(WORDISH)) covered += m[0].length;
  return covered / letters;
}

/**
 * Share of a token's letters that sit in word-like runs ("Account", "user", "HTTP").
 * Identifiers and prose score near 1; random base64 rarely passes 0.4, because a random letter
 * is lowercase only 40% of the time and runs of three are rare.
 */
export function wordCoverage(value: string): number {
  let letters = 0;
  let covered = 0;
  let i = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (!isLetter(c)) {
      i++;
      continue;
    }
    // A run of letters: count its word-like stretches, /[A-Z]?[a-z]{3,}|[A-Z]{4,}/.
    let j = i;
    while (j < value.length && isLetter(value.charCodeAt(j))) j++;
    letters += j - i;
    covered += wordLikeLetters(value, i, j);
    i = j;
  }
  return letters === 0 ? 0 : covered / letters;
}

function isLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x7a;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Letters of value[from, to) (all letters) that fall in /[A-Z]?[a-z]{3,}|[A-Z]{4,}/ matches, scanned left to right. */
function wordLikeLetters(value: string, from: number, to: number): number {
  let covered = 0;
  let i = from;
  while (i < to) {
    let j = i;
    if (isUpper(value.charCodeAt(j))) {
      while (j < to && isUpper(value.charCodeAt(j))) j++;
      const upperRun = j - i;
      let k = j;
      while (k < to && !isUpper(value.charCodeAt(k))) k++;
      const lowerRun = k - j;
      if (upperRun >= 4) covered += upperRun + (lowerRun >= 3 ? lowerRun : 0); // [A-Z]{4,} takes every capital
      else if (lowerRun >= 3) covered += 1 + lowerRun; // [A-Z]?[a-z]{3,} from the last capital
      i = k;
    } else {
      while (j < to && !isUpper(value.charCodeAt(j))) j++;
      if (j - i >= 3) covered += j - i;
      i = j;
    }
  }
  return covered;
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
