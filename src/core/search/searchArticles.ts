import type { ArticleStatus } from '../model';
import type { Database } from '../store/database';
import { parseTagsColumn } from '../store/rows';
import { QueryMatcher, makeExcerpt, type Excerpt, type Highlight, type MatchPattern } from './excerpts';
import { parseQuery, type ParsedQuery, type QueryClause, type SearchField } from './queryParser';
import { SearchVocabulary } from './searchVocabulary';
import { isVocabularyWord, stemWord } from './textAnalyzer';
import { describeError } from '../errors';
import { queryWords, rerank, RERANK_POOL } from './ranking';

export type { Highlight } from './excerpts';

export interface SearchOptions {
  /** Most results to return (default 20, at most 200). */
  limit?: number;
  /** Only articles with this status (or one of these). */
  status?: ArticleStatus | ArticleStatus[];
  /** Length of each excerpt in characters (default 180). */
  excerptLength?: number;
  /**
   * The query is being typed (a quick pick): its last word, unless followed by a space, also
   * matches longer words ("authen" finds "authentication") instead of being taken for a typo.
   */
  asYouType?: boolean;
  /**
   * text: by text relevance alone; blend (the default): text blended with helpfulness,
   * freshness and use (ranking.ts).
   */
  ranking?: 'text' | 'blend';
  /** The time freshness is counted at (ms; default now). */
  now?: number;
}

export interface SearchResult {
  articleId: string;
  title: string;
  tags: string[];
  status: ArticleStatus;
  /** Higher is better; only comparable within one search. */
  score: number;
  /**
   * A passage of the body around the matches (the beginning of the body when only the title or
   * tags matched); when only a snippet matched, a passage of its code (or its file path).
   */
  excerpt: string;
  /** Matched words in `excerpt`. */
  highlights: Highlight[];
  /** Matched words in `title`. */
  titleHighlights: Highlight[];
}

export interface SearchResponse {
  results: SearchResult[];
  /** How many articles match in all (results holds the best `limit` of them). */
  total: number;
  /** Something the user should know: a corrected typo, a part of the query that was ignored, why nothing was searched. */
  warning?: string;
  query: ParsedQuery;
}

/**
 * bm25 column weights: a word in the title counts 10 times, in a tag 5 times, as much as in the
 * body; in a snippet's code or file path half as much (code repeats its identifiers, and a
 * word the article's own text uses says more about what the article is about).
 */
const WEIGHTS = { title: 10, tags: 5, body: 1, code: 0.5 };
const BM25 = `bm25(article_fts, ${WEIGHTS.title}, ${WEIGHTS.tags}, ${WEIGHTS.body}, ${WEIGHTS.code})`;
/** With fewer articles than this having every word, articles with any of them are added after. */
const MIN_ALL_WORDS_HITS = 5;
/** A word in at most this many articles may be a typo (a misspelling a few people share)... */
const TYPO_MAX_ARTICLES = 10;
/** ...when a word one or two edits away is in this many times more articles. */
const TYPO_RATIO = 20;
const MAX_CORRECTIONS = 4;

/**
 * Searches the knowledge base. Never throws for anything a user can type: a query that cannot
 * be searched returns no results and a `warning` that says why.
 */
