import * as vscode from 'vscode';
import {
  attentionOrder, attentionReasons, DEFAULT_REVIEW_AFTER_DAYS, describeReason, isMine, reviewDue, type AttentionReason,
} from '../../core/articles/articleHealth';
import type { Article } from '../../core/model';
import type { LoreStore } from '../../core/store/loreStore';
import type { ArticleSummary } from '../../core/store/rows';
import type { FreshnessTracker } from './freshnessTracker';

/** Rows the Needs Attention group shows at most (a knowledge base of old articles can have thousands due). */
export const ATTENTION_ROWS = 200;

/** An article that needs attention, with why in words and whether it is the user's. */
export interface AttentionItem {
  summary: ArticleSummary;
  reasons: AttentionReason[];
  lines: string[];
  mine: boolean;
}

/** `lore.knowledge.reviewAfterDays`: days between reviews when an article does not say. */
export function reviewAfterDaysSetting(): number {
  const days = vscode.workspace.getConfiguration('lore').get<number>('knowledge.reviewAfterDays', DEFAULT_REVIEW_AFTER_DAYS);
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_REVIEW_AFTER_DAYS;
}

/**
 * The articles that need attention now: those the background check found with changed or gone
 * snippets, and those whose review date has passed, the user's first (core/articles/articleHealth.ts).
 * Reads the store and the tracker's cache only.
 */
export function needsAttention(store: LoreStore, tracker: FreshnessTracker, now = Date.now()): { items: AttentionItem[]; total: number } {
  const defaultDays = reviewAfterDaysSetting();
  const ids = [...new Set([...tracker.staleArticleIds(), ...store.reviewCandidateIds(defaultDays, now), ...store.reportedArticleIds()])];
  const user = { name: store.author };
  const items: AttentionItem[] = [];
  for (const summary of store.summariesOf(ids)) {
    const reasons = attentionReasons(summary, tracker.articleFreshness(summary.id), { defaultReviewAfterDays: defaultDays, now });
    if (!reasons.length) continue;
    items.push({ summary, reasons, lines: reasons.map((r) => describeReason(r, now)), mine: isMine(summary, user) });
  }
  const ordered = attentionOrder(items.map((i) => ({ ...i, title: i.summary.title, author: i.summary.author, owner: i.summary.owner, reasons: i.reasons.length, item: i })), user);
  return { items: ordered.slice(0, ATTENTION_ROWS).map((o) => o.item), total: items.length };
}

/** What the article view shows of an article's health. */
export function healthOf(article: Article, tracker: FreshnessTracker, now = Date.now()) {
  const defaultDays = reviewAfterDaysSetting();
  const reasons = attentionReasons(article, tracker.articleFreshness(article.id), { defaultReviewAfterDays: defaultDays, now });
  return {
    ...(article.owner ? { owner: article.owner } : {}),
    ...(article.verified ? { verified: article.verified } : {}),
    reviewDue: new Date(reviewDue(article, defaultDays).at).toISOString(),
    attention: reasons.map((r) => describeReason(r, now)),
  };
}
