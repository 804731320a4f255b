/**
 * Messages between the article webview and the extension. This file imports nothing from
 * `vscode`, Node or the DOM, so both sides share it; each side switches exhaustively on `type`.
 */

/** Webview → extension. The webview posts `ready` before the extension posts anything. */
export type ArticleViewRequest =
  | { type: 'ready' }
  | { type: 'openSnippet'; snippetId: string }
  | { type: 'edit' }
  | { type: 'delete' }
  | { type: 'changeStatus' }
  | { type: 'resolveConflict' }
  | { type: 'openLink'; href: string }
  /** Lore's own article link, clicked: open that article in Lore. */
  | { type: 'openArticle'; articleId: string }
  /** Lore's link to a review note (an article promoted from it), clicked: show the note in its file. */
  | { type: 'openNote'; noteId: string }
  /** The placeholder of an image from `host` was clicked: load that host's images in this view. */
  | { type: 'loadImages'; host: string }
  /** A changed snippet: the snippet as written beside the code now, in VS Code's diff editor. */
  | { type: 'showChanges'; snippetId: string }
  /** A changed snippet takes today's code (after the secret review). */
  | { type: 'updateSnippet'; snippetId: string }
  /** Still Accurate: the changed snippet's text is right for the code now, without taking that code. */
  | { type: 'confirmSnippet'; snippetId: string }
  /** Mark Verified: the article is confirmed still true. */
  | { type: 'markVerified' }
  /** Show in Graph: the knowledge graph, showing this article's neighbourhood. */
  | { type: 'showInGraph' }
  /** Review before publishing: the author asks teammates; a reviewer approves or asks for changes. */
  | { type: 'requestReview' }
  | { type: 'approve' }
  | { type: 'requestChanges' }
  /** A reader says the article is no longer true. */
  | { type: 'reportOutdated' }
  /** The reader takes back their own Report Outdated. */
  | { type: 'withdrawReport' }
  /** Helpful / Not helpful (the extension asks why for Not helpful), or take one's vote back. */
  | { type: 'vote'; helpful: boolean }
  | { type: 'takeBackVote' }
  /** Thank: kudos to the author. */
  | { type: 'thank' }
  /** The discussion: a new comment or a reply (the extension asks for the text), edit or delete one's own. */
  | { type: 'addComment'; replyTo?: string }
  | { type: 'editComment'; commentId: string }
  | { type: 'deleteComment'; commentId: string };

/** What the background check last found for a snippet's code in this workspace. */
export const FRESHNESS_VIEW_STATES = ['current', 'moved', 'changed', 'gone', 'elsewhere'] as const;
export type FreshnessViewState = (typeof FRESHNESS_VIEW_STATES)[number];

export interface FreshnessView {
  /** `moved`: current, and its place was updated to where the code is now. */
  state: FreshnessViewState;
  /** The state in words: `Current`, `Moved and updated`, `Changed`, `Gone`, `Not in this workspace`. */
  label: string;
  /** Why, in plain words. */
  reason: string;
}

export interface SnippetView {
  id: string;
  /** `src/cache.ts:12-18` */
  location: string;
  language: string;
  /** Highlighted, sanitised HTML of the code. */
  codeHtml: string;
  /** attached | moved | needs review | orphaned */
  state: string;
  /** Absent until the background check has looked at the snippet's file. */
  freshness?: FreshnessView;
  /** Who last gave the snippet today's code, and when (ISO time). */
  updated?: { author: string; at: string };
}

export interface ArticleView {
  id: string;
  title: string;
  /** Sanitised HTML of the body. */
  bodyHtml: string;
  tags: string[];
  team?: string;
  author: string;
  status: string;
  visibility: string;
  createdAt: string;
  updatedAt: string;
  snippets: SnippetView[];
  conflictFields: string[];
  health?: HealthView;
  /** The articles whose text links to this one (`[[Title]]` or Lore's article link). */
  linkedFrom?: Array<{ id: string; title: string }>;
  /** The articles most related to this one, most related first, each with why in plain words. */
  related?: Array<{ id: string; title: string; reasons: string[] }>;
  review?: ReviewView;
  feedback?: FeedbackView;
}

