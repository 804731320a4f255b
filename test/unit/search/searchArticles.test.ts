import { strict as assert } from 'node:assert';
import { searchArticles, warmUpSearch, type SearchResponse, type SearchResult } from '../../../src/core/search/searchArticles';
import { compactSearchIndex } from '../../../src/core/search/searchMaintenance';
import type { LoreStore, NewArticle } from '../../../src/core/store/loreStore';
import { draftSnippets, maskSnippet } from '../../../src/core/articles/snippetShare';
import { openTestStore, sampleAnchor, testDriver } from '../store/testStore';

const codeAnchor = (path = 'src/util.ts') => sampleAnchor(path);

const FILLER = [
  'Deployment checklist for the payments service. Run the migrations, then restart the workers one at a time.',
  'Logging conventions: use structured fields, never log secrets, and keep messages short.',
  'The build uses esbuild; run npm run watch while developing and npm test before pushing.',
  'Feature flags live in the admin console. Remove a flag once the rollout is complete.',
];

function titles(response: SearchResponse): string[] {
  return response.results.map((r) => r.title);
}

/** The highlighted parts of an excerpt (or title), lower-cased. */
function marked(text: string, ranges: Array<[number, number]>): string[] {
  return ranges.map(([a, b]) => text.slice(a, b).toLowerCase());
}

