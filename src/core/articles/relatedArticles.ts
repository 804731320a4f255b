import type { Database } from '../store/database';
import { articleIdsByTitle, articlesLinkingTo } from '../store/linkQueries';
import {
  articlesMatchingStems, articlesSharingTags, relatedSource, showableArticles, snippetsInPaths, stemDocumentFrequencies, stemsInArticles, tagFrequencies,
  type RelatedSource,
} from '../store/relatedQueries';
import { parseTagsColumn } from '../store/rows';
import { queryFreeFactorOf } from '../search/ranking';
import { isStopWord, isVocabularyWord, tokenize } from '../search/textAnalyzer';
import { articleIdFromLink } from './articleLinks';
import { findWikiLinks, proseRanges } from './wikiLinks';
import { addressPattern } from './webAddress';

/**
 * "Related articles": for one article, the few others a reader of it most likely wants next,
 * each with why, in plain words. Four kinds of evidence, scored so that a reader can check the
 * order against the reasons shown:
 *
 * - **Links** (either direction, `[[Title]]` or Lore's article link): an author said the two
 *   belong together. The strongest evidence: LINK_SCORE, more when they link each other.
 * - **Snippets** in the same file (more in the same symbol): both explain the same code.
 *   Nearly as strong as a link; a shared symbol is closer than a shared file.
 * - **Shared tags**, each weighted by how rare it is: a tag on half the knowledge base says
 *   little, a tag on three articles says a lot (the share of ln(N) that ln(N / articles with
 *   the tag) is, so 1 for a tag on one article and 0 for one on all of them).
 * - **Similar text**: the article's most distinctive words (tf-idf over the full-text index's
 *   own vocabulary, `article_fts_vocab`; stop words, numbers and words in more than 2% of the
 *   articles left out: an FTS5 OR over common words reads thousands of lists) searched for with FTS5; each distinctive word the other article
 *   also has counts by its rarity. Text is the weakest evidence (wording overlaps by chance),
 *   so it can order articles no other evidence tells apart but never outweighs a link.
 *
 * Scores add up: an article related in several ways ranks above one related in one way. The sum
 * is then multiplied by the query-free part of search's blend (search/ranking.ts,
 * `queryFreeFactors`): helpful votes lift an article, an outdated one sinks, one without votes
 * keeps its score. Ties go by title, then id, so the order is stable. Never the article itself, never a deleted
 * article, never a teammate's private one (see `showableArticles`).
 */

export interface RelatedArticle {
  id: string;
  title: string;
  /** Higher is more related; comparable within one answer. */
  score: number;
  /** Why, one plain line each, strongest first: "2 shared tags: cache, redis". */
  reasons: string[];
}

/** An explicit link: an author connected the two (×1.5 when each links to the other). */
const LINK_SCORE = 4;
const MUTUAL_LINK_SCORE = 6;
/** Snippets in a file the article's snippets are in; each further shared file adds a little. */
const SAME_FILE_SCORE = 2.5;
const MORE_FILES_SCORE = 0.5;
const MAX_SNIPPET_SCORE = 3.5;
/** On top of the file: a snippet in the same symbol (function, class) is about the very same code. */
const SAME_SYMBOL_SCORE = 1;
/** A tag only these two share counts this much; a common tag proportionally less. At most MAX_TAG_SCORE in all. */
const RARE_TAG_SCORE = 1.5;
const MAX_TAG_SCORE = 3;
/** Tags searched by: on at most this many articles, or this share of them (see tagWeights). */
const SEARCHED_TAG_ARTICLES = 50;
const SEARCHED_TAG_SHARE = 0.01;
/** A distinctive word both have counts up to this much (by rarity); at most MAX_TEXT_SCORE in all. */
const TEXT_WORD_SCORE = 0.6;
const MAX_TEXT_SCORE = 2.5;

