import { strict as assert } from 'node:assert';
import {
  articleCount, boundGroups, compareNames, countOf, moreLabel, pageAlphabetically, type GroupCount, type Page, type Paged,
} from '../../../src/core/articles/groupPages';

/** `n` tags named tag-0000…, each with a different number of articles (tag-0000 the fewest). */
function tags(n: number): GroupCount[] {
  return Array.from({ length: n }, (_, i) => ({ key: `tag-${String(i).padStart(4, '0')}`, count: i + 1 }));
}

/** Every item under a paged row, in order, opening pages the way the tree does. */
function leaves<T>(paged: Paged<T>, nameOf: (item: T) => string, pageSize: number): T[] {
  if ('items' in paged) return [...paged.items];
  return paged.pages.flatMap((page) => leaves(pageAlphabetically(page.items, nameOf, pageSize), nameOf, pageSize));
}

/** The most rows any level under a paged row has. */
function widest<T>(paged: Paged<T>, nameOf: (item: T) => string, pageSize: number): number {
  if ('items' in paged) return paged.items.length;
  return Math.max(paged.pages.length, ...paged.pages.map((p) => widest(pageAlphabetically(p.items, nameOf, pageSize), nameOf, pageSize)));
}

const name = (g: GroupCount) => g.key!;
const labels = (paged: Paged<string>) => ('pages' in paged ? paged.pages.map((p: Page<string>) => p.label) : []);

describe('Knowledge groups when there are many', () => {
  describe('the top level', () => {
    it('shows every group, in the usual order, when there are no more than the limit', () => {
      const counts = [{ key: 'zeta', count: 1 }, { key: null, count: 4 }, { key: 'Alpha', count: 9 }, { key: 'beta', count: 2 }];
      const { shown, hidden } = boundGroups(counts, 'tag', 3);
      assert.deepEqual(shown.map((g) => g.key), ['Alpha', 'beta', 'zeta', null]);
      assert.deepEqual(hidden, []);
    });

    it('shows the largest groups alphabetically and keeps the rest, alphabetically, for "more"', () => {
      const counts = [
        { key: 'small', count: 1 }, { key: 'huge', count: 900 }, { key: 'big', count: 50 },
        { key: 'tiny', count: 1 }, { key: 'medium', count: 10 }, { key: null, count: 3 },
      ];
      const { shown, hidden } = boundGroups(counts, 'tag', 3);
      assert.deepEqual(shown.map((g) => g.key), ['big', 'huge', 'medium', null], 'the three largest, then the untagged');
      assert.deepEqual(hidden.map((g) => g.key), ['small', 'tiny']);
    });

    it('breaks ties in size alphabetically, so the same groups stay on top between refreshes', () => {
      const counts = ['d', 'b', 'c', 'a'].map((key) => ({ key, count: 5 }));
      assert.deepEqual(boundGroups(counts, 'team', 2).shown.map((g) => g.key), ['a', 'b']);
    });

    it('bounds 5,513 tags to the limit and loses none', () => {
      const counts = tags(5513);
      const { shown, hidden } = boundGroups(counts, 'tag');
      assert.equal(shown.length, 50);
      assert.deepEqual(shown.map((g) => g.key), counts.slice(-50).map((g) => g.key), 'the 50 with the most articles');
      assert.equal(shown.length + hidden.length, counts.length);
      assert.deepEqual(new Set([...shown, ...hidden].map((g) => g.key)), new Set(counts.map((g) => g.key)));
    });

    it('keeps statuses in workflow order: draft, in review, published, outdated, archived', () => {
      const counts = ['archived', 'draft', 'outdated', 'published', 'in-review'].map((key) => ({ key, count: 1 }));
      assert.deepEqual(boundGroups(counts, 'status').shown.map((g) => g.key), ['draft', 'in-review', 'published', 'outdated', 'archived']);
    });
  });

  describe('pages', () => {
    it('are not used when the items fit on one level', () => {
      const items = ['a', 'b', 'c'];
      assert.deepEqual(pageAlphabetically(items, (s) => s, 3), { items });
    });

    it('cover every item exactly once, in order, with nearly equal sizes of at most the page size', () => {
      const hidden = boundGroups(tags(5513), 'tag').hidden;
      const paged = pageAlphabetically(hidden, name);
      assert.ok('pages' in paged);
      assert.equal(paged.pages.length, Math.ceil(5463 / 200));
      const sizes = paged.pages.map((p) => p.items.length);
      assert.ok(Math.max(...sizes) <= 200 && Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes.join(',')}`);
      assert.deepEqual(leaves(paged, name, 200), hidden);
    });

    it('nest when there are more items than pages of pages, so no level has more rows than the page size', () => {
      const items = Array.from({ length: 1000 }, (_, i) => `item-${String(i).padStart(4, '0')}`);
      const paged = pageAlphabetically(items, (s) => s, 10);
      assert.ok('pages' in paged);
      assert.equal(paged.pages.length, 10, '1,000 items: 10 pages of 100, each 10 pages of 10');
      assert.equal(widest(paged, (s) => s, 10), 10);
      assert.deepEqual(leaves(paged, (s) => s, 10), items);
    });

    it('are labelled with the shortest starts that tell neighbouring pages apart', () => {
      const items = ['apple', 'apricot', 'avocado', 'banana', 'bandana', 'berry', 'cherry', 'citrus', 'cola'];
      assert.deepEqual(labels(pageAlphabetically(items, (s) => s, 3)), ['a', 'b', 'c']);
      assert.deepEqual(labels(pageAlphabetically(['ant', 'apple', 'apricot', 'avocado'], (s) => s, 2)), ['a – app', 'apr – a']);
      assert.deepEqual(labels(pageAlphabetically(['ant', 'node', 'nodejs', 'npm'], (s) => s, 2)), ['a – node', 'nodej – n']);
    });

    it('keep each page\'s first and last names for its tooltip', () => {
      const paged = pageAlphabetically(['ant', 'apple', 'apricot', 'avocado'], (s) => s, 2);
      assert.ok('pages' in paged);
      assert.deepEqual(paged.pages.map((p) => [p.first, p.last]), [['ant', 'apple'], ['apricot', 'avocado']]);
    });

    it('label by whole characters, not halves of an emoji or accented letter', () => {
      assert.deepEqual(labels(pageAlphabetically(['😀a', '😀b', '😀c', 'éz'], (s) => s, 2)), ['😀 – 😀b', '😀c – é']);
      const decomposed = ['e\u0301a', 'e\u0301b', 'e\u0301c', 'f'];
      assert.deepEqual(labels(pageAlphabetically(decomposed, (s) => s, 2)), ['e\u0301 – e\u0301b', 'e\u0301c – f']);
    });

    it('sort names the way the tree does', () => {
      assert.deepEqual(['beta', 'Alpha', 'alpha2'].sort(compareNames), ['Alpha', 'alpha2', 'beta']);
    });
  });

  it('words counts for people', () => {
    assert.equal(moreLabel(5463, 'tag'), '5,463 more tags');
    assert.equal(moreLabel(1, 'tag'), '1 more tag');
    assert.equal(moreLabel(12, 'team'), '12 more teams');
    assert.equal(countOf(200, 'tag'), '200 tags');
    assert.equal(countOf(1, 'team'), '1 team');
    assert.equal(articleCount(15854), '15,854 articles');
    assert.equal(articleCount(1), '1 article');
  });
});
