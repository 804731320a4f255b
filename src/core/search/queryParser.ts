import { LUNR_PRESENCE, isLunrParseError, parseLunrQuery, withLunrTermSeparator, type LunrClause } from './lunrLanguage';
import { isStopWord, wordsOf } from './textAnalyzer';

/**
 * Lore's query language: lunr's syntax plus "exact phrases".
 *
 *   cache invalidation     both words (stemmed: "caching" finds "cache"); any of them when no article has all
 *   auth*                  words starting with "auth"
 *   authentcation          a word no article has is corrected to a near one ("authentication")
 *   cache~1                also words one edit away, asked for explicitly
 *   tag:security title:cache body:retry     one field only (tag: and tags: are the same)
 *   code:addUser           only in the snippets' code and file paths
 *   +redis -cluster        must contain redis, must not contain cluster
 *   "connection pool"      these words in this order (quotes also turn off typo correction)
 *
 * Parsing never throws: what cannot be understood is searched as plain words, with a warning
 * that says what was changed; a query with nothing to search for gets an `error` to show.
 */
export type SearchField = 'title' | 'tags' | 'body' | 'code';
export type Presence = 'optional' | 'required' | 'excluded';

export interface QueryClause {
  /** word: one word; prefix: words starting with `words[last]`; phrase: `words` in this order. */
  kind: 'word' | 'prefix' | 'phrase';
  /** Normalized words (lower case, no diacritics, not stemmed). */
  words: string[];
  /** Fields the clause is limited to; null: all of them (title, tags, body and snippets' code). */
  fields: SearchField[] | null;
  presence: Presence;
  /** The user quoted it: no typo correction, stop words kept. */
  exact: boolean;
  /** Edit distance asked for with `word~N` (at most 2). */
  editDistance?: number;
  /** The clause as typed, for messages. */
  source: string;
}

export interface ParsedQuery {
  clauses: QueryClause[];
  /** What Lore changed or ignored in the query, in plain words. */
  warnings: string[];
  /** Set when there is nothing to search for: what to type instead. */
  error?: string;
}

const FIELD_ALIASES: Record<string, SearchField> = {
  title: 'title',
  tag: 'tags',
  tags: 'tags',
  body: 'body',
  text: 'body',
  code: 'code',
};
const LUNR_FIELDS = Object.keys(FIELD_ALIASES);
const MAX_EDIT_DISTANCE = 2;
const MIN_PREFIX = 2;
const MAX_CLAUSES = 32;
const OPEN_QUOTES = '"“”„';
/** Between query words: white space, and brackets and punctuation that mean nothing in lunr's syntax. */
const SEPARATOR = /[\s()[\]{},;]/;

interface Chunk {
  text: string;
  /** A quoted phrase with what stood before the quote (`+title:`). */
  phrase?: { prefix: string; inner: string };
}

export function parseQuery(text: string): ParsedQuery {
  const warnings: string[] = [];
  const clauses: QueryClause[] = [];
  for (const chunk of splitChunks(text, warnings)) {
    if (chunk.phrase) clauses.push(...phraseClauses(chunk, warnings));
    else clauses.push(...chunkClauses(chunk.text, warnings));
  }
  if (clauses.length > MAX_CLAUSES) {
    warnings.push(`Only the first ${MAX_CLAUSES} words of the query were searched.`);
    clauses.length = MAX_CLAUSES;
  }
  const kept = dropStopWords(clauses);
  const result: ParsedQuery = { clauses: kept, warnings: unique(warnings) };
  if (!kept.some((c) => c.presence !== 'excluded')) {
    if (kept.length) {
      result.error = `Add a word to look for: ${kept.map((c) => c.source).join(' ')} only leaves articles out.`;
    } else if (result.warnings.length && wordsOf(text).length) {
      result.error = result.warnings.join(' ');
      result.warnings = [];
    } else if (text.trim()) {
      result.warnings = [];
      result.error = `Type a word to search for: “${text.trim().slice(0, 40)}” has no letters or digits to look for.`;
    }
  }
  return result;
}

/** Splits the query at white space (and brackets, commas, semicolons), keeping quoted phrases (and a field or +/- before them) whole. */
function splitChunks(text: string, warnings: string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && SEPARATOR.test(text[i])) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && !SEPARATOR.test(text[j]) && !OPEN_QUOTES.includes(text[j])) j++;
    if (j < n && OPEN_QUOTES.includes(text[j])) {
      const close = findClosingQuote(text, j + 1);
      if (close < 0) {
        warnings.push('The query has an opening quote without a closing one; its words were searched separately.');
        if (j > i) chunks.push({ text: text.slice(i, j) });
        i = j + 1;
        continue;
      }
      chunks.push({ text: text.slice(i, close + 1), phrase: { prefix: text.slice(i, j), inner: text.slice(j + 1, close) } });
      i = close + 1;
      continue;
    }
    let chunk = text.slice(i, j);
    i = j;
    // `tag: security` (a space after the colon) means `tag:security`.
    if (/^[+-]?[\p{L}]+:$/u.test(chunk) && FIELD_ALIASES[fieldName(chunk)]) {
      let k = i;
      while (k < n && SEPARATOR.test(text[k])) k++;
      let m = k;
      while (m < n && !SEPARATOR.test(text[m]) && !OPEN_QUOTES.includes(text[m])) m++;
      if (m > k) {
        chunk += text.slice(k, m);
        i = m;
      } else if (k < n && OPEN_QUOTES.includes(text[k])) {
        const close = findClosingQuote(text, k + 1);
        if (close >= 0) {
          chunks.push({ text: chunk + text.slice(k, close + 1), phrase: { prefix: chunk, inner: text.slice(k + 1, close) } });
          i = close + 1;
          continue;
        }
      }
    }
    chunks.push({ text: chunk });
  }
  return chunks;
}

