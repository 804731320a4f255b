import { ValidationError } from '../errors';
import {
  LIMITS, validateAnchor, validateRelativePath, validateTitle, type Anchor, type Visibility,
} from '../model';

/**
 * A learning path: a guided walk through a team's knowledge and code ("read this, then look at
 * this function, then this config"). Steps are in order; each carries a Markdown note.
 *
 * - `article`: read an article (by id; its title at the time is kept for when it is not here);
 * - `code`: a selection, anchored with the same cascade as review notes (core/anchoring), so it
 *   follows its code through edits, moves and pulls;
 * - `file`: a file or a folder (`directory: true`), by workspace-relative path.
 */
export type PathStep = ArticleStep | CodeStep | FileStep;

/** A step as a caller makes it: the store gives it an id when it has none. */
export type NewPathStep = PathStep extends infer S ? (S extends PathStep ? Omit<S, 'id'> & { id?: string } : never) : never;

/** What an edit of one step may change: its note, title, or (Re-attach Here) where it points. */
export interface StepPatch {
  note?: string;
  title?: string;
  anchor?: Anchor;
  path?: string;
  directory?: boolean;
}

interface StepBase {
  /** Stable within its path (tree rows, reordering). */
  id: string;
  /** Markdown shown beside the step while playing. */
  note: string;
  /** A short name for the step (CodeTour's step title); optional. */
  title?: string;
}

export interface ArticleStep extends StepBase {
  kind: 'article';
  articleId: string;
  /** The article's title when the step was made: shown if the article is not on this machine. */
  articleTitle: string;
}

export interface CodeStep extends StepBase {
  kind: 'code';
  anchor: Anchor;
}

export interface FileStep extends StepBase {
  kind: 'file';
  path: string;
  directory: boolean;
}

export interface LearningPath {
  id: string;
  title: string;
  /** Markdown. */
  description: string;
  team?: string;
  visibility: Visibility;
  /** The team marks it as where newcomers start: listed first to someone who has never played it. */
  startHere: boolean;
  steps: PathStep[];
  author: string;
  createdAt: string;
  updatedAt: string;
}

/** One person's place in a path, kept on their machine only. */
export interface PathProgress {
  pathId: string;
  /** Zero-based index of the step last shown. */
  step: number;
  /** They reached the last step. */
  finished: boolean;
  updatedAt: string;
}

export const MAX_PATH_STEPS = 500;
export const MAX_STEP_NOTE = LIMITS.commentLength;
export const MAX_PATH_DESCRIPTION = 100_000;

const STEP_ID = /^[A-Za-z0-9_-]{1,64}$/;
const RECORD_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Checks a path's steps (local edits and a teammate's events alike) and returns clean copies. */
export function validatePathSteps(value: unknown): PathStep[] {
  if (!Array.isArray(value)) throw new ValidationError('steps', 'The steps of a learning path must be a list.');
  if (value.length > MAX_PATH_STEPS) throw new ValidationError('steps', `A learning path has at most ${MAX_PATH_STEPS} steps.`);
  const seen = new Set<string>();
  return value.map((raw, index) => {
    const step = validatePathStep(raw, index);
    if (seen.has(step.id)) throw new ValidationError('steps', `Step ${index + 1} repeats the id of an earlier step.`);
    seen.add(step.id);
    return step;
  });
}

export function validatePathStep(raw: unknown, index = 0): PathStep {
  const s = raw as Record<string, unknown> | null;
  const where = `Step ${index + 1}`;
  if (!s || typeof s !== 'object' || Array.isArray(s)) throw new ValidationError('steps', `${where} must be an object.`);
  if (typeof s.id !== 'string' || !STEP_ID.test(s.id)) throw new ValidationError('steps', `${where} has no valid id.`);
  const note = validateStepNote(s.note, where);
  const base: StepBase = { id: s.id, note };
  if (s.title !== undefined && s.title !== null) {
    if (typeof s.title !== 'string' || s.title.length > LIMITS.titleLength) throw new ValidationError('steps', `${where}: the title must be a short text.`);
    if (s.title.trim()) base.title = s.title;
  }
  switch (s.kind) {
    case 'article': {
      if (typeof s.articleId !== 'string' || !RECORD_ID.test(s.articleId)) throw new ValidationError('steps', `${where} names no valid article.`);
      const title = typeof s.articleTitle === 'string' ? s.articleTitle.slice(0, LIMITS.titleLength) : '';
      return { ...base, kind: 'article', articleId: s.articleId, articleTitle: title };
    }
    case 'code':
      return { ...base, kind: 'code', anchor: validateAnchor(s.anchor) };
    case 'file':
      return { ...base, kind: 'file', path: validateRelativePath(s.path), directory: s.directory === true };
    default:
      throw new ValidationError('steps', `${where} is of an unknown kind ${JSON.stringify(s.kind)?.slice(0, 40)}.`);
  }
}

export function validateStepNote(value: unknown, where = 'The step'): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ValidationError('note', `${where}: the note must be text.`);
  if (value.length > MAX_STEP_NOTE) throw new ValidationError('note', `${where}: the note is longer than ${MAX_STEP_NOTE} characters.`);
  return value;
}

/** A path's title (New Learning Path, Rename): the model's title rules, its refusal in a path's words. */
export function validatePathTitle(title: unknown): string {
  if (typeof title === 'string' && !title.trim()) throw new ValidationError('title', 'A learning path needs a title.');
  return validateTitle(title);
}

export function validatePathDescription(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ValidationError('description', 'The description must be text.');
  if (value.length > MAX_PATH_DESCRIPTION) throw new ValidationError('description', `The description is longer than ${MAX_PATH_DESCRIPTION} characters.`);
  return value;
}

/** Where a step points, in a few words (tree rows, CLI). */
export function describeStep(step: PathStep): string {
  switch (step.kind) {
    case 'article':
      return `Article: ${step.articleTitle || step.articleId}`;
    case 'code':
      return `${step.anchor.path}:${step.anchor.range.startLine + 1}`;
    case 'file':
      return step.directory ? `${step.path}/` : step.path;
  }
}

/** The label of a step: its title, else the first line of its note, else where it points. */
export function stepLabel(step: PathStep): string {
  if (step.title) return step.title;
  const first = step.note.split('\n').map((l) => l.replace(/^#+\s*/, '').trim()).find((l) => l);
  return first ? (first.length > 80 ? `${first.slice(0, 79)}…` : first) : describeStep(step);
}

/**
 * Paths in the order someone looks for them: *start here* paths they have never played first,
 * then the rest by title.
 */
export function orderPaths<T extends Pick<LearningPath, 'id' | 'title' | 'startHere'>>(paths: readonly T[], played: (id: string) => boolean): T[] {
  const rank = (p: T) => (p.startHere && !played(p.id) ? 0 : 1);
  return [...paths].sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}
