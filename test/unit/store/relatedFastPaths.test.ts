import { strict as assert } from 'node:assert';
import { distinctiveWords } from '../../../src/core/articles/relatedArticles';
import { tokenize } from '../../../src/core/search/textAnalyzer';
import type { LoreStore } from '../../../src/core/store/loreStore';
import { queryFreeFactorOf, queryFreeFactors } from '../../../src/core/search/ranking';
import { SearchVocabulary } from '../../../src/core/search/searchVocabulary';
import { relatedSource, showableArticles, stemDocumentFrequencies, stemInArticlesSql, stemsInArticles } from '../../../src/core/store/relatedQueries';
import { parseTagsColumn } from '../../../src/core/store/rows';
import { Rng } from '../sync/syncTestKit';
import { openTestStore, sampleAnchor, testDriver } from './testStore';

/**
 * The related-articles queries that are written for speed (bench/relatedBench.ts) give the
 * answers the simple way gives, on seeded random knowledge bases: words that share stems
 * ("cache", "caching"), tags, links, snippets, deleted articles.
 */
const WORDS = [
  'cache', 'caching', 'cached', 'eviction', 'evicts', 'redis', 'ttl', 'session', 'sessions', 'token', 'tokens', 'retry',
  'retries', 'backoff', 'circuit', 'breaker', 'queue', 'queued', 'kafka', 'partition', 'partitions', 'zürich', 'café',
  'x-forwarded-for', 'node.js', 'deploy', 'deployed', 'rollback', 'schema', 'migration', 'index', 'indexes', 'vacuum',
  'the', 'and', 'of', 'with', 'every', 'minute', 'payroll', 'export', 'ldap', 'groups', 'grpc', 'proto', 'latency',
];
const TAGS = ['cache', 'backend', 'ops', 'db', 'auth', 'rare-one', 'rare-two', 'infra'];

export function randomKnowledgeBase(seed: number, count = 70): { store: LoreStore; ids: string[] } {
  const rng = new Rng(seed);
  const store = openTestStore();
  const text = (n: number) => Array.from({ length: n }, () => rng.pick(WORDS)).join(rng.chance(0.2) ? '. ' : ' ');
  const ids: string[] = [];
  const titles: string[] = [];
  for (let i = 0; i < count; i++) {
    const title = `${text(1 + rng.int(3))} ${i}`;
    const links = rng.chance(0.3) && titles.length ? ` See [[${rng.pick(titles)}]].` : '';
    const tags = [...new Set(Array.from({ length: rng.int(4) }, () => rng.pick(TAGS)))];
    const snippets = rng.chance(0.25)
      ? [{ code: `function ${rng.pick(['load', 'save'])}() {}`, anchor: { ...sampleAnchor(`src/${rng.pick(['a', 'b', 'c'])}.ts`, rng.int(50)), ...(rng.chance(0.5) ? { symbolPath: `S > ${rng.pick(['load', 'save'])}` } : {}) } }]
      : [];
    const article = store.createArticle({ title, body: `${text(5 + rng.int(40))}${links}`, tags, snippets });
    ids.push(article.id);
    titles.push(title);
  }
  for (const id of ids) if (rng.chance(0.08)) store.deleteArticle(id);
  return { store, ids };
}

/** stemsInArticles the simple way: analyse each article's title, tags and body. */
function stemsByReading(store: LoreStore, stems: readonly string[], rowids: readonly number[]): Map<number, string[]> {
  const found = new Map<number, string[]>();
  for (const rowid of rowids) {
    const row = store.db.get<{ title: string; tags: string; body: string; deleted: number }>('SELECT title, tags, body, deleted FROM articles WHERE rowid = ?', rowid);
    if (!row || row.deleted) continue;
    const has = new Set([row.title, parseTagsColumn(row.tags).join(' '), row.body].flatMap((t) => tokenize(t).map((token) => token.stem)));
    const hits = stems.filter((s) => has.has(s));
    if (hits.length) found.set(rowid, hits);
  }
  return found;
}

const sorted = (m: Map<number, string[]>) => [...m].sort((a, b) => a[0] - b[0]);