describe(`Search (${testDriver().name})`, () => {
  let store: LoreStore;
  const add = (article: NewArticle): string => store.createArticle({ status: 'published', ...article }).id;
  const search = (query: string, options = {}): SearchResponse => searchArticles(store.db, query, options);

  beforeEach(() => {
    store = openTestStore();
    FILLER.forEach((body, i) => add({ title: `Team note ${i + 1}`, body, tags: ['team'] }));
  });

  afterEach(() => store.close());

  it('finds other forms of a word (stemming) and highlights the form in the text', () => {
    add({ title: 'Speeding up reads', body: 'We are caching the rendered pages at the edge.', tags: ['perf'] });
    const response = search('cached');
    assert.deepEqual(titles(response), ['Speeding up reads']);
    assert.deepEqual(marked(response.results[0].excerpt, response.results[0].highlights), ['caching']);
  });

  it('finds words by prefix, also when the prefix runs past the stem (authenticati*)', () => {
    add({ title: 'Login flow', body: 'Authentication uses short-lived tokens issued by the gateway.' });
    add({ title: 'Permissions', body: 'Authorization is checked per route.' });
    assert.deepEqual(titles(search('auth*')).sort(), ['Login flow', 'Permissions']);
    const past = search('authenticati*');
    assert.deepEqual(titles(past), ['Login flow']);
    assert.deepEqual(marked(past.results[0].excerpt, past.results[0].highlights), ['authentication']);
    assert.deepEqual(titles(search('Authoriz*')), ['Permissions']);
  });

  it('corrects a typo to a word the knowledge base has, and says so', () => {
    add({ title: 'Login flow', body: 'Authentication uses short-lived tokens issued by the gateway.' });
    const response = search('authentcation');
    assert.deepEqual(titles(response), ['Login flow']);
    assert.match(response.warning ?? '', /No article contains “authentcation”; showing results for “authentication”/);
    assert.deepEqual(marked(response.results[0].excerpt, response.results[0].highlights), ['authentication']);
  });

  it('prefers a common word over a rare misspelling of it, and finds the misspelling when quoted', () => {
    for (let i = 0; i < 25; i++) add({ title: `Service ${i}`, body: `Service ${i} checks authentication on every request.` });
    add({ title: 'Old page', body: 'Our authentcation notes from 2019.' });
    const response = search('authentcation', { limit: 50 });
    assert.equal(response.total, 25);
    assert.ok(!titles(response).includes('Old page'));
    assert.match(response.warning ?? '', /in only 1 article; showing results for “authentication” instead/);
    assert.deepEqual(titles(search('"authentcation"')), ['Old page']);
  });

  it('does not "correct" a word the knowledge base uses often enough', () => {
    add({ title: 'Memo A', body: 'We memoize the selector.' });
    add({ title: 'Memo B', body: 'Memoize expensive calls.' });
    add({ title: 'Memo C', body: 'Do not memoize in tests.' });
    for (let i = 0; i < 5; i++) add({ title: `Memory ${i}`, body: 'Memorize the shortcuts.' });
    const response = search('memoize');
    assert.deepEqual(titles(response).sort(), ['Memo A', 'Memo B', 'Memo C']);
    assert.equal(response.warning, undefined);
  });

  it('picks up words saved after the typo vocabulary was loaded', () => {
    warmUpSearch(store.db);
    assert.deepEqual(titles(search('terrafrom')), []);
    add({ title: 'Cluster', body: 'We provision it with Terraform.' });
    assert.deepEqual(titles(search('terrafrom')), ['Cluster']);
  });

  it('while typing, takes the last word as the start of a longer one rather than a typo', () => {
    add({ title: 'Login flow', body: 'Authentication uses short-lived tokens.' });
    add({ title: 'Author guide', body: 'How to write an article.' });
    const typing = searchArticles(store.db, 'tokens authen', { asYouType: true });
    assert.deepEqual(titles(typing), ['Login flow']);
    assert.equal(typing.warning, undefined);
    assert.deepEqual(marked(typing.results[0].excerpt, typing.results[0].highlights), ['authentication', 'tokens']);
    // A finished word (followed by a space) is a whole word again, here taken for a typo of "author".
    const finished = searchArticles(store.db, 'authen ', { asYouType: true });
    assert.deepEqual(titles(finished), ['Author guide']);
    assert.match(finished.warning ?? '', /No article contains “authen”/);
    // A word no article begins with is still corrected.
    assert.deepEqual(titles(searchArticles(store.db, 'authentcation', { asYouType: true })), ['Login flow']);
  });

  it('lets a word~N ask for near words too', () => {
    add({ title: 'Colours', body: 'Theme colour tokens.' });
    add({ title: 'Colors', body: 'Theme color tokens.' });
    assert.deepEqual(titles(search('color')), ['Colors']);
    assert.deepEqual(titles(search('color~1')).sort(), ['Colors', 'Colours']);
  });

  it('limits a word to a field with tag:, title: and body:', () => {
    add({ title: 'Rotating keys', body: 'How we rotate the signing keys.', tags: ['security'] });
    add({ title: 'Security review notes', body: 'Nothing about tags here.' });
    add({ title: 'Audit', body: 'The security team audits this quarterly.' });
    assert.deepEqual(titles(search('tag:security')), ['Rotating keys']);
    assert.deepEqual(titles(search('title:security')), ['Security review notes']);
    assert.deepEqual(titles(search('body:security')), ['Audit']);
    const byTitle = search('title:security');
    assert.deepEqual(marked(byTitle.results[0].title, byTitle.results[0].titleHighlights), ['security']);
  });

  it('requires +words and leaves out -words', () => {
    add({ title: 'Redis basics', body: 'Redis stores our sessions.' });
    add({ title: 'Redis cluster', body: 'Redis cluster setup with three shards.' });
    add({ title: 'Queues', body: 'The job queue is not Redis based; sessions are elsewhere.' });
    assert.deepEqual(titles(search('+redis -cluster')).sort(), ['Queues', 'Redis basics']);
    assert.deepEqual(titles(search('sessions -redis')), []);
    assert.deepEqual(titles(search('+shards redis')), ['Redis cluster']);
  });

  it('matches "exact phrases" in order, and highlights the whole phrase', () => {
    add({ title: 'Pools', body: 'Size the connection pool to the number of cores.' });
    add({ title: 'Reverse', body: 'Each pool connection is checked before use.' });
    add({ title: 'Stop words', body: 'Put the cache of the server on a fast disk.' });
    const phrase = search('"connection pool"');
    assert.deepEqual(titles(phrase), ['Pools']);
    assert.deepEqual(marked(phrase.results[0].excerpt, phrase.results[0].highlights), ['connection pool']);
    assert.deepEqual(titles(search('"cache of the server"')), ['Stop words']);
    assert.deepEqual(titles(search('"cache server"')), []);
    assert.deepEqual(titles(search('"connections pooling"')), ['Pools'], 'phrases are stemmed too');
  });

  it('ranks a match in the title above one in the body, and tags above body', () => {
    add({ title: 'Notes on deployments', body: 'Sometimes we use Terraform, mostly for networking.' });
    add({ title: 'Terraform', body: 'Our infrastructure as code.' });
    add({ title: 'Infrastructure', body: 'Our setup.', tags: ['terraform'] });
    assert.deepEqual(titles(search('terraform')), ['Terraform', 'Infrastructure', 'Notes on deployments']);
    const scores = search('terraform').results.map((r) => r.score);
    assert.ok(scores[0] > scores[1] && scores[1] > scores[2]);
  });

  it("finds an article by its snippets' code and file paths, identifiers by their parts too", () => {
    const id = add({
      title: 'Onboarding a customer',
      body: 'The steps we follow for a new account.',
      snippets: [{ code: 'export function addUser(name: string) {\n  return db.insert({ name });\n}', language: 'typescript', anchor: codeAnchor('src/accounts/registration.ts') }],
    });
    for (const query of ['addUser', 'adduser', 'AddUser', 'add', 'user', 'users', 'registration', 'code:addUser', 'addUs*', '"add user"']) {
      assert.deepEqual(search(query).results.map((r) => r.articleId), [id], query);
    }
    const byPart = search('users').results[0];
    assert.match(byPart.excerpt, /^export function addUser\(name: string\)/, 'the excerpt shows the code that matched');
    assert.deepEqual(marked(byPart.excerpt, byPart.highlights), ['user']);
    const whole = search('addUser').results[0];
    assert.deepEqual(marked(whole.excerpt, whole.highlights), ['adduser']);
    const byPath = search('registration').results[0];
    assert.deepEqual(marked(byPath.excerpt, byPath.highlights), ['registration']);
    assert.equal(search('onboarding').results[0].excerpt, 'The steps we follow for a new account.', 'a title match still shows the body');
    assert.deepEqual(titles(search('title:addUser')), []);
    assert.deepEqual(titles(search('code:steps')), [], 'code: looks at snippets only');
    assert.deepEqual(titles(search('addUsr')), ['Onboarding a customer'], 'typos in identifiers are corrected too');
  });

  it('ranks a title or tag match above a match in snippet code only', () => {
    add({ title: 'Helpers', body: 'Small functions.', snippets: [{ code: 'function retryBackoff() { return backoff(); }', anchor: codeAnchor() }] });
    add({ title: 'Backoff', body: 'How we wait between attempts.' });
    add({ title: 'Waiting', body: 'Between attempts.', tags: ['backoff'] });
    assert.deepEqual(titles(search('backoff')), ['Backoff', 'Waiting', 'Helpers']);
  });

  it('reflects adding, changing and removing snippets in the next search', () => {
    const id = add({ title: 'Cache helpers', body: 'Helpers around the cache.' });
    assert.deepEqual(titles(search('evictStale')), []);
    const snippet = store.addSnippet(id, { code: 'function evictStale(cache) {}', anchor: codeAnchor('src/cache/lru.ts') });
    assert.deepEqual(titles(search('evictStale')), ['Cache helpers']);
    assert.deepEqual(titles(search('lru')), ['Cache helpers']);
    store.reattachSnippet(snippet.id, codeAnchor('src/cache/fifo.ts'));
    assert.deepEqual(titles(search('lru')), [], 'the old file path is gone from the index');
    assert.deepEqual(titles(search('fifo')), ['Cache helpers']);
    store.updateArticle(id, { body: 'Helpers around the in-memory cache.' });
    assert.deepEqual(titles(search('evictStale')), ['Cache helpers'], 'an edit of the body keeps the snippets indexed');
    store.removeSnippet(snippet.id);
    assert.deepEqual(titles(search('evictStale')), []);
    assert.deepEqual(titles(search('fifo')), []);
    assert.deepEqual(titles(search('helpers')), ['Cache helpers']);
  });

  it('never indexes a secret masked out of a snippet', () => {
    const secret = 'AKIAIOSFODNN7EXAMPLE';
    const request = { documentText: `const region = 'eu-west-1';\nconst awsKeyId = '${secret}';\n`, path: 'src/aws/config.ts', language: 'typescript', selections: [{ startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 100 }] };
    const [draft] = draftSnippets(request);
    assert.ok(draft.findings.length > 0, 'the key is found');
    const masked = maskSnippet(draft, new Set(draft.findings.map((f) => f.id)));
    assert.ok(!masked.code.includes(secret));
    add({ title: 'AWS settings', body: 'Region and credentials.', snippets: [masked] });
    assert.deepEqual(titles(search('awsKeyId')), ['AWS settings'], 'the rest of the snippet is searchable');
    assert.deepEqual(titles(search(secret)), []);
    assert.deepEqual(titles(search(`"${secret}"`)), []);
    assert.deepEqual(titles(search('AKIAIOSF*')), []);
    assert.equal(store.db.get('SELECT 1 FROM search_words WHERE word LIKE ?', `${secret.slice(0, 8).toLowerCase()}%`), undefined);
  });

  it('puts articles with every word first, then adds those with any word when too few have all', () => {
    add({ title: 'Both', body: 'Kafka and Redis side by side.' });
    add({ title: 'Only Kafka', body: 'Kafka topics.' });
    add({ title: 'Only Redis', body: 'Redis keys.' });
    const response = search('kafka redis');
    assert.equal(titles(response)[0], 'Both');
    assert.deepEqual(titles(response).slice(1).sort(), ['Only Kafka', 'Only Redis']);
    assert.equal(response.total, 3);
    const none = search('kafka terraform');
    assert.deepEqual(titles(none).sort(), ['Both', 'Only Kafka']);
    assert.match(none.warning ?? '', /No article has all of the words/);
  });

  it('returns an excerpt around the matches with highlights pointing at the matched words', () => {
    const long = `${'Background paragraph about unrelated things. '.repeat(30)}\n\nTo flush the CDN cache, call the purge endpoint with the service token.\n\n${'More unrelated text follows here. '.repeat(20)}`;
    add({ title: 'CDN', body: long });
    const [result] = search('purge cache').results;
    assert.ok(result.excerpt.startsWith('…') && result.excerpt.endsWith('…'), result.excerpt);
    assert.ok(result.excerpt.length <= 182, `excerpt has ${result.excerpt.length} characters`);
    assert.deepEqual(marked(result.excerpt, result.highlights), ['cache', 'purge']);
    for (const [a, b] of result.highlights) assert.ok(a >= 0 && b <= result.excerpt.length && a < b);
  });

  it('leaves Markdown and HTML markup out of excerpts, keeping highlights on the words', () => {
    add({
      title: 'Reporting',
      body: '## Security contact\n\n<a id="x"></a>To report a **security** issue, use the [Tidelift security contact](https://tidelift.com/security) or run `npm audit`.',
    });
    const [result] = search('security').results;
    assert.equal(result.excerpt, 'Security contact To report a security issue, use the Tidelift security contact or run npm audit.');
    assert.deepEqual(marked(result.excerpt, result.highlights), ['security', 'security', 'security']);
  });

  it('starts the excerpt at the beginning of the body when only the title matched', () => {
    add({ title: 'Glossary', body: 'Terms we use.\nMore lines.' });
    const [result] = search('glossary').results;
    assert.equal(result.excerpt, 'Terms we use. More lines.');
    assert.deepEqual(result.highlights, []);
    assert.deepEqual(marked(result.title, result.titleHighlights), ['glossary']);
  });

  it('reflects an update or a delete in the very next search', () => {
    const id = add({ title: 'Retry policy', body: 'Retries use exponential backoff.' });
    assert.deepEqual(titles(search('backoff')), ['Retry policy']);
    store.updateArticle(id, { body: 'Retries use a fixed delay with jitter.' });
    assert.deepEqual(titles(search('backoff')), []);
    assert.deepEqual(titles(search('jitter')), ['Retry policy']);
    store.updateArticle(id, { title: 'Resilience' });
    assert.deepEqual(titles(search('title:retry')), []);
    assert.deepEqual(titles(search('title:resilience')), ['Resilience']);
    store.deleteArticle(id);
    assert.deepEqual(titles(search('jitter')), []);
  });

  it('finds words regardless of diacritics and case, in any script', () => {
    add({ title: 'Büro Zürich', body: 'Das Café im Erdgeschoss. Привет, мир.' });
    add({ title: 'Naive approach', body: 'A naïve cache.' });
    assert.deepEqual(titles(search('zurich')), ['Büro Zürich']);
    assert.equal(search('zurich').warning, undefined, 'found directly, not as a typo correction');
    assert.deepEqual(titles(search('ZÜRICH')), ['Büro Zürich']);
    assert.deepEqual(titles(search('buro cafe')), ['Büro Zürich']);
    assert.deepEqual(titles(search('привет')), ['Büro Zürich']);
    assert.deepEqual(titles(search('naive')).sort(), ['Naive approach']);
    const [result] = search('cafe').results;
    assert.deepEqual(marked(result.excerpt, result.highlights), ['café']);
    const [title] = search('zurich').results;
    assert.deepEqual(marked(title.title, title.titleHighlights), ['zürich']);
  });

  it('answers a query of stop words only, and ignores stop words next to real words', () => {
    add({ title: 'Getters', body: 'Use get and let carefully.' });
    assert.deepEqual(titles(search('let')), ['Getters']);
    assert.deepEqual(titles(search('how do I get the token')).length, 0);
    add({ title: 'Tokens', body: 'The token comes from the vault.' });
    assert.deepEqual(titles(search('how do I get the token')), ['Tokens']);
  });

  it('filters by status and limits the number of results while counting all', () => {
    for (let i = 0; i < 8; i++) add({ title: `Runbook ${i}`, body: 'Runbook for incidents.', status: i < 3 ? 'draft' : 'published' });
    const all = search('runbook', { limit: 5 });
    assert.equal(all.results.length, 5);
    assert.equal(all.total, 8);
    const drafts = search('runbook', { status: 'draft' });
    assert.equal(drafts.total, 3);
    assert.ok(drafts.results.every((r: SearchResult) => r.status === 'draft'));
    assert.equal(search('runbook', { status: ['draft', 'archived'] }).total, 3);
  });

  it('answers malformed and hostile queries with a message or a fallback, never an exception', () => {
    add({ title: 'Tables', body: 'Drop the temp table after the import.' });
    const before = store.countArticles();
    const hostile = [
      '"unbalanced quote', '+ - *', 'tag:', 'title:', '"); DROP TABLE articles; --', "' OR 1=1 --", 'NEAR(', 'NEAR(a b, 2)',
      '*', '^', ':', '^2', 'a:b:c', '{title body}: x', 'title:"', '"*"', 'AND', 'OR', 'NOT', '-', '"""', '\\', '\u0000', 'ä*',
      'x'.repeat(5000), Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '),
    ];
    for (const query of hostile) {
      const response = search(query);
      assert.equal(response.total >= response.results.length, true, query);
    }
    assert.equal(store.countArticles(), before);
    assert.deepEqual(titles(search('"); DROP TABLE articles; --')), ['Tables']);
    assert.match(search('+ - *').warning ?? '', /Type a word to search for/);
    assert.match(search('tag:').warning ?? '', /needs a word after it/);
    assert.match(search('"unbalanced quote').warning ?? '', /opening quote without a closing one/);
    assert.deepEqual(search(''), { results: [], total: 0, query: { clauses: [], warnings: [] }, warning: undefined });
  });
});

describe(`Search index maintenance (${testDriver().name})`, () => {
  it('merges the index in small steps until done, and searches find the same articles after', () => {
    const store = openTestStore();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push(store.createArticle({ title: `Note ${i}`, body: `Shard ${i} rebalancing notes, ${i % 2 ? 'odd' : 'even'} side.` }).id);
      for (const id of ids.slice(0, 10)) store.deleteArticle(id);
      const before = searchArticles(store.db, 'rebalancing', { limit: 100 }).results.map((r) => r.articleId).sort();
      const segments = (): number => store.db.get<{ n: number }>('SELECT count(*) AS n FROM article_fts_data')!.n;
      const rowsBefore = segments();
      let steps = 0;
      while (compactSearchIndex(store.db, 16)) assert.ok(++steps < 1000, 'compaction ends');
      assert.ok(segments() < rowsBefore, `index rows ${rowsBefore} → ${segments()}`);
      assert.equal(compactSearchIndex(store.db), false, 'nothing left to merge');
      assert.deepEqual(searchArticles(store.db, 'rebalancing', { limit: 100 }).results.map((r) => r.articleId).sort(), before);
      assert.equal(before.length, 30);
    } finally {
      store.close();
    }
  });
});
