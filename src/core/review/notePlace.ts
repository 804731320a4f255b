import type { AnchorState, ReviewThread, TextRange } from '../model';

/**
 * Where the comment controller shows a note in an open document right now: after re-anchoring
 * (on open, after a reload from disk, after code was replaced while typing) and after every
 * edit since. For a note that needs review this is the best guess, not the stored anchor.
 */
export interface LivePlace {
  range: TextRange;
  state: AnchorState;
  note?: string;
}

/** Where a note is and in which state: the one answer the tree, the CodeLens and the thread show. */
export interface NotePlace extends LivePlace {
  /** True when it comes from the open document; false: the last place stored on this machine. */
  live: boolean;
}

/**
 * The single source of truth for a note's place. While its file is open the controller's live
 * place wins over the store: the store keeps the anchor the note was written on (a guess is
 * never saved as the note's place, and moves made while typing are saved only after a pause),
 * so reading `anchor.range` there is what once made the tree say "line 31" while the thread sat
 * on line 13. With the file closed, the last place found on this machine is all there is.
 */
export function notePlace(thread: Pick<ReviewThread, 'anchor' | 'anchorState' | 'anchorNote'>, live?: LivePlace): NotePlace {
  if (live) return { range: live.range, state: live.state, ...(live.note !== undefined ? { note: live.note } : {}), live: true };
  return { range: thread.anchor.range, state: thread.anchorState, ...(thread.anchorNote !== undefined ? { note: thread.anchorNote } : {}), live: false };
}

/** The thread with its state and note as they stand at `place`, for labels built from a thread. */
export function atPlace<T extends Pick<ReviewThread, 'anchorState' | 'anchorNote'>>(thread: T, place: Pick<NotePlace, 'state' | 'note'>): T {
  const copy: T = { ...thread, anchorState: place.state };
  if (place.note === undefined) delete copy.anchorNote;
  else copy.anchorNote = place.note;
  return copy;
}
