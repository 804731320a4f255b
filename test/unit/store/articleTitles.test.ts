import { strict as assert } from 'node:assert';
import { compareNames, pageAlphabetically } from '../../../src/core/articles/groupPages';
import { ManualClock } from '../../../src/core/clock';
import type { ArticleFilter, LoreStore, NewArticle } from '../../../src/core/store/loreStore';
import { openTestStore, sampleAnchor, testDriver } from './testStore';

/**
 * A group of the Knowledge view opens from its articles' ids and titles (listArticleTitles) and
 * reads the summaries of the rows it shows (summariesOf); both must agree with listArticles,
 * which the tree read every article of the group through before.
 */
describe(`Opening a group from ids and titles (${testDriver().name})`, () => {
  /** Articles over a few minutes, with tags, teams, statuses, a private one, a deleted one and twin titles. */
  function sampleStore(): { store: LoreStore; deletedId: string; privateId: string } {
    const clock = new ManualClock();
    const store = openTestStore(':memory:', { clock });
    const add = (input: NewArticle) => {
      clock.advance(60_000);
      return store.createArticle(input);
    };
    add({ title: 'Retries', tags: ['db', 'ops'], team: 'Platform', status: 'published' });
    add({ title: 'backups', tags: ['db'], snippets: [{ code: 'pg_dump', anchor: sampleAnchor('scripts/backup.sh') }] });
    const privateId = add({ title: 'Passwords', tags: ['ops'], team: 'Platform', visibility: 'private' }).id;
    const deletedId = add({ title: 'Old runbook', tags: ['ops', 'db'], team: 'Platform', status: 'outdated' }).id;
    add({ title: 'Onboarding' });
    add({ title: 'Retries', tags: ['db'], team: 'Web', status: 'published' });
    // Two articles written in the same millisecond, tie broken the same way by both queries.
    store.createArticle({ title: 'Caching', tags: ['db'], team: 'Web' });
    store.createArticle({ title: 'Caching', tags: ['db'], team: 'Web' });
    store.deleteArticle(deletedId);
    return { store, deletedId, privateId };
  }

  const filters: Array<[string, ArticleFilter]> = [
    ['every article', {}],
    ['a tag', { tag: 'db' }],
    ['the untagged', { tag: null }],
    ['a team', { team: 'Platform' }],
    ['no team', { team: null }],
    ['a status', { status: 'published' }],
    ['a status with a limit', { status: 'draft', limit: 2 }],
  ];
  for (const [name, filter] of filters) {
    it(`lists the same articles in the same order as listArticles for ${name}`, () => {
      const { store } = sampleStore();
      const full = store.listArticles(filter);
      const titles = store.listArticleTitles(filter);
      assert.ok(full.length > 0, 'the sample has articles for this filter');
      assert.deepEqual(titles.map((t) => ({ id: t.id, title: t.title })), full.map((a) => ({ id: a.id, title: a.title })));
    });
  }

  it('keeps private articles and leaves deleted ones out, as listArticles does', () => {
    const { store, deletedId, privateId } = sampleStore();
    const ops = store.listArticleTitles({ tag: 'ops' }).map((t) => t.id);
    assert.ok(ops.includes(privateId), 'a private article is in its tag group');
    assert.ok(!ops.includes(deletedId), 'a deleted article is in no group');
    assert.deepEqual(store.listArticleTitles({ team: 'Platform' }).map((t) => t.title), ['Passwords', 'Retries']);
  });

  it('follows edits: a retitled or retagged article moves, a restored one comes back', () => {
    const { store, deletedId } = sampleStore();
    const [first] = store.listArticleTitles({ tag: 'db' });
    store.updateArticle(first.id, { title: 'Cache keys', tags: ['cache'] });
    assert.ok(!store.listArticleTitles({ tag: 'db' }).some((t) => t.id === first.id));
    assert.deepEqual(store.listArticleTitles({ tag: 'cache' }).map((t) => [t.id, t.title]), [[first.id, 'Cache keys']]);
    store.restoreRecords([{ entity: 'article', id: deletedId }]);
    assert.ok(store.listArticleTitles({ tag: 'ops' }).some((t) => t.id === deletedId && t.title === 'Old runbook'));
  });

  it('reads the summaries of the given ids in the order given, the same as listArticles shows them', () => {
    const { store, deletedId, privateId } = sampleStore();
    const byId = new Map(store.listArticles().map((a) => [a.id, a]));
    const wanted = [...byId.keys()].reverse();
    assert.deepEqual(store.summariesOf(wanted), wanted.map((id) => byId.get(id)));
    const backups = store.summariesOf([...byId.values()].filter((a) => a.title === 'backups').map((a) => a.id));
    assert.equal(backups[0].snippetCount, 1, 'snippet counts come with the summary');
    assert.equal(store.summariesOf([privateId])[0].visibility, 'private');
    assert.deepEqual(store.summariesOf([deletedId, 'no-such-article']), [], 'deleted and unknown ids are left out');
    assert.deepEqual(store.summariesOf([]), []);
  });

  it('pages a large group from titles exactly as from full summaries, and each page reads only its own rows', () => {
    const clock = new ManualClock();
    const store = openTestStore(':memory:', { clock });
    const words = ['alpha', 'Beta', 'gamma', 'délai', 'Zeta', 'epsilon', 'ímpetu', 'omega'];
    store.db.transaction(() => {
      for (let i = 0; i < 450; i++) {
        if (i % 7 === 0) clock.advance(1_000);
        // Every title twice or more, so equal titles must keep listArticles' order across pages.
        store.createArticle({ title: `${words[i % words.length]} ${Math.floor(i / 16)}`, tags: ['big', ...(i % 3 ? [] : ['other'])] });
      }
    });
    const byTitle = <T extends { title: string }>(rows: T[]) => rows.sort((a, b) => compareNames(a.title, b.title));
    const before = pageAlphabetically(byTitle(store.listArticles({ tag: 'big' })), (a) => a.title);
    const now = pageAlphabetically(byTitle(store.listArticleTitles({ tag: 'big' })), (a) => a.title);
    assert.ok('pages' in before && 'pages' in now, '450 articles are paged');
    assert.deepEqual(
      now.pages.map((p) => ({ label: p.label, first: p.first, last: p.last, ids: p.items.map((a) => a.id) })),
      before.pages.map((p) => ({ label: p.label, first: p.first, last: p.last, ids: p.items.map((a) => a.id) })),
    );
    now.pages.forEach((page, i) => {
      assert.ok(page.items.length <= 200);
      assert.deepEqual(store.summariesOf(page.items.map((a) => a.id)), before.pages[i].items, `page ${page.label} shows the same rows`);
    });
  });
});
