/**
 * Finding an anchor's code anywhere in a document, in the spirit of Hypothesis's fuzzy
 * anchoring and the W3C TextQuoteSelector: the quote (the anchored text) and its context both
 * count, ties go to the copy nearest where the code was expected.
 *
 * Cost: never a character-level comparison against the whole document. Lines are indexed by
 * their whitespace-free form (and, when that finds nothing good, by their rarer words); each
 * anchor line found in the document votes for where the anchor would start, rare lines weighing
 * more. Only the few best-voted places are aligned line by line and scored character by
 * character, so a search costs about (anchor lines × matches per line) + (candidates × anchor size).
 */
import type { Anchor, TextRange } from '../model';
import { fitsLineBoundaries, type AnchorShape } from './anchorShape';
import { captureRange } from './createAnchor';
import { DocumentIndex } from './documentIndex';
import type { LineTable } from './lineTable';
import { findExact, hasMasks, maskedSimilarity, withoutMasks } from './maskedText';
import { placeRange } from './placeRange';
import { bagSimilarity, isTrivialKey, lineKey, tokenize, wordTokens } from './similarity';

export { DocumentIndex };

const NONE: readonly number[] = [];

/** A line found more often than this says little about where code is; it does not vote. */
const MAX_LINE_HITS = 64;
const MAX_TOKEN_HITS = 24;
const MAX_CANDIDATES = 12;
/** Places with less than this share of the best place's votes are not worth aligning. */
const MIN_VOTE_SHARE = 0.15;
/** Candidates whose first score is this far below the best are not refined further. */
const REFINE_MARGIN = 0.25;
/** Above this many lines, the anchor's span is estimated from votes instead of aligned line by line. */
const MAX_ALIGNED_LINES = 400;
/**
 * Two matches whose text and context similarities are within these margins are copies the
 * search cannot tell apart (a renamed variable in one context line moves context by ~0.03);
 * the best is then capped at AMBIGUOUS_CONFIDENCE, below the threshold, so Lore asks.
 */
const SAME_TEXT = 0.02;
const SAME_CONTEXT = 0.03;
const AMBIGUOUS_CONFIDENCE = 0.6;
/** A commented-out copy of code that was not a comment keeps this share of its similarity. */
const COMMENTED_OUT = 0.5;

export interface SearchOptions {
  /** The line where the code is expected (its old place, or where a diff says it went). */
  expectedLine: number;
  /** Only look between these lines (inclusive), e.g. inside the anchor's symbol. */
  within?: { startLine: number; endLine: number };
  /** Also vote with rare words when whole lines find nothing convincing. Default true. */
  useWords?: boolean;
  /** Confidence that ends the search early, before word votes. */
  goodEnough?: number;
}

export interface Match {
  range: TextRange;
  text: string;
  /** Token similarity of the found text to the anchored text, 0..1. */
  textSimilarity: number;
  /** Token similarity of the surrounding lines to the anchor's context, 0..1. */
  contextSimilarity: number;
  /** Ranking score: text first, then context, then nearness. */
  rank: number;
  /** How sure the match is the anchored code, 0..1, lowered when another copy is as good. */
  confidence: number;
  /** Another place matches about as well and the context does not tell them apart. */
  ambiguous: boolean;
  /** When ambiguous: the other places that match about as well. */
  others?: TextRange[];
}

/**
 * How sure a found text is the anchored code, from its own similarity and its context's. The
 * fewer words the anchored text has, the more the context counts: `return null;` found elsewhere
 * says little by itself, a twenty-line function says a lot.
 */
export function matchConfidence(textSim: number, contextSim: number, words = 20): number {
  const contextWeight = contextWeightFor(words);
  return textSim * (1 - contextWeight + contextWeight * contextSim);
}

export function contextWeightFor(words: number): number {
  return Math.max(0.15, Math.min(0.6, 0.7 - 0.05 * words));
}

const wordCounts = new WeakMap<Anchor, number>();

