import { strict as assert } from 'node:assert';
import { countHeldKinds, describeHeldDeletions, describeHeldSubject, type HeldSubject } from '../../../src/core/sync/heldDeletionText';

describe('Held deletions, described for the person who decides', () => {
  const held: Array<{ subject: HeldSubject; author: string }> = [
    { subject: { kind: 'article', title: 'How we cache sessions' }, author: 'Bob Builder' },
    { subject: { kind: 'note', text: 'Suggestion: **This scan** is O(n) per insert. An index by email would help a lot here', path: 'src/uploads.ts' }, author: 'Bob Builder' },
    { subject: { kind: 'snippet', articleTitle: 'How we cache sessions', path: 'src/cache.ts' }, author: 'Bob Builder' },
    { subject: { kind: 'article', title: 'Deploying' }, author: 'Bob Builder' },
  ];

  it('names articles by title, notes by their first words and file, snippets by their article', () => {
    const { lines } = describeHeldDeletions(held);
    assert.equal(lines[0], 'Article "How we cache sessions", deleted by Bob Builder');
    assert.equal(lines[1], 'Review note "Suggestion: This scan is O(n) per insert. An index by…" on src/uploads.ts, deleted by Bob Builder');
    assert.equal(lines[2], 'Snippet of "How we cache sessions" (src/cache.ts), deleted by Bob Builder');
    assert.doesNotMatch(lines.join('\n'), /[0-9a-f]{8}…/, 'no raw ids');
  });

  it('counts each kind on its own instead of one total of "records"', () => {
    assert.match(describeHeldDeletions(held).headline, /delete or empty 2 articles, 1 review note and 1 snippet at once/);
    assert.equal(countHeldKinds([{ kind: 'reply', text: 'a', path: 'b' }, { kind: 'reply', text: 'c', path: 'd' }]), '2 replies');
    assert.equal(countHeldKinds([{ kind: 'article', title: 'x' }]), '1 article');
  });

  it('shows a few and says how many more', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ subject: { kind: 'article', title: `A${i}` } as HeldSubject, author: 'Ann' }));
    const { lines } = describeHeldDeletions(many, 5);
    assert.equal(lines.length, 6);
    assert.equal(lines[5], '… and 3 more');
  });

  it('says plainly when it does not know the record', () => {
    assert.match(describeHeldSubject({ kind: 'unknown', id: '8f2f25e2aa11bb22cc' }), /A record Lore does not know here/);
  });
});
