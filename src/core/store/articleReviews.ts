import { LoreError, ValidationError } from '../errors';
import { sameName, validateNames, validateReviewText, type Article, type ArticleReview } from '../model';
import { checkRequestReview, checkReview, personField } from '../articles/reviewWorkflow';
import type { StoreWriter } from './storeWriter';
import { ATTENTION_REASONS, voteField } from '../articles/articleFeedback';

/** How the review part reads articles: through ArticleRecords (articleRecords.ts), which knows how to build one. */
export interface ArticleReader {
  get(id: string): Article | undefined;
  /** The article, or a NotFoundError. */
  require(id: string): Article;
}

/**
 * Keeping articles true: Mark Verified, review before publishing (request, approve, request
 * changes) and readers' outdated reports. Each person's review or report is a field of its own,
 * so people acting at once all count; everything is written through the store's one write path.
 */
export class ArticleReviews {
  constructor(private readonly store: StoreWriter, private readonly articles: ArticleReader) {}

  /**
   * Mark Verified: the article is confirmed still true, by this user, now. Shared with the team
   * like any edit; of two devices verifying at once both events are kept and the later one is
   * shown (verifiedAt and verifiedBy are ordinary last-writer-wins fields, never a conflict),
   * and verifiedBy shows the name the signing device registered, like `author`.
   */
  markVerified(id: string): Article {
    this.articles.require(id);
    const now = this.store.now();
    this.store.write(() => this.store.emit('article', id, { verifiedAt: now, verifiedBy: this.store.author() }));
    return this.articles.get(id)!;
  }

  /**
   * Request Review: the author (or owner) asks teammates to review the article, which goes in
   * review. Asking again replaces the list (reviews already given stay). Refused, with why, for
   * a private article, one not a draft, or no teammate named (see reviewWorkflow.ts).
   */
  requestReview(id: string, reviewers: readonly string[]): Article {
    const current = this.articles.require(id);
    const chosen = checkRequestReview(current, this.store.author(), validateNames('reviewers', reviewers));
    this.store.write(() => this.store.emit('article', id, { status: 'in-review', reviewers: chosen }));
    return this.articles.get(id)!;
  }

  /**
   * Approve or Request Changes (comment required) on the revision shown now. Each person's review
   * is a field of its own (reviewWorkflow.personField), so two reviewers at once both count, and
   * a person's later review replaces their earlier one. Refused for one's own article and an
   * article not in review.
   */
  review(id: string, verdict: ArticleReview['verdict'], comment?: string): Article {
    const current = this.articles.require(id);
    checkReview(current, this.store.author(), verdict);
    const text = validateReviewText('comment', comment);
    if (verdict === 'changesRequested' && !text) throw new ValidationError('comment', 'Say what should change: a comment is needed to request changes.');
    const at = this.store.now();
    this.store.write(() => this.store.emit('article', id, {
      [personField('review', this.store.author())]: { verdict, revision: current.revision, at, ...(text ? { comment: text } : {}) },
    }));
    return this.articles.get(id)!;
  }

  /**
   * Report Outdated: a reader says the article is no longer true (optional reason). It needs
   * attention until it is verified or revised after the report (articleHealth.ts). One field per
   * reader: two readers reporting at once both count. The author cannot report their own article.
   */
  reportOutdated(id: string, reason?: string): Article {
    const current = this.articles.require(id);
    if (current.author.trim().toLowerCase() === this.store.author().trim().toLowerCase()) {
      throw new LoreError('You wrote this article: change it, or set its status to Outdated.', 'Report Outdated tells the author; you can fix it yourself.');
    }
    const text = validateReviewText('reason', reason);
    const at = this.store.now();
    this.store.write(() => this.store.emit('article', id, {
      [personField('report', this.store.author())]: { reported: true, revision: current.revision, at, ...(text ? { reason: text } : {}) },
    }));
    return this.articles.get(id)!;
  }

  /**
   * Withdraw My Report: the reader takes back their Report Outdated (reported in error, or the
   * article was fixed another way). Their report field says `reported: false`, which every
   * version reads as no report; a later Report Outdated counts again. Refused when this reader
   * has no report on the article.
   */
  withdrawReport(id: string): Article {
    const current = this.articles.require(id);
    if (!(current.outdatedReports ?? []).some((r) => sameName(r.by, this.store.author()))) {
      throw new LoreError(`You have not reported "${current.title}" outdated: there is nothing to withdraw.`);
    }
    const at = this.store.now();
    // A Not helpful vote saying outdated or wrong reports too (articleFeedback.votesAsReports): it
    // stays Not helpful, without that reason.
    const vote = (current.votes ?? []).find((v) => sameName(v.by, this.store.author()) && v.reason && ATTENTION_REASONS.includes(v.reason));
    this.store.write(() => this.store.emit('article', id, {
      [personField('report', this.store.author())]: { reported: false, revision: current.revision, at },
      ...(vote ? { [voteField(this.store.author())]: { helpful: false, revision: vote.revision, at, ...(vote.comment ? { comment: vote.comment } : {}) } } : {}),
    }));
    return this.articles.get(id)!;
  }

  /** Articles in review (private ones cannot be), newest first, with their reviewers and reviews. */
  inReview(): Article[] {
    return this.store.db.all<{ id: string }>("SELECT id FROM articles WHERE deleted = 0 AND status = 'in-review' ORDER BY updated_at DESC, id")
      .map((r) => this.articles.get(r.id)!).filter(Boolean);
  }

  /**
   * The names Lore knows, for choosing reviewers: authors of articles, notes and replies, and the
   * names devices registered in the team folder. Sorted, each once (without case).
   */
  knownNames(): string[] {
    const rows = this.store.db.all<{ name: string | null }>(
      `SELECT author AS name FROM articles WHERE deleted = 0
       UNION SELECT author FROM review_threads WHERE deleted = 0
       UNION SELECT author FROM review_comments WHERE deleted = 0
       UNION SELECT author FROM sync_devices`,
    );
    const names = new Map<string, string>();
    for (const { name } of rows) {
      const clean = name?.trim();
      if (clean && clean !== 'unknown' && !names.has(clean.toLowerCase())) names.set(clean.toLowerCase(), clean);
    }
    return [...names.values()].sort((a, b) => a.localeCompare(b));
  }
}
