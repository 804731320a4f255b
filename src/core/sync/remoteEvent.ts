import { LoreError, describeError } from '../errors';
import {
  validateAnchor, validateBody, validateCommentBody, validateLanguage, validateOptionalName, validateSnippetCode,
  validateNames, validateReviewAfterDays, validateReviewText, validateStatus, REVIEW_VERDICTS, validateTags, validateThreadKind, validateThreadState, validateTitle, validateVisibility,
  MAX_REVIEW_TEXT, VOTE_REASONS, type VoteReason,
} from '../model';
import { DISCUSSION_FIELD, THANKS_FIELD, VOTE_FIELD } from '../articles/articleFeedback';
import { USAGE_FIELD } from '../store/usageLog';
import { validateEvent, type EntityKind, type LoreEvent } from '../store/events';
import { validatePathDescription, validatePathSteps } from '../paths/pathModel';

/**
 * Parses one event line from another machine: shape, id matching content (validateEvent), and
 * every value checked by the same validators a local edit goes through (checkRemoteValues).
 * Anchors must hold workspace-relative paths: an absolute path or one with `..` could make the
 * editor open files outside the workspace. Throws a LoreError naming the problem.
 */
export function parseRemoteEvent(line: string): LoreEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new LoreError('an event line is not JSON');
  }
  let event: LoreEvent;
  try {
    event = validateEvent(raw);
  } catch (error) {
    throw new LoreError(`an event is invalid: ${describeError(error)}`);
  }
  if ('anchor' in event.changes) {
    try {
      validateAnchor(event.changes.anchor);
    } catch (error) {
      throw new LoreError(`event ${event.id.slice(0, 12)}… has an unsafe anchor: ${describeError(error)}`);
    }
  }
  checkRemoteValues(event);
  return event;
}

type Check = (value: unknown) => unknown;

const isoTime: Check = (value) => {
  if (typeof value !== 'string' || value.length > 40 || Number.isNaN(Date.parse(value))) throw new Error(`${JSON.stringify(value)?.slice(0, 40)} is not a time`);
  return value;
};
const recordId: Check = (value) => {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(value)) throw new Error(`${JSON.stringify(value)?.slice(0, 40)} is not a record id`);
  return value;
};
const flag: Check = (value) => {
  if (typeof value !== 'boolean') throw new Error('must be true or false');
  return value;
};
const position: Check = (value) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Error('a snippet position must be a whole number ≥ 0');
  return value;
};
const author: Check = (value) => validateOptionalName('author', value);
const team: Check = (value) => (value === null ? null : validateOptionalName('team', value));
const owner: Check = (value) => (value === null ? null : validateOptionalName('owner', value));
const optionalAuthor: Check = (value) => (value === null ? null : author(value));
const reviewAfterDays: Check = (value) => {
  if (value !== null && typeof value !== 'number') throw new Error('review-after must be a number of days');
  return value === null ? null : validateReviewAfterDays(value);
};
const accepted: Check = (value) => {
  if (value === null) return null;
  const a = value as { hash?: unknown; at?: unknown };
  if (!a || typeof a !== 'object' || typeof a.hash !== 'string' || !/^[0-9a-f]{16,128}$/.test(a.hash)) throw new Error('a confirmation needs the hash of the code');
  isoTime(a.at);
  return value;
};

