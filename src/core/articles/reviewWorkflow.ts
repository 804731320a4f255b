/**
 * Review before publishing: who may do what to an article, and why not.
 *
 * draft ──Request Review (author or owner, teammates named)──▶ in-review
 * in-review ──Approve / Request Changes (anyone but the author)──▶ in-review (a review recorded)
 * draft | in-review ──publish──▶ published, recording who approved the current revision;
 *   refused while a reviewer's latest word on the current revision asks for changes.
 *
 * A "revision" is a short hash of the title and body (revisionOf): saving a change makes a new
 * one, so reviews of an earlier revision no longer block publishing and no longer count as done.
 * Each refusal is a LoreError whose message says why, in words a user can act on.
 */
import { LoreError } from '../errors';
import { sha256Hex } from '../hash';
import { sameName, STATUS_LABELS, type Article, type ArticleReview, type ArticleStatus } from '../model';
import { activeReports } from './articleHealth';

/** The article's revision: the same title and body give the same revision on every machine. */
export function revisionOf(title: string, body: string): string {
  return sha256Hex(`${title}\n${body}`).slice(0, 16);
}

/**
 * The event field holding one person's review (`review_…`) or Report Outdated (`report_…`):
 * one field per person, so two people acting at once write different fields and both count,
 * while the same person acting twice keeps only their later word.
 */
export function personField(kind: 'review' | 'report', name: string): string {
  return `${kind}_${sha256Hex(name.trim().toLowerCase()).slice(0, 16)}`;
}

export const PERSON_FIELD = /^(review|report)_[0-9a-f]{16}$/;

/** What the workflow reads of an article. */
export type ReviewedArticle = Pick<Article, 'title' | 'author' | 'status' | 'visibility' | 'revision' | 'owner' | 'reviewers' | 'reviews'>;

function quoted(article: Pick<Article, 'title'>): string {
  return `"${article.title}"`;
}

function isAuthorOrOwner(article: Pick<Article, 'author' | 'owner'>, me: string): boolean {
  return sameName(article.author, me) || (article.owner !== undefined && sameName(article.owner.replace(/^@/, ''), me));
}

/** Throws unless `me` may ask for a review of the article (before anyone is chosen). */
export function checkCanRequestReview(article: ReviewedArticle, me: string): void {
  if (!isAuthorOrOwner(article, me)) {
    throw new LoreError(`Only the author of ${quoted(article)} (${article.author}) or its owner can ask for a review.`);
  }
  if (article.visibility === 'private') {
    throw new LoreError(`${quoted(article)} is private: teammates cannot see it.`, 'Share it with the team first, then ask for a review.');
  }
  if (article.status !== 'draft' && article.status !== 'in-review' && article.status !== 'outdated') {
    throw new LoreError(`${quoted(article)} is ${STATUS_LABELS[article.status].toLowerCase()}: only a draft (or an outdated article being revised) goes to review.`,
      'Change its status to Draft first.');
  }
}

/** Throws unless `me` may ask these people to review the article. Returns the reviewers to record. */
export function checkRequestReview(article: ReviewedArticle, me: string, reviewers: readonly string[]): string[] {
  checkCanRequestReview(article, me);
  const chosen = reviewers.filter((r) => !sameName(r, me));
  if (!chosen.length) throw new LoreError('Choose at least one teammate to review it; you cannot review your own article.');
  return chosen;
}

/** Throws unless `me` may approve the article or request changes to it. */
export function checkReview(article: ReviewedArticle, me: string, verdict: ArticleReview['verdict']): void {
  if (sameName(article.author, me)) {
    throw new LoreError(verdict === 'approved'
      ? 'You wrote this article; another teammate has to approve it.'
      : 'You wrote this article; change it yourself, a review is for teammates.');
  }
  if (article.status !== 'in-review') {
    throw new LoreError(`${quoted(article)} is not in review (it is ${STATUS_LABELS[article.status].toLowerCase()}); only an article in review can be ${verdict === 'approved' ? 'approved' : 'sent back with changes'}.`);
  }
}

/** The reviews of the revision shown now (each person's latest word; earlier revisions left out). */
export function currentReviews(article: Pick<Article, 'revision' | 'reviews'>): ArticleReview[] {
  return (article.reviews ?? []).filter((r) => r.revision === article.revision);
}

/** Who approved the revision shown now, in the order they did. */
export function approversOf(article: Pick<Article, 'revision' | 'reviews'>): string[] {
  return currentReviews(article).filter((r) => r.verdict === 'approved').map((r) => r.by);
}

