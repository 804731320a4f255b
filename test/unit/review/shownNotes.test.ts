import { strict as assert } from 'node:assert';
import type { ReviewThread } from '../../../src/core/model';
import { ShownNotes } from '../../../src/core/review/shownNotes';
import { makeThread } from './threadFixtures';

const at = (startLine: number, endLine: number) => ({ startLine, startCharacter: 0, endLine, endCharacter: 1 });
const doc = 'file:///work/src/cache.ts';
const other = 'file:///work/src/other.ts';
/** Typing `n` new lines at the top of the document. */
const linesAbove = (n: number) => [{ range: { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 }, text: '\n'.repeat(n) }];
/** Replacing lines `from`..`to` wholesale (a paste over the code, a formatter). */
const replaceLines = (from: number, to: number) => [{ range: { startLine: from, startCharacter: 0, endLine: to, endCharacter: 0 }, text: 'other();\n' }];

function shownAt(notes: ShownNotes, thread: ReviewThread, state: ReviewThread['anchorState'] = 'attached', key = doc) {
  return notes.place(key, thread, { range: thread.anchor.range, state, persist: 'none' })!;
}

describe('review notes shown in open documents (the review controller\'s state)', () => {
  it('moves a note with lines typed above it and saves the new place once, when typing stops', () => {
    const notes = new ShownNotes();
    const shown = shownAt(notes, makeThread({ range: at(10, 13) }));
    const { moved, saveLater } = notes.edit(doc, linesAbove(2));
    assert.deepEqual(moved.map((n) => n.range), [at(12, 15)]);
    assert.ok(saveLater);
    assert.deepEqual(notes.takeSaves(doc).persist, [shown]);
    assert.deepEqual(notes.takeSaves(doc), { persist: [], resolve: [] }, 'saved once');
  });

  it('never saves a place typing gave a note that needs review or is orphaned (a guess stays a guess)', () => {
    const notes = new ShownNotes();
    const guessed = shownAt(notes, makeThread({ range: at(10, 13) }), 'needsReview');
    const orphan = shownAt(notes, makeThread({ range: at(30, 31) }), 'orphaned');
    const { moved } = notes.edit(doc, linesAbove(1));
    assert.deepEqual(moved, [guessed, orphan], 'shown where its code went');
    assert.deepEqual(notes.takeSaves(doc), { persist: [], resolve: [] });
  });

  it('keeps a place moved by typing when the store refreshes before it is saved (a reply, a sync)', () => {
    const notes = new ShownNotes();
    const thread = makeThread({ range: at(10, 13) });
    shownAt(notes, thread);
    notes.edit(doc, linesAbove(3));
    const replied = { ...thread, anchorState: 'needsReview' as const, anchorNote: 'from another window', comments: [...thread.comments, { ...thread.comments[0], id: 'reply' }] };
    const { removed, fresh, updated } = notes.reconcile(doc, [replied]);
    assert.deepEqual([removed, fresh], [[], []]);
    assert.equal(updated[0].range.startLine, 13, 'not moved back to the stored place');
    assert.equal(updated[0].state, 'attached', 'not changed by a state written before the move');
    assert.equal(updated[0].data.comments.length, 2, 'the reply shows');
  });

  it('takes a state the store changed when nothing is unsaved here', () => {
    const notes = new ShownNotes();
    const thread = makeThread({ range: at(10, 13) });
    shownAt(notes, thread);
    const { updated } = notes.reconcile(doc, [{ ...thread, anchorState: 'orphaned', anchorNote: 'code deleted' }]);
    assert.equal(updated[0].state, 'orphaned');
    assert.equal(updated[0].note, 'code deleted');
  });

  it('places a note again when it was re-attached elsewhere, unless it has an unsaved place here', () => {
    const notes = new ShownNotes();
    const thread = makeThread({ range: at(10, 13) });
    shownAt(notes, thread);
    const reattached = { ...thread, anchor: { ...thread.anchor, range: at(40, 42) } };
    const first = notes.reconcile(doc, [reattached]);
    assert.deepEqual([first.removed, first.fresh.map((t) => t.id)], [[thread.id], [thread.id]]);
    assert.equal(notes.has(thread.id), false, 'its old thread goes');

    const typed = makeThread({ range: at(5, 6) });
    shownAt(notes, typed);
    notes.edit(doc, linesAbove(1));
    const second = notes.reconcile(doc, [reattached, { ...typed, anchor: { ...typed.anchor, range: at(50, 51) } }]);
    assert.ok(!second.removed.includes(typed.id), 'the place typed here wins until it is saved');
  });

  it('drops notes the store no longer has for the document, and only those', () => {
    const notes = new ShownNotes();
    const kept = makeThread({ range: at(1, 2) });
    const deleted = makeThread({ range: at(5, 6) });
    const elsewhere = makeThread({ range: at(5, 6), path: 'src/other.ts' });
    shownAt(notes, kept);
    shownAt(notes, deleted);
    shownAt(notes, elsewhere, 'attached', other);
    const { removed } = notes.reconcile(doc, [kept]);
    assert.deepEqual(removed, [deleted.id]);
    assert.ok(notes.has(elsewhere.id), 'another document\'s note stays');
    assert.equal(notes.place(doc, kept, { range: at(1, 2), state: 'attached', persist: 'none' }), undefined, 'never shown twice');
  });

  it('finds a note again once typing stops when its code was replaced wholesale, and then takes that place', () => {
    const notes = new ShownNotes();
    const shown = shownAt(notes, makeThread({ range: at(10, 13) }));
    const { saveLater } = notes.edit(doc, replaceLines(9, 15));
    assert.ok(saveLater);
    assert.ok(shown.needsResolve);
    const saves = notes.takeSaves(doc);
    assert.deepEqual([saves.persist, saves.resolve], [[], [shown]], 'resolved again, not saved where the shift guessed');
    notes.resolved(shown, { range: at(20, 23), state: 'moved', note: 'moved 10 lines down', persist: 'anchor' });
    assert.deepEqual([shown.range, shown.state, shown.needsResolve, shown.unsaved], [at(20, 23), 'moved', false, false]);
  });

  it('finds every note of a file reloaded from disk again, whatever its state', () => {
    const notes = new ShownNotes();
    const a = shownAt(notes, makeThread({ range: at(1, 2) }), 'orphaned');
    const b = shownAt(notes, makeThread({ range: at(5, 6) }), 'needsReview');
    shownAt(notes, makeThread({ range: at(5, 6) }), 'attached', other);
    notes.markForResolve(doc);
    assert.deepEqual(notes.pendingResolve(doc), [a, b]);
  });

  it('forgets a closed document\'s notes, unsaved places included', () => {
    const notes = new ShownNotes();
    const shown = shownAt(notes, makeThread({ range: at(10, 13) }));
    notes.edit(doc, linesAbove(1));
    assert.deepEqual(notes.closeDocument(doc), [shown]);
    assert.equal(notes.has(shown.data.id), false);
    assert.deepEqual(notes.takeSaves(doc), { persist: [], resolve: [] });
  });

  it('compares later refreshes with the anchor it saved, so its own save does not re-place the note', () => {
    const notes = new ShownNotes();
    const thread = makeThread({ range: at(10, 13) });
    const shown = shownAt(notes, thread);
    notes.edit(doc, linesAbove(2));
    notes.takeSaves(doc);
    const saved = { ...thread.anchor, range: at(12, 15) };
    notes.anchorSaved(shown, saved);
    const { removed, fresh } = notes.reconcile(doc, [{ ...thread, anchor: saved }]);
    assert.deepEqual([removed, fresh], [[], []]);
  });
});
