import { strict as assert } from 'node:assert';
import { proposePromotedTitle } from '../../../src/core/review/promotionTitle';
import { makeThread } from './threadFixtures';

describe('the title proposed for a promoted review note', () => {
  const titleOf = (body: string) => proposePromotedTitle(makeThread({ bodies: [body] }));

  it('is the first sentence of the first comment, without its kind word', () => {
    assert.equal(
      titleOf('Suggestion: This scan is O(n) per insert. An index by email would make it O(1).'),
      'This scan is O(n) per insert',
    );
    assert.equal(titleOf('Bug: the cache never evicts'), 'the cache never evicts');
    assert.equal(titleOf('Question - why retry 5 times? It seems a lot.'), 'why retry 5 times?');
  });

  it('stops at a clause and keeps dots inside words', () => {
    assert.equal(titleOf('Use lru-cache v7.1 here; it bounds memory'), 'Use lru-cache v7.1 here');
  });

  it('collapses whitespace and cuts a long sentence at a word, ending in "…"', () => {
    const title = titleOf('Prefer   a single\tpass over the orders array because the current code walks it three separate times for every request');
    assert.ok(title.length <= 60, title);
    assert.ok(title.endsWith('…'), title);
    assert.equal(title, 'Prefer a single pass over the orders array because the…');
  });

  it('falls back to the symbol or the file and line when the note has no words', () => {
    const bare = makeThread({ bodies: ['   '], path: 'src/payment.py' });
    assert.equal(proposePromotedTitle(bare), 'payment.py, line 12');
    bare.anchor.symbolPath = 'Cart > total';
    assert.equal(proposePromotedTitle(bare), 'Cart.total (payment.py)');
  });
});
