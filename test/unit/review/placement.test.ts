import { strict as assert } from 'node:assert';
import { createAnchor, resolveAnchor, shiftAnchorForEdits } from '../../../src/core/anchoring';
import type { ReviewThread } from '../../../src/core/model';
import { clampToLines, decidePlacement, reattachTarget, tracksEdits } from '../../../src/core/review/placement';
import { makeThread } from './threadFixtures';

const at = (startLine: number, endLine: number) => ({ startLine, startCharacter: 0, endLine, endCharacter: 0 });

describe('placing review notes in an open document', () => {
  const thread = makeThread({ range: at(10, 13) });

  it('leaves a note found where it was alone', () => {
    assert.deepEqual(decidePlacement(thread, { state: 'attached', range: at(10, 13), confidence: 1 }, 100), { range: at(10, 13), state: 'attached', persist: 'none' });
  });

  it('saves a confident new place with what changed', () => {
    const p = decidePlacement(thread, { state: 'moved', range: at(20, 23), confidence: 0.95, note: 'moved 10 lines down' }, 100);
    assert.deepEqual(p, { range: at(20, 23), state: 'moved', note: 'moved 10 lines down', persist: 'anchor' });
  });

  it('shows a guess but never saves it as the note\'s place', () => {
    const p = decidePlacement(thread, { state: 'needsReview', range: at(40, 43), confidence: 0.5, note: 'best guess' }, 100);
    assert.equal(p.persist, 'state');
    assert.deepEqual(p.range, at(40, 43));
    assert.equal(p.state, 'needsReview');
    const again = decidePlacement({ ...thread, anchorState: 'needsReview', anchorNote: 'best guess' }, { state: 'needsReview', range: at(40, 43), confidence: 0.5, note: 'best guess' }, 100);
    assert.equal(again.persist, 'none', 'nothing new to write the second time');
  });

  it('keeps an orphaned note at its old place, inside the document', () => {
    const p = decidePlacement(makeThread({ range: at(90, 95) }), { state: 'orphaned', confidence: 0, note: 'gone' }, 50);
    assert.equal(p.state, 'orphaned');
    assert.equal(p.persist, 'state');
    assert.deepEqual(p.range, { startLine: 49, startCharacter: 0, endLine: 49, endCharacter: 0 });
  });

  it('keeps "moved" for a note found again at the place it moved to', () => {
    const moved = { ...thread, anchorState: 'moved' as const, anchorNote: 'moved 3 lines down' };
    const p = decidePlacement(moved, { state: 'attached', range: at(10, 13), confidence: 1 }, 100);
    assert.deepEqual(p, { range: at(10, 13), state: 'moved', note: 'moved 3 lines down', persist: 'none' });
  });

  it('clears a doubt once the code is found exactly where the note is', () => {
    const doubtful = { ...thread, anchorState: 'needsReview' as const, anchorNote: 'best guess' };
    assert.equal(decidePlacement(doubtful, { state: 'attached', range: at(10, 13), confidence: 1 }, 100).persist, 'state');
  });

  it('tracks typing only for notes known to be on their code', () => {
    assert.deepEqual(['attached', 'moved', 'needsReview', 'orphaned'].map((s) => tracksEdits(s as never)), [true, true, false, false]);
  });

  it('clamps ranges to the document', () => {
    assert.deepEqual(clampToLines({ startLine: 3, startCharacter: 2, endLine: 8, endCharacter: 4 }, 6), { startLine: 3, startCharacter: 2, endLine: 5, endCharacter: 0 });
    assert.deepEqual(clampToLines({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 }, 0), { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 });
  });

  describe('with the anchoring core, as the controller uses it', () => {
    const lines = ['import x from "y";', '', 'export function total(items) {', '  let sum = 0;', '  for (const i of items) sum += i.price;', '  return sum;', '}', ''];
    const text = lines.join('\n');
    const anchor = createAnchor(text, { startLine: 2, startCharacter: 0, endLine: 7, endCharacter: 0 }, { path: 'src/cart.ts' });
    const stored: ReviewThread = makeThread({ anchor });

    it('follows a note when lines are added above it, then finds it there after reopening', () => {
      const inserted = '// a\n// b\n// c\n';
      const shifted = shiftAnchorForEdits(anchor.range, [{ range: { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 0 }, text: inserted }]);
      assert.equal(shifted.needsResolve, false);
      assert.equal(shifted.range.startLine, 5);
      const edited = [lines[0], '// a', '// b', '// c', ...lines.slice(1)].join('\n');
      // Reopened without the saved position: resolution from the old anchor says it moved.
      const placement = decidePlacement(stored, resolveAnchor(anchor, edited), edited.split('\n').length);
      assert.equal(placement.state, 'moved');
      assert.equal(placement.range.startLine, 5);
      assert.match(placement.note ?? '', /moved 3 lines down/);
      assert.equal(placement.persist, 'anchor');
    });

    it('orphans a note whose code was deleted, keeping its old place', () => {
      const gone = [lines[0], '', 'export const unrelated = 42;', ''].join('\n');
      const placement = decidePlacement(stored, resolveAnchor(anchor, gone), 4);
      assert.equal(placement.state, 'orphaned');
      assert.equal(placement.range.startLine, 2);
    });
  });
});

describe('where Re-attach Here puts a note', () => {
  const guess = at(12, 16);
  const selected = at(40, 42);
  const cursorLine = { startLine: 7, startCharacter: 0, endLine: 7, endCharacter: 20 };

  it('accepts the best guess of a note that needs review from its own thread, even with other code selected', () => {
    assert.deepEqual(reattachTarget({ fromThread: true, selection: selected, cursorLine, shown: { range: guess, state: 'needsReview' } }), guess);
    assert.deepEqual(reattachTarget({ fromThread: true, cursorLine, shown: { range: guess, state: 'needsReview' } }), guess);
  });

  it('from the tree or the palette: the selection says where, no selection means the guess', () => {
    assert.deepEqual(reattachTarget({ fromThread: false, selection: selected, cursorLine, shown: { range: guess, state: 'needsReview' } }), selected);
    assert.deepEqual(reattachTarget({ fromThread: false, cursorLine, shown: { range: guess, state: 'needsReview' } }), guess);
  });

  it('never attaches an orphaned note to the other code now at its old place: a selection is needed', () => {
    assert.equal(reattachTarget({ fromThread: true, cursorLine, shown: { range: at(30, 34), state: 'orphaned' } }), undefined);
    assert.deepEqual(reattachTarget({ fromThread: true, selection: selected, cursorLine, shown: { range: at(30, 34), state: 'orphaned' } }), selected);
  });

  it('a note shown elsewhere (or not at all) goes to the selection or the cursor line', () => {
    assert.deepEqual(reattachTarget({ fromThread: false, cursorLine }), cursorLine);
    assert.deepEqual(reattachTarget({ fromThread: false, selection: selected, cursorLine }), selected);
    assert.deepEqual(reattachTarget({ fromThread: true, cursorLine, shown: { range: guess, state: 'attached' } }), guess);
  });
});
