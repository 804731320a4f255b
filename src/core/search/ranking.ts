/**
 * Ranking that learns from use: search order blends text relevance with helpfulness, freshness
 * and use (CONTRIBUTING.md, "Ranking", has the formula and why).
 *
 *   score = text · exp(W_HELP · H + W_USE · U + W_FRESH · F)
 *
 *   text  bm25 of the article over the best bm25 in the candidate pool (0..1]
 *   H     helpfulness: Wilson lower bound of the Helpful share minus that of the Not helpful
 *         share (−1..1); 0 without votes
 *   U     use for the query's words on this machine: tanh(ln((stays + 1) / (expected + 1))),
 *         where stays = clicks that did not bounce and expected = the clicks an average result
 *         would have had at the positions it was shown (position bias 1/(1 + position));
 *         averaged over the query's words; 0 without history
 *   F     freshness: −1 when outdated (status, or a Report Outdated / Not helpful "outdated" or
 *         "wrong" not yet answered), +0.5 · (1 − days since verified / 90) when verified in the
 *         last 90 days, else 0
 *
 * Every missing signal is 0, so a new article ranks by its text alone: it is never buried for
 * having no history. Text stays the main factor: the other signals multiply it, so an article
 * that matches poorly cannot jump over one that matches well unless it is clearly better used.
 */
import { activeReports } from '../articles/articleHealth';
import { wilsonLowerBound } from '../articles/articleFeedback';
import type { OutdatedReport } from '../model';
import type { Database } from '../store/database';
import type { ParsedQuery } from './queryParser';
import { stemWord } from './textAnalyzer';

export const W_HELP = 0.5;
export const W_USE = 1.0;
export const W_FRESH = 0.3;
/** Candidates taken by text relevance before blending (the first page comes from these). */
export const RERANK_POOL = 50;
/** Only the first positions of a search are counted as shown (few people look further). */
export const SHOWN_POSITIONS = 10;
const FRESH_DAYS = 90;
const DAY_MS = 86_400_000;

/** The examination probability of a result at `position` (0-based): how often people look at it. */
export function examination(position: number): number {
  return 1 / (1 + position);
}

/** What each article brings to the blend besides its text. */
export interface RankSignals {
  helpful: number;
  notHelpful: number;
  /** Searches for these words that opened it and did not come straight back (average per word). */
  stays: number;
  /** Clicks an average result would have had where it was shown (average per word). */
  expected: number;
  outdated: boolean;
  /** ms since the epoch, when last verified. */
  verifiedAt?: number;
}

export const NO_SIGNALS: RankSignals = { helpful: 0, notHelpful: 0, stays: 0, expected: 0, outdated: false };

export function helpfulness(s: Pick<RankSignals, 'helpful' | 'notHelpful'>): number {
  const n = s.helpful + s.notHelpful;
  return wilsonLowerBound(s.helpful, n) - wilsonLowerBound(s.notHelpful, n);
}

export function use(s: Pick<RankSignals, 'stays' | 'expected'>): number {
  return Math.tanh(Math.log((s.stays + 1) / (s.expected + 1)));
}

export function freshness(s: Pick<RankSignals, 'outdated' | 'verifiedAt'>, now: number): number {
  if (s.outdated) return -1;
  if (s.verifiedAt === undefined) return 0;
  const days = (now - s.verifiedAt) / DAY_MS;
  return days >= FRESH_DAYS || days < 0 ? 0 : 0.5 * (1 - days / FRESH_DAYS);
}

/** The blended score of one article (text: its relevance over the pool's best, 0..1). */
export function blendScore(text: number, s: RankSignals, now: number): number {
  return text * Math.exp(W_HELP * helpfulness(s) + W_USE * use(s) + W_FRESH * freshness(s, now));
}

/** The words a query's use is learnt for: its stemmed words, not the excluded ones, each once. */
export function queryWords(parsed: ParsedQuery): string[] {
  const words = new Set<string>();
  for (const clause of parsed.clauses) {
    if (clause.presence === 'excluded') continue;
    for (const word of clause.words) if (word.length > 1) words.add(stemWord(word));
  }
  return [...words].slice(0, 16);
}

/** The columns of an article row the blend reads (SIGNAL_COLUMNS). */
export interface SignalRow { rowid: number; id: string; helpful: number; not_helpful: number; status: string; reports: string | null; verified_at: string | null; revision: string }

