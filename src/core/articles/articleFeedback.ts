/**
 * Readers' feedback on an article: Helpful / Not helpful votes and the article's discussion.
 *
 * Both are article fields, like Report Outdated (reviewWorkflow.personField), so they sync as
 * ordinary article events and an older Lore keeps them without showing them:
 *   - `vote_<hash of the reader's name>`: that reader's latest vote. One field per person, so two
 *     readers voting at once both count (different fields), and the same person voting from two
 *     devices keeps one vote (same field: the later write wins).
 *   - `discussion_<16 hex, random>`: one comment or reply. Its writer edits or deletes it by
 *     writing the same field again.
 *
 * Identity: names are free text, so a vote's `by` is not what the event claims but the name the
 * signing device registered in the team folder (fieldResolution adds it, as for `author`). The
 * field key is the hash of the voter's own name setting; counting goes by `by` (case and outer
 * spaces ignored), so one person counts once even if two of their devices wrote different keys.
 */
import { sha256Hex } from '../hash';
import { VOTE_REASONS, type ArticleVote, type DiscussionComment, type OutdatedReport, type VoteReason } from '../model';

export const VOTE_FIELD = /^vote_[0-9a-f]{16}$/;
export const DISCUSSION_FIELD = /^discussion_[0-9a-f]{16}$/;
/** One reader's Thank (kudos to the author): `thanks_<hash of the reader's name>`. */
export const THANKS_FIELD = /^thanks_[0-9a-f]{16}$/;

/** The field holding one person's Thank. */
export function thanksField(name: string): string {
  return `thanks_${sha256Hex(name.trim().toLowerCase()).slice(0, 16)}`;
}

/** The field holding one person's vote. */
export function voteField(name: string): string {
  return `vote_${sha256Hex(name.trim().toLowerCase()).slice(0, 16)}`;
}

/** The field holding one discussion comment (its id). */
export function discussionField(commentId: string): string {
  return `discussion_${commentId}`;
}

/** Not-helpful reasons that mean the article is no longer true: it then needs attention. */
export const ATTENTION_REASONS: readonly VoteReason[] = ['outdated', 'wrong'];

export const VOTE_REASON_LABELS: Record<VoteReason, string> = { outdated: 'Outdated', unclear: 'Unclear', wrong: 'Wrong', other: 'Other' };

/** What a vote event's value holds (the `by` is added when the record is resolved). */
export interface VoteValue {
  /** null: the vote was taken back. */
  helpful: boolean | null;
  reason?: VoteReason;
  comment?: string;
  revision: string;
  at: string;
}

export interface DiscussionValue {
  body: string;
  replyTo?: string;
  at: string;
  editedAt?: string;
  deleted?: boolean;
}

export interface FeedbackColumns {
  votes: string | null;
  helpful: number;
  not_helpful: number;
  discussion: string | null;
  /** JSON: who thanked the author, by registered name, oldest first. */
  thanked_by: string | null;
}

const byTime = (a: { at: string; by: string }, b: { at: string; by: string }) => a.at.localeCompare(b.at) || a.by.localeCompare(b.by);
const nameKey = (name: string) => name.trim().toLowerCase();

/**
 * The feedback columns of an article from its resolved values: each person's latest vote (by
 * the registered name, so a person counts once), the counts, and the live discussion comments,
 * oldest first. Values of the wrong shape read as none.
 */
