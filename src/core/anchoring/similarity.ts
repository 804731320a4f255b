/**
 * How alike two pieces of code are, ignoring whitespace and line breaks entirely:
 * both are cut into tokens (identifiers, numbers, single punctuation characters) and compared
 * by their longest common subsequence, found with Myers' O(ND) algorithm. Similar texts
 * (small D) are cheap; very different texts stop early at a cost cap.
 */
import { myersDistance } from './myers';

const TOKEN = /[\p{L}_$][\p{L}\p{N}_$]*|\p{N}[\p{L}\p{N}_.]*|\S/gu;

/** Recently tokenized texts: an anchor's text and context are compared with many candidates. */
const tokenCache = new Map<string, readonly string[]>();
const TOKEN_CACHE_SIZE = 4096;

export function tokenize(text: string): readonly string[] {
  const cached = tokenCache.get(text);
  if (cached) return cached;
  const tokens = text.match(TOKEN) ?? [];
  if (tokenCache.size >= TOKEN_CACHE_SIZE) tokenCache.clear();
  tokenCache.set(text, tokens);
  return tokens;
}

/** Tokens of a text seen once (a document's lines while indexing): not worth a place in the cache. */
export function tokenizeOnce(text: string): readonly string[] {
  return tokenCache.get(text) ?? text.match(TOKEN) ?? [];
}

/** Identifier-like tokens worth indexing: at least three characters, starting with a letter. */
export function wordTokens(text: string, tokens: readonly string[] = tokenize(text)): string[] {
  return tokens.filter((t) => t.length >= 3 && WORD_START.test(t));
}

const WORD_START = /^[\p{L}_$]/u;

/**
 * Where two sequences stop agreeing: `start` tokens equal at the front, and from `endA`/`endB`
 * on equal at the back (the two ends never overlap).
 */
function commonEnds<T>(a: readonly T[], b: readonly T[]): { start: number; endA: number; endB: number } {
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  while (start < endA && start < endB && a[start] === b[start]) start++;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { start, endA, endB };
}

/**
 * Length of the longest common subsequence of two sequences, or `undefined` when more than
 * `maxEdits` insertions plus deletions would be needed (the search stops there).
 */
export function lcsLength<T>(a: readonly T[], b: readonly T[], maxEdits = Infinity): number | undefined {
  const { start, endA, endB } = commonEnds(a, b);
  const common = start + (a.length - endA);
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0) return common;
  const d = myersDistance(a, start, endA, b, start, endB, maxEdits);
  return d < 0 ? undefined : common + (n + m - d) / 2;
}

/** Dice coefficient of two token multisets; order ignored. Cheap stand-in when LCS is too costly. */
export function bagSimilarity<T>(a: readonly T[], b: readonly T[]): number {
  if (a === b || (a.length === 0 && b.length === 0)) return 1;
  // Tokens equal at the same place at either end are shared whatever the rest holds (the
  // multisets' intersection is the common ends plus the middles' intersection): only the
  // middles are counted. Compared spans are mostly alike, so this is most of the work saved.
  const { start, endA, endB } = commonEnds(a, b);
  let shared = start + (a.length - endA);
  if (endA > start && endB > start) {
    const counts = new Map<T, number>();
    for (let i = start; i < endA; i++) counts.set(a[i], (counts.get(a[i]) ?? 0) + 1);
    for (let j = start; j < endB; j++) {
      const c = counts.get(b[j]);
      if (c) {
        shared++;
        counts.set(b[j], c - 1);
      }
    }
  }
  return (2 * shared) / (a.length + b.length);
}

/** Longest-common-subsequence ratio in [0, 1]: 1 for equal sequences, 0 for nothing in common. */
export function sequenceSimilarity<T>(a: readonly T[], b: readonly T[]): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  // Below 40% similar the exact figure no longer matters (nothing that weak is re-attached);
  // cap the work there, since Myers costs (n + m) × edits.
  const maxEdits = Math.ceil(0.6 * total);
  // The tokens both share (order ignored) bound the common subsequence: when even they leave
  // more edits than the cap, Myers would give up, so it is not run (same answer, no quadratic walk).
  const bag = bagSimilarity(a, b);
  if (total - bag * total > maxEdits) return Math.min(bag, 0.4);
  const lcs = total <= 40_000 ? lcsLength(a, b, maxEdits) : undefined;
  if (lcs !== undefined) return (2 * lcs) / total;
  return Math.min(bag, 0.4);
}

const WORD = /^[\p{L}\p{N}_$]/u;

/**
 * Similarity of two texts, 0..1; whitespace, indentation and line breaks do not count. Half is
 * the order-aware match of all tokens, half that of words alone (identifiers, numbers), so that
 * punctuation does not make `'const',` look like `'EOFError',`.
 */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const ta = tokenize(a);
  const tb = tokenize(b);
  const wa = ta.filter((t) => WORD.test(t));
  const wb = tb.filter((t) => WORD.test(t));
  return 0.5 * sequenceSimilarity(ta, tb) + 0.5 * sequenceSimilarity(wa, wb);
}

/** Similarity of two single lines by their distinct tokens, words weighing four times punctuation. */
export function lineSimilarity(a: string, b: string): number {
  const weight = (t: string): number => (WORD.test(t) ? 1 : 0.25);
  const mine = new Set(tokenize(a));
  const theirs = new Set(tokenize(b));
  let total = 0;
  let shared = 0;
  for (const t of mine) {
    total += weight(t);
    if (theirs.has(t)) shared += 2 * weight(t);
  }
  for (const t of theirs) total += weight(t);
  return total === 0 ? 1 : shared / total;
}

/** A line with all whitespace removed: equal keys mean the lines differ only in spacing. */
export function lineKey(line: string): string {
  return line.replace(/\s+/g, '');
}

/** Lines such as `}`, `});` or blank lines say nothing about where code is. */
export function isTrivialKey(key: string): boolean {
  if (key.length < 3) return true;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    // ASCII letters and digits answer at once; anything beyond ASCII asks the Unicode classes.
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return false;
    if (c > 127) return !LETTER_OR_DIGIT.test(key);
  }
  return true;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
