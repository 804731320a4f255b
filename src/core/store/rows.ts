import type { ArticleVote, DiscussionComment, Anchor, AnchorState, SnippetAcceptance, Article, ArticleReview, OutdatedReport, ArticleStatus, ReviewComment, ReviewThread, Snippet, ThreadKind, ThreadState, Visibility } from '../model';
import type { FieldConflict } from './fieldResolution';

/** Table rows as SQLite returns them, and their mapping to model objects. */
export interface ArticleRow {
  rowid: number;
  id: string;
  title: string;
  body: string;
  tags: string;
  team: string | null;
  author: string;
  status: string;
  visibility: string;
  created_at: string;
  updated_at: string;
  conflicts: string | null;
  deleted: number;
  owner: string | null;
  review_after_days: number | null;
  verified_at: string | null;
  verified_by: string | null;
  revision: string;
  reviewers: string | null;
  approved_by: string | null;
  reviews: string | null;
  reports: string | null;
  votes: string | null;
  helpful: number;
  not_helpful: number;
  discussion: string | null;
  thanked_by: string | null;
}

export interface SnippetRow {
  id: string;
  article_id: string;
  position: number;
  code: string;
  language: string;
  path: string;
  anchor: string;
  anchor_state: string;
  local_anchor: string | null;
  accepted: string | null;
}

export interface ThreadRow {
  id: string;
  kind: string;
  state: string;
  path: string;
  anchor: string;
  anchor_state: string;
  anchor_note: string | null;
  local_anchor: string | null;
  author: string;
  created_at: string;
  updated_at: string;
}

export interface CommentRow {
  id: string;
  thread_id: string;
  author: string;
  body: string;
  created_at: string;
  updated_at: string;
}

/**
 * The tags column (a JSON array of strings) as a list; anything else reads as no tags, so a
 * damaged row never stops the index or a search.
 */
export function parseTagsColumn(json: string): string[] {
  try {
    const tags = JSON.parse(json) as unknown;
    return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** What lists and trees show of an article, without its body. */
export interface ArticleSummary extends Omit<Article, 'body' | 'snippets'> {
  snippetCount: number;
  hasConflicts: boolean;
}

/** An article's id and title: enough to sort and page a long list before any row of it is shown. */
export interface ArticleTitle {
  id: string;
  title: string;
}

export function toSnippet(row: SnippetRow): Snippet {
  const snippet: Snippet = {
    id: row.id,
    articleId: row.article_id,
    position: row.position,
    code: row.code,
    language: row.language,
    anchor: JSON.parse(row.local_anchor ?? row.anchor) as Anchor,
    anchorState: row.anchor_state as AnchorState,
  };
  if (row.accepted) snippet.accepted = JSON.parse(row.accepted) as SnippetAcceptance;
  return snippet;
}

/** The fields an article and its summary share. */
function articleFields(row: ArticleRow) {
  return {
    id: row.id,
    title: row.title,
    tags: JSON.parse(row.tags) as string[],
    ...(row.team ? { team: row.team } : {}),
    author: row.author,
    status: row.status as ArticleStatus,
    visibility: row.visibility as Visibility,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.review_after_days ? { reviewAfterDays: row.review_after_days } : {}),
    ...(row.verified_at ? { verified: { by: row.verified_by ?? 'unknown', at: row.verified_at } } : {}),
    revision: row.revision,
    ...(row.reviewers ? { reviewers: JSON.parse(row.reviewers) as string[] } : {}),
    ...(row.reviews ? { reviews: JSON.parse(row.reviews) as ArticleReview[] } : {}),
    ...(row.approved_by ? { approvedBy: JSON.parse(row.approved_by) as string[] } : {}),
    ...(row.reports ? { outdatedReports: JSON.parse(row.reports) as OutdatedReport[] } : {}),
    ...(row.votes ? { votes: JSON.parse(row.votes) as ArticleVote[] } : {}),
    ...(row.helpful ? { helpful: row.helpful } : {}),
    ...(row.not_helpful ? { notHelpful: row.not_helpful } : {}),
    ...(row.thanked_by ? { thankedBy: JSON.parse(row.thanked_by) as string[] } : {}),
  };
}

export function toArticle(row: ArticleRow, snippets: SnippetRow[]): Article {
  return {
    ...articleFields(row), body: row.body, snippets: snippets.map(toSnippet),
    ...(row.discussion ? { discussion: JSON.parse(row.discussion) as DiscussionComment[] } : {}),
  };
}

export function toSummary(row: ArticleRow & { snippet_count: number }): ArticleSummary {
  return { ...articleFields(row), snippetCount: row.snippet_count, hasConflicts: row.conflicts !== null };
}

export function toConflicts(row: Pick<ArticleRow, 'conflicts'>): FieldConflict[] {
  return row.conflicts ? (JSON.parse(row.conflicts) as FieldConflict[]) : [];
}

export function toComment(row: CommentRow): ReviewComment {
  return { id: row.id, threadId: row.thread_id, author: row.author, body: row.body, createdAt: row.created_at, updatedAt: row.updated_at };
}

export function toThread(row: ThreadRow, comments: CommentRow[]): ReviewThread {
  const thread: ReviewThread = {
    id: row.id,
    kind: row.kind as ThreadKind,
    state: row.state as ThreadState,
    anchor: JSON.parse(row.local_anchor ?? row.anchor) as Anchor,
    anchorState: row.anchor_state as AnchorState,
    author: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    comments: comments.map(toComment),
  };
  if (row.anchor_note) thread.anchorNote = row.anchor_note;
  return thread;
}
