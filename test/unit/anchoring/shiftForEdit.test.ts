import { strict as assert } from 'node:assert';
import type { TextRange } from '../../../src/core/model';
import { shiftAnchorForEdit, shiftAnchorForEdits, type ContentChange } from '../../../src/core/anchoring/shiftForEdit';
import { LineTable } from '../../../src/core/anchoring/lineTable';

const r = (startLine: number, startCharacter: number, endLine: number, endCharacter: number): TextRange => ({ startLine, startCharacter, endLine, endCharacter });

/** Apply a change as an editor would, to check shifted ranges against real text. */
function apply(text: string, change: ContentChange): string {
  const t = new LineTable(text);
  const from = t.offsetAt(change.range.startLine, change.range.startCharacter);
  const to = t.offsetAt(change.range.endLine, change.range.endCharacter);
  return text.slice(0, from) + change.text + text.slice(to);
}

const doc = Array.from({ length: 20 }, (_, i) => `line ${i} says ${'x'.repeat(i % 7)}`).join('\n');
const anchored = r(8, 0, 12, 0); // lines 8-11, whole lines

describe('shiftAnchorForEdit (live edits)', () => {
  it('moves the range down when lines are inserted above, up when deleted above', () => {
    assert.deepEqual(shiftAnchorForEdit(anchored, { range: r(2, 0, 2, 0), text: 'a\nb\nc\n' }), { range: r(11, 0, 15, 0), needsResolve: false });
    assert.deepEqual(shiftAnchorForEdit(anchored, { range: r(1, 0, 4, 0), text: '' }), { range: r(5, 0, 9, 0), needsResolve: false });
  });

  it('leaves the range alone for edits below it, and for insertions right at its end', () => {
    assert.deepEqual(shiftAnchorForEdit(anchored, { range: r(15, 2, 16, 0), text: 'zz' }), { range: anchored, needsResolve: false });
    assert.deepEqual(shiftAnchorForEdit(anchored, { range: r(12, 0, 12, 0), text: 'new line\n' }), { range: anchored, needsResolve: false });
  });

  it('pushes the range along for an insertion right at its start', () => {
    assert.deepEqual(shiftAnchorForEdit(anchored, { range: r(8, 0, 8, 0), text: '// note\n' }).range, r(9, 0, 13, 0));
  });

  it('grows and shrinks with edits inside', () => {
    assert.deepEqual(shiftAnchorForEdit(anchored, { range: r(9, 3, 9, 3), text: '\nextra\n' }), { range: r(8, 0, 14, 0), needsResolve: false });
    assert.deepEqual(shiftAnchorForEdit(anchored, { range: r(9, 0, 11, 0), text: '' }), { range: r(8, 0, 10, 0), needsResolve: false });
  });

  it('shifts characters on the same line for a selection inside a line', () => {
    const inLine = r(5, 10, 5, 14);
    assert.deepEqual(shiftAnchorForEdit(inLine, { range: r(5, 2, 5, 2), text: 'abc' }).range, r(5, 13, 5, 17));
    assert.deepEqual(shiftAnchorForEdit(inLine, { range: r(5, 2, 5, 2), text: 'a\nbc' }).range, r(6, 10, 6, 14));
  });

  it('asks for re-resolution when the whole range is replaced, with the new text as a guess', () => {
    const result = shiftAnchorForEdit(anchored, { range: r(0, 0, 19, 5), text: 'formatted\nall\nover\n' });
    assert.equal(result.needsResolve, true);
    assert.deepEqual(result.range, r(0, 0, 3, 0));
  });

  it('asks for re-resolution when a replacement crosses one end, not for a plain deletion', () => {
    assert.equal(shiftAnchorForEdit(anchored, { range: r(6, 0, 9, 0), text: 'x\n' }).needsResolve, true);
    assert.deepEqual(shiftAnchorForEdit(anchored, { range: r(6, 0, 9, 0), text: '' }), { range: r(6, 0, 9, 0), needsResolve: false });
    assert.equal(shiftAnchorForEdit(anchored, { range: r(11, 0, 14, 0), text: 'y' }).needsResolve, true);
  });

  it('keeps the same text under the range through many random edits outside it (property)', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let trial = 0; trial < 200; trial++) {
      let text = doc;
      let range = anchored;
      const original = new LineTable(text).slice(range);
      for (let k = 0; k < 10; k++) {
        const t = new LineTable(text);
        const above = random(2) === 0 && range.startLine > 0;
        const line = above ? random(range.startLine) : range.endLine + random(Math.max(1, t.lineCount - range.endLine));
        const char = random(t.lines[Math.min(line, t.lineCount - 1)].length + 1);
        const deleteLines = random(2);
        const endLine = above ? Math.min(line + deleteLines, range.startLine) : Math.min(line + deleteLines, t.lineCount - 1);
        const endChar = endLine === line ? char : above && endLine === range.startLine ? 0 : 0;
        const change: ContentChange = { range: r(line, char, Math.max(line, endLine), endLine === line ? char : endChar), text: ['', 'q', 'new\n', 'a\nb\n'][random(4)] };
        const result = shiftAnchorForEdit(range, change);
        text = apply(text, change);
        range = result.range;
        assert.equal(result.needsResolve, false);
      }
      assert.equal(new LineTable(text).slice(range), original);
    }
  });

  it('applies several changes in order', () => {
    const result = shiftAnchorForEdits(anchored, [
      { range: r(15, 0, 15, 0), text: 'below\n' },
      { range: r(0, 0, 0, 0), text: 'above\n' },
      { range: r(10, 0, 10, 0), text: 'inside\n' },
    ]);
    assert.deepEqual(result, { range: r(9, 0, 14, 0), needsResolve: false });
  });
});