export const SIGNAL_COLUMNS = 'rowid, id, helpful, not_helpful, status, reports, verified_at, revision';

/** An article's votes and freshness (no use: that is per query, see loadSignals). */
function rowSignals(r: SignalRow): RankSignals {
  const verified = r.verified_at ? { by: '', at: r.verified_at } : undefined;
  const reports = r.reports ? JSON.parse(r.reports) as OutdatedReport[] : [];
  return {
    helpful: r.helpful, notHelpful: r.not_helpful, stays: 0, expected: 0,
    outdated: r.status === 'outdated' || (reports.length > 0 && activeReports({ verified, revision: r.revision, outdatedReports: reports }).length > 0),
    ...(r.verified_at ? { verifiedAt: Date.parse(r.verified_at) } : {}),
  };
}

/** The signals of these articles (by rowid) for a query's words, from the database. */
export function loadSignals(db: Database, rowids: readonly number[], words: readonly string[]): Map<number, RankSignals> {
  const signals = new Map<number, RankSignals>();
  if (!rowids.length) return signals;
  const marks = rowids.map(() => '?').join(', ');
  const rows = db.all<SignalRow>(`SELECT ${SIGNAL_COLUMNS} FROM articles WHERE rowid IN (${marks})`, ...rowids);
  const byId = new Map<string, RankSignals>();
  for (const r of rows) {
    const s = rowSignals(r);
    signals.set(r.rowid, s);
    byId.set(r.id, s);
  }
  if (words.length && byId.size) {
    const ids = [...byId.keys()];
    const used = db.all<{ article_id: string; clicks: number; bounces: number; expected: number }>(
      `SELECT article_id, SUM(clicks) AS clicks, SUM(bounces) AS bounces, SUM(expected) AS expected FROM search_clicks
       WHERE word IN (${words.map(() => '?').join(', ')}) AND article_id IN (${ids.map(() => '?').join(', ')}) GROUP BY article_id`,
      ...words, ...ids);
    for (const u of used) {
      const s = byId.get(u.article_id)!;
      s.stays = Math.max(0, u.clicks - u.bounces) / words.length;
      s.expected = u.expected / words.length;
    }
  }
  return signals;
}

/**
 * The blend without a query (For This File, related articles): each article's own score times
 * exp(W_HELP · H + W_FRESH · F). Use is left out: opens outside a search are not counted
 * against how often the article was shown, so they would mostly reward being listed first.
 * Articles not found (or without votes and freshness) get the factor 1.
 */
export function queryFreeFactors(db: Database, ids: readonly string[], now: number): Map<string, number> {
  const factors = new Map<string, number>();
  const unique = [...new Set(ids)];
  if (!unique.length) return factors;
  const rows = db.all<SignalRow>(`SELECT ${SIGNAL_COLUMNS} FROM articles WHERE id IN (${unique.map(() => '?').join(', ')})`, ...unique);
  for (const r of rows) factors.set(r.id, queryFreeFactorOf(r, now));
  return factors;
}

/** queryFreeFactors for a row already read (with SIGNAL_COLUMNS): saves reading it again. */
export function queryFreeFactorOf(row: SignalRow, now: number): number {
  return blendScore(1, rowSignals(row), now);
}

/**
 * Orders items by their base score times their query-free factor (highest first); equal
 * scores keep the given order, so articles without votes keep their places among themselves.
 */
export function orderByQueryFree<T extends { id: string }>(db: Database, items: readonly T[], base: (item: T) => number, now: number): T[] {
  const factors = queryFreeFactors(db, items.map((i) => i.id), now);
  return items
    .map((item, index) => ({ item, index, score: base(item) * (factors.get(item.id) ?? 1) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item);
}

/**
 * Reorders candidates found by text (rank: bm25, lower is better) by the blended score. The
 * rank returned is the negated blend, so lower stays better for the callers.
 */
export function rerank<T extends { rowid: number; rank: number }>(db: Database, rows: readonly T[], words: readonly string[], now: number): T[] {
  if (rows.length < 2) return [...rows];
  const signals = loadSignals(db, rows.map((r) => r.rowid), words);
  const best = Math.max(...rows.map((r) => -r.rank), Number.MIN_VALUE);
  return rows
    .map((r) => ({ ...r, rank: -blendScore(Math.max(0, -r.rank) / best, signals.get(r.rowid) ?? NO_SIGNALS, now) }))
    .sort((a, b) => a.rank - b.rank);
}
