import { strict as assert } from 'node:assert';
import { QueryMatcher, isSpace, makeExcerpt, type Excerpt, type Highlight, type MatchPattern } from '../../../src/core/search/excerpts';
import type { SearchField } from '../../../src/core/search/queryParser';
import { WORD, camelCaseParts, normalizeWord, stemWord, type TextToken } from '../../../src/core/search/textAnalyzer';
import { Rng } from '../sync/syncTestKit';

/**
 * makeExcerpt is written for speed (search builds one per result: bench/rankingBench.ts); it
 * gives exactly what the simple version below (makeExcerpt as it was, kept as the reference)
 * gives, on seeded random Markdown with every kind of white space, markup and matches.
 */
const PIECES = [
  'cache', 'Caching', 'eviction', 'the', 'of', 'zürich', 'café', 'node.js', 'x-forwarded-for', 'snake_case', 'a * b', '**bold**',
  '*em*', '_em_', '__strong__', '~~gone~~', '`code`', '```ts', '```', '~~~', '<b>', '</b>', '<br/>', '[link](https://x.y/z)',
  '![img](a.png)', '[[Wiki]]', '# ', '## ', '> ', '- ', '* ', '+ ', '1. ', '2) ', '| a | b |', '|---|---|', '---', '***', '___',
  ':-:', '3.5', '😀', 'e\u0301', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\t', '\n', '\n\n', '\r\n', '\v', '\f', ' ', '  ',
];

function randomText(rng: Rng): string {
  let text = '';
  const n = rng.int(rng.chance(0.2) ? 400 : 80);
  for (let i = 0; i < n; i++) text += rng.pick(PIECES) + (rng.chance(0.6) ? ' ' : rng.chance(0.5) ? '\n' : '');
  return text;
}

function randomRanges(rng: Rng, text: string): Highlight[] {
  if (rng.chance(0.5)) {
    const words = ['cache', 'eviction', 'zurich', 'cafe', 'node', 'code', 'em', 'the'].filter(() => rng.chance(0.4));
    return new QueryMatcher([{ fields: null, stems: new Set(words.map(stemWord)) }]).ranges(text, rng.chance(0.8) ? 'body' : 'code');
  }
  const ranges: Highlight[] = [];
  let at = 0;
  while (at < text.length && ranges.length < 40) {
    const from = at + rng.int(60);
    const to = Math.min(text.length, from + 1 + rng.int(8));
    if (from >= text.length) break;
    ranges.push([from, to]);
    at = to + rng.int(5);
  }
  return ranges;
}