export function searchArticles(db: Database, query: string | ParsedQuery, options: SearchOptions = {}): SearchResponse {
  const parsed = typeof query === 'string' ? parseQuery(query) : query;
  const warnings = [...parsed.warnings];
  if (parsed.error || !parsed.clauses.length) {
    return { results: [], total: 0, query: parsed, warning: parsed.error };
  }
  const limit = Math.max(1, Math.min(200, Math.floor(options.limit ?? 20)));
  const statuses = options.status === undefined ? [] : Array.isArray(options.status) ? options.status : [options.status];
  const typing = options.asYouType && typeof query === 'string' && !/[\s"“”„]$/.test(query) ? lastTypedWord(parsed) : undefined;
  const plan = planQuery(db, parsed, warnings, typing);

  let ranked: RankedRow[];
  let total: number;
  // Blending reorders the best RERANK_POOL by text; the first `limit` of the blend are shown.
  const blend = options.ranking !== 'text';
  const pool = blend ? Math.max(limit, RERANK_POOL) : limit;
  const words = blend ? queryWords(parsed) : [];
  const now = options.now ?? Date.now();
  const ranks = (expression: string) => {
    const rows = rank(db, expression, statuses, pool);
    return (blend ? rerank(db, rows, words, now) : rows).slice(0, limit);
  };
  try {
    ranked = ranks(plan.allWords);
    total = ranked.length < limit ? ranked.length : count(db, plan.allWords, statuses);
    if (total < MIN_ALL_WORDS_HITS && plan.anyWord) {
      const seen = new Set(ranked.map((r) => r.rowid));
      const more = ranks(plan.anyWord).filter((r) => !seen.has(r.rowid));
      if (more.length) {
        if (total === 0) warnings.push('No article has all of the words; showing articles with any of them.');
        ranked = [...ranked, ...more].slice(0, limit);
        total = count(db, plan.anyWord, statuses);
      }
    }
  } catch (error) {
    if (!isQueryError(error)) throw error;
    warnings.push(`Lore could not run this search (${(error as Error).message}); try fewer special characters.`);
    return { results: [], total: 0, query: parsed, warning: warnings.join(' ') };
  }

  const results = describe(db, ranked, plan.matcher, options.excerptLength ?? 180);
  return { results, total, query: parsed, warning: warnings.length ? [...new Set(warnings)].join(' ') : undefined };
}

/** Loads the typo-correction vocabulary now instead of on the first misspelt query (call when idle). */
export function warmUpSearch(db: Database): void {
  SearchVocabulary.of(db).loadAll();
}

interface QueryPlan {
  /** FTS5 expression: every clause (AND). */
  allWords: string;
  /** FTS5 expression: required clauses and any optional one (OR); undefined when it would be the same. */
  anyWord?: string;
  matcher: QueryMatcher;
}

interface PlannedClause {
  clause: QueryClause;
  expression: string;
  pattern: MatchPattern;
}

/** The clause of the word being typed: the last one, when it is a plain word. */
function lastTypedWord(parsed: ParsedQuery): QueryClause | undefined {
  const last = parsed.clauses[parsed.clauses.length - 1];
  return last && last.kind === 'word' && !last.exact && last.editDistance === undefined && last.presence !== 'excluded' ? last : undefined;
}

function planQuery(db: Database, parsed: ParsedQuery, warnings: string[], typing?: QueryClause): QueryPlan {
  const vocabulary = SearchVocabulary.of(db);
  const planned = parsed.clauses.map((clause) =>
    clause === typing && vocabulary.hasWordStartingWith(clause.words[0]) ? planTypedWord(vocabulary, clause) : planClause(vocabulary, clause, warnings),
  );
  const required = planned.filter((p) => p.clause.presence === 'required');
  const optional = planned.filter((p) => p.clause.presence === 'optional');
  const excluded = planned.filter((p) => p.clause.presence === 'excluded');
  const not = excluded.length ? ` NOT (${excluded.map((p) => p.expression).join(' OR ')})` : '';
  const allWords = `(${[...required, ...optional].map((p) => p.expression).join(' AND ')})${not}`;
  let anyWord: string | undefined;
  if (optional.length >= 2) {
    const any = `(${optional.map((p) => p.expression).join(' OR ')})`;
    anyWord = `(${[...required.map((p) => p.expression), any].join(' AND ')})${not}`;
  }
  return { allWords, anyWord, matcher: new QueryMatcher([...required, ...optional].map((p) => p.pattern)) };
}

function planClause(vocabulary: SearchVocabulary, clause: QueryClause, warnings: string[]): PlannedClause {
  const stems = clause.words.map(stemWord);
  let expression: string;
  let pattern: MatchPattern;
  if (clause.kind === 'phrase') {
    expression = quote(stems.join(' '));
    pattern = { fields: clause.fields, phrase: { stems, lastIsPrefix: false } };
  } else if (clause.kind === 'prefix' && clause.words.length > 1) {
    const words = clause.words;
    const lastPrefix = words[words.length - 1];
    expression = `${quote([...stems.slice(0, -1), lastPrefix].join(' '))}*`;
    pattern = { fields: clause.fields, phrase: { stems: [...stems.slice(0, -1), lastPrefix], lastIsPrefix: true } };
  } else if (clause.kind === 'prefix') {
    const prefix = clause.words[0];
    const others = vocabulary.prefixStemsNotStartingWith(prefix);
    expression = others.length ? `(${[`${quote(prefix)}*`, ...others.map(quote)].join(' OR ')})` : `${quote(prefix)}*`;
    pattern = { fields: clause.fields, prefix: { prefix, stems: new Set(others) } };
  } else {
    const chosen = clause.presence === 'excluded' || clause.exact ? [stems[0]] : wordStems(vocabulary, clause, stems[0], warnings);
    expression = chosen.length === 1 ? quote(chosen[0]) : `(${chosen.map(quote).join(' OR ')})`;
    pattern = { fields: clause.fields, stems: new Set(chosen) };
  }
  if (clause.fields) expression = `{${clause.fields.join(' ')}} : (${expression})`;
  return { clause, expression, pattern };
}

/** A word still being typed: the word itself or any word it begins. */
function planTypedWord(vocabulary: SearchVocabulary, clause: QueryClause): PlannedClause {
  const word = clause.words[0];
  const stem = stemWord(word);
  const others = vocabulary.prefixStemsNotStartingWith(word);
  const alternatives = [quote(stem), `${quote(word)}*`, ...others.filter((o) => o !== stem).map(quote)];
  let expression = `(${alternatives.join(' OR ')})`;
  if (clause.fields) expression = `{${clause.fields.join(' ')}} : (${expression})`;
  return { clause, expression, pattern: { fields: clause.fields, prefix: { prefix: word, stems: new Set([stem, ...others]) } } };
}

/**
 * The stems a single word searches for: its own, or, when it looks like a typo (in no article,
 * or in very few while a near word is in many more), the near words' (most common first).
 * `word~N` adds the near words to its own.
 */
function wordStems(vocabulary: SearchVocabulary, clause: QueryClause, stem: string, warnings: string[]): string[] {
  const word = clause.words[0];
  const asked = clause.editDistance;
  if (asked === 0 || word.length < 4 || !isVocabularyWord(word)) return [stem];
  // Exact up to TYPO_MAX_ARTICLES, all that is needed: a word in more articles is no typo, and
  // `word~N` does not use the count.
  const own = vocabulary.documentFrequencyUpTo(stem, TYPO_MAX_ARTICLES);
  if (asked === undefined && own > TYPO_MAX_ARTICLES) return [stem];

  const candidates = (distance: number): Array<{ stem: string; articles: number; words: string[] }> => {
    const near = vocabulary.nearWords(word, distance);
    const stemsByWord = vocabulary.stemsOf(near);
    const byStem = new Map<string, string[]>();
    for (const [w, s] of stemsByWord) if (s !== stem) byStem.set(s, [...(byStem.get(s) ?? []), w]);
    const frequencies = vocabulary.documentFrequencies(byStem.keys());
    return [...byStem]
      .map(([s, words]) => ({ stem: s, articles: frequencies.get(s) ?? 0, words }))
      .filter((c) => c.articles > 0)
      .sort((a, b) => b.articles - a.articles || a.stem.localeCompare(b.stem));
  };

  if (asked !== undefined) {
    const near = candidates(asked).slice(0, 8);
    return [stem, ...near.map((c) => c.stem)];
  }
  let near = candidates(1);
  if (!near.length && word.length >= 6) near = candidates(2);
  if (!near.length) return [stem];
  const best = near[0].articles;
  if (own > 0 && best < TYPO_RATIO * own) return [stem];
  // Keep corrections that are reasonably common next to the best one.
  const chosen = near.filter((c) => c.articles * 10 >= best).slice(0, MAX_CORRECTIONS);
  const shown = chosen.map((c) => `“${c.words.sort((a, b) => a.length - b.length)[0]}”`).join(', ');
  warnings.push(
    own === 0
      ? `No article contains “${word}”; showing results for ${shown}.`
      : `“${word}” is in only ${own} article${own === 1 ? '' : 's'}; showing results for ${shown} instead. Put “${word}” in quotes to search for it exactly.`,
  );
  return chosen.map((c) => c.stem);
}

/** An FTS5 string: whatever is inside can only be words, never operators. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

interface RankedRow {
  rowid: number;
  rank: number;
}

function statusFilter(statuses: ArticleStatus[]): string {
  return statuses.length ? `AND +a.status IN (${statuses.map(() => '?').join(', ')})` : '';
}

function rank(db: Database, expression: string, statuses: ArticleStatus[], limit: number): RankedRow[] {
  if (!statuses.length) {
    return db.all<RankedRow>(
      `SELECT rowid, ${BM25} AS rank
       FROM article_fts WHERE article_fts MATCH ? ORDER BY rank LIMIT ?`,
      expression, limit,
    );
  }
  return db.all<RankedRow>(
    `SELECT article_fts.rowid AS rowid, ${BM25} AS rank
     FROM article_fts JOIN articles a ON a.rowid = article_fts.rowid
     WHERE article_fts MATCH ? AND +a.deleted = 0 ${statusFilter(statuses)} ORDER BY rank LIMIT ?`,
    expression, ...statuses, limit,
  );
}

function count(db: Database, expression: string, statuses: ArticleStatus[]): number {
  if (!statuses.length) {
    return db.get<{ n: number }>('SELECT count(*) AS n FROM article_fts WHERE article_fts MATCH ?', expression)?.n ?? 0;
  }
  return db.get<{ n: number }>(
    `SELECT count(*) AS n FROM article_fts JOIN articles a ON a.rowid = article_fts.rowid
     WHERE article_fts MATCH ? AND +a.deleted = 0 ${statusFilter(statuses)}`,
    expression, ...statuses,
  )?.n ?? 0;
}

interface ArticleTextRow {
  rowid: number;
  id: string;
  title: string;
  tags: string;
  status: ArticleStatus;
  body: string;
}

function describe(db: Database, ranked: RankedRow[], matcher: QueryMatcher, excerptLength: number): SearchResult[] {
  if (!ranked.length) return [];
  const rows = db.all<ArticleTextRow>(
    // `+deleted`: filter after the rowid lookup (otherwise SQLite may scan the deleted/updated_at index).
    `SELECT rowid, id, title, tags, status, body FROM articles WHERE rowid IN (${ranked.map(() => '?').join(', ')}) AND +deleted = 0`,
    ...ranked.map((r) => r.rowid),
  );
  const byRowid = new Map(rows.map((r) => [r.rowid, r]));
  const results: SearchResult[] = [];
  for (const { rowid, rank: bm25 } of ranked) {
    const row = byRowid.get(rowid);
    if (!row) continue;
    const bodyRanges = matcher.ranges(row.body, 'body');
    const titleHighlights = matcher.ranges(row.title, 'title');
    // Found by its snippets alone: show the code that matched rather than an unrelated passage.
    const excerpt = (!bodyRanges.length && !titleHighlights.length && codeExcerpt(db, row.id, matcher, excerptLength))
      || makeExcerpt(row.body, bodyRanges, excerptLength);
    results.push({
      articleId: row.id,
      title: row.title,
      tags: parseTagsColumn(row.tags),
      status: row.status,
      score: -bm25,
      excerpt: excerpt.text,
      highlights: excerpt.highlights,
      titleHighlights,
    });
  }
  return results;
}

/** A passage of the first of an article's snippets whose code (or file path) matches, or undefined. */
function codeExcerpt(db: Database, articleId: string, matcher: QueryMatcher, excerptLength: number): Excerpt | undefined {
  const snippets = db.all<{ code: string; path: string }>(
    'SELECT code, path FROM snippets WHERE article_id = ? AND deleted = 0 ORDER BY position, id', articleId,
  );
  for (const { code, path } of snippets) {
    const ranges = matcher.ranges(code, 'code');
    if (ranges.length) return makeExcerpt(code, ranges, excerptLength, true);
    const pathRanges = matcher.ranges(path, 'code');
    if (pathRanges.length) return makeExcerpt(path, pathRanges, excerptLength, true);
  }
  return undefined;
}

/** An error SQLite raised about the FTS5 query text itself (not about the database). */
function isQueryError(error: unknown): boolean {
  const message = describeError(error);
  return /fts5|syntax error|malformed MATCH|unterminated|no such column|unknown special query/i.test(message);
}

export type { ParsedQuery, QueryClause, SearchField };