describe(`Related articles, fast paths against simple ones (${testDriver().name})`, () => {
  it('finds which distinctive words each candidate has, as reading each candidate would', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { store, ids } = randomKnowledgeBase(seed);
      const rng = new Rng(seed * 7);
      const rowids = store.db.all<{ rowid: number }>('SELECT rowid FROM articles').map((r) => r.rowid);
      let compared = 0;
      for (const id of ids) {
        const source = relatedSource(store.db, id);
        if (!source) continue;
        const stems = [...new Set([...distinctiveWords(store.db, source).map((w) => w.stem), ...tokenize(`${rng.pick(WORDS)} ${rng.pick(WORDS)}`).map((t) => t.stem)])];
        const candidates = rowids.filter(() => rng.chance(0.4));
        const fast = stemsInArticles(store.db, stems, candidates);
        assert.deepEqual(sorted(fast), sorted(stemsByReading(store, stems, candidates)), `seed ${seed}, article ${id}`);
        compared += fast.size;
      }
      assert.ok(compared > 50, `seed ${seed}: only ${compared} candidates had a word`);
    }
  });

  it('weighs each related article by votes and freshness from the row it already read, as queryFreeFactors does', () => {
    for (const seed of [11, 12, 13]) {
      const { store, ids } = randomKnowledgeBase(seed, 40);
      const rng = new Rng(seed);
      for (const id of ids) {
        if (!store.getArticle(id)) continue;
        for (let v = rng.int(4); v > 0; v--) {
          store.author = `Reader ${rng.int(6)}`;
          store.voteOnArticle(id, rng.chance(0.6) ? { helpful: true } : { helpful: false, reason: rng.pick(['outdated', 'unclear', 'wrong'] as const) });
        }
        store.author = 'Reader 9';
        if (rng.chance(0.2)) store.reportOutdated(id, 'moved');
        store.author = 'Ada';
        if (rng.chance(0.3)) store.markVerified(id);
      }
      const now = Date.UTC(2026, 0, 1) + rng.int(120) * 86_400_000;
      const rows = showableArticles(store.db, ids);
      const simple = queryFreeFactors(store.db, ids, now);
      assert.ok(new Set(simple.values()).size > 3, `seed ${seed}: the factors vary`);
      for (const row of rows) assert.equal(queryFreeFactorOf(row, now), simple.get(row.id), `seed ${seed}, ${row.title}`);
    }
  });

  it('counts the articles with a word as the index\'s vocabulary does, or says it is in more than the bound asked', () => {
    for (const seed of [21, 22, 23]) {
      const { store, ids } = randomKnowledgeBase(seed, 60);
      const rng = new Rng(seed);
      // Edits and deletions after the fact leave deleted entries in the index until it is merged.
      for (const id of ids) {
        if (!store.getArticle(id)) continue;
        if (rng.chance(0.2)) store.updateArticle(id, { body: `${rng.pick(WORDS)} ${rng.pick(WORDS)}` });
        else if (rng.chance(0.1)) store.deleteArticle(id);
      }
      const vocabulary = store.db.all<{ term: string; doc: number }>('SELECT term, doc FROM article_fts_vocab');
      const exact = new Map(vocabulary.map((v) => [v.term, v.doc]));
      const stems = [...exact.keys(), 'nosuchword'];
      let capped = 0;
      for (let round = 0; round < 6; round++) {
        const atMost = rng.pick([0, 1, 2, 3, 5, 8, 20, Infinity]);
        const asked = rng.shuffle(stems.filter(() => rng.chance(0.5)));
        const counts = stemDocumentFrequencies(store.db, asked, atMost);
        for (const stem of asked) {
          const want = exact.get(stem) ?? 0;
          const got = counts.get(stem)!;
          if (want <= atMost) assert.equal(got, want, `seed ${seed}: ${stem} with atMost ${atMost}`);
          else {
            assert.ok(got > atMost, `seed ${seed}: ${stem} (in ${want}) counted ${got}, not above ${atMost}`);
            capped++;
          }
        }
      }
      assert.ok(capped > 10, `seed ${seed}: only ${capped} counts stopped at the bound`);
    }
  });

  it('checks candidates against each word\'s list once, not by running the match once per candidate', () => {
    // With `rowid IN (…)` SQLite passed FTS5 one rowid at a time (the plan's "=" before M):
    // ~15 ms a word for 60 candidates at 50,000 articles, against ~2 ms reading the list once.
    const store = openTestStore();
    const plan = store.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${stemInArticlesSql(3)}`, '"cache"', 1, 2, 3).map((r) => r.detail).join('\n');
    assert.match(plan, /VIRTUAL TABLE INDEX \d+:M/, plan);
    assert.doesNotMatch(plan, /INDEX \d+:=/, plan);
  });
});

describe(`Search's typo check, fast path against the simple one (${testDriver().name})`, () => {
  it('counts the articles with a word exactly up to the bound, and above it says only that it is more', () => {
    for (const seed of [31, 32]) {
      const { store, ids } = randomKnowledgeBase(seed, 60);
      const rng = new Rng(seed);
      for (const id of ids) {
        if (store.getArticle(id) && rng.chance(0.2)) store.updateArticle(id, { body: `${rng.pick(WORDS)} ${rng.pick(WORDS)}` });
      }
      const vocabulary = SearchVocabulary.of(store.db);
      const exact = new Map(store.db.all<{ term: string; doc: number }>('SELECT term, doc FROM article_fts_vocab').map((v) => [v.term, v.doc]));
      let above = 0;
      for (const stem of [...exact.keys(), 'nosuchword']) {
        const atMost = rng.pick([0, 1, 3, 10, 30]);
        const want = exact.get(stem) ?? 0;
        const got = vocabulary.documentFrequencyUpTo(stem, atMost);
        assert.equal(got, Math.min(want, atMost + 1), `seed ${seed}: ${stem} (in ${want}) with atMost ${atMost}`);
        if (want > atMost) above++;
        assert.equal(vocabulary.documentFrequencies([stem]).get(stem), want, 'the simple count');
      }
      assert.ok(above > 10, `seed ${seed}: only ${above} words above their bound`);
    }
  });
});