/** How many distinctive words are searched for, and how many words are looked up to choose them. */
const DISTINCTIVE_WORDS = 6;
const WORDS_LOOKED_UP = 25;
/** A word in more than this share of the articles is not distinctive. */
const COMMON_WORD_SHARE = 0.02;
/** Candidates read per kind of evidence (each query is bounded, whatever the size of the base). */
const CANDIDATES = 30;

interface Evidence {
  links?: 'to' | 'from' | 'both';
  files?: { paths: string[]; symbols: string[] };
  tags?: { tags: string[]; score: number };
  text?: { words: string[]; score: number };
}

/** The `limit` articles most related to `articleId` (none when it does not exist or is deleted), at `now` (ms). */
export function relatedArticles(db: Database, articleId: string, limit = 5, now = Date.now()): RelatedArticle[] {
  const source = relatedSource(db, articleId);
  if (!source) return [];
  const evidence = new Map<string, Evidence>();
  const of = (id: string) => {
    let e = evidence.get(id);
    if (!e) evidence.set(id, (e = {}));
    return e;
  };
  collectLinks(db, source, of);
  collectSnippets(db, source, of);
  const { weights, searchable } = tagWeights(db, source);
  for (const other of articlesSharingTags(db, source.id, searchable, CANDIDATES)) of(other.id);
  const text = distinctiveWords(db, source);
  const textHits = articlesMatchingStems(db, source.rowid, text.map((w) => w.stem), CANDIDATES).map((h) => h.id);
  evidence.delete(source.id);

  const rows = showableArticles(db, [...new Set([...evidence.keys(), ...textHits])].filter((id) => id !== source.id));
  const stemsOf = stemsInArticles(db, text.map((w) => w.stem), rows.map((r) => r.rowid));
  const ranked = rows.map((row) => {
    const e = evidence.get(row.id) ?? {};
    const tags = sharedTags(weights, parseTagsColumn(row.tags));
    if (tags) e.tags = tags;
    // A linked article's words are not counted again as similar text: the index holds link text
    // too ([[Title]] names the source's own title words), and the link is evidence already.
    const has = new Set(e.links ? [] : stemsOf.get(row.rowid));
    const shared = text.filter((w) => has.has(w.stem));
    if (shared.length) e.text = { words: shared.map((w) => w.word), score: Math.min(MAX_TEXT_SCORE, shared.reduce((sum, w) => sum + TEXT_WORD_SCORE * w.rarity, 0)) };
    return { id: row.id, title: row.title, ...scored(e) };
  }).filter((r) => r.score > 0);
  const rowOf = new Map(rows.map((row) => [row.id, row]));
  for (const r of ranked) r.score = Math.round(r.score * queryFreeFactorOf(rowOf.get(r.id)!, now) * 1000) / 1000;
  ranked.sort((a, b) => b.score - a.score || compareTitles(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ranked.slice(0, Math.max(0, Math.floor(limit)));
}

/**
 * Articles related to several at once (For This File: the articles with snippets in a file):
 * each one's related articles, scores added up, reasons naming which of them it is related to.
 * The given articles and `exclude` are left out.
 */
export function relatedToArticles(db: Database, articles: ReadonlyArray<{ id: string; title: string }>, limit = 5, exclude: Iterable<string> = [], now = Date.now()): RelatedArticle[] {
  const skip = new Set([...articles.map((a) => a.id), ...exclude]);
  const merged = new Map<string, RelatedArticle>();
  for (const article of articles) {
    for (const related of relatedArticles(db, article.id, limit + skip.size, now)) {
      if (skip.has(related.id)) continue;
      const entry = merged.get(related.id) ?? { id: related.id, title: related.title, score: 0, reasons: [] };
      entry.score += related.score;
      entry.reasons.push(...related.reasons.map((reason) => `related to “${article.title}”: ${reason}`));
      merged.set(related.id, entry);
    }
  }
  return [...merged.values()]
    .sort((a, b) => b.score - a.score || compareTitles(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, Math.max(0, Math.floor(limit)));
}

function scored(e: Evidence): { score: number; reasons: string[] } {
  const parts: Array<{ score: number; reason: string }> = [];
  if (e.links) {
    parts.push({
      score: e.links === 'both' ? MUTUAL_LINK_SCORE : LINK_SCORE,
      reason: e.links === 'both' ? 'they link to each other' : e.links === 'to' ? 'this article links to it' : 'it links to this article',
    });
  }
  if (e.files) {
    const { paths, symbols } = e.files;
    const score = Math.min(MAX_SNIPPET_SCORE, SAME_FILE_SCORE + MORE_FILES_SCORE * (paths.length - 1)) + (symbols.length ? SAME_SYMBOL_SCORE : 0);
    const where = paths.length === 1 ? paths[0] : `${paths[0]} and ${paths.length - 1} other file${paths.length === 2 ? '' : 's'}`;
    parts.push({ score, reason: symbols.length ? `snippets in the same code: ${symbols[0]} in ${where}` : `snippets in ${where}` });
  }
  if (e.tags) {
    const n = e.tags.tags.length;
    parts.push({ score: e.tags.score, reason: `${n === 1 ? 'shared tag' : `${n} shared tags`}: ${e.tags.tags.join(', ')}` });
  }
  if (e.text) parts.push({ score: e.text.score, reason: `similar text: ${e.text.words.join(', ')}` });
  parts.sort((a, b) => b.score - a.score);
  return { score: Math.round(parts.reduce((sum, p) => sum + p.score, 0) * 1000) / 1000, reasons: parts.map((p) => p.reason) };
}

function collectLinks(db: Database, source: RelatedSource, of: (id: string) => Evidence): void {
  const linked = new Set(articleIdsByTitle(db, findWikiLinks(source.body).map((l) => l.target)).values());
  for (const id of loreLinkIds(source.body)) linked.add(id);
  for (const id of linked) of(id).links = 'to';
  for (const linking of articlesLinkingTo(db, source)) {
    const e = of(linking.id);
    e.links = e.links === 'to' ? 'both' : 'from';
  }
}

/** The ids in Lore's own article links in the prose of a text. */
function loreLinkIds(markdown: string): string[] {
  const ids: string[] = [];
  for (const { from, to } of proseRanges(markdown)) {
    for (const href of markdown.slice(from, to).match(addressPattern()) ?? []) {
      const id = articleIdFromLink(href);
      if (id) ids.push(id);
    }
  }
  return ids;
}

function collectSnippets(db: Database, source: RelatedSource, of: (id: string) => Evidence): void {
  const paths = [...new Set(source.snippets.map((s) => s.path))];
  const symbols = new Set(source.snippets.filter((s) => s.symbolPath).map((s) => `${s.path}\n${s.symbolPath}`));
  for (const other of snippetsInPaths(db, source.id, paths, CANDIDATES * 4)) {
    const e = of(other.articleId);
    const files = (e.files ??= { paths: [], symbols: [] });
    if (!files.paths.includes(other.path)) files.paths.push(other.path);
    if (other.symbolPath && symbols.has(`${other.path}\n${other.symbolPath}`) && !files.symbols.includes(other.symbolPath)) files.symbols.push(other.symbolPath);
  }
}

/**
 * The weight of each of the article's tags, and the candidates found through its tags. Only tags
 * on at most max(50, 1%) of the articles are searched by (reading every article with a tag on
 * 15,000 took 40 ms); a common tag still counts, a little, for articles found another way.
 */
function tagWeights(db: Database, source: RelatedSource): { weights: Map<string, number>; searchable: Map<string, number> } {
  const weights = new Map<string, number>();
  const searchable = new Map<string, number>();
  if (!source.tags.length) return { weights, searchable };
  const { articles, byTag } = tagFrequencies(db, source.tags);
  for (const tag of source.tags) {
    const count = byTag.get(tag) ?? 1;
    const rarity = rarityOf(count, articles);
    if (rarity <= 0) continue;
    weights.set(tag, RARE_TAG_SCORE * rarity);
    if (count <= Math.max(SEARCHED_TAG_ARTICLES, articles * SEARCHED_TAG_SHARE)) searchable.set(tag, RARE_TAG_SCORE * rarity);
  }
  return { weights, searchable };
}

/** The tags an article shares with the source, and their score (none when it shares none). */
function sharedTags(weights: ReadonlyMap<string, number>, tags: readonly string[]): Evidence['tags'] {
  const shared = tags.filter((tag) => weights.has(tag)).sort();
  if (!shared.length) return undefined;
  return { tags: shared, score: Math.min(MAX_TAG_SCORE, shared.reduce((sum, tag) => sum + weights.get(tag)!, 0)) };
}

/**
 * How rare a word or tag in `count` of `total` articles is: ln(total / count) / ln(total), 1 for
 * one article only, 0 for every article. (A knowledge base of one or two articles: 1.)
 */
function rarityOf(count: number, total: number): number {
  if (total <= 2) return 1;
  return Math.max(0, Math.log(total / Math.max(1, count)) / Math.log(total));
}

interface DistinctiveWord {
  stem: string;
  /** The word as the article most often writes it. */
  word: string;
  rarity: number;
}

/** The article's most distinctive words, best first (see the file's comment). */
export function distinctiveWords(db: Database, source: RelatedSource): DistinctiveWord[] {
  const counts = new Map<string, { tf: number; words: Map<string, number> }>();
  const add = (text: string, weight: number) => {
    for (const token of tokenize(text)) {
      if (!isVocabularyWord(token.word) || isStopWord(token.word)) continue;
      const entry = counts.get(token.stem) ?? { tf: 0, words: new Map<string, number>() };
      entry.tf += weight;
      entry.words.set(token.word, (entry.words.get(token.word) ?? 0) + 1);
      counts.set(token.stem, entry);
    }
  };
  // Words of the title say most about what the article is about.
  add(source.title, 3);
  add(withoutLinks(source.body), 1);
  const frequent = [...counts].sort((a, b) => b[1].tf - a[1].tf || (a[0] < b[0] ? -1 : 1)).slice(0, WORDS_LOOKED_UP);
  const total = Number(db.get<{ value: number }>("SELECT value FROM store_counts WHERE name = 'live_articles'")?.value ?? 0);
  const common = Math.max(3, total * COMMON_WORD_SHARE);
  // Above `common` a word is left out whatever its count: counting stops there.
  const df = stemDocumentFrequencies(db, frequent.map(([stem]) => stem), common);
  return frequent
    // In another article too (the index counts this one), and not in more than 2% of them.
    .filter(([stem]) => (df.get(stem) ?? 0) >= 2 && (df.get(stem) ?? 0) <= common)
    .map(([stem, entry]) => {
      const rarity = rarityOf(df.get(stem)!, total);
      return { stem, word: [...entry.words].sort((a, b) => b[1] - a[1])[0][0], rarity, weight: entry.tf * rarity };
    })
    .sort((a, b) => b.weight - a.weight || (a.stem < b.stem ? -1 : 1))
    .slice(0, DISTINCTIVE_WORDS)
    .map(({ stem, word, rarity }) => ({ stem, word, rarity }));
}

/**
 * A text without its links (`[[Title]]`, URLs): a link is evidence of its own, and the linked
 * title's words would count it a second time as similar text.
 */
function withoutLinks(markdown: string): string {
  return markdown.replace(/\[\[[^[\]\n]*\]\]/g, ' ').replace(addressPattern(), ' ');
}

const titleOrder = new Intl.Collator('en', { sensitivity: 'base' });

function compareTitles(a: string, b: string): number {
  return titleOrder.compare(a, b);
}
