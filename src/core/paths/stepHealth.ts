import { lineLabel, snippetFreshness, type FreshnessState } from '../articles/snippetFreshness';
import { hasMasks } from '../anchoring/maskedText';
import type { Snippet, TextRange } from '../model';
import type { LearningPath, PathStep } from './pathModel';

/**
 * Where each step of a path is now and whether it still holds what its author meant, in the
 * same states as article snippets (articles/snippetFreshness.ts), so a reader sees one vocabulary:
 *   - `current`: the code is as it was (perhaps moved: `range` says where), the file or folder
 *     exists, the article is on this machine;
 *   - `changed`: the code at the step was rewritten, or Lore is not sure it is the same code;
 *   - `gone`: the code, file, folder or article is not found;
 *   - `elsewhere`: the code step's file is not in this checkout.
 * Code steps go through the anchoring cascade of review notes, batched per file.
 */
export interface StepHealth {
  stepId: string;
  state: FreshnessState;
  /** Code steps: where the code is now (a renamed or other file) else the stored path. File steps: the path. */
  path?: string;
  /** Code steps found: where the code is now (for `changed`, the best guess). */
  range?: TextRange;
  /** Plain English for the reader, e.g. "moved from lines 12–20 to 30–38". */
  reason: string;
}

/** What resolving steps needs to know of the workspace (an adapter: files on disk, open editors). */
export interface StepWorkspace {
  /** A file's text now, or undefined when there is no such file. */
  fileText(path: string): string | undefined;
  /** Whether a workspace-relative path is a file, a folder, or nothing. */
  kindOf(path: string): 'file' | 'directory' | undefined;
  hasArticle(id: string): boolean;
}

/** The health of every step of these paths, by step id, reading each file once. */
export function resolvePathSteps(paths: readonly LearningPath[], workspace: StepWorkspace): Map<string, StepHealth> {
  const result = new Map<string, StepHealth>();
  const codeByFile = new Map<string, Snippet[]>();
  for (const path of paths) {
    path.steps.forEach((step, position) => {
      if (step.kind === 'code') {
        const list = codeByFile.get(step.anchor.path) ?? codeByFile.set(step.anchor.path, []).get(step.anchor.path)!;
        list.push(asSnippet(path.id, step, position));
      } else {
        result.set(step.id, otherStepHealth(step, workspace));
      }
    });
  }
  for (const [file, snippets] of codeByFile) {
    const text = workspace.fileText(file);
    const table = text === undefined ? undefined : new LineStarts(text);
    const rest: Snippet[] = [];
    for (const snippet of snippets) {
      const found = table && exactlyFound(snippet, table);
      if (found) result.set(snippet.id, found);
      else rest.push(snippet);
    }
    for (const f of snippetFreshness(rest, text)) {
      result.set(f.snippetId, { stepId: f.snippetId, state: f.state, path: f.path, ...(f.range ? { range: f.range } : {}), reason: f.reason });
    }
  }
  return result;
}

/**
 * The quick answer most steps get on open: the code is exactly where it was, or exactly once
 * elsewhere in its file (moved, nothing else changed, so the cascade would re-attach it the same
 * way). Anything else (edited, copied, masked, gone) goes through the whole cascade.
 */
function exactlyFound(snippet: Snippet, table: LineStarts): StepHealth | undefined {
  const anchor = snippet.anchor;
  if (!anchor.text.trim() || hasMasks(anchor.text)) return undefined;
  const text = table.text;
  const stored = table.offsetAt(anchor.range.startLine, anchor.range.startCharacter);
  // Where it was (the cascade's first step keeps it there too), else its one exact copy in the file.
  const here = stored !== undefined && text.startsWith(anchor.text, stored);
  const first = here ? stored : text.indexOf(anchor.text);
  if (first < 0 || (!here && text.indexOf(anchor.text, first + 1) >= 0)) return undefined;
  const start = table.positionAt(first);
  const end = table.positionAt(first + anchor.text.length);
  if (start.character !== anchor.range.startCharacter) return undefined;
  const range = { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character };
  const moved = range.startLine !== anchor.range.startLine;
  return {
    stepId: snippet.id, state: 'current', path: anchor.path, range,
    reason: moved ? `moved from ${lineLabel(anchor.range)} to ${lineLabel(range).replace(/^lines? /, '')}` : 'unchanged',
  };
}

/** Where each line of a text starts, for turning offsets into positions and back. */
class LineStarts {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  offsetAt(line: number, character: number): number | undefined {
    if (line >= this.starts.length) return undefined;
    const end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length + 1;
    const offset = this.starts[line] + character;
    return offset < end ? offset : undefined;
  }

  positionAt(offset: number): { line: number; character: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }
}

function otherStepHealth(step: Exclude<PathStep, { kind: 'code' }>, workspace: StepWorkspace): StepHealth {
  if (step.kind === 'article') {
    return workspace.hasArticle(step.articleId)
      ? { stepId: step.id, state: 'current', reason: 'the article is here' }
      : { stepId: step.id, state: 'gone', reason: `the article "${step.articleTitle || step.articleId}" is not on this machine (deleted, private, or not synced yet)` };
  }
  const kind = workspace.kindOf(step.path);
  const wanted = step.directory ? 'directory' : 'file';
  if (kind === wanted) return { stepId: step.id, state: 'current', path: step.path, reason: `the ${step.directory ? 'folder' : 'file'} is here` };
  return { stepId: step.id, state: 'gone', path: step.path, reason: `${step.path} is not ${step.directory ? 'a folder' : 'a file'} in this workspace` };
}

/** A code step read as an article snippet whose code is the anchored text: same cascade, same states. */
function asSnippet(pathId: string, step: Extract<PathStep, { kind: 'code' }>, position: number): Snippet {
  return { id: step.id, articleId: pathId, position, code: step.anchor.text, language: 'plaintext', anchor: step.anchor, anchorState: 'attached' };
}