/** Readers' feedback as the view shows it (see core/articles/articleFeedback.ts). */
export interface FeedbackView {
  helpful: number;
  notHelpful: number;
  /** This reader's own vote: `helpful`, `notHelpful`, or none. */
  mine?: 'helpful' | 'notHelpful';
  /** The author cannot vote on their own article. */
  canVote: boolean;
  /** Who thanked the author, and whether this reader may (not the author, not twice). */
  thankedBy: string[];
  canThank: boolean;
  /** One line per Not helpful vote with a reason: `Bo: Outdated — we moved to Redis`. */
  reasons: string[];
  /** Comments in order, each followed by its replies (plain text: shown with textContent). */
  discussion: Array<{ id: string; by: string; body: string; at: string; edited: boolean; isReply: boolean; mine: boolean }>;
}

/** Review before publishing as the view shows it (see core/articles/reviewWorkflow.ts). */
export interface ReviewView {
  /** The status in words with its review state: `In review · asked Grace Hopper`, `Published · approved by Grace Hopper`. */
  headline: string;
  /** One line per reviewer's latest word: `Approved by Grace Hopper`, `Changes requested by Grace Hopper: <comment>`. */
  lines: string[];
  /** Lines about reviews of an earlier revision, shown apart. */
  earlierLines: string[];
  /** Which buttons apply for this user. */
  canRequestReview: boolean;
  canReview: boolean;
  /** Someone else's article I have not reported yet (while my report counts, Withdraw My Report shows instead). */
  canReportOutdated: boolean;
  /** My Report Outdated still counts (not answered by a verification or a new revision). */
  canWithdrawReport: boolean;
}

/** Article health as the view shows it (see core/articles/articleHealth.ts). */
export interface HealthView {
  owner?: string;
  /** Last Mark Verified. */
  verified?: { by: string; at: string };
  /** When the article is due for review (ISO time). */
  reviewDue: string;
  /** Why it needs attention, one line each, in plain words; empty when it does not. */
  attention: string[];
}

/** Extension → webview. */
export type ArticleViewUpdate =
  | { type: 'show'; article: ArticleView }
  | { type: 'deleted' };

export function isArticleViewRequest(value: unknown): value is ArticleViewRequest {
  if (!value || typeof value !== 'object') return false;
  const m = value as { type?: unknown; snippetId?: unknown; href?: unknown; articleId?: unknown; noteId?: unknown; host?: unknown };
  switch (m.type) {
    case 'ready':
    case 'edit':
    case 'delete':
    case 'changeStatus':
    case 'resolveConflict':
    case 'markVerified':
    case 'showInGraph':
    case 'requestReview':
    case 'approve':
    case 'requestChanges':
    case 'reportOutdated':
    case 'withdrawReport':
    case 'takeBackVote':
    case 'thank':
      return true;
    case 'vote':
      return typeof (m as { helpful?: unknown }).helpful === 'boolean';
    case 'addComment': {
      const replyTo = (m as { replyTo?: unknown }).replyTo;
      return replyTo === undefined || typeof replyTo === 'string';
    }
    case 'editComment':
    case 'deleteComment':
      return typeof (m as { commentId?: unknown }).commentId === 'string';
    case 'openSnippet':
    case 'showChanges':
    case 'updateSnippet':
    case 'confirmSnippet':
      return typeof m.snippetId === 'string';
    case 'openLink':
      return typeof m.href === 'string';
    case 'openArticle':
      return typeof m.articleId === 'string';
    case 'openNote':
      return typeof m.noteId === 'string';
    case 'loadImages':
      return typeof m.host === 'string';
    default:
      return false;
  }
}
