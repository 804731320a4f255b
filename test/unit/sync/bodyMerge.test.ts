import { strict as assert } from 'node:assert';
import { sealEvent, type LoreEvent } from '../../../src/core/store/events';
import { createBodyMerger, mergeLines } from '../../../src/core/sync/bodyMerge';

const base = ['# Title', 'First paragraph.', '', 'Second paragraph.', '', 'Third paragraph.', '', 'Fourth paragraph.'].join('\n');

function version(body: string, prev: LoreEvent[], device: string, ms: number): LoreEvent {
  return sealEvent({
    entity: 'article', entityId: 'a1', device, seq: ms, author: device, hlc: `${String(ms).padStart(15, '0')}-0000`,
    changes: { body }, prev: { body: prev.map((p) => p.id) },
  });
}

describe('Three-way line merge of article bodies', () => {
  it('merges edits to different paragraphs', () => {
    const a = base.replace('First paragraph.', 'First paragraph, edited by Ann.');
    const b = base.replace('Fourth paragraph.', 'Fourth paragraph, edited by Bob.');
    assert.equal(mergeLines(a, base, b), base.replace('First paragraph.', 'First paragraph, edited by Ann.').replace('Fourth paragraph.', 'Fourth paragraph, edited by Bob.'));
  });

  it('refuses overlapping edits', () => {
    assert.equal(mergeLines(base.replace('Second', 'Ann\'s second'), base, base.replace('Second', 'Bob\'s second')), undefined);
  });

  it('refuses edits separated only by lines that repeat (blank lines): alignment there is a guess', () => {
    const text = ['a', '', 'b', '', 'c'].join('\n');
    assert.equal(mergeLines(text.replace('a', 'A'), text, text.replace('b', 'B')), undefined);
    // With a unique line between them, the same kind of edit merges.
    assert.equal(mergeLines(base.replace('First', '1st'), base, base.replace('Third', '3rd')), base.replace('First', '1st').replace('Third', '3rd'));
  });

  it('refuses to duplicate a line both sides added in different places', () => {
    const a = base.replace('First paragraph.', 'First paragraph.\nSee also: caching.');
    const b = base.replace('Fourth paragraph.', 'Fourth paragraph.\nSee also: caching.');
    assert.equal(mergeLines(a, base, b), undefined);
  });

  it('takes a change both sides made identically once', () => {
    const a = base.replace('Second', '2nd');
    assert.equal(mergeLines(a, base, a), a);
  });

  it('stays a conflict above the size bound', () => {
    const big = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    assert.equal(mergeLines(big.replace('line 1\n', 'LINE 1\n'), big, big.replace('line 40', 'LINE 40'), 20), undefined);
    assert.ok(mergeLines(big.replace('line 1\n', 'LINE 1\n'), big, big.replace('line 40', 'LINE 40'), 100));
  });

  it('as a FieldMerger: finds the common ancestor through prev links, and gives up without one', () => {
    const merger = createBodyMerger();
    const root = version(base, [], 'dev0', 1);
    const mid = version(base.replace('Third', '3rd'), [root], 'dev0', 2);
    const ann = version(mid.changes.body as string + '\nAnn was here.', [mid], 'ann', 3);
    const bob = version((mid.changes.body as string).replace('# Title', '# Better title'), [mid], 'bob', 4);
    const all = new Map([root, mid, ann, bob].map((e) => [e.id, e]));
    const merged = merger('body', [bob, ann], (id) => all.get(id));
    assert.deepEqual(merged, { merged: base.replace('Third', '3rd').replace('# Title', '# Better title') + '\nAnn was here.' });
    assert.equal(merger('title', [bob, ann], (id) => all.get(id)), undefined, 'titles are never merged');
    const orphan = version('unrelated', [], 'cy', 5);
    assert.equal(merger('body', [ann, orphan], (id) => all.get(id)), undefined);
    // The ancestor has not arrived yet: a conflict for now.
    assert.equal(merger('body', [bob, ann], () => undefined), undefined);
  });
});