export function feedbackColumns(v: Record<string, unknown>): FeedbackColumns {
  const latest = new Map<string, ArticleVote | null>();
  const latestAt = new Map<string, string>();
  const comments: DiscussionComment[] = [];
  const thanks = new Map<string, { by: string; at: string }>();
  for (const [field, value] of Object.entries(v)) {
    const r = value as Record<string, unknown> | null;
    if (!r || typeof r !== 'object' || typeof r.at !== 'string' || typeof r.by !== 'string') continue;
    if (VOTE_FIELD.test(field) && typeof r.revision === 'string' && (typeof r.helpful === 'boolean' || r.helpful === null)) {
      const key = nameKey(r.by);
      if ((latestAt.get(key) ?? '') > r.at) continue;
      latestAt.set(key, r.at);
      latest.set(key, r.helpful === null ? null : {
        by: r.by, helpful: r.helpful, revision: r.revision, at: r.at,
        ...(!r.helpful && VOTE_REASONS.includes(r.reason as VoteReason) ? { reason: r.reason as VoteReason } : {}),
        ...(typeof r.comment === 'string' && r.comment ? { comment: r.comment } : {}),
      });
    } else if (THANKS_FIELD.test(field)) {
      const key = nameKey(r.by);
      if (!thanks.has(key) || thanks.get(key)!.at > r.at) thanks.set(key, { by: r.by, at: r.at });
    } else if (DISCUSSION_FIELD.test(field) && typeof r.body === 'string' && r.deleted !== true) {
      comments.push({
        id: field.slice('discussion_'.length), by: r.by, body: r.body, at: r.at,
        ...(typeof r.replyTo === 'string' ? { replyTo: r.replyTo } : {}),
        ...(typeof r.editedAt === 'string' ? { editedAt: r.editedAt } : {}),
      });
    }
  }
  const votes = [...latest.values()].filter((x): x is ArticleVote => x !== null).sort(byTime);
  comments.sort((a, b) => byTime(a, b) || a.id.localeCompare(b.id));
  return {
    votes: votes.length ? JSON.stringify(votes) : null,
    helpful: votes.filter((x) => x.helpful).length,
    not_helpful: votes.filter((x) => !x.helpful).length,
    discussion: comments.length ? JSON.stringify(comments) : null,
    thanked_by: thanks.size ? JSON.stringify([...thanks.values()].sort(byTime).map((t) => t.by)) : null,
  };
}

/**
 * Not-helpful votes saying "outdated" or "wrong" read as Report Outdated (articleHealth.ts), so
 * the article needs attention until it is verified or revised. A person's Report Outdated and
 * vote count once: the later of the two.
 */
export function votesAsReports(votes: readonly ArticleVote[], reports: readonly OutdatedReport[]): OutdatedReport[] {
  const all = new Map<string, OutdatedReport>();
  for (const r of reports) all.set(nameKey(r.by), r);
  for (const vote of votes) {
    if (vote.helpful || !vote.reason || !ATTENTION_REASONS.includes(vote.reason)) continue;
    const earlier = all.get(nameKey(vote.by));
    if (earlier && earlier.at > vote.at) continue;
    const reason = `Not helpful (${VOTE_REASON_LABELS[vote.reason].toLowerCase()})${vote.comment ? `: ${vote.comment}` : ''}`;
    all.set(nameKey(vote.by), { by: vote.by, revision: vote.revision, at: vote.at, reason });
  }
  return [...all.values()].sort(byTime);
}

/** The discussion as a tree: top-level comments, each followed by its replies (oldest first). */
export function discussionThreads(comments: readonly DiscussionComment[]): Array<{ comment: DiscussionComment; replies: DiscussionComment[] }> {
  const ids = new Set(comments.map((c) => c.id));
  const threads = comments.filter((c) => !c.replyTo || !ids.has(c.replyTo)).map((comment) => ({ comment, replies: [] as DiscussionComment[] }));
  const byId = new Map(threads.map((t) => [t.comment.id, t]));
  for (const c of comments) {
    if (!c.replyTo || !ids.has(c.replyTo)) continue;
    // A reply to a reply joins the thread of the comment it ultimately answers.
    let root = c.replyTo;
    for (let hops = 0; hops < 100 && !byId.has(root); hops++) root = comments.find((x) => x.id === root)?.replyTo ?? root;
    byId.get(root)?.replies.push(c);
  }
  return threads;
}

/**
 * Wilson score lower bound of the share of Helpful votes (z = 1.96, 95%): what the helpfulness
 * is at least, given how few votes there may be. No votes: 0. 1 of 1 helpful gives 0.21, 10 of
 * 10 gives 0.72, 90 of 100 gives 0.83, so a long record beats a lucky single vote.
 */
export function wilsonLowerBound(helpful: number, total: number, z = 1.96): number {
  if (total <= 0) return 0;
  const p = helpful / total;
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p) + z2 / (4 * total)) / total);
  return Math.max(0, (centre - margin) / (1 + z2 / total));
}