/**
 * Throws when the article may not take this status now: publishing while a reviewer's latest word
 * on the current revision asks for changes, or going to review without anyone asked.
 */
export function checkStatusChange(article: ReviewedArticle, to: ArticleStatus): void {
  if (to === 'published' && article.status !== 'published') {
    const blocking = currentReviews(article).filter((r) => r.verdict === 'changesRequested');
    if (blocking.length) {
      const who = blocking.map((r) => r.by).join(', ');
      throw new LoreError(`${quoted(article)} cannot be published: ${who} requested changes to this revision and no new revision was saved since.`,
        'Change the article and save it, or ask them to review it again.');
    }
  }
  if (to === 'in-review' && article.status !== 'in-review' && !(article.reviewers ?? []).length) {
    throw new LoreError(`${quoted(article)} has no reviewers yet.`, 'Use Lore: Request Review to choose who reviews it.');
  }
}

/**
 * The article is waiting for `me`: it is in review, `me` is one of its reviewers, and `me` has
 * not approved or requested changes on its current revision.
 */
export function isAwaitingReviewBy(article: Pick<Article, 'status' | 'revision' | 'reviewers' | 'reviews' | 'author'>, me: string): boolean {
  if (article.status !== 'in-review' || sameName(article.author, me)) return false;
  if (!(article.reviewers ?? []).some((r) => sameName(r, me))) return false;
  return !currentReviews(article).some((r) => sameName(r.by, me));
}

/** One line per review, as the article view shows them. */
export function describeReview(review: ArticleReview): string {
  return review.verdict === 'approved'
    ? `Approved by ${review.by}`
    : `Changes requested by ${review.by}: ${review.comment ?? ''}`.trimEnd();
}

/** How the article's header says its review state ("Published · approved by Grace Hopper"). */
export function reviewHeadline(article: Pick<Article, 'status' | 'approvedBy' | 'reviewers'>): string {
  if (article.status === 'published' && article.approvedBy?.length) return `Published · approved by ${article.approvedBy.join(', ')}`;
  if (article.status === 'in-review' && article.reviewers?.length) return `In review · asked ${article.reviewers.join(', ')}`;
  return STATUS_LABELS[article.status];
}

/** What the article view shows of the review state and which review buttons apply for `me`. */
export function reviewView(
  article: Pick<Article, 'title' | 'author' | 'status' | 'visibility' | 'revision' | 'owner' | 'reviewers' | 'reviews' | 'approvedBy' | 'verified' | 'outdatedReports'>,
  me: string,
) {
  const current = currentReviews(article);
  // My report still counts (not answered by a verification or a new revision): I can take it back.
  const reported = activeReports(article).some((r) => sameName(r.by, me));
  const earlier = (article.reviews ?? []).filter((r) => r.revision !== article.revision);
  const mine = isAuthorOrOwner(article, me);
  return {
    headline: reviewHeadline(article),
    lines: current.map(describeReview),
    earlierLines: earlier.map(describeReview),
    canRequestReview: mine && article.visibility === 'team' && (article.status === 'draft' || article.status === 'outdated'),
    canReview: article.status === 'in-review' && !sameName(article.author, me) && (article.reviewers ?? []).some((r) => sameName(r, me)),
    canReportOutdated: !sameName(article.author, me) && article.status !== 'archived' && !reported,
    canWithdrawReport: reported,
  };
}

/** A review command that applies to someone on an article's row: the tree's menus show these only. */
export type ReviewAction = 'requestReview' | 'review' | 'reportOutdated' | 'withdrawReport';

/**
 * Which review commands apply to `me` on the article, as the article view decides its buttons:
 * Request Review (mine, a draft or outdated, shared), Approve and Request Changes (asked to
 * review it), Report Outdated (someone else's, not archived, not already reported by me), and
 * Withdraw My Report (my report still counts: not answered by a verification or a new revision).
 */
export function reviewActions(
  article: Pick<Article, 'title' | 'author' | 'status' | 'visibility' | 'revision' | 'owner' | 'reviewers' | 'reviews' | 'approvedBy' | 'verified' | 'outdatedReports'>,
  me: string,
): ReviewAction[] {
  const view = reviewView(article, me);
  const actions: ReviewAction[] = [];
  if (view.canRequestReview) actions.push('requestReview');
  if (view.canReview) actions.push('review');
  if (view.canReportOutdated) actions.push('reportOutdated');
  if (view.canWithdrawReport) actions.push('withdrawReport');
  return actions;
}