describe('Search excerpts, fast path against the simple one', () => {
  it('gives the same passage and highlights as the simple version', () => {
    const rng = new Rng(2026);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(rng);
      const ranges = randomRanges(rng, text);
      const maxLength = rng.pick([1, 10, 40, 180, 400]);
      const keepMarkup = rng.chance(0.25);
      assert.deepEqual(makeExcerpt(text, ranges.map((r) => [...r] as Highlight), maxLength, keepMarkup), simpleExcerpt(text, ranges, maxLength, keepMarkup), `case ${i}: ${JSON.stringify({ text, ranges, maxLength, keepMarkup })}`);
    }
  });

  it('finds the matches the simple matcher finds (words, prefixes, phrases, fields, any case and script)', () => {
    const rng = new Rng(13);
    const stemPool = ['cache', 'evict', 'zurich', 'cafe', 'node', 'js', 'x', 'forward', 'a', 'b', 'em', 'code', 'the', 'of', 'snake', 'case', 'e\u0301', 'wiki', '1', '35', 'é', 'Ca', 'c1'].map((w) => (rng.chance(0.5) ? stemWord(w) : w));
    const fields: SearchField[] = ['title', 'tags', 'body', 'code'];
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomText(rng) + (rng.chance(0.3) ? ' addUser XMLHttpRequest utf8Decode MAX_RETRIES Cache CACHING Zürich' : '');
      const patterns: MatchPattern[] = Array.from({ length: 1 + rng.int(3) }, () => {
        const on = rng.chance(0.3) ? [rng.pick(fields)] : null;
        const kind = rng.int(3);
        if (kind === 0) return { fields: on, stems: new Set(Array.from({ length: 1 + rng.int(3) }, () => rng.pick(stemPool))) };
        if (kind === 1) return { fields: on, prefix: { prefix: rng.pick(stemPool).slice(0, 1 + rng.int(3)), stems: new Set([rng.pick(stemPool)]) } };
        return { fields: on, phrase: { stems: Array.from({ length: 1 + rng.int(3) }, () => rng.pick(stemPool)), lastIsPrefix: rng.chance(0.3) } };
      });
      const field = rng.pick(fields);
      const fast = new QueryMatcher(patterns).ranges(text, field);
      assert.deepEqual(fast, new SimpleMatcher(patterns).ranges(text, field), `case ${i}: ${JSON.stringify({ text, field, patterns: patterns.map((p) => ({ ...p, stems: p.stems && [...p.stems], prefix: p.prefix && { ...p.prefix, stems: [...p.prefix.stems] } })) })}`);
      found += fast.length;
    }
    assert.ok(found > 3000, `only ${found} matches in all`);
  });

  it('knows white space as a regular expression does, for every UTF-16 code unit', () => {
    for (let code = 0; code < 0x10000; code++) assert.equal(isSpace(code), /\s/.test(String.fromCharCode(code)), `U+${code.toString(16)}`);
  });
});

// The reference: makeExcerpt and markupIn before they were made faster.
const LEAD = 40;

/**
 * A short passage of `text` around the best cluster of matches (most different words, then
 * most matches), white space collapsed, "…" where it was cut, with the matches' offsets in
 * the passage. Without matches, the beginning of the text. Markdown and HTML markup is left
 * out unless `keepMarkup` (code, where `<T>` and backticks mean something).
 */
function simpleExcerpt(text: string, ranges: Highlight[], maxLength = 180, keepMarkup = false): Excerpt {
  let start = 0;
  if (ranges.length) {
    let best = 0;
    let bestScore = -1;
    for (let i = 0; i < ranges.length; i++) {
      const limit = ranges[i][0] + maxLength - LEAD;
      const distinct = new Set<string>();
      let count = 0;
      for (let j = i; j < ranges.length && ranges[j][1] <= limit; j++) {
        distinct.add(text.slice(ranges[j][0], ranges[j][1]).toLowerCase());
        count++;
      }
      const score = distinct.size * 1000 + count;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    start = Math.max(0, ranges[best][0] - LEAD);
    // Begin at the start of the line the match is on, or of a word.
    const lineStart = text.lastIndexOf('\n', ranges[best][0] - 1) + 1;
    if (lineStart > start) start = lineStart;
    else if (start > 0) {
      const space = text.slice(start, ranges[best][0]).search(/\s/);
      if (space >= 0) start += space + 1;
    }
  }
  while (start < text.length && /\s/.test(text[start])) start++;
  // Read a generous slice, hide Markdown/HTML markup in it, then keep about maxLength visible characters.
  const sliceEnd = Math.min(text.length, start + maxLength * 3);
  const hidden = keepMarkup ? new Uint8Array(sliceEnd - start) : markupIn(text, start, sliceEnd);
  let end = start;
  let visible = 0;
  let inSpace = false;
  while (end < sliceEnd && visible < maxLength) {
    if (!hidden[end - start]) {
      const space = /\s/.test(text[end]);
      if (!space || !inSpace) visible++;
      inSpace = space;
    }
    end++;
  }
  if (end < text.length) {
    const lastSpace = text.slice(start, end).search(/\s\S*$/);
    if (lastSpace > 0) end = start + lastSpace;
  }
  const prefix = start > 0 ? '…' : '';
  let out = prefix;
  const map: number[] = [];
  inSpace = true;
  for (let k = start; k < end; k++) {
    map[k - start] = out.length;
    if (hidden[k - start]) continue;
    const ch = text[k];
    if (/\s/.test(ch)) {
      if (!inSpace) out += ' ';
      inSpace = true;
    } else {
      out += ch;
      inSpace = false;
    }
  }
  map[end - start] = out.length;
  out = out.trimEnd();
  const highlights: Highlight[] = [];
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    const a = map[Math.max(from, start) - start];
    const b = Math.min(map[Math.min(to, end) - start], out.length);
    if (b > a) highlights.push([a, b]);
  }
  if (end < text.length) out += '…';
  return { text: out, highlights };
}