/** Number of words (identifiers, numbers) in the anchored text. */
export function anchorWords(anchor: Anchor): number {
  let n = wordCounts.get(anchor);
  if (n === undefined) {
    const text = withoutMasks(anchor.text);
    n = wordTokens(text).length + (text.match(/\b\p{N}/gu)?.length ?? 0);
    wordCounts.set(anchor, n);
  }
  return n;
}

interface Vote {
  anchorLine: number;
  docLine: number;
  weight: number;
}

/** The best places for the anchor in the document, best first, without overlaps. */
export function searchAnchor(anchor: Anchor, shape: AnchorShape, index: DocumentIndex, options: SearchOptions): Match[] {
  const scored = new Map<string, Match>();
  const lineVotes = collectLineVotes(shape, index, options);
  scoreCandidates(anchor, shape, index, options, lineVotes, scored);
  const goodEnough = options.goodEnough ?? 0.9;
  let best = bestOf(scored);
  if (options.useWords !== false && (!best || best.confidence < goodEnough)) {
    const wordVotes = collectWordVotes(shape, index, options);
    scoreCandidates(anchor, shape, index, options, lineVotes.concat(wordVotes), scored);
    best = bestOf(scored);
  }
  return finish([...scored.values()]);
}

function bestOf(scored: Map<string, Match>): Match | undefined {
  let best: Match | undefined;
  for (const m of scored.values()) if (!best || m.rank > best.rank) best = m;
  return best;
}

/** Each anchor line: body lines at 0..B-1, context above at negative positions, below at B and beyond. */
interface AnchorLine {
  at: number;
  text: string;
  body: boolean;
}

/** An anchor's lines with their keys, computed once per shape (every search of the anchor votes with them). */
const linesOfShape = new WeakMap<AnchorShape, { lines: AnchorLine[]; keys: string[] }>();

function anchorLines(shape: AnchorShape): { lines: AnchorLine[]; keys: string[] } {
  let cached = linesOfShape.get(shape);
  if (!cached) {
    const lines: AnchorLine[] = [];
    shape.before.forEach((text, k) => lines.push({ at: k - shape.before.length, text, body: false }));
    shape.body.forEach((text, k) => lines.push({ at: k, text, body: true }));
    shape.after.forEach((text, k) => lines.push({ at: shape.body.length + k, text, body: false }));
    cached = { lines, keys: lines.map((line) => lineKey(line.text)) };
    linesOfShape.set(shape, cached);
  }
  return cached;
}

function inWindow(line: number, options: SearchOptions): boolean {
  return !options.within || (line >= options.within.startLine && line <= options.within.endLine);
}

function collectLineVotes(shape: AnchorShape, index: DocumentIndex, options: SearchOptions): Vote[] {
  const votes: Vote[] = [];
  const { lines, keys } = anchorLines(shape);
  const ids = index.keyIdsOf(keys);
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    if (ids[k] < 0 || isTrivialKey(keys[k])) continue;
    const hits = index.linesWithKeyId(ids[k]);
    if (hits.length === 0 || hits.length > MAX_LINE_HITS) continue;
    const weight = (line.body ? 2 : 1) / hits.length;
    for (const docLine of hits) if (inWindow(docLine, options)) votes.push({ anchorLine: line.at, docLine, weight });
  }
  return votes;
}

function collectWordVotes(shape: AnchorShape, index: DocumentIndex, options: SearchOptions): Vote[] {
  const votes: Vote[] = [];
  for (const line of anchorLines(shape).lines) {
    const words = [...new Set(wordTokens(line.text))];
    for (const word of words) {
      const hits = index.linesWithToken(word);
      if (hits.length === 0 || hits.length > MAX_TOKEN_HITS) continue;
      const weight = (line.body ? 1 : 0.5) / (hits.length * words.length);
      for (const docLine of hits) if (inWindow(docLine, options)) votes.push({ anchorLine: line.at, docLine, weight });
    }
  }
  return votes;
}

