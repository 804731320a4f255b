import type { SearchField } from './queryParser';
import { WORD, camelCaseParts, normalizeWord, stemWord, type TextToken } from './textAnalyzer';

/** `[start, end)` offsets (UTF-16 code units, like JavaScript string indices) of a highlighted span. */
export type Highlight = [start: number, end: number];

/** What a query matches, in the terms the index uses: stems, prefixes of words, phrases of stems. */
export interface MatchPattern {
  fields: SearchField[] | null;
  stems?: Set<string>;
  prefix?: { prefix: string; stems: Set<string> };
  phrase?: { stems: string[]; lastIsPrefix: boolean };
}

/**
 * Finds where a query's words are in a text, the way the index matched them: a word matches
 * when its stem is one the query looked for ("caching" for `cache`), a prefix when the word or
 * its stem starts with it, a phrase when its stems follow each other.
 */
export class QueryMatcher {
  private readonly byField = new Map<SearchField, FieldPatterns>();

  constructor(private readonly patterns: MatchPattern[]) {}

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  ranges(text: string, field: SearchField): Highlight[] {
    const { patterns, keys, asciiKeys, phrases } = this.forField(field);
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
      // A word starting with two ASCII letters or digits (or one of them alone), as most are, is
      // looked up by its character codes: no string made for words that cannot match.
      const c0 = asciiAlnumLower(raw.charCodeAt(0));
      const c1 = raw.length > 1 ? asciiAlnumLower(raw.charCodeAt(1)) : 0;
      const candidate = c0 > 0 && c1 >= 0 ? asciiKeys[c0 * 128 + c1] === 1 : keys.has(normalizeWord(raw).slice(0, 2));
      if (!candidate) {
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

  private forField(field: SearchField): FieldPatterns {
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
      // The keys that are one or two ASCII letters (lower case) or digits, by character codes.
      const asciiKeys = new Uint8Array(128 * 128);
      for (const key of keys) {
        const c0 = asciiAlnumLower(key.charCodeAt(0));
        const c1 = key.length > 1 ? asciiAlnumLower(key.charCodeAt(1)) : 0;
        if (key.length <= 2 && c0 > 0 && c1 >= 0 && key === key.toLowerCase()) asciiKeys[c0 * 128 + c1] = 1;
      }
      entry = { patterns, keys, asciiKeys, phrases: patterns.some((p) => p.phrase) };
      this.byField.set(field, entry);
    }
    return entry;
  }
}

interface FieldPatterns {
  patterns: MatchPattern[];
  /** The first two characters of the patterns' stems and prefixes. */
  keys: Set<string>;
  /** keys of ASCII letters and digits: 1 at c0 · 128 + c1 (c1 0 for a one-character key). */
  asciiKeys: Uint8Array;
  phrases: boolean;
}

/** An ASCII letter or digit as its lower-case code; -1 for any other character (NaN too). */
function asciiAlnumLower(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return code;
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  if (code >= 0x30 && code <= 0x39) return code;
  return -1;
}

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

export interface Excerpt {
  text: string;
  highlights: Highlight[];
}

const LEAD = 40;

/**
 * A short passage of `text` around the best cluster of matches (most different words, then
 * most matches), white space collapsed, "…" where it was cut, with the matches' offsets in
 * the passage. Without matches, the beginning of the text. Markdown and HTML markup is left
 * out unless `keepMarkup` (code, where `<T>` and backticks mean something).
 */
export function makeExcerpt(text: string, ranges: Highlight[], maxLength = 180, keepMarkup = false): Excerpt {
  let start = 0;
  if (ranges.length) {
    let best = 0;
    let bestScore = -1;
    // Each match's words once (a long text can have hundreds of matches, each in several windows).
    const matched = ranges.map(([from, to]) => text.slice(from, to).toLowerCase());
    const distinct = new Set<string>();
    for (let i = 0; i < ranges.length; i++) {
      const limit = ranges[i][0] + maxLength - LEAD;
      distinct.clear();
      let count = 0;
      for (let j = i; j < ranges.length && ranges[j][1] <= limit; j++) {
        distinct.add(matched[j]);
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
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  // Read a generous slice, hide Markdown/HTML markup in it, then keep about maxLength visible characters.
  const sliceEnd = Math.min(text.length, start + maxLength * 3);
  const hidden = keepMarkup ? new Uint8Array(sliceEnd - start) : markupIn(text, start, sliceEnd);
  let end = start;
  let visible = 0;
  let inSpace = false;
  while (end < sliceEnd && visible < maxLength) {
    if (!hidden[end - start]) {
      const space = isSpace(text.charCodeAt(end));
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
  const map = new Int32Array(end - start + 1);
  inSpace = true;
  // Runs of visible characters are copied whole (one slice, not one string per character).
  let run = -1;
  let length = out.length;
  for (let k = start; k < end; k++) {
    map[k - start] = length;
    const visible = !hidden[k - start] && !isSpace(text.charCodeAt(k));
    if (visible) {
      if (run < 0) run = k;
      length++;
      inSpace = false;
      continue;
    }
    if (run >= 0) {
      out += text.slice(run, k);
      run = -1;
    }
    if (hidden[k - start]) continue;
    if (!inSpace) {
      out += ' ';
      length++;
    }
    inSpace = true;
  }
  if (run >= 0) out += text.slice(run, end);
  map[end - start] = length;
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

/** What `/\s/` matches, for one UTF-16 code unit (without a regular expression per character). */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029
    || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
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
  // Each pattern only when the characters it needs are there (most passages have little markup).
  const has = (c: string) => slice.includes(c);
  if (has('<')) for (const m of slice.matchAll(/<\/?[A-Za-z][^<>\n]{0,200}>/g)) hide(m.index, m.index + m[0].length);
  if (has('](')) for (const m of slice.matchAll(/(!?\[)([^\]\n]{0,200})(\]\([^)\s]{0,500}\))/g)) {
    hide(m.index, m.index + m[1].length);
    hide(m.index + m[1].length + m[2].length, m.index + m[0].length);
  }
  if (has('`') || has('**') || has('~~')) for (const m of slice.matchAll(/`+|\*\*|~~/g)) hide(m.index, m.index + m[0].length);
  // Emphasis markers: a run of * or _ that opens (after a space or punctuation, before a
  // letter) or closes a span. snake_case words and `a * b` are left alone.
  if (has('*') || has('_')) for (const m of slice.matchAll(/(?<![\p{L}\p{N}*_])[*_]{1,3}(?=[^\s*_])|(?<=[^\s*_])[*_]{1,3}(?![\p{L}\p{N}*_])/gu)) hide(m.index, m.index + m[0].length);
  // Whole lines that are only markup: code fences with their info string, table rules, rules.
  if (has('-') || has('*') || has('_') || has('```') || has('~~~')) for (const m of slice.matchAll(/^[ \t]*(?:`{3,}|~{3,})[^\n]*$|^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+(?:[ \t]*:?-{3,}:?)?[ \t]*$|^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|[^\n]*$|^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/gm)) hide(m.index, m.index + m[0].length);
  // Line starts: headings, quotes, list markers; and the pipes of table rows.
  if (/[#>*+-]|\d[.)]/.test(slice)) for (const m of slice.matchAll(/^[ \t]*(?:#{1,6}|>|[-*+]|\d{1,9}[.)])[ \t]+/gm)) hide(m.index, m.index + m[0].length);
  if (has('|')) for (const m of slice.matchAll(/^[ \t]*\|[^\n]*$/gm)) {
    for (let k = m[0].indexOf('|'); k >= 0; k = m[0].indexOf('|', k + 1)) hide(m.index + k, m.index + k + 1);
  }
  return hidden;
}