const names = (field: string): Check => (value) => (value === null ? null : validateNames(field, value));
/** One person's review or Report Outdated (reviewWorkflow.personField): the revision read, when, and the verdict or reason. */
const personEntry: Check = (value) => {
  if (value === null) return null;
  const r = value as Record<string, unknown>;
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error('a review or report must be an object');
  if (typeof r.revision !== 'string' || !/^[0-9a-f]{16}$/.test(r.revision)) throw new Error('a review or report names the revision it read');
  isoTime(r.at);
  if ('verdict' in r && !REVIEW_VERDICTS.includes(r.verdict as (typeof REVIEW_VERDICTS)[number])) throw new Error(`${JSON.stringify(r.verdict)?.slice(0, 40)} is not a verdict`);
  if ('reported' in r && typeof r.reported !== 'boolean') throw new Error('reported must be true or false');
  validateReviewText('comment', r.comment);
  validateReviewText('reason', r.reason);
  return value;
};
const PERSON_FIELD = /^(review|report)_[0-9a-f]{16}$/;
/** One reader's vote (articleFeedback.voteField): helpful true, false or null (taken back), a known reason, at most 10,000 characters of comment. */
const voteEntry: Check = (value) => {
  if (value === null) return null;
  const r = value as Record<string, unknown>;
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error('a vote must be an object');
  if (typeof r.revision !== 'string' || !/^[0-9a-f]{16}$/.test(r.revision)) throw new Error('a vote names the revision it read');
  isoTime(r.at);
  if (typeof r.helpful !== 'boolean' && r.helpful !== null) throw new Error('helpful must be true, false or null');
  if (r.reason !== undefined && !VOTE_REASONS.includes(r.reason as VoteReason)) throw new Error(`${JSON.stringify(r.reason)?.slice(0, 40)} is not a reason`);
  validateReviewText('comment', r.comment);
  return value;
};
/** One discussion comment (articleFeedback.discussionField): its text, when, what it answers, whether deleted. */
const discussionEntry: Check = (value) => {
  if (value === null) return null;
  const r = value as Record<string, unknown>;
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error('a comment must be an object');
  isoTime(r.at);
  if (r.editedAt !== undefined) isoTime(r.editedAt);
  if (r.replyTo !== undefined && (typeof r.replyTo !== 'string' || !/^[0-9a-f]{16}$/.test(r.replyTo))) throw new Error('a reply names the comment it answers');
  if (r.deleted !== undefined && typeof r.deleted !== 'boolean') throw new Error('deleted must be true or false');
  validateCommentBody(r.body);
  if ((r.body as string).length > MAX_REVIEW_TEXT) throw new Error(`a comment is at most ${MAX_REVIEW_TEXT} characters`);
  return value;
};
/** One device's shared usage counts (usageLog.ts): at most 60 days, each [opens, bounces] as whole numbers. */
const usageEntry: Check = (value) => {
  if (value === null) return null;
  const days = (value as { days?: unknown } | null)?.days;
  if (!days || typeof days !== 'object' || Array.isArray(days)) throw new Error('usage counts must be per day');
  const entries = Object.entries(days);
  if (entries.length > 60) throw new Error('usage counts cover at most 60 days');
  for (const [day, counts] of entries) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error('a usage day must be YYYY-MM-DD');
    if (!Array.isArray(counts) || counts.length !== 2 || !counts.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) throw new Error('usage counts must be two whole numbers');
  }
  return value;
};
/** One reader's Thank (articleFeedback.thanksField): when. */
const thanksEntry: Check = (value) => {
  const r = value as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error('a thank-you must be an object');
  isoTime(r.at);
  return value;
};
const articleEntry = (field: string): Check | undefined => (THANKS_FIELD.test(field) ? thanksEntry : PERSON_FIELD.test(field) ? personEntry
  : VOTE_FIELD.test(field) ? voteEntry : DISCUSSION_FIELD.test(field) ? discussionEntry : USAGE_FIELD.test(field) ? usageEntry : undefined);

/** The fields each kind of record is written with locally, and the validator each went through. */
const FIELD_CHECKS: Record<EntityKind, Record<string, Check>> = {
  article: {
    title: validateTitle, body: validateBody, tags: validateTags, team, status: validateStatus, visibility: validateVisibility,
    author, createdAt: isoTime, deleted: flag, owner, reviewAfterDays, verifiedAt: isoTime, verifiedBy: author,
    reviewers: names('reviewers'), approvedBy: names('approvers'),
  },
  snippet: {
    articleId: recordId, position, code: validateSnippetCode, language: validateLanguage, anchor: validateAnchor, deleted: flag,
    accepted, acceptedBy: optionalAuthor,
  },
  thread: {
    anchor: validateAnchor, kind: validateThreadKind, state: validateThreadState, author, createdAt: isoTime, deleted: flag,
  },
  comment: {
    threadId: recordId, body: validateCommentBody, author, createdAt: isoTime, deleted: flag,
  },
  path: {
    title: validateTitle, description: validatePathDescription, team, visibility: validateVisibility, startHere: flag,
    steps: validatePathSteps, author, createdAt: isoTime, deleted: flag,
  },
};

/** A field this version does not know (a newer Lore's): kept, but it may not be large. */
const MAX_UNKNOWN_FIELD_CHARS = 100_000;

/**
 * Checks the values of an event from another machine with the validators of a local edit (an
 * invalid status, an object as a title, a 60 MB body): such an event is never applied, because
 * it could break the database's constraints or leave a record no view can show.
 */
export function checkRemoteValues(event: LoreEvent): void {
  const checks = FIELD_CHECKS[event.entity];
  for (const [field, value] of Object.entries(event.changes)) {
    const check = Object.prototype.hasOwnProperty.call(checks, field) ? checks[field]
      : event.entity === 'article' ? articleEntry(field)
      // A Thank on a review note (ReviewThreads.thank) is checked like one on an article.
      : event.entity === 'thread' && THANKS_FIELD.test(field) ? thanksEntry : undefined;
    try {
      if (check) check(value);
      else if (JSON.stringify(value).length > MAX_UNKNOWN_FIELD_CHARS) throw new Error(`the unknown field is larger than ${MAX_UNKNOWN_FIELD_CHARS} characters`);
    } catch (error) {
      throw new LoreError(`event ${event.id.slice(0, 12)}… sets ${event.entity} ${field} to a value Lore does not accept: ${describeError(error)}`);
    }
  }
}