/** Start lines with the most votes (votes within two lines pooled, for reformatted code). */
function topStarts(votes: Vote[], bodyLength: number, expectedLine: number): number[] {
  const byStart = new Map<number, number>();
  for (const v of votes) {
    const start = v.docLine - v.anchorLine;
    byStart.set(start, (byStart.get(start) ?? 0) + v.weight);
  }
  const pooled = [...byStart.keys()].map((start) => {
    let total = 0;
    for (let d = -2; d <= 2; d++) total += (byStart.get(start + d) ?? 0) * (d === 0 ? 1 : 0.5);
    return { start, total };
  });
  // Equal votes (identical copies): the nearest first, so it is among the candidates aligned.
  pooled.sort((a, b) => b.total - a.total || Math.abs(a.start - expectedLine) - Math.abs(b.start - expectedLine) || a.start - b.start);
  const chosen: number[] = [];
  const apart = Math.max(1, Math.floor(bodyLength / 2));
  const top = pooled.length ? pooled[0].total : 0;
  for (const p of pooled) {
    if (chosen.length >= MAX_CANDIDATES || p.total < top * MIN_VOTE_SHARE) break;
    if (chosen.some((c) => Math.abs(c - p.start) < apart)) continue;
    chosen.push(p.start);
  }
  return chosen;
}

function scoreCandidates(
  anchor: Anchor,
  shape: AnchorShape,
  index: DocumentIndex,
  options: SearchOptions,
  votes: Vote[],
  scored: Map<string, Match>,
): void {
  const lastLine = index.table.lineCount - 1;
  const lo = options.within ? Math.max(0, options.within.startLine) : 0;
  const hi = options.within ? Math.min(lastLine, options.within.endLine) : lastLine;
  const first: Array<{ key: string; span: [number, number]; match: Match }> = [];
  for (const start of topStarts(votes, shape.body.length, options.expectedLine)) {
    const span = alignBody(shape, index, start, lo, hi);
    if (!span) continue;
    const key = `${span[0]}:${span[1]}`;
    if (scored.has(key) || first.some((f) => f.key === key)) continue;
    first.push({ key, span, match: scoreAt(anchor, index.table, placeRange(index.table, anchor, shape, span[0], span[1]), options.expectedLine) });
  }
  let best = -Infinity;
  for (const m of scored.values()) best = Math.max(best, m.rank);
  for (const f of first) best = Math.max(best, f.match.rank);
  for (const f of first) {
    const worthRefining = f.match.textSimilarity < 1 && f.match.rank >= best - REFINE_MARGIN;
    scored.set(f.key, worthRefining ? refineSpan(anchor, shape, index.table, f.span[0], f.span[1], options.expectedLine, lo, hi, f.match) : f.match);
  }
}

/**
 * The anchor's exact text where it occurs exactly once in the document (starting on a line
 * boundary when the anchor did): the common case of code that only shifted, found without a search.
 * Whole-line code is looked up through the index's line keys (the rarest of its lines, then the
 * others at the same offsets), so a batch of anchors never scans the whole text once per anchor.
 */
