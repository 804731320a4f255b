/**
 * Lore's domain model: plain data types and the validation that guards them.
 * No I/O and no `vscode` here: every layer (store, sync, extension, CLI) shares these.
 */
import { ValidationError } from './errors';

/** In workflow order: the Knowledge view groups statuses in this order. */
export const ARTICLE_STATUSES = ['draft', 'in-review', 'published', 'outdated', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** How a status reads to people ("In review"); the values themselves stay the stored ones. */
export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: 'Draft', 'in-review': 'In review', published: 'Published', outdated: 'Outdated', archived: 'Archived',
};

export const REVIEW_VERDICTS = ['approved', 'changesRequested'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

/**
 * A reviewer's latest word on an article (Approve or Request Changes). `revision` is the
 * article's revision (articles/reviewWorkflow.ts revisionOf) the reviewer read: a new revision
 * saved since makes the review one of an earlier version.
 */
export interface ArticleReview {
  by: string;
  verdict: ReviewVerdict;
  /** Required when changes are requested. */
  comment?: string;
  revision: string;
  /** ISO 8601 time. */
  at: string;
}

/** A reader reported the article outdated (Report Outdated), for the revision they read. */
export interface OutdatedReport {
  by: string;
  reason?: string;
  revision: string;
  /** ISO 8601 time. */
  at: string;
}

/** Private articles never leave this machine; team articles are shared through the team folder. */
export const VISIBILITIES = ['team', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const THREAD_KINDS = ['bug', 'suggestion', 'question', 'nit', 'praise'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export const THREAD_STATES = ['open', 'resolved'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

/**
 * How sure Lore is that an anchored note or snippet still sits on its code.
 * attached: found where it was; moved: re-attached automatically elsewhere;
 * needsReview: a best guess below the confidence threshold (never moved silently);
 * orphaned: the code is gone (the note is kept with where it was).
 */
export const ANCHOR_STATES = ['attached', 'moved', 'needsReview', 'orphaned'] as const;
export type AnchorState = (typeof ANCHOR_STATES)[number];

/** A zero-based range, as editors count: lines and UTF-16 characters. End is exclusive. */
export interface TextRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/** Everything needed to find a piece of code again after it has been edited, moved or refactored. */
export interface Anchor {
  /** Workspace-relative path with forward slashes, never absolute. */
  path: string;
  range: TextRange;
  /** The exact text of the range when the anchor was made. */
  text: string;
  /** Up to ~3 lines before and after the range. */
  contextBefore: string;
  contextAfter: string;
  /** Hash of the text with whitespace normalised (see anchoring/textHash). */
  hash: string;
  /** Enclosing symbol path such as `UserStore > addUser`, when a symbol provider knew it. */
  symbolPath?: string;
  /** The git commit the file was at, when known. */
  commit?: string;
}

export interface Snippet {
  id: string;
  articleId: string;
  /** Order within the article. */
  position: number;
  code: string;
  /** VS Code language id, e.g. `typescript`. */
  language: string;
  anchor: Anchor;
  anchorState: AnchorState;
  /** Someone confirmed the snippet still shows what the code does, for the code as it was then (Still Accurate). */
  accepted?: SnippetAcceptance;
}

/**
 * "Still Accurate": the snippet's text was confirmed right for the code as it was then, without
 * taking that code. `hash` is the whitespace-normalised hash (anchoring/textHash) of the code
 * confirmed; the snippet reads as current while the code at its anchor still has that hash.
 */
export interface SnippetAcceptance {
  hash: string;
  by: string;
  /** ISO 8601 time. */
  at: string;
}

/** Who last confirmed that an article is still true (Mark Verified), and when (ISO 8601). */
export interface Verification {
  by: string;
  at: string;
}

export interface Article {
  /** Random id made on the device that created the article; stable across machines. */
  id: string;
  title: string;
  /** Markdown. */
  body: string;
  tags: string[];
  team?: string;
  author: string;
  status: ArticleStatus;
  visibility: Visibility;
  /** ISO 8601 times. */
  createdAt: string;
  updatedAt: string;
  /** A person or a team who keeps the article true (front matter `owner:`). */
  owner?: string;
  /** Days between reviews for this article (front matter `review-after:`); else the setting. */
  reviewAfterDays?: number;
  /** Last Mark Verified; of two at once, the later. */
  verified?: Verification;
  /** Short hash of the title and body: a new revision is saved when it changes. */
  revision: string;
  /** Whom the author asked to review it (Request Review). */
  reviewers?: string[];
  /** Each reviewer's latest review, oldest first. */
  reviews?: ArticleReview[];
  /** Who had approved the revision that was published (recorded when it was published). */
  approvedBy?: string[];
  /** Each reader's latest Report Outdated, oldest first (whether it still counts: articleHealth.ts). */
  outdatedReports?: OutdatedReport[];
  /** Each reader's latest Helpful / Not helpful, oldest first (articles/articleFeedback.ts). */
  votes?: ArticleVote[];
  /** Helpful and Not helpful votes, each person counted once. */
  helpful?: number;
  notHelpful?: number;
  /** Who thanked the author (Thank), by registered name, oldest first. */
  thankedBy?: string[];
  /** The article's discussion: comments and replies, oldest first (deleted ones left out). */
  discussion?: DiscussionComment[];
  snippets: Snippet[];
}

/** Why an article did not help (Not helpful). */
export const VOTE_REASONS = ['outdated', 'unclear', 'wrong', 'other'] as const;
export type VoteReason = (typeof VOTE_REASONS)[number];

/** One reader's latest word on whether an article helped. */
export interface ArticleVote {
  /** The name the signing device registered (the reader). */
  by: string;
  helpful: boolean;
  reason?: VoteReason;
  comment?: string;
  /** The revision read when voting. */
  revision: string;
  /** ISO 8601 time. */
  at: string;
}

/** A comment in an article's discussion (a reply names the comment it answers). */
export interface DiscussionComment {
  id: string;
  by: string;
  /** Markdown. */
  body: string;
  replyTo?: string;
  /** ISO 8601 times: written, and last edited. */
  at: string;
  editedAt?: string;
}

export interface ReviewComment {
  id: string;
  threadId: string;
  author: string;
  /** Markdown. */
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewThread {
  id: string;
  kind: ThreadKind;
  state: ThreadState;
  anchor: Anchor;
  anchorState: AnchorState;
  /** What the last re-anchoring did, in words, e.g. "moved 3 lines down". */
  anchorNote?: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  comments: ReviewComment[];
}

// ---------------------------------------------------------------------------
// Validation. Each validator returns a clean copy or throws ValidationError naming the field.

export const LIMITS = {
  titleLength: 300,
  bodyLength: 2_000_000,
  tagLength: 60,
  tagCount: 50,
  snippetLength: 500_000,
  commentLength: 100_000,
  pathLength: 1_000,
} as const;

const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._\-/+#]*$/u;

export function normalizeTag(raw: string): string {
  return raw.trim().replace(/^#/, '').toLowerCase().replace(/\s+/g, '-');
}

export function validateTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new ValidationError('tags', 'Tags must be a list of words.');
  const clean = new Set<string>();
  for (const raw of tags) {
    if (typeof raw !== 'string') throw new ValidationError('tags', `Tag ${JSON.stringify(raw)} is not text.`);
    const tag = normalizeTag(raw);
    if (!tag) continue;
    if (tag.length > LIMITS.tagLength) {
      throw new ValidationError('tags', `Tag "${tag.slice(0, 20)}…" is longer than ${LIMITS.tagLength} characters.`);
    }
    if (!TAG_PATTERN.test(tag)) {
      throw new ValidationError('tags', `Tag "${tag}" may only contain letters, digits and . _ - / + #, and must start with a letter or digit.`);
    }
    clean.add(tag);
  }
  if (clean.size > LIMITS.tagCount) throw new ValidationError('tags', `An article can have at most ${LIMITS.tagCount} tags.`);
  return [...clean].sort();
}

export function validateTitle(title: unknown): string {
  if (typeof title !== 'string') throw new ValidationError('title', 'The title must be text.');
  const clean = title.replace(/\s+/g, ' ').trim();
  if (!clean) throw new ValidationError('title', 'An article needs a title.');
  if (clean.length > LIMITS.titleLength) throw new ValidationError('title', `The title is longer than ${LIMITS.titleLength} characters.`);
  return clean;
}

export function validateBody(body: unknown): string {
  if (typeof body !== 'string') throw new ValidationError('body', 'The article body must be Markdown text.');
  if (body.length > LIMITS.bodyLength) throw new ValidationError('body', `The article body is larger than ${LIMITS.bodyLength / 1_000_000} MB.`);
  if (body.includes('\u0000')) throw new ValidationError('body', 'The article body contains a NUL character; is it a binary file?');
  return body;
}

export function validateStatus(status: unknown): ArticleStatus {
  if (!ARTICLE_STATUSES.includes(status as ArticleStatus)) {
    throw new ValidationError('status', `Status must be one of ${ARTICLE_STATUSES.join(', ')}; got ${JSON.stringify(status)}.`);
  }
  return status as ArticleStatus;
}

export function validateVisibility(visibility: unknown): Visibility {
  if (!VISIBILITIES.includes(visibility as Visibility)) {
    throw new ValidationError('visibility', `Visibility must be "team" or "private"; got ${JSON.stringify(visibility)}.`);
  }
  return visibility as Visibility;
}

export function validateOptionalName(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ValidationError(field, `${field} must be text.`);
  const clean = value.trim();
  if (clean.length > 200) throw new ValidationError(field, `${field} is longer than 200 characters.`);
  return clean || undefined;
}

/** Longest review period accepted: ten years. */
/** The largest image Lore stores, imports or reads from the team folder (larger ones are never read into memory). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export const MAX_REVIEW_AFTER_DAYS = 3650;

/** A review period in days (front matter `review-after:`): a whole number from 1 to 3650, or none. */
export function validateReviewAfterDays(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const days = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_REVIEW_AFTER_DAYS) {
    throw new ValidationError('review-after', `review-after is a number of days from 1 to ${MAX_REVIEW_AFTER_DAYS}; got ${JSON.stringify(value)}.`);
  }
  return days;
}

/** Longest review comment or outdated reason (well below what older Lore keeps of a field it does not know). */
export const MAX_REVIEW_TEXT = 10_000;

/** A review comment or a report's reason: text up to 10,000 characters; empty reads as none. */
export function validateReviewText(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ValidationError(field, `The ${field} must be text.`);
  const clean = value.trim();
  if (clean.length > MAX_REVIEW_TEXT) throw new ValidationError(field, `The ${field} is longer than ${MAX_REVIEW_TEXT.toLocaleString('en-US')} characters.`);
  return clean || undefined;
}

/** A list of people's names (reviewers, approvers): each a short text, no repeats (without case), at most 50. */
export function validateNames(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw new ValidationError(field, `The ${field} must be a list of names.`);
  const names: string[] = [];
  for (const raw of value) {
    const name = validateOptionalName(field, raw);
    if (name && !names.some((n) => sameName(n, name))) names.push(name);
  }
  if (names.length > 50) throw new ValidationError(field, `At most 50 ${field}.`);
  return names;
}

/** Names are people's: compared without case and surrounding spaces. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function validateAuthor(author: unknown): string {
  const clean = validateOptionalName('author', author);
  if (!clean) throw new ValidationError('author', 'An author name is needed (set `lore.authorName` or git\'s user.name).');
  return clean;
}

/**
 * A workspace-relative path: forward slashes, no `..` segments, not absolute.
 * Paths come from other people's machines through the team folder, so they are never trusted.
 */
export function validateRelativePath(path: unknown): string {
  if (typeof path !== 'string' || !path) throw new ValidationError('path', 'A workspace-relative file path is needed.');
  const clean = path.replace(/\\/g, '/');
  if (clean.length > LIMITS.pathLength) throw new ValidationError('path', 'The file path is too long.');
  if (clean.startsWith('/') || /^[a-zA-Z]:/.test(clean) || clean.startsWith('//')) {
    throw new ValidationError('path', `"${path}" is an absolute path; Lore stores paths relative to the workspace folder.`);
  }
  if (clean.split('/').some((segment) => segment === '..')) {
    throw new ValidationError('path', `"${path}" leaves the workspace (it contains "..").`);
  }
  if (clean.includes('\u0000')) throw new ValidationError('path', 'The file path contains a NUL character.');
  return clean.replace(/^\.\//, '');
}

export function validateRange(range: unknown): TextRange {
  const r = range as Partial<TextRange> | null;
  const fields = ['startLine', 'startCharacter', 'endLine', 'endCharacter'] as const;
  if (!r || typeof r !== 'object') throw new ValidationError('range', 'A range needs start and end positions.');
  for (const f of fields) {
    const v = r[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new ValidationError('range', `Range ${f} must be a whole number ≥ 0; got ${JSON.stringify(v)}.`);
    }
  }
  const clean: TextRange = { startLine: r.startLine!, startCharacter: r.startCharacter!, endLine: r.endLine!, endCharacter: r.endCharacter! };
  if (clean.endLine < clean.startLine || (clean.endLine === clean.startLine && clean.endCharacter < clean.startCharacter)) {
    throw new ValidationError('range', `The range ends (line ${clean.endLine + 1}) before it starts (line ${clean.startLine + 1}).`);
  }
  return clean;
}

export function validateAnchor(anchor: unknown): Anchor {
  const a = anchor as Partial<Anchor> | null;
  if (!a || typeof a !== 'object') throw new ValidationError('anchor', 'Anchor data is missing.');
  const text = typeof a.text === 'string' ? a.text : '';
  if (text.length > LIMITS.snippetLength) throw new ValidationError('anchor', 'The anchored code is larger than 500 KB.');
  const clean: Anchor = {
    path: validateRelativePath(a.path),
    range: validateRange(a.range),
    text,
    contextBefore: typeof a.contextBefore === 'string' ? a.contextBefore : '',
    contextAfter: typeof a.contextAfter === 'string' ? a.contextAfter : '',
    hash: typeof a.hash === 'string' ? a.hash : '',
  };
  if (typeof a.symbolPath === 'string' && a.symbolPath) clean.symbolPath = a.symbolPath;
  if (a.commit !== undefined && a.commit !== null && a.commit !== '') {
    if (typeof a.commit !== 'string' || !/^[0-9a-f]{7,64}$/i.test(a.commit)) {
      throw new ValidationError('commit', `"${String(a.commit)}" is not a git commit id.`);
    }
    clean.commit = a.commit.toLowerCase();
  }
  return clean;
}

/**
 * Names every JavaScript object already has (`constructor`, `__proto__`, `toString`…) and
 * `prototype`, in any case: used as a key (a field name, a language looked up in a table) they
 * reach the object's prototype instead of a value of their own, so they are refused wherever a
 * name from a teammate becomes a key.
 */
export function isObjectMemberName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'prototype' || lower in Object.prototype || name in Object.prototype;
}

/**
 * A language id is a short identifier (`typescript`, `c++`, `objective-c`): it becomes the info
 * string of a Markdown code fence, where a newline or a backtick would end the fence early.
 */
export function isLanguageId(language: unknown): language is string {
  return typeof language === 'string' && /^[A-Za-z0-9_.+#-]{1,60}$/.test(language) && !isObjectMemberName(language);
}

/** Checked on local writes and on every event that arrives through sync (remoteEvent.ts). */
export function validateLanguage(language: unknown): string {
  if (language === undefined || language === null || language === '') return 'plaintext';
  if (!isLanguageId(language)) {
    throw new ValidationError('language', `${JSON.stringify(String(language).slice(0, 80))} is not a language id (a short name such as "typescript").`);
  }
  return language;
}

export function validateThreadKind(kind: unknown): ThreadKind {
  if (!THREAD_KINDS.includes(kind as ThreadKind)) {
    throw new ValidationError('kind', `A review note is one of ${THREAD_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`);
  }
  return kind as ThreadKind;
}

export function validateThreadState(state: unknown): ThreadState {
  if (!THREAD_STATES.includes(state as ThreadState)) {
    throw new ValidationError('state', `A review thread is open or resolved; got ${JSON.stringify(state)}.`);
  }
  return state as ThreadState;
}

export function validateAnchorState(state: unknown): AnchorState {
  if (!ANCHOR_STATES.includes(state as AnchorState)) {
    throw new ValidationError('anchorState', `Anchor state must be one of ${ANCHOR_STATES.join(', ')}; got ${JSON.stringify(state)}.`);
  }
  return state as AnchorState;
}

export function validateCommentBody(body: unknown): string {
  if (typeof body !== 'string' || !body.trim()) throw new ValidationError('body', 'A comment cannot be empty.');
  if (body.length > LIMITS.commentLength) throw new ValidationError('body', 'The comment is longer than 100,000 characters.');
  return body;
}

export function validateSnippetCode(code: unknown): string {
  if (typeof code !== 'string') throw new ValidationError('code', 'Snippet code must be text.');
  if (code.length > LIMITS.snippetLength) throw new ValidationError('code', 'The snippet is larger than 500 KB; share a smaller selection.');
  return code;
}

/** Human label for a range, 1-based as editors show it: `12-18` or `12`. */
export function formatLines(range: TextRange): string {
  const start = range.startLine + 1;
  const end = range.endCharacter === 0 && range.endLine > range.startLine ? range.endLine : range.endLine + 1;
  return start === end ? `${start}` : `${start}-${end}`;
}
