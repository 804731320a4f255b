import { isLunrStopWord, lunrStem } from './lunrLanguage';

/**
 * How Lore turns text into searchable words, the same way for articles and for queries:
 * Unicode-aware words (letters, digits and combining marks; `node.js`, `max_connections` and
 * `x-forwarded-for` become several words), lower-cased with Latin diacritics removed
 * ("Zürich" → "zurich"), then lunr's Porter stemmer ("caching" → "cach"). lunr's own
 * tokenizer and trimmer are ASCII-only (they would cut "café" to "caf"), so only its stemmer,
 * stop-word list, query syntax and fuzzy matching are used.
 *
 * Stop words stay in the index, so an "exact phrase" with "of the" in it is exact, and a query
 * made only of stop words ("let", "get") still finds something; a query drops them only when
 * it has other words.
 */
export interface TextToken {
  /** Offsets of the word in the original text: `text.slice(start, end)`. */
  start: number;
  end: number;
  /** Lower-case, diacritics removed, apostrophes dropped: "Don't" → "dont". */
  word: string;
  /** What the index holds: the stem of `word`. */
  stem: string;
}

/** A word: letters, digits and combining marks, with apostrophes inside (shared global regex: reset lastIndex before use). */
export const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;
const ASCII_WORD = /^[0-9A-Za-z']*$/;
const STEMMABLE = /^[a-z]+$/;
/** Longest word kept in the vocabulary used for prefix and typo matching (longer ones are ids, hashes, data). */
export const MAX_VOCABULARY_WORD = 32;

export function normalizeWord(raw: string): string {
  const folded = ASCII_WORD.test(raw)
    ? raw.toLowerCase()
    : raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').normalize('NFC').toLowerCase();
  return folded.includes("'") || folded.includes('’') ? folded.replace(/['’]/g, '') : folded;
}

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

/** The index form of a normalized word: lunr's Porter stem for plain English-letter words, else the word itself. */
export function stemWord(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = word.length > 2 && STEMMABLE.test(word) ? lunrStem(word) : word;
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}

export function isStopWord(word: string): boolean {
  return word.length <= 7 && isLunrStopWord(word);
}

/** Every word of `text`, in order, with its offsets. */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const word = normalizeWord(m[0]);
    if (!word) continue;
    tokens.push({ start: m.index, end: m.index + m[0].length, word, stem: stemWord(word) });
  }
  return tokens;
}

/** Only the words of `text` (normalized, not stemmed), in order: for queries. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  const re = new RegExp(WORD.source, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const word = normalizeWord(m[0]);
    if (word) words.push(word);
  }
  return words;
}

/** True when a word belongs in the vocabulary used for prefix and typo expansion. */
export function isVocabularyWord(word: string): boolean {
  // Letters only, and only from the Basic Multilingual Plane (typo matching works on UTF-16 units).
  return word.length >= 3 && word.length <= MAX_VOCABULARY_WORD && /^[\p{L}\p{M}]+$/u.test(word) && !/[\ud800-\udfff]/.test(word);
}

/**
 * The index form of a field: its stems in order, separated by spaces (FTS5's `ascii`
 * tokenizer then splits exactly there, so word positions, and with them phrases, are kept).
 * Vocabulary words met on the way are added to `vocabulary` when given.
 */
export function indexText(text: string, vocabulary?: Map<string, string>): string {
  let out = '';
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const word = normalizeWord(m[0]);
    if (!word) continue;
    const stem = stemWord(word);
    out += out ? ` ${stem}` : stem;
    if (vocabulary && !vocabulary.has(word) && isVocabularyWord(word)) vocabulary.set(word, stem);
  }
  return out;
}

/** Adds to `into` the vocabulary words of `text` (those indexText collects), without stemming. */
export function vocabularyWordsOf(text: string, into: Set<string>): Set<string> {
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const word = normalizeWord(m[0]);
    if (word && !into.has(word) && isVocabularyWord(word)) into.add(word);
  }
  return into;
}

/** An identifier in code: letters, digits, marks and underscores (`addUser`, `MAX_RETRIES`, `utf8Decode`). */
const CODE_WORD = /[\p{L}\p{N}\p{M}_]+/gu;
/**
 * Where the parts of an identifier meet: before a capital that follows a small letter or a
 * digit (add|User, utf8|Decode), and before the capital that starts a word after a run of
 * capitals (XML|Http).
 */
const CAMEL_BOUNDARY = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

/** Where the camelCase parts of a word (no underscores in it) are: `addUser` → [0, 3], [3, 7]. */
export function camelCaseParts(word: string): Array<[start: number, end: number]> {
  const parts: Array<[number, number]> = [];
  let start = 0;
  for (const part of word.split(CAMEL_BOUNDARY)) {
    parts.push([start, start + part.length]);
    start += part.length;
  }
  return parts;
}

/** The parts of an identifier: `addUser` → add, User; `MAX_RETRIES` → MAX, RETRIES; `XMLHttpRequest` → XML, Http, Request. */
export function identifierParts(identifier: string): string[] {
  const parts: string[] = [];
  for (const piece of identifier.split('_')) {
    if (piece) for (const [start, end] of camelCaseParts(piece)) parts.push(piece.slice(start, end));
  }
  return parts;
}

/**
 * The words of code, as the index holds them: each identifier's parts, then, when it has
 * several, the whole identifier run together. `addUser(name)` gives add, user, adduser, name,
 * so a search for `addUser`, `adduser`, `add` or `user` finds it, and so does the phrase
 * `"add user"` (or `add_user`, which a query reads as that phrase).
 */
function forEachCodeWord(text: string, visit: (word: string) => void): void {
  CODE_WORD.lastIndex = 0;
  for (let m = CODE_WORD.exec(text); m; m = CODE_WORD.exec(text)) {
    const parts = identifierParts(m[0]);
    let whole = '';
    for (const part of parts) {
      const word = normalizeWord(part);
      if (!word) continue;
      visit(word);
      whole += word;
    }
    if (parts.length > 1 && whole) visit(whole);
  }
}

/** The index form of code (snippets and their file paths): see forEachCodeWord. Vocabulary words are added to `vocabulary` when given. */
export function indexCode(text: string, vocabulary?: Map<string, string>): string {
  let out = '';
  forEachCodeWord(text, (word) => {
    const stem = stemWord(word);
    out += out ? ` ${stem}` : stem;
    if (vocabulary && !vocabulary.has(word) && isVocabularyWord(word)) vocabulary.set(word, stem);
  });
  return out;
}

/** Adds to `into` the vocabulary words of code (those indexCode collects). */
export function codeVocabularyWordsOf(text: string, into: Set<string>): Set<string> {
  forEachCodeWord(text, (word) => {
    if (!into.has(word) && isVocabularyWord(word)) into.add(word);
  });
  return into;
}