export function uniqueExactMatch(anchor: Anchor, shape: AnchorShape, index: DocumentIndex, expectedLine: number): Match | undefined {
  const text = anchor.text;
  if (text.trim().length < 12) return undefined;
  const table = index.table;
  // Masked code (a secret replaced by <redacted: …>) has no line keys to look up: it is found as
  // a fragment below, the masks standing for whatever the code has there.
  const keys = hasMasks(text) ? [] : bodyKeys(shape);
  const { offset: rarest, hits } = rarestLine(keys, index);
  let range: TextRange | undefined;
  if (rarest >= 0 && shape.startsAtLineStart && shape.endsAtLineEnd) {
    const ids = keyIdsOf(keys, index);
    for (const hit of hits) {
      const start = hit - rarest;
      if (!linesMatchAt(index, ids, start)) continue;
      if (range) return undefined; // a second copy: not unique
      const placed = placeRange(table, anchor, shape, start, start + keys.length - 1);
      if (table.slice(placed) !== text) return undefined; // the copy differs in spacing: let the search judge
      range = placed;
    }
    if (!range) return undefined;
  } else {
    // Fragments inside lines, only trivial lines, or masked code: the text itself must be unique
    // (an exact copy of masked code is confirmed by the original's hash).
    const all = table.text;
    const first = findExact(anchor, all);
    if (!first || findExact(anchor, all, first.start + 1)) return undefined;
    const start = table.positionAt(first.start);
    const end = table.positionAt(first.end);
    range = { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character };
  }
  if (anchor.range.startCharacter === 0 && range.startCharacter !== 0) return undefined;
  if (!fitsLineBoundaries(table.lines, range, shape)) return undefined;
  return scoreAt(anchor, table, range, expectedLine);
}

/**
 * First lines of every place where the anchor's lines occur in the document in order, equal up to
 * whitespace (found through the line keys of its rarest meaningful line). Empty when the anchor
 * has no meaningful line.
 */
export function copiesOf(shape: AnchorShape, index: DocumentIndex): number[] {
  const keys = bodyKeys(shape);
  const { offset, hits } = rarestLine(keys, index);
  if (!hits.length) return [];
  const ids = keyIdsOf(keys, index);
  return hits.map((hit) => hit - offset).filter((start) => linesMatchAt(index, ids, start));
}

const bodyKeysOf = new WeakMap<AnchorShape, string[]>();

/** The keys of the shape's body lines, computed once per shape (copies are counted in the file now and at the commit). */
export function bodyKeys(shape: AnchorShape): string[] {
  let keys = bodyKeysOf.get(shape);
  if (!keys) bodyKeysOf.set(shape, (keys = shape.body.map(lineKey)));
  return keys;
}

/**
 * The anchor line (by its offset in `keys`) whose key occurs on the fewest document lines, with
 * those lines; offset -1 when every line is trivial (blank, a lone brace). Stops at a key found
 * at most once: no line can narrow the places further.
 */
function rarestLine(keys: readonly string[], index: DocumentIndex): { offset: number; hits: readonly number[] } {
  let offset = -1;
  let hits: readonly number[] = [];
  const ids = index.keyIdsOf(keys);
  for (let k = 0; k < keys.length; k++) {
    if (isTrivialKey(keys[k])) continue;
    const found = ids[k] < 0 ? NONE : index.linesWithKeyId(ids[k]);
    if (offset < 0 || found.length < hits.length) {
      offset = k;
      hits = found;
    }
    if (hits.length <= 1) break;
  }
  return { offset, hits };
}

/** Whether the document's lines from `start` on have exactly these keys. */
function linesMatchAt(index: DocumentIndex, ids: Int32Array, start: number): boolean {
  if (start < 0 || start + ids.length > index.table.lineCount) return false;
  for (let k = 0; k < ids.length; k++) if (index.keyIds[start + k] !== ids[k]) return false;
  return true;
}

/** The ids of keys in the document's index (-1 for a key no line has); looked up once per list of keys and index. */
function keyIdsOf(keys: readonly string[], index: DocumentIndex): Int32Array {
  return index.keyIdsOf(keys);
}

/**
 * Score the anchor at lines first..last, then move each end a line at a time while that scores
 * better: a formatter that breaks one line into several, or an edit at the edge, leaves the
 * line alignment a little short or long.
 */
