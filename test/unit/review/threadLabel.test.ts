import { strict as assert } from 'node:assert';
import { describeMove, isOutdated, placementDetail, placementText, repliesText, stripInlineMarkdown, threadLabel, threadSummary, wasEdited, whereItWas } from '../../../src/core/review/threadLabel';
import { allKinds, kindInfo } from '../../../src/core/review/threadKinds';
import { makeThread } from './threadFixtures';

describe('review thread labels', () => {
  it('names the kind and the state of a note that sits where it was made', () => {
    assert.equal(threadLabel(makeThread({ kind: 'bug', state: 'open' })), '🐞 Bug · open');
    assert.equal(threadLabel(makeThread({ kind: 'nit', state: 'resolved' })), '🧹 Nit · resolved');
  });

  it('says how a note moved', () => {
    const label = threadLabel(makeThread({ kind: 'suggestion', anchorState: 'moved', anchorNote: 'moved 3 lines down' }));
    assert.equal(label, '💡 Suggestion · open — moved 3 lines down; re-attached automatically');
    assert.equal(placementText(makeThread({ anchorState: 'moved', anchorNote: 'found in src/b.ts (moved from src/a.ts)' })), 'moved: found in src/b.ts (moved from src/a.ts)');
    assert.equal(placementText(makeThread({ anchorState: 'moved' })), 'moved');
    assert.equal(placementText(makeThread({ anchorState: 'moved', anchorNote: 'unchanged' })), 'moved');
    const long = `moved 300 lines down, ${'edited '.repeat(10)}`;
    assert.equal(placementText(makeThread({ anchorState: 'moved', anchorNote: long })), 'moved');
    assert.equal(placementDetail(makeThread({ anchorState: 'moved', anchorNote: long })), long.trim());
  });

  it('never shows a doubtful place as if it were sure', () => {
    const thread = makeThread({ anchorState: 'needsReview', anchorNote: 'Not sure where this code went: best guess is lines 40-44 (only 62% of the code matches).' });
    assert.equal(threadLabel(thread), '🐞 Bug · open — needs review: not sure this is its code');
    assert.equal(placementDetail(thread), 'needs review: Not sure where this code went: best guess is lines 40-44 (only 62% of the code matches).');
    assert.match(placementDetail(makeThread({ anchorState: 'needsReview' })), /needs review: the code here changed/);
  });

  it('says when the note needs review because its code was rewritten in place', () => {
    const note = 'The code changed: edited (80% the same); now at lines 4-6. Check that the note still fits, then re-attach it there.';
    const thread = makeThread({ anchorState: 'needsReview', anchorNote: note });
    assert.equal(threadLabel(thread), '🐞 Bug · open — needs review: the code here changed');
    assert.equal(placementText(thread), 'code changed, needs review');
    assert.equal(placementDetail(thread), `needs review: ${note}`);
  });

  it('keeps where an orphaned note was', () => {
    const thread = makeThread({ anchorState: 'orphaned', path: 'src/old.ts', range: { startLine: 4, startCharacter: 0, endLine: 9, endCharacter: 0 } });
    assert.equal(placementText(thread), 'orphaned (was at lines 5-9 of src/old.ts)');
    assert.equal(placementDetail(thread), 'orphaned: the code it was on is gone (was at lines 5-9 of src/old.ts)');
    assert.equal(threadLabel(thread), '🐞 Bug · open — orphaned: its code is no longer in this file');
    assert.equal(whereItWas({ path: 'a.ts', range: { startLine: 0, startCharacter: 2, endLine: 0, endCharacter: 5 } }), 'was at line 1 of a.ts');
  });

  it('describes moves in lines, counted from the start', () => {
    const from = { startLine: 10, startCharacter: 0, endLine: 12, endCharacter: 1 };
    assert.equal(describeMove(from, { ...from, startLine: 13, endLine: 15 }), 'moved 3 lines down');
    assert.equal(describeMove(from, { ...from, startLine: 9, endLine: 11 }), 'moved 1 line up');
    assert.equal(describeMove(from, { ...from, startCharacter: 4 }), 'moved within its line');
    assert.equal(describeMove(from, from), 'not moved');
  });

  it('lists outdated notes: needs review and orphaned, not moved', () => {
    assert.deepEqual(['attached', 'moved', 'needsReview', 'orphaned'].map((s) => isOutdated(s as never)), [false, false, true, true]);
  });

  it('summarises a thread by the first line of text of its first comment', () => {
    assert.equal(threadSummary(makeThread({ bodies: ['\n## Cache never evicts\n\nDetails…'] })), 'Cache never evicts');
    assert.equal(threadSummary(makeThread({ bodies: ['x'.repeat(100)] }), 10), `${'x'.repeat(9)}…`);
    assert.equal(threadSummary(makeThread({ comments: [] })), '(no text)');
    assert.equal(repliesText(makeThread({ bodies: ['a', 'b', 'c'] })), '2 replies');
    assert.equal(repliesText(makeThread({ bodies: ['a', 'b'] })), '1 reply');
    assert.equal(repliesText(makeThread({ bodies: ['a'] })), '');
  });

  it('shows summaries as plain text, without Markdown syntax', () => {
    assert.equal(threadSummary(makeThread({ bodies: ['Total ignores **discounts** in `total()`.'] })), 'Total ignores discounts in total().');
    assert.equal(threadSummary(makeThread({ bodies: ['- see [the docs](https://example.com/x) _first_'] })), 'see the docs first');
    assert.equal(stripInlineMarkdown('a * b * c and snake_case_name'), 'a * b * c and snake_case_name');
  });

  it('calls a comment edited only when it changed well after it was written', () => {
    assert.equal(wasEdited({ createdAt: '2026-01-01T09:30:00.000Z', updatedAt: '2026-01-01T09:30:00.004Z' }), false);
    assert.equal(wasEdited({ createdAt: '2026-01-01T09:30:00.000Z', updatedAt: '2026-01-01T09:45:00.000Z' }), true);
    assert.equal(wasEdited({ createdAt: 'garbage', updatedAt: '2026-01-01T09:45:00.000Z' }), false);
  });

    it('has an entry for every kind, with SARIF levels from most to least severe', () => {
    assert.deepEqual(allKinds().map((k) => k.kind), ['bug', 'suggestion', 'question', 'nit', 'praise']);
    assert.deepEqual(allKinds().map((k) => k.sarifLevel), ['error', 'warning', 'note', 'note', 'none']);
    assert.equal(kindInfo('question').title, 'Question');
  });
});
