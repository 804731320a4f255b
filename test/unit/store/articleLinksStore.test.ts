import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/core/clock';
import { ARTICLE_BY_TITLE_SQL, articlesLinkingToByScan, LINKING_SQL } from '../../../src/core/store/linkQueries';
import { openTestStore, testDriver } from './testStore';

describe(`Links between articles in the store (${testDriver().name})`, () => {
  it('finds the article a title names, whatever its case and spaces, the one changed last of two, never a deleted one', () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 9));
    const store = openTestStore(':memory:', { clock });
    const older = store.createArticle({ title: 'Session cache design' });
    clock.advance(1000);
    const newer = store.createArticle({ title: 'Session  Cache Design' });
    const gone = store.createArticle({ title: 'Retry policy' });
    store.deleteArticle(gone.id);
    store.createArticle({ title: '100% coverage_plan' });
    const ids = store.articleIdsByTitle(['session cache design', 'Retry policy', 'Nowhere', '100% coverage_plan', '100 coverage plan']);
    assert.equal(ids.get('session cache design'), newer.id);
    assert.notEqual(ids.get('session cache design'), older.id);
    assert.equal(ids.has('retry policy'), false, 'a deleted article is no link target');
    assert.equal(ids.has('nowhere'), false);
    assert.ok(ids.get('100% coverage_plan'), '% and _ in a title are matched as themselves');
    assert.equal(ids.has('100 coverage plan'), false);
  });

  it('lists the articles that link to one, by title or by Lore link, but not from code or a longer title', () => {
    const store = openTestStore();
    const target = store.createArticle({ title: 'Session cache' });
    const byTitle = store.createArticle({ title: 'Onboarding', body: 'Start with [[session CACHE|the cache]].' });
    const byLink = store.createArticle({ title: 'Incidents', body: `See vscode://lore-team.lore/article/${target.id} for why.` });
    store.createArticle({ title: 'Code only', body: 'Write `[[Session cache]]` to link.' });
    store.createArticle({ title: 'Longer', body: 'See [[Session cache design]].' });
    store.createArticle({ title: 'Self', body: '[[Self]]' });
    assert.deepEqual(store.articlesLinkingTo(target).map((a) => a.id).sort(), [byTitle.id, byLink.id].sort());
  });

  it('finds linking articles through the link index as reading every body would, titles without words included', () => {
    const store = openTestStore();
    const titles = ['Café crème', '100% coverage_plan', '!!!', 'Session cache', 'Déjà vu: a note'];
    const targets = titles.map((title) => store.createArticle({ title }));
    const linking = [
      store.createArticle({ title: 'A', body: 'See [[CAFé crème]] and [[!!!]].' }),
      store.createArticle({ title: 'B', body: `[[100% coverage_plan|plan]], vscode://lore-team.lore/article/${targets[3].id} and [[Déjà  vu: a note]]` }),
      store.createArticle({ title: 'C', body: 'Not links: `[[Session cache]]`, [[Cafe creme]], [[100 coverage plan]], Session cache.' }),
    ];
    const gone = store.createArticle({ title: 'D', body: '[[Session cache]]' });
    store.deleteArticle(gone.id);
    const expected = [[linking[0].id], [linking[1].id], [linking[0].id], [linking[1].id], [linking[1].id]];
    targets.forEach((target, i) => {
      const scan = articlesLinkingToByScan(store.db, target).map((a) => a.id);
      assert.deepEqual(scan, expected[i], `scan for ${target.title}`);
      assert.deepEqual(store.articlesLinkingTo(target).map((a) => a.id), scan, `index for ${target.title}`);
    });
  });

  it('renaming an article rewrites the links to it in other articles, and a teammate receives them', () => {
    const ada = openTestStore(':memory:', { author: 'Ada' });
    const bo = openTestStore(':memory:', { author: 'Bo' });
    const target = ada.createArticle({ title: 'Session cache' });
    const linking = ada.createArticle({ title: 'Onboarding', body: 'Read [[Session cache]], then [[session cache|this]]. `[[Session cache]]` is how.' });
    bo.ingest(ada.unpublishedEvents());
    ada.markPublished(ada.unpublishedEvents().map((e) => e.id));

    ada.updateArticle(target.id, { title: 'Session cache design' });
    const expected = 'Read [[Session cache design]], then [[Session cache design|this]]. `[[Session cache]]` is how.';
    assert.equal(ada.getArticle(linking.id)!.body, expected);
    assert.deepEqual(ada.articlesLinkingTo({ id: target.id, title: 'Session cache design' }).map((a) => a.id), [linking.id]);

    bo.ingest(ada.unpublishedEvents());
    assert.equal(bo.getArticle(linking.id)!.body, expected);
    assert.equal(bo.getArticle(target.id)!.title, 'Session cache design');
    assert.deepEqual(bo.articlesLinkingTo({ id: target.id, title: 'Session cache design' }).map((a) => a.id), [linking.id], 'the teammate sees Linked from too');
    assert.equal(bo.articleIdsByTitle(['Session cache']).size, 0, 'the old title names nothing any more');
  });

  it('keeps Linked from true as bodies are edited, articles and articles deleted, here and at a teammate', () => {
    const ada = openTestStore(':memory:', { author: 'Ada' });
    const bo = openTestStore(':memory:', { author: 'Bo' });
    const target = ada.createArticle({ title: 'Retry policy' });
    const linking = ada.createArticle({ title: 'Incidents', body: 'See [[Retry policy]].' });
    const sync = () => {
      bo.ingest(ada.unpublishedEvents());
      ada.markPublished(ada.unpublishedEvents().map((e) => e.id));
    };
    const linkedFrom = (store: typeof ada) => store.articlesLinkingTo(target).map((a) => a.title);
    sync();
    assert.deepEqual([linkedFrom(ada), linkedFrom(bo)], [['Incidents'], ['Incidents']]);

    ada.updateArticle(linking.id, { body: 'No link any more.' });
    sync();
    assert.deepEqual([linkedFrom(ada), linkedFrom(bo)], [[], []], 'a link taken out of the body');

    ada.updateArticle(linking.id, { body: `Back: vscode://lore-team.lore/article/${target.id}.` });
    sync();
    assert.deepEqual([linkedFrom(ada), linkedFrom(bo)], [['Incidents'], ['Incidents']], 'a Lore link, even before a full stop');

    ada.deleteArticle(linking.id);
    sync();
    assert.deepEqual([linkedFrom(ada), linkedFrom(bo)], [[], []], 'a deleted article links nowhere');
  });

  it('looks links up through their indexes, never by reading every live article', () => {
    // SQLite has no statistics here, as in a user's database: given the choice, it took the index
    // on `deleted` (every live article) and a lookup took hundreds of milliseconds at 50,000.
    const store = openTestStore();
    const plan = (sql: string, ...params: string[]) => store.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...params).map((r) => r.detail).join('\n');
    const byTitle = plan(ARTICLE_BY_TITLE_SQL, 'retry policy');
    assert.match(byTitle, /USING INDEX articles_title_key \(title_key=\?\)/, byTitle);
    const linking = plan(LINKING_SQL, 'retry policy', 'id', 'id');
    assert.match(linking, /article_links_target \(target=\? AND kind=\?\)/, linking);
    assert.match(linking, /SEARCH articles USING INDEX sqlite_autoindex_articles_1 \(id=\?\)/, linking);
  });
});
