import { strict as assert } from 'node:assert';
import { fileAsWritten, freshnessLabel, freshnessWarning, withSnippetUpdate } from '../../../src/core/articles/freshnessText';
import type { SnippetFreshness } from '../../../src/core/articles/snippetFreshness';

const range = (start: number, end: number) => ({ startLine: start, startCharacter: 0, endLine: end, endCharacter: 1 });
function result(state: SnippetFreshness['state'], reason: string, moved = false): SnippetFreshness {
  return { snippetId: `s-${state}`, state, moved, path: 'src/a.ts', reason, storedPath: 'src/a.ts', storedRange: range(11, 19), confidence: 1 };
}

describe('Snippet freshness in words', () => {
  it('names every state a reader sees, with the reason', () => {
    assert.deepEqual(freshnessLabel(result('current', 'unchanged since it was shared')), { state: 'current', label: 'Current', reason: 'unchanged since it was shared' });
    assert.equal(freshnessLabel(result('changed', '3 lines changed since it was shared')).label, 'Changed');
    assert.equal(freshnessLabel(result('gone', 'src/a.ts no longer contains this code')).label, 'Gone');
    assert.deepEqual(freshnessLabel(result('elsewhere', 'src/a.ts is not in this workspace')), { state: 'elsewhere', label: 'Not in this workspace', reason: 'src/a.ts is not in this workspace' });
  });

  it('says a moved snippet had its place updated, also once a later check finds it where it now points', () => {
    assert.deepEqual(freshnessLabel(result('current', 'moved from lines 12–20 to 15–23', true)), {
      state: 'moved', label: 'Moved and updated', reason: 'moved from lines 12–20 to 15–23; its place was updated',
    });
    assert.equal(freshnessLabel(result('current', 'unchanged since it was shared'), 'moved from lines 12–20 to 15–23').reason, 'moved from lines 12–20 to 15–23; its place was updated');
    assert.equal(freshnessLabel(result('changed', '1 line changed since it was shared'), 'moved from lines 12–20 to 15–23').state, 'changed', 'changed code is changed, wherever it is');
  });

  it('speaks of the update, not the sharing, once a snippet was given newer code', () => {
    assert.equal(freshnessLabel(result('current', 'unchanged since it was shared'), undefined, { codeUpdated: true }).reason, 'unchanged since the snippet was updated');
    assert.equal(freshnessLabel(result('changed', '2 lines changed since it was shared'), undefined, { codeUpdated: true }).reason, '2 lines changed since the snippet was updated');
    assert.equal(freshnessLabel(result('changed', '2 lines changed since it was shared')).reason, '2 lines changed since it was shared');
    // The result itself is worded so (the tracker does it), for the health lines and messages too.
    const confirmed = result('current', 'the code changed since it was shared; Ada Lovelace confirmed the snippet still accurate on 2026-12-02');
    assert.equal(withSnippetUpdate(confirmed, true).reason, 'the code changed since the snippet was updated; Ada Lovelace confirmed the snippet still accurate on 2026-12-02');
    assert.equal(withSnippetUpdate(confirmed, false), confirmed);
    assert.deepEqual(freshnessWarning([withSnippetUpdate(result('changed', '1 line changed since it was shared'), true)])?.details, ['src/a.ts lines 12–20: changed (1 line changed since the snippet was updated)']);
  });

  it('puts the snippet as written into today\'s file for Show Changes, so only its lines differ', () => {
    const now = 'a\nb changed\nc\n  d\n';
    assert.equal(fileAsWritten(now, { startLine: 1, startCharacter: 0, endLine: 2, endCharacter: 0 }, 'b\n'), 'a\nb\nc\n  d\n');
    assert.equal(fileAsWritten(now, { startLine: 3, startCharacter: 2, endLine: 3, endCharacter: 3 }, 'e'), 'a\nb changed\nc\n  e\n');
    assert.equal(fileAsWritten('x\r\ny\r\n', { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 1 }, 'z'), 'x\r\nz\r\n');
  });

  it('warns about an article only for changed or gone snippets, counting each', () => {
    assert.equal(freshnessWarning([result('current', 'x'), result('elsewhere', 'y'), result('current', 'z', true)]), undefined);
    assert.equal(freshnessWarning([result('changed', 'a')])!.summary, '1 snippet changed');
    assert.equal(freshnessWarning([result('gone', 'a'), result('gone', 'b')])!.summary, '2 snippets gone');
    const both = freshnessWarning([result('gone', 'not found'), result('current', 'x'), result('changed', '2 lines changed since it was shared')])!;
    assert.equal(both.summary, '1 snippet changed, 1 gone');
    assert.deepEqual(both.details, ['src/a.ts lines 12–20: changed (2 lines changed since it was shared)', 'src/a.ts lines 12–20: gone (not found)']);
  });
});
