import { LoreError, ValidationError } from '../errors';
import { newId } from '../hash';
import { sameName, validateCommentBody, validateReviewText, MAX_REVIEW_TEXT, VOTE_REASONS, type Article, type ArticleVote, type DiscussionComment, type VoteReason } from '../model';
import { discussionField, thanksField, voteField, type DiscussionValue, type VoteValue } from '../articles/articleFeedback';
import type { ArticleReader } from './articleReviews';
import type { StoreWriter } from './storeWriter';

/** What a reader says when voting. */
export interface VoteInput {
  helpful: boolean;
  /** Only for Not helpful. */
  reason?: VoteReason;
  comment?: string;
}

/**
 * Readers' feedback on articles (articles/articleFeedback.ts says how it is stored and synced):
 * Helpful / Not helpful, one vote per person that they can change or take back, and the
 * article's discussion (comments, replies, editing and deleting one's own).
 */
export class ReaderFeedback {
  constructor(private readonly store: StoreWriter, private readonly articles: ArticleReader) {}

  /**
   * The reader's vote on the revision shown now; it replaces their earlier one (on any of their
   * devices). The author cannot vote on their own article.
   */
  vote(id: string, input: VoteInput): Article {
    const current = this.articles.require(id);
    if (sameName(current.author, this.store.author())) {
      throw new LoreError('You wrote this article: your teammates\' votes tell you whether it helps.', 'Edit it, or Mark Verified when it is still true.');
    }
    if (input.reason !== undefined && !VOTE_REASONS.includes(input.reason)) throw new ValidationError('reason', `Choose one of: ${VOTE_REASONS.join(', ')}.`);
    if (input.helpful && input.reason) throw new ValidationError('reason', 'A reason goes with Not helpful only.');
    const comment = validateReviewText('comment', input.comment);
    if (input.reason === 'other' && !comment) throw new ValidationError('comment', 'Say what is missing or wrong: "Other" needs a few words.');
    const value: VoteValue = {
      helpful: input.helpful, revision: current.revision, at: this.store.now(),
      ...(input.reason ? { reason: input.reason } : {}), ...(comment ? { comment } : {}),
    };
    this.store.write(() => this.store.emit('article', id, { [voteField(this.store.author())]: value }));
    return this.articles.get(id)!;
  }

  /** Takes the reader's vote back (it no longer counts anywhere). Refused when they have none. */
  takeBackVote(id: string): Article {
    const current = this.articles.require(id);
    if (!this.myVote(current)) throw new LoreError(`You have not voted on "${current.title}": there is nothing to take back.`);
    const value: VoteValue = { helpful: null, revision: current.revision, at: this.store.now() };
    this.store.write(() => this.store.emit('article', id, { [voteField(this.store.author())]: value }));
    return this.articles.get(id)!;
  }

  /** The reader's own current vote on the article, if any. */
  myVote(article: Article): ArticleVote | undefined {
    return (article.votes ?? []).find((v) => sameName(v.by, this.store.author()));
  }

  /**
   * Thank: kudos from the reader to the article's author, synced, one per person (thanking
   * again is refused). The author cannot thank themselves.
   */
  thank(id: string): Article {
    const current = this.articles.require(id);
    if (sameName(current.author, this.store.author())) throw new LoreError('You wrote this article: thanks are for your teammates to give.');
    if ((current.thankedBy ?? []).some((n) => sameName(n, this.store.author()))) {
      throw new LoreError(`You already thanked ${current.author} for "${current.title}".`);
    }
    this.store.write(() => this.store.emit('article', id, { [thanksField(this.store.author())]: { at: this.store.now() } }));
    return this.articles.get(id)!;
  }

  /** A new comment in the article's discussion, or a reply to one of its comments. */
  addComment(id: string, body: string, replyTo?: string): DiscussionComment {
    const current = this.articles.require(id);
    const text = checkBody(body);
    if (replyTo !== undefined && !(current.discussion ?? []).some((c) => c.id === replyTo)) {
      throw new LoreError('The comment you are replying to was deleted.', 'Reload the article and reply to another comment, or add a new one.');
    }
    const commentId = newId().slice(0, 16);
    const value: DiscussionValue = { body: text, at: this.store.now(), ...(replyTo ? { replyTo } : {}) };
    this.store.write(() => this.store.emit('article', id, { [discussionField(commentId)]: value }));
    return this.requireComment(id, commentId);
  }

  /** Changes the text of one's own comment. */
  editComment(id: string, commentId: string, body: string): DiscussionComment {
    const comment = this.ownComment(id, commentId, 'edit');
    const value: DiscussionValue = { body: checkBody(body), at: comment.at, editedAt: this.store.now(), ...(comment.replyTo ? { replyTo: comment.replyTo } : {}) };
    this.store.write(() => this.store.emit('article', id, { [discussionField(commentId)]: value }));
    return this.requireComment(id, commentId);
  }

  /** Deletes one's own comment (its replies stay, as comments of their own). */
  deleteComment(id: string, commentId: string): void {
    const comment = this.ownComment(id, commentId, 'delete');
    const value: DiscussionValue = { body: comment.body, at: comment.at, deleted: true, ...(comment.replyTo ? { replyTo: comment.replyTo } : {}) };
    this.store.write(() => this.store.emit('article', id, { [discussionField(commentId)]: value }));
  }

  private ownComment(id: string, commentId: string, action: 'edit' | 'delete'): DiscussionComment {
    const comment = this.requireComment(id, commentId);
    if (!sameName(comment.by, this.store.author())) {
      throw new LoreError(`Only ${comment.by} can ${action} this comment: it is theirs.`, 'Reply to it instead.');
    }
    return comment;
  }

  private requireComment(id: string, commentId: string): DiscussionComment {
    const comment = (this.articles.require(id).discussion ?? []).find((c) => c.id === commentId);
    if (!comment) throw new LoreError('That comment was deleted.', 'Reload the article to see its discussion as it is now.');
    return comment;
  }
}

function checkBody(body: string): string {
  const text = validateCommentBody(body).trim();
  if (text.length > MAX_REVIEW_TEXT) throw new ValidationError('body', `A comment is at most ${MAX_REVIEW_TEXT.toLocaleString('en-US')} characters.`);
  return text;
}
