import * as assert from 'node:assert/strict';
import { makeExcerpt, type Highlight } from '../../../src/core/search/excerpts';

/** The ranges of `word` in `text`, as the search would highlight them. */
function rangesOf(text: string, word: string): Highlight[] {
  const out: Highlight[] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push([i, i + word.length]);
  return out;
}

describe('search excerpts read as plain text', () => {
  it('leave out emphasis, strike-through and inline-code markers but keep snake_case and a * b', () => {
    const body = 'Caching is *really* _useful_ and ~~slow~~ **fast**; `cache_key` = a * b for user_id.';
    const excerpt = makeExcerpt(body, rangesOf(body, 'Caching'));
    assert.equal(excerpt.text, 'Caching is really useful and slow fast; cache_key = a * b for user_id.');
  });

  it('leave out code fence lines with their info strings', () => {
    const body = 'Intro line.\n\n```ts title="x.ts"\nconst cache = new Map();\n```\n\n~~~python\nprint(1)\n~~~\nAfter.';
    const excerpt = makeExcerpt(body, rangesOf(body, 'cache'));
    assert.equal(excerpt.text, '…const cache = new Map(); print(1) After.');
    assert.equal(excerpt.text.slice(...excerpt.highlights[0]), 'cache');
  });

  it('leave out list markers, table rules and pipes, headings and quotes', () => {
    const body = '## Steps\n\n- first cache step\n1. second\n\n| name | value |\n|:-----|------:|\n| ttl | 60 |\n> quoted';
    const excerpt = makeExcerpt(body, []);
    assert.equal(excerpt.text, 'Steps first cache step second name value ttl 60 quoted');
  });

  it('show a link and an image by their text only', () => {
    const body = 'See [the cache guide](https://example.com/guide) and ![diagram](img.png).';
    assert.equal(makeExcerpt(body, []).text, 'See the cache guide and diagram.');
  });

  it('keep the highlight on the matched word after markup before it is removed', () => {
    const body = '**Note**: the *invalidation* of caches';
    const excerpt = makeExcerpt(body, rangesOf(body, 'invalidation'));
    assert.equal(excerpt.text.slice(...excerpt.highlights[0]), 'invalidation');
  });
});