function findClosingQuote(text: string, from: number): number {
  for (let k = from; k < text.length; k++) if (OPEN_QUOTES.includes(text[k])) return k;
  return -1;
}

function fieldName(chunk: string): string {
  return chunk.replace(/^[+-]/, '').replace(/:.*$/s, '').toLowerCase();
}

function phraseClauses(chunk: Chunk, warnings: string[]): QueryClause[] {
  const { prefix, inner } = chunk.phrase!;
  const presence: Presence = prefix.startsWith('+') ? 'required' : prefix.startsWith('-') ? 'excluded' : 'optional';
  let fields: SearchField[] | null = null;
  const fieldMatch = /^[+-]?([\p{L}]+):$/u.exec(prefix);
  const extra: QueryClause[] = [];
  if (fieldMatch) {
    const field = FIELD_ALIASES[fieldMatch[1].toLowerCase()];
    if (field) fields = [field];
    else warnings.push(unknownFieldWarning(fieldMatch[1]));
  } else if (prefix && !/^[+-]$/.test(prefix)) {
    // Text glued to the quote (`foo"bar baz"`): search it as words of its own.
    extra.push(...chunkClauses(prefix, warnings));
  }
  const words = wordsOf(inner);
  if (!words.length) {
    if (inner.trim()) warnings.push(`“${inner.trim()}” has no letters or digits to look for.`);
    return extra;
  }
  const trailingStar = /\*\s*$/.test(inner);
  const kind = trailingStar ? 'prefix' : words.length > 1 ? 'phrase' : 'word';
  return [...extra, { kind, words, fields, presence, exact: true, source: chunk.text }];
}

function chunkClauses(chunk: string, warnings: string[]): QueryClause[] {
  const field = /^[+-]?([\p{L}]+):(.*)$/su.exec(chunk);
  if (field && FIELD_ALIASES[field[1].toLowerCase()] && !wordsOf(field[2]).length) {
    warnings.push(`“${field[1]}:” needs a word after it, like ${field[1].toLowerCase()}:security.`);
    return [];
  }
  let parsed: LunrClause[];
  try {
    parsed = withLunrTermSeparator(/\s+/, () => parseLunrQuery(chunk, LUNR_FIELDS));
  } catch (error) {
    if (!isLunrParseError(error)) throw error;
    if (field && !FIELD_ALIASES[field[1].toLowerCase()] && /\p{L}/u.test(field[2]) && !field[2].startsWith(':') && !field[2].startsWith('/')) {
      warnings.push(unknownFieldWarning(field[1]));
    }
    return plainWords(chunk);
  }
  const clauses: QueryClause[] = [];
  for (const lunrClause of parsed) {
    const clause = fromLunrClause(lunrClause, chunk, warnings);
    if (clause) clauses.push(clause);
  }
  return clauses;
}

function fromLunrClause(c: LunrClause, source: string, warnings: string[]): QueryClause | undefined {
  let term = c.term;
  const trailing = term.endsWith('*');
  if (term.replace(/\*+$/, '').includes('*')) {
    warnings.push(`Lore matches the start of words (auth*), not their end or middle: “${source}” was searched as ${trailing ? 'a prefix' : 'words'}.`);
  }
  term = term.replace(/\*/g, ' ');
  const words = wordsOf(term);
  if (!words.length) {
    if (trailing) warnings.push(`“${source}” needs a few letters before the *, like auth*.`);
    return undefined;
  }
  let kind: QueryClause['kind'] = words.length > 1 ? 'phrase' : 'word';
  if (trailing) {
    if (words[words.length - 1].length < MIN_PREFIX && words.length === 1) {
      warnings.push(`A prefix needs at least ${MIN_PREFIX} letters before the * (like au*): “${source}” was searched as a word.`);
    } else {
      kind = 'prefix';
    }
  }
  const fields = c.fields.length === LUNR_FIELDS.length ? null : unique(c.fields.map((f) => FIELD_ALIASES[f]));
  const presence: Presence =
    c.presence === LUNR_PRESENCE.REQUIRED ? 'required' : c.presence === LUNR_PRESENCE.PROHIBITED ? 'excluded' : 'optional';
  const clause: QueryClause = { kind, words, fields, presence, exact: false, source };
  if (c.editDistance !== undefined && kind === 'word') clause.editDistance = Math.max(0, Math.min(MAX_EDIT_DISTANCE, c.editDistance));
  return clause;
}

/** A chunk lunr could not parse (`std::vector`, `--force`, `foo~x`): its words, as one phrase when several. */
function plainWords(chunk: string): QueryClause[] {
  const words = wordsOf(chunk);
  if (!words.length) return [];
  const presence: Presence = /^\+[\p{L}\p{N}]/u.test(chunk) ? 'required' : /^-[\p{L}\p{N}]/u.test(chunk) ? 'excluded' : 'optional';
  return [{ kind: words.length > 1 ? 'phrase' : 'word', words, fields: null, presence, exact: false, source: chunk }];
}

/** lunr drops stop words from queries; so does Lore, unless they are all the query has or were asked for. */
function dropStopWords(clauses: QueryClause[]): QueryClause[] {
  const isDroppable = (c: QueryClause): boolean =>
    c.kind === 'word' && !c.exact && c.presence === 'optional' && c.editDistance === undefined && isStopWord(c.words[0]);
  const kept = clauses.filter((c) => !isDroppable(c));
  return kept.some((c) => c.presence !== 'excluded') ? kept : clauses;
}

function unknownFieldWarning(name: string): string {
  return `“${name}:” is not a search field (use title:, tag:, body: or code:); its words were searched everywhere.`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
