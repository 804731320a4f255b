import { strict as assert } from 'node:assert';
import { createAnchor, reattachHere, CONTEXT_LINES } from '../../../src/core/anchoring/createAnchor';
import { textHash } from '../../../src/core/anchoring/textHash';
import { anchorShape } from '../../../src/core/anchoring/anchorShape';
import { resolveAnchor } from '../../../src/core/anchoring/resolveAnchor';
import { ValidationError } from '../../../src/core/errors';

const doc = ['line 0', 'line 1', 'line 2', 'line 3', '  const answer = compute(42);', 'line 5', 'line 6', 'line 7', 'line 8', 'line 9'].join('\n');

describe('createAnchor', () => {
  it('keeps the exact text, three lines of context either side and a whitespace-normalised hash', () => {
    const anchor = createAnchor(doc, { startLine: 4, startCharacter: 0, endLine: 5, endCharacter: 0 }, { path: 'src/a.ts', commit: 'ABCDEF1', symbolPath: 'main' });
    assert.equal(CONTEXT_LINES, 3);
    assert.equal(anchor.text, '  const answer = compute(42);\n');
    assert.equal(anchor.contextBefore, 'line 1\nline 2\nline 3\n');
    assert.equal(anchor.contextAfter, 'line 5\nline 6\nline 7');
    assert.equal(anchor.hash, textHash('const answer = compute(42);'));
    assert.equal(anchor.commit, 'abcdef1');
    assert.equal(anchor.symbolPath, 'main');
  });

  it('keeps the rest of the first and last line in the context of a selection inside a line', () => {
    const anchor = createAnchor(doc, { startLine: 4, startCharacter: 17, endLine: 4, endCharacter: 28 }, { path: 'a.ts' });
    assert.equal(anchor.text, 'compute(42)');
    assert.ok(anchor.contextBefore.endsWith('line 3\n  const answer = '));
    assert.ok(anchor.contextAfter.startsWith(';\nline 5'));
    const shape = anchorShape(anchor);
    assert.deepEqual(shape.body, ['  const answer = compute(42);']);
    assert.deepEqual(shape.before, ['line 1', 'line 2', 'line 3']);
    assert.deepEqual(shape.after, ['line 5', 'line 6', 'line 7']);
    assert.equal(shape.startsAtLineStart, false);
    assert.equal(shape.endsAtLineEnd, false);
  });

  it('gives re-indented code and CRLF line endings the same hash, and changed code another', () => {
    assert.equal(textHash('if (x) {\n  go();\n}'), textHash('    if (x) {\r\n\t\tgo();\r\n    }'));
    assert.notEqual(textHash('if (x) {\n  go();\n}'), textHash('if (y) {\n  go();\n}'));
  });

  it('clamps a range that runs past the end of the document, and has short context at the edges', () => {
    const anchor = createAnchor('a\nb', { startLine: 0, startCharacter: 0, endLine: 9, endCharacter: 9 }, { path: 'x.ts' });
    assert.deepEqual(anchor.range, { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 1 });
    assert.equal(anchor.text, 'a\nb');
    assert.equal(anchor.contextBefore, '');
    assert.equal(anchor.contextAfter, '');
  });

  it('anchors the whole line for a note made at the cursor (an empty selection)', () => {
    const anchor = createAnchor(doc, { startLine: 4, startCharacter: 5, endLine: 4, endCharacter: 5 }, { path: 'a.ts' });
    assert.equal(anchor.text, '  const answer = compute(42);');
    assert.deepEqual(anchor.range, { startLine: 4, startCharacter: 0, endLine: 4, endCharacter: 29 });
  });

  it('keeps at most 1,000 characters of context a side, the part next to the code, on minified lines', () => {
    const minified = `${'a=1;'.repeat(50_000)}target();${'b=2;'.repeat(50_000)}`;
    const at = minified.indexOf('target();');
    const anchor = createAnchor(minified, { startLine: 0, startCharacter: at, endLine: 0, endCharacter: at + 9 }, { path: 'app.min.js' });
    assert.equal(anchor.text, 'target();');
    assert.equal(anchor.contextBefore, minified.slice(at - 1_000, at));
    assert.equal(anchor.contextAfter, minified.slice(at + 9, at + 1_009));
    const result = resolveAnchor(anchor, `x();${minified}`);
    assert.equal(result.state, 'attached', 'same line, so found where it was; the range still moves along it');
    assert.deepEqual(result.range, { startLine: 0, startCharacter: at + 4, endLine: 0, endCharacter: at + 13 });
  });

  it('refuses absolute paths and non-commit ids, saying why', () => {
    assert.throws(() => createAnchor(doc, { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0 }, { path: '/home/me/a.ts' }), (e: unknown) => e instanceof ValidationError && /absolute path/.test(e.message));
    assert.throws(() => createAnchor(doc, { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0 }, { path: 'a.ts', commit: 'HEAD~1' }), /not a git commit id/);
  });

  it('reattachHere makes a fresh anchor at the new place, keeping path and symbol, dropping the stale commit', () => {
    const anchor = createAnchor(doc, { startLine: 4, startCharacter: 0, endLine: 5, endCharacter: 0 }, { path: 'src/a.ts', commit: 'abcdef1', symbolPath: 'main' });
    const edited = 'new first line\n' + doc;
    const moved = reattachHere(anchor, edited, { startLine: 5, startCharacter: 0, endLine: 6, endCharacter: 0 });
    assert.equal(moved.text, anchor.text);
    assert.equal(moved.path, 'src/a.ts');
    assert.equal(moved.symbolPath, 'main');
    assert.equal(moved.commit, undefined);
    assert.equal(moved.contextBefore, 'line 2\nline 3\n'.replace(/^/, 'line 1\n'));
    const elsewhere = reattachHere(anchor, edited, { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0 }, { path: 'src/b.ts', commit: '1234567' });
    assert.equal(elsewhere.path, 'src/b.ts');
    assert.equal(elsewhere.commit, '1234567');
    assert.equal(elsewhere.text, 'new first line\n');
  });
});
