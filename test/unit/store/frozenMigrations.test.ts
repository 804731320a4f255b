import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { searchArticles } from '../../../src/core/search/searchArticles';
import { Database } from '../../../src/core/store/database';
import { LoreStore } from '../../../src/core/store/loreStore';
import { articlesLinkingToByScan } from '../../../src/core/store/linkQueries';
import { LATEST_SCHEMA_VERSION, runMigrationsInSteps } from '../../../src/core/store/migrations';
import { tempDir, testDriver } from './testStore';

/**
 * Databases written by earlier Lore versions (test/fixtures/migrations, made once by that
 * version's own code: see make.ts there). They are never regenerated: editing a released
 * migration in place, or dropping one, makes these fail. The hashes pin the files themselves.
 */
const FIXTURES = path.resolve(__dirname, '../../fixtures/migrations');
const FROZEN: Record<number, string> = {
  1: 'b9f5db8a7c39a92b3e8f7df29ee3114b39bf31eb846b6204d3c830a99fe86858',
  2: 'e4db39e81b9f2182de232eee757b7895d029a3a1ccc9be69c1e7648a7af61339',
  3: '851aa563b9b6db20ee486005ed0114a53f9b6ad7872e10e81332ed3e57bed163',
  4: 'c0f71df6d3662753b5dffacff690a56b7c451bad18258dfbea87cb176c51a9d4',
  5: '85eccd91a18a6e2819d504ffb367cf834f09b60aacd1b9d2cf9f1d4ea97847b8',
  6: '31f0ab0a03819cd67af2df5e7148bbd7cf7b2cf6a678db86e5c6e0e4b292424f',
  7: '549b9c392edc957ad0e2b78cd89fa1a02f5caf25c1b7e69837bfba9615d46627',
  8: 'cf55fcf86facf2fe43fb1a80751726a0fd006e0a6da3e7ea06f8386f1d0b289e',
  9: 'e41aadd5a9b70d1c3452360f504ccea57dbcd49ecc99f83bb40daabcbce7deed',
  10: '021d4562dd4a00bb2f6bf174cf7ea27726d3be93cbf43af36ca10823715b266a',
};

interface Expected {
  schemaVersion: number;
  articles: Array<{ id: string; title: string; body: string; tags: string[]; team: string | null; status: string; visibility: string; author: string; snippets: Array<{ code: string; path: string }> }>;
  threads: Array<{ id: string; kind: string; state: string; path: string; comments: string[] }>;
}

/** What the store shows now, in the shape the old version wrote down. */
function contents(store: LoreStore): Omit<Expected, 'schemaVersion'> {
  const articles = store.listArticles().map((s) => store.getArticle(s.id)!).map((a) => ({
    id: a.id, title: a.title, body: a.body, tags: [...a.tags].sort(), team: a.team ?? null, status: a.status, visibility: a.visibility,
    author: a.author, snippets: (a.snippets ?? []).map((s) => ({ code: s.code, path: s.anchor.path })),
  })).sort((a, b) => a.id.localeCompare(b.id));
  const threads = store.listThreads().map((t) => ({
    id: t.id, kind: t.kind, state: t.state, path: t.anchor.path, comments: t.comments.map((c) => c.body),
  })).sort((a, b) => a.id.localeCompare(b.id));
  return { articles, threads };
}

function copyOf(version: number): string {
  const frozen = path.join(FIXTURES, `schema-v${version}.db`);
  const hash = createHash('sha256').update(fs.readFileSync(frozen)).digest('hex');
  assert.equal(hash, FROZEN[version], `${frozen} changed: fixtures of released schemas are frozen (add a new one instead)`);
  const file = path.join(tempDir('lore-frozen-'), 'lore.db');
  fs.copyFileSync(frozen, file);
  return file;
}

/**
 * From schema 7 on the fixtures' bodies link to each other (make.ts): after the upgrade (migration
 * 8 indexes the links) "Linked from" and the article a title names come from the index, and
 * answer as reading every body does.
 */