export function refineSpan(
  anchor: Anchor,
  shape: AnchorShape,
  table: LineTable,
  first: number,
  last: number,
  expectedLine: number,
  lo = 0,
  hi = table.lineCount - 1,
  /** The score at first..last, when the caller has it already. */
  scored?: Match,
): Match {
  const best = scored ?? scoreAt(anchor, table, placeRange(table, anchor, shape, first, last), expectedLine);
  if (best.textSimilarity === 1) return best;
  // Climb on a cheap, order-blind token measure; score the final span properly.
  const wanted = { text: tokenize(anchor.text), before: tokenize(anchor.contextBefore), after: tokenize(anchor.contextAfter) };
  const quick = (s: number, e: number): number => {
    const c = captureRange(table, placeRange(table, anchor, shape, s, e));
    const before = bagSimilarity(wanted.before, tokenize(c.contextBefore));
    const after = bagSimilarity(wanted.after, tokenize(c.contextAfter));
    return 0.8 * bagSimilarity(wanted.text, tokenize(c.text)) + 0.1 * (before + after);
  };
  // The climb comes back to spans it has measured (the one it just left): each is measured once.
  const measured = new Map<number, number>();
  const width = table.lineCount + 1;
  const measure = (s: number, e: number): number => {
    let q = measured.get(s * width + e);
    if (q === undefined) measured.set(s * width + e, (q = quick(s, e)));
    return q;
  };
  let s = first;
  let e = last;
  let bestQuick = measure(s, e);
  for (let step = 0; step < 24; step++) {
    let improved = false;
    for (const [ns, ne] of [[s - 1, e], [s + 1, e], [s, e + 1], [s, e - 1]] as const) {
      if (ns < lo || ne > hi || ns > ne) continue;
      const q = measure(ns, ne);
      if (q > bestQuick + 1e-9) {
        bestQuick = q;
        s = ns;
        e = ne;
        improved = true;
        break;
      }
    }
    if (!improved) break;
  }
  if (s === first && e === last) return best;
  const refined = scoreAt(anchor, table, placeRange(table, anchor, shape, s, e), expectedLine);
  return refined.rank >= best.rank ? refined : best;
}

/** Score the anchor against a given range of a document. */
export function scoreAt(anchor: Anchor, table: LineTable, range: TextRange, expectedLine: number): Match {
  const captured = captureRange(table, range);
  let textSim = maskedSimilarity(anchor.text, captured.text);
  // Token similarity ignores comment markers: `// total += x;` is not the code `total += x;`.
  if (textSim > 0 && isCommentedOut(captured.text) && !isCommentedOut(anchor.text)) textSim *= COMMENTED_OUT;
  const contextSim = (maskedSimilarity(anchor.contextBefore, captured.contextBefore) + maskedSimilarity(anchor.contextAfter, captured.contextAfter)) / 2;
  const distance = Math.abs(captured.range.startLine - expectedLine);
  const nearness = Math.min(1, distance / Math.max(50, table.lineCount / 2));
  return {
    range: captured.range,
    text: captured.text,
    textSimilarity: textSim,
    contextSimilarity: contextSim,
    rank: 0.8 * textSim + 0.2 * contextSim - 0.04 * nearness,
    confidence: matchConfidence(textSim, contextSim, anchorWords(anchor)),
    ambiguous: false,
  };
}

/**
 * Align the anchor's lines with the document around `start` and return the first and last
 * document lines the anchor covers there. Semi-global: document lines before and after the
 * match are free, anchor lines missing from the document and extra document lines inside cost.
 */
