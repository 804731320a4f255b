import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { Database } from '../../../src/core/store/database';
import type { LoreStore } from '../../../src/core/store/loreStore';
import { MIGRATIONS } from '../../../src/core/store/migrations';
import { openTestStore, tempDir, testDriver } from './testStore';

type Counts = { articles: number; groups: Array<{ key: string | null; count: number }> };

/** What the Knowledge view's first level shows, as the store now reads it (kept counts). */
function keptCounts(store: LoreStore): Counts {
  return { articles: store.countArticles(), groups: sortGroups(store.groupCounts('tag')) };
}

/** The same, counted from the rows themselves (what the store did before migration 5). */
function countedFromRows(db: Database): Counts {
  const articles = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM articles WHERE deleted = 0')!.n;
  const tagged = db.all<{ key: string; count: number }>('SELECT tag AS key, COUNT(*) AS count FROM article_tags GROUP BY tag');
  const withTags = db.get<{ n: number }>('SELECT COUNT(DISTINCT article_id) AS n FROM article_tags')!.n;
  const groups = articles - withTags > 0 ? [...tagged, { key: null, count: articles - withTags }] : tagged;
  return { articles, groups: sortGroups(groups) };
}

const sortGroups = (groups: Counts['groups']) => [...groups].sort((a, b) => String(a.key).localeCompare(String(b.key)));

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe(`Article and tag counts kept by the database (${testDriver().name})`, () => {
  it('match the rows after every kind of change, here and from a teammate', () => {
    const next = random(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
    const tags = ['db', 'ops', 'security', 'frontend', 'onboarding', 'ci'];
    const someTags = () => tags.filter(() => next() < 0.3);
    const clock = new ManualClock();
    const mine = openTestStore(':memory:', { clock });
    const teammate = openTestStore(':memory:', { clock, author: 'Grace' });
    const live = (store: LoreStore) => store.listArticles().map((a) => a.id);
    const deleted: string[] = [];
    for (let step = 0; step < 400; step++) {
      clock.advance(1_000);
      const store = next() < 0.7 ? mine : teammate;
      const roll = next();
      const ids = live(store);
      if (roll < 0.35 || ids.length === 0) {
        store.createArticle({ title: `Article ${step}`, tags: someTags(), visibility: next() < 0.1 ? 'private' : 'team' });
      } else if (roll < 0.65) {
        store.updateArticle(pick(ids), { tags: someTags() });
      } else if (roll < 0.8) {
        const id = pick(ids);
        store.deleteArticle(id);
        deleted.push(id);
      } else if (roll < 0.88 && deleted.length) {
        const id = deleted.pop()!;
        if (store.getArticle(id) === undefined) store.restoreRecords([{ entity: 'article', id }]);
      } else {
        // Sync both ways: what each wrote reaches the other through the same projections.
        mine.ingest(teammate.unpublishedEvents());
        teammate.ingest(mine.unpublishedEvents());
      }
      for (const s of [mine, teammate]) assert.deepEqual(keptCounts(s), countedFromRows(s.db), `after step ${step}`);
    }
    assert.ok(countedFromRows(mine.db).articles > 20, 'the history left a fair number of articles');
    assert.ok(countedFromRows(mine.db).groups.some((g) => g.key === null), 'some are untagged');
    mine.close();
    teammate.close();
  });

  it('are filled in when a database from before them is upgraded', () => {
    const file = path.join(tempDir(), 'lore.db');
    const old = Database.open(file, testDriver(), { migrations: MIGRATIONS.filter((m) => m.version <= 4) });
    old.transaction(() => {
      for (let n = 0; n < 30; n++) {
        old.run(`INSERT INTO articles (id, title, body, tags, author, status, created_at, updated_at, deleted) VALUES (?, ?, '', '[]', 'Ada', 'draft', '2026-01-01', '2026-01-01', ?)`,
          `a${n}`, `Article ${n}`, n % 10 === 9 ? 1 : 0);
        if (n % 10 === 9) continue;
        for (const tag of ['db', 'ops', 'ci'].slice(0, n % 4)) old.run('INSERT INTO article_tags (article_id, tag) VALUES (?, ?)', `a${n}`, tag);
      }
    });
    old.close();
    const store = openTestStore(file);
    assert.deepEqual(keptCounts(store), {
      articles: 27,
      groups: [{ key: 'ci', count: 6 }, { key: 'db', count: 19 }, { key: null, count: 8 }, { key: 'ops', count: 13 }],
    });
    assert.deepEqual(keptCounts(store), countedFromRows(store.db));
    store.close();
  });
});
