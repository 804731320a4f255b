/**
 * Article health: whether an article needs someone's attention, and why.
 *
 * An article needs attention when
 *   - a snippet's code changed or is gone (snippet freshness, `snippetFreshness.ts`), or
 *   - its review period has passed: `reviewAfterDays` (front matter `review-after:`, else the
 *     setting `lore.knowledge.reviewAfterDays`) counted from when it was last verified (Mark
 *     Verified), else from when it was created. Due at that instant exactly.
 *   - a reader reported it outdated (Report Outdated) and it was neither verified (Mark Verified)
 *     nor revised (a new title or body saved) since: `activeReports`.
 * Archived articles never need attention: nobody is meant to keep them true.
 */
import type { Article, OutdatedReport, Verification } from '../model';
import { plural } from '../plural';
import type { FreshnessState } from './snippetFreshness';

export const DEFAULT_REVIEW_AFTER_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

export type AttentionReason =
  | { kind: 'snippetChanged'; snippetId: string; path: string; reason: string }
  | { kind: 'snippetGone'; snippetId: string; path: string; reason: string }
  | { kind: 'reviewDue'; dueAt: string; from: 'verified' | 'created'; days: number }
  | { kind: 'reportedOutdated'; by: string; at: string; reason?: string };

/** What health needs of an article (a summary row has all of it). */
export type HealthArticle = Pick<Article, 'createdAt' | 'status'> & {
  reviewAfterDays?: number;
  verified?: Verification;
  revision?: string;
  outdatedReports?: OutdatedReport[];
};

/**
 * The Report Outdated that still count: made on the revision shown now (a new revision answers
 * them) and after the last Mark Verified (verifying answers them), oldest first.
 */
export function activeReports(article: Pick<HealthArticle, 'verified' | 'revision' | 'outdatedReports'>): OutdatedReport[] {
  const verified = article.verified ? Date.parse(article.verified.at) : NaN;
  return (article.outdatedReports ?? []).filter((r) => r.revision === article.revision && !(Date.parse(r.at) <= verified));
}

/** What health needs of a snippet's freshness. */
export interface HealthSnippet {
  snippetId: string;
  state: FreshnessState;
  path: string;
  reason: string;
}

/** The review period that applies: the article's own, else the setting's (a bad setting: 180). */
export function reviewPeriodDays(article: Pick<HealthArticle, 'reviewAfterDays'>, defaultDays: number): number {
  if (article.reviewAfterDays && article.reviewAfterDays > 0) return article.reviewAfterDays;
  return Number.isInteger(defaultDays) && defaultDays > 0 ? defaultDays : DEFAULT_REVIEW_AFTER_DAYS;
}

/** When the article is due for review (ms since the epoch), and what that is counted from. */
export function reviewDue(article: HealthArticle, defaultDays: number): { at: number; from: 'verified' | 'created'; days: number } {
  const days = reviewPeriodDays(article, defaultDays);
  const verified = article.verified ? Date.parse(article.verified.at) : NaN;
  const from = Number.isNaN(verified) ? 'created' : 'verified';
  const base = from === 'verified' ? verified : Date.parse(article.createdAt);
  return { at: (Number.isNaN(base) ? 0 : base) + days * DAY_MS, from, days };
}

/** The review period has passed (at `now`, ms). Archived articles are never due. */
export function isReviewDue(article: HealthArticle, defaultDays: number, now: number): boolean {
  return article.status !== 'archived' && now >= reviewDue(article, defaultDays).at;
}

/**
 * Every reason the article needs attention, snippets first (in the order given), then readers'
 * reports, then the review date. Empty: the article is fine (or archived).
 */
export function attentionReasons(article: HealthArticle, snippets: readonly HealthSnippet[], options: { defaultReviewAfterDays: number; now: number }): AttentionReason[] {
  if (article.status === 'archived') return [];
  const reasons: AttentionReason[] = [];
  for (const s of snippets) {
    if (s.state === 'changed') reasons.push({ kind: 'snippetChanged', snippetId: s.snippetId, path: s.path, reason: s.reason });
    else if (s.state === 'gone') reasons.push({ kind: 'snippetGone', snippetId: s.snippetId, path: s.path, reason: s.reason });
  }
  for (const r of activeReports(article)) reasons.push({ kind: 'reportedOutdated', by: r.by, at: r.at, ...(r.reason ? { reason: r.reason } : {}) });
  const due = reviewDue(article, options.defaultReviewAfterDays);
  if (options.now >= due.at) reasons.push({ kind: 'reviewDue', dueAt: new Date(due.at).toISOString(), from: due.from, days: due.days });
  return reasons;
}

/** One line of plain English per reason, for a tooltip (the caller escapes it: paths and reasons come from teammates). */
export function describeReason(reason: AttentionReason, now: number): string {
  switch (reason.kind) {
    case 'snippetChanged':
      return `A snippet from ${reason.path} changed: ${reason.reason}`;
    case 'snippetGone':
      return `A snippet's code is gone: ${reason.reason}`;
    case 'reportedOutdated':
      return `Reported outdated by ${reason.by} on ${reason.at.slice(0, 10)}${reason.reason ? `: ${reason.reason}` : ''}`;
    case 'reviewDue': {
      const overdue = Math.floor((now - Date.parse(reason.dueAt)) / DAY_MS);
      const since = reason.from === 'verified' ? 'last verified' : 'written';
      const late = overdue >= 1 ? ` (${plural(overdue, 'day')} ago)` : ' (today)';
      return `Due for review: ${since} more than ${plural(reason.days, 'day')} ago; review was due ${reason.dueAt.slice(0, 10)}${late}`;
    }
  }
}

/**
 * The order of the Needs Attention group: articles the user owns or wrote first, then the rest;
 * within each, the most reasons first, then by title. `owner` may name a team the user is in.
 */
export function attentionOrder<T extends { title: string; author: string; owner?: string; reasons: number }>(
  items: readonly T[], user: HealthUser,
): T[] {
  return [...items].sort((a, b) => Number(isMine(b, user)) - Number(isMine(a, user)) || b.reasons - a.reasons || a.title.localeCompare(b.title));
}

/** The user, as health knows them: their name, and the teams they are in (an owner may be a team). */
export interface HealthUser {
  name: string;
  teams?: readonly string[];
}

/** The user wrote the article, owns it, or is in the team that owns it (names compared without case, `@` ignored). */
export function isMine(article: { author: string; owner?: string }, user: HealthUser): boolean {
  const name = user.name.trim().toLowerCase();
  const owner = article.owner?.trim().replace(/^@/, '').toLowerCase();
  if (article.author.trim().toLowerCase() === name || owner === name) return true;
  return owner !== undefined && (user.teams ?? []).some((t) => t.trim().toLowerCase() === owner);
}