function alignBody(shape: AnchorShape, index: DocumentIndex, start: number, lo: number, hi: number): [number, number] | undefined {
  const body = shape.body;
  const n = body.length;
  if (n > MAX_ALIGNED_LINES) {
    const s = Math.max(lo, Math.min(start, hi));
    return [s, Math.max(s, Math.min(hi, start + n - 1))];
  }
  const pad = Math.max(3, Math.ceil(n / 2));
  const from = Math.max(lo, start - pad);
  const to = Math.min(hi, start + n - 1 + pad);
  const width = to - from + 1;
  if (width <= 0) return undefined;

  const keys = bodyKeys(shape);
  const anchorKeys = keyIdsOf(keys, index);
  const anchorTrivial = keys.map(isTrivialKey);
  const anchorTokens = body.map((line) => new Set(tokenize(line)));
  const weight = (i: number): number => (anchorTrivial[i] ? 0.3 : 1);
  const similarity = (i: number, docLine: number): number => {
    if (index.keyIds[docLine] === anchorKeys[i]) return 1;
    if (anchorTrivial[i] || index.trivial[docLine]) return 0;
    const docTokens = index.lineTokens(docLine);
    const mine = anchorTokens[i];
    let shared = 0;
    for (const t of docTokens) if (mine.has(t)) shared++;
    return (2 * shared) / (mine.size + docTokens.length);
  };

  const cols = width + 1;
  const score = new Float64Array((n + 1) * cols);
  const move = new Uint8Array((n + 1) * cols); // 1 diagonal, 2 skip anchor line, 3 skip document line
  for (let i = 1; i <= n; i++) {
    score[i * cols] = score[(i - 1) * cols] - 0.5 * weight(i - 1);
    move[i * cols] = 2;
    for (let w = 1; w <= width; w++) {
      const docLine = from + w - 1;
      const diag = score[(i - 1) * cols + w - 1] + weight(i - 1) * (2 * similarity(i - 1, docLine) - 1);
      const skipAnchor = score[(i - 1) * cols + w] - 0.5 * weight(i - 1);
      const skipDoc = score[i * cols + w - 1] - (index.trivial[docLine] ? 0.1 : 0.3);
      let best = diag;
      let m = 1;
      if (skipAnchor > best) {
        best = skipAnchor;
        m = 2;
      }
      if (skipDoc > best) {
        best = skipDoc;
        m = 3;
      }
      score[i * cols + w] = best;
      move[i * cols + w] = m;
    }
  }
  let endCol = 0;
  for (let w = 1; w <= width; w++) if (score[n * cols + w] > score[n * cols + endCol]) endCol = w;
  let first = -1;
  let last = -1;
  let i = n;
  let w = endCol;
  while (i > 0) {
    const m = move[i * cols + w];
    if (m === 1) {
      const docLine = from + w - 1;
      if (last < 0) last = docLine;
      first = docLine;
      i--;
      w--;
    } else if (m === 2) {
      i--;
    } else {
      w--;
    }
  }
  if (first < 0) return undefined;
  return [first, last];
}

/** Sort, drop overlapping lesser matches, and lower confidence where another copy is as good. */
function finish(matches: Match[]): Match[] {
  matches.sort((a, b) => b.rank - a.rank);
  const kept: Match[] = [];
  for (const m of matches) {
    if (kept.some((k) => overlaps(k.range, m.range))) continue;
    kept.push(m);
  }
  const best = kept[0];
  const rivals = kept.slice(1).filter((m) => m.textSimilarity >= best.textSimilarity - SAME_TEXT && m.contextSimilarity >= best.contextSimilarity - SAME_CONTEXT);
  if (best && rivals.length) {
    best.ambiguous = true;
    best.confidence = Math.min(best.confidence, AMBIGUOUS_CONFIDENCE);
    best.others = rivals.map((m) => m.range);
  }
  return kept;
}

function overlaps(a: TextRange, b: TextRange): boolean {
  const aEnd = Math.max(a.startLine, a.endCharacter === 0 && a.endLine > a.startLine ? a.endLine - 1 : a.endLine);
  const bEnd = Math.max(b.startLine, b.endCharacter === 0 && b.endLine > b.startLine ? b.endLine - 1 : b.endLine);
  return a.startLine <= bEnd && b.startLine <= aEnd;
}

const COMMENT_LINE = /^\s*(\/\/|#|--|\*|\/\*|<!--|;)/;

/** Every non-blank line is a comment line (`//`, `#`, `--`, `*`, `/*`, `<!--`, `;`). */
export function isCommentedOut(text: string): boolean {
  let any = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.trim()) continue;
    if (!COMMENT_LINE.test(line)) return false;
    any = true;
  }
  return any;
}
