import { slugify } from '../articles/articleDocument';
import type { LearningPath } from './pathModel';

/**
 * Where a learning path's texts open as Markdown documents (`lore:` URIs), like articles
 * (articles/articleEditorPath.ts): the path VS Code shows in the tab and breadcrumbs is readable
 * (`/paths/onboarding/step-3.md`, `/paths/onboarding/description.md`); the ids that decide what
 * is saved ride in the query. A step is named by its id, not its number, so a step moved while
 * its note is open still saves into that step.
 */
export type PathDocument =
  | { kind: 'step'; pathId: string; stepId: string }
  | { kind: 'description'; pathId: string };

export const PATHS_FOLDER = 'paths';

export function stepEditorPath(path: Pick<LearningPath, 'id' | 'title'>, stepId: string, index: number): { path: string; query: string } {
  return { path: `/${PATHS_FOLDER}/${pathSlug(path.title)}/step-${index + 1}.md`, query: new URLSearchParams({ path: path.id, step: stepId }).toString() };
}

export function descriptionEditorPath(path: Pick<LearningPath, 'id' | 'title'>): { path: string; query: string } {
  return { path: `/${PATHS_FOLDER}/${pathSlug(path.title)}/description.md`, query: new URLSearchParams({ path: path.id }).toString() };
}

const ID = /^[A-Za-z0-9_-]{1,128}$/;

/** What a `lore:/paths/…` document is, or undefined for anything else. */
export function pathDocumentOf(uriPath: string, query: string): PathDocument | undefined {
  const match = /^\/paths\/[^/]+\/(step-\d+|description)\.md$/.exec(uriPath);
  if (!match) return undefined;
  const params = new URLSearchParams(query);
  const pathId = params.get('path');
  if (!pathId || !ID.test(pathId)) return undefined;
  if (match[1] === 'description') return { kind: 'description', pathId };
  const stepId = params.get('step');
  return stepId && ID.test(stepId) ? { kind: 'step', pathId, stepId } : undefined;
}

/** A note or description as its document shows it: the text, ending with a newline. */
export function formatPathText(text: string): string {
  return text ? `${text.replace(/\s+$/, '')}\n` : '';
}

/** A saved document as the note or description stored: trailing blank lines and spaces dropped. */
export function parsePathText(document: string): string {
  return document.replace(/\r\n/g, '\n').replace(/\s+$/, '');
}

function pathSlug(title: string): string {
  return slugify(title) === 'article' && !/article/i.test(title) ? 'path' : slugify(title);
}
