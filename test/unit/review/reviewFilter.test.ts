import { strict as assert } from 'node:assert';
import { countsText, filterText, filterThreads, groupByFile, pathMatcher } from '../../../src/core/review/reviewFilter';
import { makeThread } from './threadFixtures';

describe('review note filters', () => {
  const threads = [
    makeThread({ id: 'a', path: 'src/cache.ts', state: 'open', author: 'Ada', kind: 'bug' }),
    makeThread({ id: 'b', path: 'src/cache.ts', state: 'resolved', author: 'Bob', kind: 'nit' }),
    makeThread({ id: 'c', path: 'src/store/db.ts', state: 'open', author: 'Bob', kind: 'question', anchorState: 'orphaned' }),
    makeThread({ id: 'd', path: 'README.md', state: 'resolved', author: 'Ada', kind: 'praise', anchorState: 'needsReview' }),
  ];
  const ids = (filter: Parameters<typeof filterThreads>[1]) => filterThreads(threads, filter).map((t) => t.id);

  it('keeps everything without a filter', () => {
    assert.deepEqual(ids({}), ['a', 'b', 'c', 'd']);
    assert.deepEqual(ids({ status: 'all' }), ['a', 'b', 'c', 'd']);
  });

  it('filters by status, author, kind and outdated place', () => {
    assert.deepEqual(ids({ status: 'open' }), ['a', 'c']);
    assert.deepEqual(ids({ status: 'resolved' }), ['b', 'd']);
    assert.deepEqual(ids({ author: 'Ada' }), ['a', 'd']);
    assert.deepEqual(ids({ status: 'open', author: 'Bob' }), ['c']);
    assert.deepEqual(ids({ kinds: ['nit', 'praise'] }), ['b', 'd']);
    assert.deepEqual(ids({ outdatedOnly: true }), ['c', 'd']);
  });

  it('filters by files, folders and globs', () => {
    assert.deepEqual(ids({ files: ['src/cache.ts'] }), ['a', 'b']);
    assert.deepEqual(ids({ files: ['src/store'] }), ['c']);
    assert.deepEqual(ids({ files: ['src/'] }), ['a', 'b', 'c']);
    assert.deepEqual(ids({ files: ['*.md'] }), ['d']);
    assert.deepEqual(ids({ files: ['src/**/*.ts'] }), ['a', 'b', 'c']);
    assert.deepEqual(ids({ files: ['src/*.ts'] }), ['a', 'b']);
    assert.deepEqual(ids({ files: ['*.md', 'src/store/'] }), ['c', 'd']);
    assert.deepEqual(ids({ files: ['  '] }), ['a', 'b', 'c', 'd']);
  });

  it('does not treat glob look-alikes as regular expressions', () => {
    assert.equal(pathMatcher('src/a+b.ts')('src/a+b.ts'), true);
    assert.equal(pathMatcher('src/a.ts')('src/abts'), false);
    assert.equal(pathMatcher('src/cache')('src/cache.ts'), false);
    assert.equal(pathMatcher('src/?.ts')('src/a.ts'), true);
    assert.equal(pathMatcher('src/?.ts')('src/ab.ts'), false);
  });

  it('understands brace lists and character classes in globs, as other tools do', () => {
    assert.deepEqual(ids({ files: ['src/{cache,store/db}.ts'] }), ['a', 'b', 'c']);
    assert.deepEqual(ids({ files: ['*.{md,txt}'] }), ['d']);
    assert.equal(pathMatcher('src/[ab].ts')('src/a.ts'), true);
    assert.equal(pathMatcher('src/[ab].ts')('src/c.ts'), false);
    assert.equal(pathMatcher('src/{a,b}.ts')('src/b.ts'), true);
    assert.equal(pathMatcher('src/{a,b}.ts')('src/c.ts'), false);
    assert.equal(pathMatcher('**/*.ts')('.github/x.ts'), true);
  });

  it('groups by file with open, resolved and outdated counts', () => {
    const groups = groupByFile(threads);
    assert.deepEqual(groups.map((g) => [g.path, g.open, g.resolved, g.outdated]), [
      ['README.md', 0, 1, 1],
      ['src/cache.ts', 1, 1, 0],
      ['src/store/db.ts', 1, 0, 1],
    ]);
  });

  it('orders a file\'s notes by line', () => {
    const later = makeThread({ id: 'late', path: 'x.ts', range: { startLine: 40, startCharacter: 0, endLine: 41, endCharacter: 0 } });
    const earlier = makeThread({ id: 'early', path: 'x.ts', range: { startLine: 3, startCharacter: 0, endLine: 4, endCharacter: 0 } });
    assert.deepEqual(groupByFile([later, earlier])[0].threads.map((t) => t.id), ['early', 'late']);
  });

  it('describes counts and filters in words', () => {
    assert.equal(countsText({ open: 2, resolved: 1 }), '2 open · 1 resolved');
    assert.equal(countsText({ open: 0, resolved: 3, outdated: 1 }), '3 resolved · 1 outdated');
    assert.equal(countsText({ open: 0, resolved: 0 }), 'no notes');
    assert.equal(filterText({ status: 'open', author: 'Ada' }, 'Ada'), 'open · mine');
    assert.equal(filterText({ author: 'Bob' }, 'Ada'), 'by Bob');
    assert.equal(filterText({ status: 'all' }), '');
  });
});
