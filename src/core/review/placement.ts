import type { AnchorResolution } from '../anchoring/resolveAnchor';
import type { AnchorState, ReviewThread, TextRange } from '../model';

/** What re-anchoring said about one note: the parts of `anchoring`'s resolution used here. */
export type ResolutionOutcome = Pick<AnchorResolution, 'state' | 'range' | 'confidence'> & { note?: string };

/** Where to show a note in an open document, and what to remember about it on this machine. */
export interface Placement {
  /** Where the thread is shown. */
  range: TextRange;
  state: AnchorState;
  note?: string;
  /**
   * What to write to the store: `none` (nothing new), `state` (state and note only, the
   * anchor stays where it was: a guess is never saved as the note's place), or `anchor`
   * (state, note and a fresh local anchor at `range`).
   */
  persist: 'none' | 'state' | 'anchor';
}

/**
 * Decides how to show a note after resolving its anchor against the open document, keeping
 * the states honest: a confident new place is saved (moved); a guess is shown with its label
 * but not saved (needs review); code that is gone leaves the note at its old place (orphaned).
 * `lineCount` clamps old places to the document.
 */
export function decidePlacement(
  thread: Pick<ReviewThread, 'anchor' | 'anchorState' | 'anchorNote'>,
  resolution: ResolutionOutcome,
  lineCount: number,
): Placement {
  const old = clampToLines(thread.anchor.range, lineCount);
  switch (resolution.state) {
    case 'attached': {
      const range = resolution.range ?? old;
      const samePlace = sameRange(range, thread.anchor.range);
      // A note that moved earlier and is found at its new place stays "moved", with its note.
      if (samePlace && thread.anchorState === 'moved') return { range, state: 'moved', note: thread.anchorNote, persist: 'none' };
      if (samePlace && thread.anchorState === 'attached' && !thread.anchorNote) return { range, state: 'attached', persist: 'none' };
      return { range, state: 'attached', persist: samePlace ? 'state' : 'anchor' };
    }
    case 'moved': {
      const range = resolution.range ?? old;
      return { range, state: 'moved', note: resolution.note, persist: 'anchor' };
    }
    case 'needsReview': {
      const range = resolution.range ?? old;
      const unchanged = thread.anchorState === 'needsReview' && (thread.anchorNote ?? '') === (resolution.note ?? '');
      return { range, state: 'needsReview', note: resolution.note, persist: unchanged ? 'none' : 'state' };
    }
    case 'orphaned': {
      const unchanged = thread.anchorState === 'orphaned' && (thread.anchorNote ?? '') === (resolution.note ?? '');
      return { range: old, state: 'orphaned', note: resolution.note, persist: unchanged ? 'none' : 'state' };
    }
  }
}

/**
 * True when live edits may save a note's new place: only for notes known to sit on their code.
 * A note shown at a guess (needs review) or at its old place (orphaned) keeps its stored anchor
 * until someone re-attaches it.
 */
export function tracksEdits(state: AnchorState): boolean {
  return state === 'attached' || state === 'moved';
}

export function sameRange(a: TextRange, b: TextRange): boolean {
  return a.startLine === b.startLine && a.startCharacter === b.startCharacter && a.endLine === b.endLine && a.endCharacter === b.endCharacter;
}

/** A range moved inside a document of `lineCount` lines (characters are clamped by the editor). */
export function clampToLines(range: TextRange, lineCount: number): TextRange {
  const last = Math.max(0, lineCount - 1);
  const startLine = Math.min(range.startLine, last);
  const endLine = Math.max(startLine, Math.min(range.endLine, last));
  return {
    startLine,
    startCharacter: range.startLine > last ? 0 : range.startCharacter,
    endLine,
    endCharacter: range.endLine > last ? 0 : range.endCharacter,
  };
}

/** What Re-attach Here knows when it is chosen. */
export interface ReattachRequest {
  /** Chosen from the note's own thread (its title), not from the tree or the palette. */
  fromThread: boolean;
  /** The editor's selection, when it is not empty. */
  selection?: TextRange;
  /** The cursor's whole line. */
  cursorLine: TextRange;
  /** Where the note is shown in this editor and in which state, if it is shown here. */
  shown?: { range: TextRange; state: AnchorState };
}

/**
 * Where Re-attach Here puts a note, or undefined when the user must select the code first.
 * A note that needs review is shown at Lore's best guess: from its own thread the action accepts
 * that guess (whatever else is selected), from elsewhere a selection says where and no selection
 * means the guess. An orphaned note has no guess: its old place holds other code, so only a
 * selection will do. Otherwise the selection, the note's shown place, or the cursor's line.
 */
export function reattachTarget(request: ReattachRequest): TextRange | undefined {
  const { shown, selection } = request;
  if (shown?.state === 'needsReview' && (request.fromThread || !selection)) return shown.range;
  if (selection) return selection;
  if (shown?.state === 'orphaned') return undefined;
  return shown?.range ?? request.cursorLine;
}
