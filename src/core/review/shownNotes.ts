import { shiftAnchorForEdits, type ContentChange } from '../anchoring/shiftForEdit';
import { canonicalJson } from '../hash';
import type { Anchor, AnchorState, ReviewThread, TextRange } from '../model';
import { sameRange, tracksEdits, type Placement } from './placement';

/**
 * A stored note shown in an open document, as Lore tracks it: VS Code moves comment threads on
 * screen but never tells the extension where they went, so Lore keeps the place itself.
 */
export interface ShownNote {
  data: ReviewThread;
  /** The document (its URI as a string) the note is shown in. */
  documentKey: string;
  /** Where the note is now in the live document. */
  range: TextRange;
  state: AnchorState;
  note?: string;
  /** The stored anchor this place came from, to notice re-attachments made elsewhere. */
  anchorKey: string;
  /** The range moved by typing since it was last saved. */
  unsaved: boolean;
  /** An edit replaced the anchored code wholesale: find it again once typing stops. */
  needsResolve: boolean;
}

/** What a store refresh means for one document's notes. */
export interface Reconciliation {
  /** Notes no longer stored for the document, or re-attached elsewhere: their threads go. */
  removed: string[];
  /** Notes to resolve against the text and place (new ones, and re-attached ones). */
  fresh: ReviewThread[];
  /** Notes still shown whose data (comments, state) may have changed: redraw them. */
  updated: ShownNote[];
}

/** What saving a document's note places means, once typing stops or on save. */
export interface PendingSaves {
  /** Notes moved by typing: save a fresh anchor at their range. */
  persist: ShownNote[];
  /** Notes whose code was replaced: resolve them again from their stored anchor. */
  resolve: ShownNote[];
}

/** The key that tells whether two anchors are the same stored place. */
export function anchorKey(anchor: Anchor): string {
  return canonicalJson(anchor);
}

/**
 * The review notes shown in open documents and the rules by which their places change, without
 * VS Code (the review controller adapts this to comment threads and timers). The rules:
 *
 * - typing moves a note with its code; only a note known to sit on its code (attached or moved)
 *   gets its new place saved, a guess or an old place is never saved by typing;
 * - a place moved by typing and not yet saved wins over the store: a refresh in between (a
 *   reply, a sync) neither moves the note back nor changes its state;
 * - a note re-attached elsewhere (its stored anchor changed) is placed again from scratch,
 *   unless it has an unsaved place here;
 * - an edit that replaces the anchored code wholesale marks the note to be found again when
 *   typing stops, instead of guessing from the shift.
 */
export class ShownNotes {
  private readonly notes = new Map<string, ShownNote>();
  private readonly byDocument = new Map<string, Set<string>>();

  get(id: string): ShownNote | undefined {
    return this.notes.get(id);
  }

  has(id: string): boolean {
    return this.notes.has(id);
  }

  all(): ShownNote[] {
    return [...this.notes.values()];
  }

  /** The notes shown in one document. */
  inDocument(documentKey: string): ShownNote[] {
    return [...(this.byDocument.get(documentKey) ?? [])].map((id) => this.notes.get(id)!);
  }

  /** Whether a document shows any note (asked on every keystroke: no list is built). */
  hasNotesIn(documentKey: string): boolean {
    return (this.byDocument.get(documentKey)?.size ?? 0) > 0;
  }

  /** Compares what the store holds for a document with what is shown (see `Reconciliation`). */
  reconcile(documentKey: string, stored: readonly ReviewThread[]): Reconciliation {
    const ids = new Set(stored.map((t) => t.id));
    const removed = this.inDocument(documentKey).filter((n) => !ids.has(n.data.id)).map((n) => n.data.id);
    const fresh: ReviewThread[] = [];
    const updated: ShownNote[] = [];
    for (const thread of stored) {
      const shown = this.notes.get(thread.id);
      if (!shown) {
        fresh.push(thread);
      } else if (anchorKey(thread.anchor) !== shown.anchorKey && !shown.unsaved) {
        removed.push(thread.id);
        fresh.push(thread);
      } else {
        shown.data = thread;
        if (thread.anchorState !== shown.state && !shown.unsaved) {
          shown.state = thread.anchorState;
          shown.note = thread.anchorNote;
        }
        updated.push(shown);
      }
    }
    for (const id of removed) this.remove(id);
    return { removed, fresh, updated };
  }

