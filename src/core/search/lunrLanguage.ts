import lunr from 'lunr';

/**
 * The parts of lunr 2.3.9 that Lore's search uses, typed as they really are (the published
 * typings declare TokenSet's factory functions as instance methods and omit the query parser).
 */
export interface LunrToken {
  toString(): string;
}

export interface LunrTokenSet {
  final: boolean;
  edges: Record<string, LunrTokenSet>;
  intersect(other: LunrTokenSet): LunrTokenSet;
  toArray(): string[];
}

export interface LunrClause {
  term: string;
  fields: string[];
  boost: number;
  editDistance?: number;
  usePipeline: boolean;
  wildcard: number;
  presence: number;
}

interface LunrQuery {
  clauses: LunrClause[];
  allFields: string[];
}

interface LunrApi {
  Token: new (str: string, metadata?: object) => LunrToken;
  stemmer(token: LunrToken): LunrToken;
  stopWordFilter(token: LunrToken): LunrToken | undefined;
  TokenSet: {
    fromArray(sortedWords: string[]): LunrTokenSet;
    fromFuzzyString(word: string, editDistance: number): LunrTokenSet;
    fromString(word: string): LunrTokenSet;
  };
  Query: (new (allFields: string[]) => LunrQuery) & { presence: { OPTIONAL: number; REQUIRED: number; PROHIBITED: number } };
  QueryParser: new (text: string, query: LunrQuery) => { parse(): LunrQuery };
  QueryParseError: new (...args: never[]) => Error;
}

export const lunrApi = lunr as unknown as LunrApi;

/** lunr's Porter stemmer on one lowercase word. */
export function lunrStem(word: string): string {
  return lunrApi.stemmer(new lunrApi.Token(word)).toString();
}

/** True for the words lunr's English stop-word filter drops ("the", "and", "to" …). */
export function isLunrStopWord(word: string): boolean {
  return lunrApi.stopWordFilter(new lunrApi.Token(word)) === undefined;
}

/** Parses lunr query syntax (`+word -word field:word word* word~1 word^2`) into lunr's clauses. */
export function parseLunrQuery(text: string, fields: string[]): LunrClause[] {
  return new lunrApi.QueryParser(text, new lunrApi.Query(fields)).parse().clauses;
}

export const LUNR_PRESENCE = lunrApi.Query.presence;

export function isLunrParseError(error: unknown): error is Error & { start: number; end: number } {
  return error instanceof lunrApi.QueryParseError;
}

interface LunrLexerStatics {
  QueryLexer: { termSeparator: RegExp };
}

/**
 * Runs `work` with lunr's query lexer splitting terms at `separator`. lunr splits at hyphens
 * too, which would turn `x-forwarded-for` or `tag:code-review` into unrelated words; Lore
 * wants them whole (they become phrases). Restored before returning.
 */
export function withLunrTermSeparator<T>(separator: RegExp, work: () => T): T {
  const lexer = (lunr as unknown as LunrLexerStatics).QueryLexer;
  const saved = lexer.termSeparator;
  lexer.termSeparator = separator;
  try {
    return work();
  } finally {
    lexer.termSeparator = saved;
  }
}