function checkLinks(store: LoreStore, was: Omit<Expected, 'schemaVersion'>): void {
  const byTitle = (title: string) => was.articles.find((a) => a.title === title)!;
  const keys = byTitle('Rotating the API keys');
  const cache = byTitle('Cache invalidation');
  const deploys = byTitle('Private notes on deploys');
  assert.deepEqual(store.articlesLinkingTo(keys).map((a) => a.title), ['Cache invalidation', 'Private notes on deploys']);
  assert.deepEqual(store.articlesLinkingTo(cache).map((a) => a.title), ['Private notes on deploys'], 'a Lore link by id counts');
  for (const article of was.articles) assert.deepEqual(store.articlesLinkingTo(article), articlesLinkingToByScan(store.db, article), article.title);
  const ids = store.articleIdsByTitle(['rotating the  api KEYS', 'Cache warming']);
  assert.equal(ids.get('rotating the api keys'), keys.id);
  assert.equal(ids.has('cache warming'), false, 'a link to a title no article has');
  // A new article with the missing title is found by the link that was waiting for it.
  const warming = store.createArticle({ title: 'Cache Warming' });
  assert.equal(store.articleIdsByTitle(['Cache warming']).get('cache warming'), warming.id);
  assert.deepEqual(store.articlesLinkingTo(warming).map((a) => a.id), [cache.id]);
  store.deleteArticle(deploys.id);
  assert.deepEqual(store.articlesLinkingTo(keys).map((a) => a.title), ['Cache invalidation'], 'a deleted article links nowhere');
}

const hasLinks = (version: number) => version >= 7;

const expected = (version: number): Expected => JSON.parse(fs.readFileSync(path.join(FIXTURES, `schema-v${version}.json`), 'utf8')) as Expected;

describe(`Databases written by earlier Lore versions upgrade to the current schema (${testDriver().name})`, () => {
  it('has a frozen database for every schema before the current one', () => {
    // The current schema may be frozen already (ahead of the migration that will follow it).
    const frozen = Object.keys(FROZEN).map(Number);
    assert.deepEqual(frozen.filter((v) => v < LATEST_SCHEMA_VERSION), Array.from({ length: LATEST_SCHEMA_VERSION - 1 }, (_, i) => i + 1));
    assert.ok(frozen.every((v) => v <= LATEST_SCHEMA_VERSION), 'no fixture of a schema this code does not know');
  });

  for (const version of Object.keys(FROZEN).map(Number)) {
    it(`opens a schema ${version} database and keeps every article, snippet and review note`, () => {
      const file = copyOf(version);
      const before = Database.open(file, testDriver(), { migrate: false });
      assert.equal(before.pragmaNumber('user_version'), version, 'the fixture is at its schema');
      before.close();

      const store = LoreStore.open(file, { driver: testDriver(), author: 'Grace' });
      try {
        assert.equal(store.db.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION);
        const { schemaVersion, ...was } = expected(version);
        assert.equal(schemaVersion, version);
        assert.deepEqual(contents(store), was);
        // What the upgrade builds is there too: counts for the Knowledge view, the search index with snippet code.
        assert.equal(store.countArticles(), was.articles.length);
        assert.deepEqual(Object.fromEntries(store.groupCounts('tag').map((g) => [g.key ?? '(none)', g.count])), { cache: 1, ops: 1, performance: 1, security: 1, '(none)': 1 });
        const keys = was.articles.find((a) => a.title === 'Rotating the API keys')!;
        assert.deepEqual(searchArticles(store.db, 'code:vault').results.map((r) => r.articleId), [keys.id]);
        assert.deepEqual(searchArticles(store.db, 'invalidate').results.map((r) => r.articleId), [was.articles.find((a) => a.title === 'Cache invalidation')!.id]);
        if (hasLinks(version)) checkLinks(store, was);
        // And it keeps working: a new article and a reply are written at the new schema.
        store.createArticle({ title: 'Written after the upgrade' });
        store.addComment(was.threads[0].id, 'Still here.');
        assert.equal(store.countArticles(), was.articles.length + 1);
      } finally {
        store.close();
      }
    });

    it(`upgrades a schema ${version} database in steps (as the extension does) to the same contents`, async () => {
      const file = copyOf(version);
      const db = Database.open(file, testDriver(), { migrate: false });
      await runMigrationsInSteps(db);
      const store = LoreStore.onDatabase(db, { author: 'Grace' });
      try {
        assert.equal(db.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION);
        const { schemaVersion: _, ...was } = expected(version);
        assert.deepEqual(contents(store), was);
        if (hasLinks(version)) checkLinks(store, was);
      } finally {
        store.close();
      }
    });
  }
});
