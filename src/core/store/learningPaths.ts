import { LoreError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../hash';
import { validateOptionalName, validateVisibility, type Visibility } from '../model';
import {
  validatePathDescription, validatePathStep, validatePathTitle, validatePathSteps, validateStepNote, MAX_PATH_STEPS,
  type LearningPath, type NewPathStep, type PathProgress, type PathStep, type StepPatch,
} from '../paths/pathModel';
import { maskAnchor } from '../anchoring/maskAnchor';
import { redactAll } from '../redaction/markers';
import { headIdsOf } from './eventLog';
import { articleVisibility, publishedIdsByField } from './privacy';
import type { StoreWriter } from './storeWriter';

export interface NewLearningPath {
  /** Given by an import that must happen once (workspaceTours.ts); refused when a path has or had it. */
  id?: string;
  title: string;
  description?: string;
  team?: string;
  visibility?: Visibility;
  startHere?: boolean;
  /** Steps without ids get one. */
  steps?: NewPathStep[];
}

export interface LearningPathPatch {
  title?: string;
  description?: string;
  team?: string | null;
  startHere?: boolean;
  visibility?: Visibility;
}

export type { NewPathStep } from '../paths/pathModel';

interface PathRow {
  id: string;
  title: string;
  description: string;
  team: string | null;
  visibility: string;
  start_here: number;
  steps: string;
  author: string;
  created_at: string;
  updated_at: string;
}

/**
 * A row as a path. The steps were checked when they were written (a local edit's validators, a
 * teammate's event through checkRemoteValues), so they are only parsed here: reading 100 paths
 * of 20 steps on open stays cheap (bench/pathsBench.ts).
 */
function toPath(row: PathRow): LearningPath {
  let steps: PathStep[] = [];
  try {
    const parsed = JSON.parse(row.steps) as unknown;
    steps = Array.isArray(parsed) ? (parsed as PathStep[]) : [];
  } catch {
    steps = [];
  }
  return {
    id: row.id, title: row.title, description: row.description, ...(row.team ? { team: row.team } : {}),
    visibility: row.visibility === 'private' ? 'private' : 'team', startHere: row.start_here === 1, steps,
    author: row.author, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/**
 * Learning paths (migration 9), written through the store's one write path as `path` events:
 * shared with the team like articles, a private path's events never leave this machine
 * (privacy.ts). The steps are one field, so two people editing a path's steps at once keep the
 * later list (last writer wins, the same on every machine). Progress is per person and local:
 * `path_progress` is written without events and never synced.
 */
export class LearningPaths {
  constructor(private readonly store: StoreWriter) {}

  private get db() {
    return this.store.db;
  }

  create(input: NewLearningPath): LearningPath {
    const id = input.id ?? newId();
    if (input.id !== undefined) {
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(input.id)) throw new ValidationError('id', 'A learning path id is letters, digits, - and _.');
      if (this.idTaken(input.id)) throw new LoreError('That learning path was imported before.', 'Lore imports each tour once; "Import CodeTour File" imports a file again as a new path.');
    }
    const changes = {
      title: validatePathTitle(input.title),
      description: redactAll(validatePathDescription(input.description)),
      team: validateOptionalName('team', input.team) ?? null,
      visibility: validateVisibility(input.visibility ?? 'team'),
      startHere: input.startHere === true,
      steps: validatePathSteps((input.steps ?? []).map(withId)),
      author: this.store.author(),
      createdAt: this.store.now(),
    };
    this.refusePrivateArticleSteps(changes.title, changes.visibility, [], changes.steps);
    this.store.write(() => this.store.emit('path', id, changes));
    return this.get(id)!;
  }

  get(id: string): LearningPath | undefined {
    const row = this.db.get<PathRow>('SELECT * FROM learning_paths WHERE id = ? AND deleted = 0', id);
    return row && toPath(row);
  }

  /** A path has this id, or had it and was deleted (imports made once: workspaceTours.ts). */
  idTaken(id: string): boolean {
    return this.db.get<{ one: number }>('SELECT 1 AS one FROM learning_paths WHERE id = ?', id) !== undefined;
  }

  require(id: string): LearningPath {
    const path = this.get(id);
    if (!path) throw new NotFoundError('learning path', id);
    return path;
  }

  /** Live paths (private ones included), start-here first, then by title. */
  list(): LearningPath[] {
    return this.db.all<PathRow>('SELECT * FROM learning_paths WHERE deleted = 0 ORDER BY start_here DESC, title, id').map(toPath);
  }

  update(id: string, patch: LearningPathPatch, options: { share?: boolean } = {}): LearningPath {
    const current = this.require(id);
    const changes: Record<string, unknown> = {};
    if (patch.title !== undefined && validatePathTitle(patch.title) !== current.title) changes.title = validatePathTitle(patch.title);
    if (patch.description !== undefined && validatePathDescription(patch.description) !== current.description) changes.description = redactAll(validatePathDescription(patch.description));
    if (patch.team !== undefined) {
      const team = validateOptionalName('team', patch.team) ?? null;
      if (team !== (current.team ?? null)) changes.team = team;
    }
    if (patch.startHere !== undefined && patch.startHere !== current.startHere) changes.startHere = patch.startHere;
    const visibility = patch.visibility === undefined ? current.visibility : validateVisibility(patch.visibility);
    if (Object.keys(changes).length === 0 && visibility === current.visibility) return current;
    if (current.visibility === 'private' && visibility === 'team' && !options.share) {
      throw new LoreError(`"${current.title}" is private: sharing it with the team needs the author's confirmation.`,
        'Ask first, then update it with { share: true }: its current state is published, its private history stays here.');
    }
    this.store.write(() => {
      if (current.visibility === 'team' && visibility === 'private') this.store.emit('path', id, { visibility });
      if (Object.keys(changes).length) this.store.emit('path', id, changes);
      if (current.visibility === 'private' && visibility === 'team') this.shareCurrentState(id);
    });
    return this.get(id)!;
  }

  /** Replaces the steps (reordering, editing several at once). */
  setSteps(id: string, steps: NewPathStep[]): LearningPath {
    const current = this.require(id);
    const clean = validatePathSteps(steps.map(withId));
    this.refusePrivateArticleSteps(current.title, current.visibility, current.steps, clean);
    this.store.write(() => this.store.emit('path', id, { steps: clean }));
    return this.get(id)!;
  }

  /** Adds a step at `index` (default: the end). Returns the path and the new step's id. */
  addStep(id: string, step: NewPathStep, index?: number): { path: LearningPath; stepId: string } {
    const path = this.require(id);
    if (path.steps.length >= MAX_PATH_STEPS) throw new ValidationError('steps', `A learning path has at most ${MAX_PATH_STEPS} steps.`);
    const added = validatePathStep(withId(step), path.steps.length);
    const steps = [...path.steps];
    steps.splice(index === undefined ? steps.length : Math.max(0, Math.min(index, steps.length)), 0, added);
    return { path: this.setSteps(id, steps), stepId: added.id };
  }

  /** Moves a step by `offset` places (−1: up, +1: down); at either end it stays. */
  moveStep(id: string, stepId: string, offset: number): LearningPath {
    const path = this.require(id);
    const from = stepIndex(path, stepId);
    const to = Math.max(0, Math.min(path.steps.length - 1, from + offset));
    if (to === from) return path;
    return this.moveStepTo(id, stepId, to);
  }

  /** Moves a step to `index` (drag and drop). */
  moveStepTo(id: string, stepId: string, index: number): LearningPath {
    const path = this.require(id);
    const from = stepIndex(path, stepId);
    const steps = [...path.steps];
    const [step] = steps.splice(from, 1);
    steps.splice(Math.max(0, Math.min(index, steps.length)), 0, step);
    if (steps.every((s, i) => s.id === path.steps[i].id)) return path;
    return this.setSteps(id, steps);
  }

  removeStep(id: string, stepId: string): LearningPath {
    const path = this.require(id);
    stepIndex(path, stepId);
    return this.setSteps(id, path.steps.filter((s) => s.id !== stepId));
  }

  /** Changes one step: its note, title, or (Re-attach Here) where it points. */
  updateStep(id: string, stepId: string, patch: StepPatch): LearningPath {
    const path = this.require(id);
    const index = stepIndex(path, stepId);
    const steps = [...path.steps];
    const merged = { ...steps[index], ...patch, id: stepId, kind: steps[index].kind } as PathStep;
    if (patch.note !== undefined) merged.note = validateStepNote(patch.note);
    steps[index] = validatePathStep(merged, index);
    if (JSON.stringify(steps[index]) === JSON.stringify(path.steps[index])) return path;
    return this.setSteps(id, steps);
  }

  delete(id: string): void {
    this.require(id);
    this.store.write(() => {
      this.store.emit('path', id, { deleted: true });
      this.db.run('DELETE FROM path_progress WHERE path_id = ?', id);
    });
  }

  // --- progress: this person's, on this machine only ---------------------------------------

  progress(id: string): PathProgress | undefined {
    const row = this.db.get<{ path_id: string; step: number; finished: number; updated_at: string }>(
      'SELECT * FROM path_progress WHERE path_id = ?', id);
    return row && { pathId: row.path_id, step: row.step, finished: row.finished === 1, updatedAt: row.updated_at };
  }

  /** Ids of the paths this person has played (any step shown). */
  playedPathIds(): Set<string> {
    return new Set(this.db.all<{ path_id: string }>('SELECT path_id FROM path_progress').map((r) => r.path_id));
  }

  /** Remembers the step shown; never an event, so it never reaches the team folder. */
  setProgress(id: string, step: number): PathProgress {
    const path = this.require(id);
    if (!Number.isInteger(step) || step < 0) throw new ValidationError('step', 'A step number is a whole number from 0.');
    const clamped = Math.min(step, Math.max(0, path.steps.length - 1));
    const before = this.progress(id);
    const finished = (before?.finished ?? false) || (path.steps.length > 0 && clamped === path.steps.length - 1);
    this.store.write(() => this.db.run(
      `INSERT INTO path_progress (path_id, step, finished, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(path_id) DO UPDATE SET step = excluded.step, finished = excluded.finished, updated_at = excluded.updated_at`,
      id, clamped, finished ? 1 : 0, this.store.now()), 'path', id);
    return this.progress(id)!;
  }

  /**
   * A shared path may not gain a step that points at a private article: the step carries the
   * article's title, which would reach teammates (who could not open the article either). Steps
   * the path already had are left alone, so reordering or editing a path made before an article
   * went private still works; sharing a private path checks every step (pathVisibility.ts).
   */
  private refusePrivateArticleSteps(title: string, visibility: Visibility, before: PathStep[], after: PathStep[]): void {
    if (visibility !== 'team') return;
    const had = new Set(before.flatMap((s) => (s.kind === 'article' ? [`${s.id}:${s.articleId}`] : [])));
    const added = after.filter((s) => s.kind === 'article' && !had.has(`${s.id}:${s.articleId}`) && articleVisibility(this.db, s.articleId) === 'private');
    if (!added.length) return;
    const step = added[0];
    throw new LoreError(
      `"${step.kind === 'article' ? step.articleTitle || 'This article' : ''}" is private, so it cannot be a step of "${title}", which your team sees: they would see its title and could not open it.`,
      'Share the article with your team first, or add the step to a private learning path.',
    );
  }

  /** A private path becomes shared: its current state is published; its private history stays here. */
  private shareCurrentState(id: string): void {
    const path = this.require(id);
    const seen = publishedIdsByField(this.db, 'path', id);
    for (const [field, ids] of Object.entries(headIdsOf(this.db, 'path', id))) seen[field] = [...(seen[field] ?? []), ...ids];
    this.store.emit('path', id, {
      title: path.title, description: path.description, team: path.team ?? null, visibility: 'team', startHere: path.startHere,
      steps: path.steps, author: path.author, createdAt: path.createdAt,
    }, seen);
  }
}

/**
 * A step as it may be stored and shared: with an id, and every possible secret masked in its
 * code (the anchor's text and context lines, as review notes and snippets store them) and in its
 * note. Every write of steps goes through here, so a step made from a selection, a CodeTour file
 * or the CLI never carries a key from the code into the team folder.
 */
function withId(step: NewPathStep): PathStep {
  const stored = { ...step, id: step.id ?? newId().slice(0, 16) } as PathStep;
  if (typeof stored.note === 'string') stored.note = redactAll(stored.note);
  if (stored.kind === 'code' && stored.anchor) stored.anchor = maskAnchor(stored.anchor, 'all');
  return stored;
}

function stepIndex(path: LearningPath, stepId: string): number {
  const index = path.steps.findIndex((s) => s.id === stepId);
  if (index < 0) throw new NotFoundError('step', stepId);
  return index;
}