  /** Shows a note at the place re-anchoring decided; undefined when it is already shown. */
  place(documentKey: string, thread: ReviewThread, placement: Placement): ShownNote | undefined {
    if (this.notes.has(thread.id)) return undefined;
    const shown: ShownNote = {
      data: thread,
      documentKey,
      range: placement.range,
      state: placement.state,
      note: placement.note,
      anchorKey: anchorKey(thread.anchor),
      unsaved: false,
      needsResolve: false,
    };
    this.notes.set(thread.id, shown);
    let ids = this.byDocument.get(documentKey);
    if (!ids) this.byDocument.set(documentKey, (ids = new Set()));
    ids.add(thread.id);
    return shown;
  }

  /**
   * Moves a document's notes with an edit. `moved` lists the notes whose range changed;
   * `saveLater` says whether a save of places is due once typing stops.
   */
  edit(documentKey: string, changes: readonly ContentChange[]): { moved: ShownNote[]; saveLater: boolean } {
    const moved: ShownNote[] = [];
    const notes = this.inDocument(documentKey);
    for (const shown of notes) {
      const shifted = shiftAnchorForEdits(shown.range, changes);
      if (shifted.needsResolve && tracksEdits(shown.state)) shown.needsResolve = true;
      if (sameRange(shifted.range, shown.range)) continue;
      shown.range = shifted.range;
      if (tracksEdits(shown.state)) shown.unsaved = true;
      moved.push(shown);
    }
    const saveLater = moved.length > 0 || notes.some((n) => n.needsResolve);
    return { moved, saveLater };
  }

  /** The saves due for a document; the notes to persist are marked saved. */
  takeSaves(documentKey: string): PendingSaves {
    const persist: ShownNote[] = [];
    const resolve: ShownNote[] = [];
    for (const shown of this.inDocument(documentKey)) {
      if (shown.needsResolve) resolve.push(shown);
      else if (shown.unsaved) {
        shown.unsaved = false;
        persist.push(shown);
      }
    }
    return { persist, resolve };
  }

  /** Every note of a document is to be found again (the file was reloaded from disk). */
  markForResolve(documentKey: string): void {
    for (const shown of this.inDocument(documentKey)) shown.needsResolve = true;
  }

  /** The notes of a document still waiting to be found again. */
  pendingResolve(documentKey: string): ShownNote[] {
    return this.inDocument(documentKey).filter((n) => n.needsResolve);
  }

  /** A note was found again: it takes the new place and state, with nothing left unsaved. */
  resolved(shown: ShownNote, placement: Placement): void {
    shown.needsResolve = false;
    shown.unsaved = false;
    shown.range = placement.range;
    shown.state = placement.state;
    shown.note = placement.note;
  }

  /** A fresh anchor was saved for the note: later refreshes compare against it. */
  anchorSaved(shown: ShownNote, anchor: Anchor): void {
    shown.anchorKey = anchorKey(anchor);
  }

  remove(id: string): ShownNote | undefined {
    const shown = this.notes.get(id);
    if (!shown) return undefined;
    this.notes.delete(id);
    this.byDocument.get(shown.documentKey)?.delete(id);
    return shown;
  }

  /** The document closed: its notes stop being shown (unsaved places are gone with it). */
  closeDocument(documentKey: string): ShownNote[] {
    const notes = this.inDocument(documentKey);
    for (const shown of notes) this.notes.delete(shown.data.id);
    this.byDocument.delete(documentKey);
    return notes;
  }

  clear(): void {
    this.notes.clear();
    this.byDocument.clear();
  }
}