/**
 * Which characters of text[from, to) are Markdown or HTML markup a reader of an excerpt does
 * not need: tags, link targets and brackets, backticks, emphasis and strike-through markers,
 * heading, quote and list marks, code fence lines with their info string, table pipes and rules.
 */
function markupIn(text: string, from: number, to: number): Uint8Array {
  const slice = text.slice(from, to);
  const hidden = new Uint8Array(slice.length);
  const hide = (a: number, b: number): void => {
    hidden.fill(1, a, b);
  };
  for (const m of slice.matchAll(/<\/?[A-Za-z][^<>\n]{0,200}>/g)) hide(m.index, m.index + m[0].length);
  for (const m of slice.matchAll(/(!?\[)([^\]\n]{0,200})(\]\([^)\s]{0,500}\))/g)) {
    hide(m.index, m.index + m[1].length);
    hide(m.index + m[1].length + m[2].length, m.index + m[0].length);
  }
  for (const m of slice.matchAll(/`+|\*\*|~~/g)) hide(m.index, m.index + m[0].length);
  // Emphasis markers: a run of * or _ that opens (after a space or punctuation, before a
  // letter) or closes a span. snake_case words and `a * b` are left alone.
  for (const m of slice.matchAll(/(?<![\p{L}\p{N}*_])[*_]{1,3}(?=[^\s*_])|(?<=[^\s*_])[*_]{1,3}(?![\p{L}\p{N}*_])/gu)) hide(m.index, m.index + m[0].length);
  // Whole lines that are only markup: code fences with their info string, table rules, rules.
  for (const m of slice.matchAll(/^[ \t]*(?:`{3,}|~{3,})[^\n]*$|^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+(?:[ \t]*:?-{3,}:?)?[ \t]*$|^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|[^\n]*$|^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/gm)) hide(m.index, m.index + m[0].length);
  // Line starts: headings, quotes, list markers; and the pipes of table rows.
  for (const m of slice.matchAll(/^[ \t]*(?:#{1,6}|>|[-*+]|\d{1,9}[.)])[ \t]+/gm)) hide(m.index, m.index + m[0].length);
  for (const m of slice.matchAll(/^[ \t]*\|[^\n]*$/gm)) {
    for (let k = m[0].indexOf('|'); k >= 0; k = m[0].indexOf('|', k + 1)) hide(m.index + k, m.index + k + 1);
  }
  return hidden;
}

// The reference: QueryMatcher before it was made faster.
class SimpleMatcher {
  private readonly byField = new Map<SearchField, { patterns: MatchPattern[]; keys: Set<string>; phrases: boolean }>();

  constructor(private readonly patterns: MatchPattern[]) {}

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  ranges(text: string, field: SearchField): Highlight[] {
    const { patterns, keys, phrases } = this.forField(field);
    if (!patterns.length || !text) return [];
    // Most words of a text cannot match: a stem starts with the same two letters as its word,
    // so only words whose first two letters some pattern has are normalized and stemmed.
    const sequence: Array<TextToken | null> = [];
    const ranges: Highlight[] = [];
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
      const raw = m[0];
      // Code is indexed with each identifier's parts too (addUser: add, user), so they match on their own.
      if (field === 'code') matchCamelCaseParts(raw, m.index, patterns, ranges);
      const head = ASCII_START.test(raw) ? raw.slice(0, 2).toLowerCase() : normalizeWord(raw).slice(0, 2);
      if (!keys.has(head)) {
        if (phrases) sequence.push(null);
        continue;
      }
      const word = normalizeWord(raw);
      const token: TextToken = { start: m.index, end: m.index + raw.length, word, stem: stemWord(word) };
      if (phrases) sequence.push(token);
      for (const pattern of patterns) {
        if (!pattern.phrase && (pattern.stems?.has(token.stem) || (pattern.prefix && prefixMatches(token, pattern.prefix)))) {
          ranges.push([token.start, token.end]);
        }
      }
    }
    if (phrases) {
      for (let i = 0; i < sequence.length; i++) {
        if (!sequence[i]) continue;
        for (const pattern of patterns) {
          if (!pattern.phrase) continue;
          const length = phraseLengthAt(sequence, i, pattern.phrase.stems, pattern.phrase.lastIsPrefix);
          if (length) ranges.push([sequence[i]!.start, sequence[i + length - 1]!.end]);
        }
      }
    }
    return mergeRanges(ranges);
  }

  private forField(field: SearchField): { patterns: MatchPattern[]; keys: Set<string>; phrases: boolean } {
    let entry = this.byField.get(field);
    if (!entry) {
      const patterns = this.patterns.filter((p) => !p.fields || p.fields.includes(field));
      const keys = new Set<string>();
      for (const p of patterns) {
        for (const stem of p.stems ?? []) keys.add(stem.slice(0, 2));
        if (p.prefix) {
          keys.add(p.prefix.prefix.slice(0, 2));
          for (const stem of p.prefix.stems) keys.add(stem.slice(0, 2));
        }
        for (const stem of p.phrase?.stems ?? []) keys.add(stem.slice(0, 2));
      }
      entry = { patterns, keys, phrases: patterns.some((p) => p.phrase) };
      this.byField.set(field, entry);
    }
    return entry;
  }
}

const ASCII_START = /^[0-9A-Za-z]{2}|^[0-9A-Za-z]$/;

function matchCamelCaseParts(raw: string, offset: number, patterns: MatchPattern[], ranges: Highlight[]): void {
  const parts = camelCaseParts(raw);
  if (parts.length < 2) return;
  for (const [a, b] of parts) {
    const word = normalizeWord(raw.slice(a, b));
    if (!word) continue;
    const token: TextToken = { start: offset + a, end: offset + b, word, stem: stemWord(word) };
    for (const pattern of patterns) {
      if (!pattern.phrase && (pattern.stems?.has(token.stem) || (pattern.prefix && prefixMatches(token, pattern.prefix)))) {
        ranges.push([token.start, token.end]);
      }
    }
  }
}

function prefixMatches(token: TextToken, prefix: { prefix: string; stems: Set<string> }): boolean {
  return token.word.startsWith(prefix.prefix) || token.stem.startsWith(prefix.prefix) || prefix.stems.has(token.stem);
}

function phraseLengthAt(tokens: Array<TextToken | null>, at: number, stems: string[], lastIsPrefix: boolean): number {
  if (at + stems.length > tokens.length) return 0;
  for (let k = 0; k < stems.length; k++) {
    const token = tokens[at + k];
    if (!token) return 0;
    const last = k === stems.length - 1;
    const ok = last && lastIsPrefix ? token.word.startsWith(stems[k]) || token.stem.startsWith(stems[k]) : token.stem === stems[k];
    if (!ok) return 0;
  }
  return stems.length;
}

function mergeRanges(ranges: Highlight[]): Highlight[] {
  if (ranges.length < 2) return ranges;
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Highlight[] = [ranges[0]];
  for (let i = 1; i < ranges.length; i++) {
    const last = merged[merged.length - 1];
    if (ranges[i][0] <= last[1]) last[1] = Math.max(last[1], ranges[i][1]);
    else merged.push(ranges[i]);
  }
  return merged;
}

