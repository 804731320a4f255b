import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { NotFoundError, ValidationError } from '../../../src/core/errors';
import { searchArticles } from '../../../src/core/search/searchArticles';
import { validateEvent } from '../../../src/core/store/events';
import { openTestStore, sampleAnchor, tempDir, testDriver } from './testStore';

describe(`LoreStore (${testDriver().name})`, () => {
  it('creates an article with snippets and reads it back', () => {
    const store = openTestStore();
    const article = store.createArticle({
      title: '  Caching   with Redis ',
      body: '# Why\nBecause.',
      tags: ['Redis', '#cache', 'redis'],
      team: 'Platform',
      snippets: [{ code: 'const x = 1;', language: 'typescript', anchor: sampleAnchor() }],
    });
    assert.equal(article.title, 'Caching with Redis');
    assert.deepEqual(article.tags, ['cache', 'redis']);
    assert.equal(article.team, 'Platform');
    assert.equal(article.status, 'draft');
    assert.equal(article.author, 'Ada');
    assert.equal(article.snippets.length, 1);
    assert.equal(article.snippets[0].anchor.path, 'src/cache.ts');
    assert.deepEqual(store.getArticle(article.id), article);
  });

  it('rejects bad values with a message naming the field, and writes nothing', () => {
    const store = openTestStore();
    assert.throws(() => store.createArticle({ title: '   ' }), (e: unknown) => e instanceof ValidationError && e.field === 'title');
    assert.throws(() => store.createArticle({ title: 'x', status: 'done' as never }), /Status must be one of/);
    assert.throws(() => store.createArticle({ title: 'x', tags: ['no spaces?'] }), /Tag "no-spaces\?"/);
    assert.throws(
      () => store.createArticle({ title: 'x', snippets: [{ code: 'a', anchor: { ...sampleAnchor(), path: '/etc/passwd' } }] }),
      /absolute path/,
    );
    assert.throws(
      () => store.createArticle({ title: 'x', snippets: [{ code: 'a', anchor: { ...sampleAnchor(), path: 'src/../../x' } }] }),
      /leaves the workspace/,
    );
    assert.equal(store.countArticles(), 0);
    assert.equal(store.unpublishedEvents().length, 0);
  });

  it('updates only changed fields, as one event whose prev names what the writer saw', () => {
    const store = openTestStore();
    const article = store.createArticle({ title: 'A', body: 'one' });
    const [created] = store.unpublishedEvents();
    const unchanged = store.updateArticle(article.id, { title: 'A', body: 'one' });
    assert.equal(unchanged.body, 'one');
    assert.equal(store.unpublishedEvents().length, 1, 'no event for a no-op update');
    const updated = store.updateArticle(article.id, { body: 'two', status: 'published' });
    assert.equal(updated.body, 'two');
    assert.equal(updated.status, 'published');
    const events = store.unpublishedEvents();
    assert.equal(events.length, 2);
    const edit = events[1];
    assert.deepEqual(Object.keys(edit.changes).sort(), ['body', 'status']);
    assert.deepEqual(edit.prev.body, [created.id]);
    assert.equal(edit.seq, created.seq + 1);
    assert.ok(edit.hlc > created.hlc);
  });

  it('gives events content-hashed ids that detect tampering', () => {
    const store = openTestStore();
    store.createArticle({ title: 'A' });
    const [event] = store.unpublishedEvents();
    assert.deepEqual(validateEvent(JSON.parse(JSON.stringify(event))), event);
    const tampered = { ...event, changes: { ...event.changes, title: 'B' } };
    assert.throws(() => validateEvent(tampered), /does not match its content/);
    assert.throws(() => validateEvent({ ...event, entity: 'user' }), /Unknown record kind/);
  });

  it('keeps private articles out of what is published, until they are shared', () => {
    const store = openTestStore();
    const secret = store.createArticle({ title: 'My notes', visibility: 'private', snippets: [{ code: 'x', anchor: sampleAnchor() }] });
    store.updateArticle(secret.id, { body: 'draft thoughts' });
    assert.equal(store.unpublishedEvents().length, 0);
    store.updateArticle(secret.id, { visibility: 'team' }, { share: true });
    const published = store.unpublishedEvents();
    assert.deepEqual(published.map((e) => e.entity), ['article', 'snippet'], 'once shared, its current state and its snippet\'s are published as new versions');
    assert.equal(published[0].changes.body, 'draft thoughts');
  });

  it('deletes articles and their snippets, and says when an id does not exist', () => {
    const store = openTestStore();
    const article = store.createArticle({ title: 'Gone soon', tags: ['x'], snippets: [{ code: 'x', anchor: sampleAnchor() }] });
    store.deleteArticle(article.id);
    assert.equal(store.getArticle(article.id), undefined);
    assert.deepEqual(store.listArticles(), []);
    assert.deepEqual(store.snippetsForPath('src/cache.ts'), []);
    assert.throws(() => store.updateArticle(article.id, { title: 'B' }), NotFoundError);
  });

  it('lists by tag, status and team, and finds articles for a file', () => {
    const store = openTestStore();
    store.createArticle({ title: 'One', tags: ['db'], status: 'published', snippets: [{ code: 'a', anchor: sampleAnchor('src/a.ts') }] });
    store.createArticle({ title: 'Two', tags: ['db', 'ops'], team: 'Ops' });
    store.createArticle({ title: 'Three', tags: ['ops'] });
    assert.deepEqual(store.listArticles({ tag: 'db' }).map((a) => a.title).sort(), ['One', 'Two']);
    assert.deepEqual(store.listArticles({ status: 'published' }).map((a) => a.title), ['One']);
    assert.deepEqual(store.listArticles({ team: 'Ops' }).map((a) => a.title), ['Two']);
    assert.deepEqual(store.articlesForPath('src/a.ts').map((a) => a.title), ['One']);
    assert.equal(store.listArticles({ tag: 'db' }).find((a) => a.title === 'One')?.snippetCount, 1);
    assert.deepEqual(store.countsForPath('src/a.ts'), { notes: 0, articles: 1 });
  });

  it('keeps tag groups and search in step with edits of tags, team and status, deletes and restores', () => {
    const store = openTestStore();
    const article = store.createArticle({ title: 'Backoff', body: 'Retry with jitter.', tags: ['db', 'ops'], team: 'Ops' });
    store.createArticle({ title: 'Other', tags: ['db'] });
    const tagCounts = () => Object.fromEntries(store.groupCounts('tag').map((g) => [g.key ?? '(none)', g.count]));
    const found = (query: string) => searchArticles(store.db, query).results.map((r) => r.title);

    store.updateArticle(article.id, { tags: ['ops', 'infra'] });
    assert.deepEqual(tagCounts(), { db: 1, ops: 1, infra: 1 });
    assert.deepEqual(store.listArticles({ tag: 'infra' }).map((a) => a.title), ['Backoff']);
    assert.deepEqual(found('tag:db'), ['Other']);
    assert.deepEqual(found('tag:infra'), ['Backoff']);

    store.updateArticle(article.id, { team: null, status: 'published', body: 'Retry with exponential delays.' });
    assert.deepEqual(store.listArticles({ team: null }).map((a) => a.title).sort(), ['Backoff', 'Other']);
    assert.deepEqual(store.listArticles({ status: 'published' }).map((a) => a.title), ['Backoff']);
    assert.deepEqual(tagCounts(), { db: 1, ops: 1, infra: 1 }, 'a body edit leaves the tags as they were');
    assert.deepEqual(found('jitter'), []);
    assert.deepEqual(found('exponential'), ['Backoff']);

    store.deleteArticle(article.id);
    assert.deepEqual(tagCounts(), { db: 1 });
    assert.deepEqual(found('exponential'), []);
    store.restoreRecords([{ entity: 'article', id: article.id }]);
    assert.deepEqual(tagCounts(), { db: 1, ops: 1, infra: 1 });
    assert.deepEqual(found('exponential'), ['Backoff']);
    assert.deepEqual(found('tag:infra'), ['Backoff']);
  });

  it('counts articles per tag, team and status for the tree, including those without one', () => {
    const store = openTestStore();
    store.createArticle({ title: 'One', tags: ['db', 'ops'], team: 'Ops', status: 'published' });
    store.createArticle({ title: 'Two', tags: ['db'] });
    store.createArticle({ title: 'Three' });
    const byKey = (by: 'tag' | 'team' | 'status') => Object.fromEntries(store.groupCounts(by).map((g) => [g.key ?? '(none)', g.count]));
    assert.deepEqual(byKey('tag'), { db: 2, ops: 1, '(none)': 1 });
    assert.deepEqual(byKey('team'), { Ops: 1, '(none)': 2 });
    assert.deepEqual(byKey('status'), { published: 1, draft: 2 });
    assert.deepEqual(store.listArticles({ tag: null }).map((a) => a.title), ['Three']);
    assert.deepEqual(store.listArticles({ team: null }).map((a) => a.title).sort(), ['Three', 'Two']);
  });

  it('keeps review threads with replies, resolve and delete', () => {
    const clock = new ManualClock();
    const store = openTestStore(':memory:', { clock });
    const thread = store.createThread({ anchor: sampleAnchor('src/a.ts'), kind: 'bug', body: 'Off by one' });
    assert.equal(thread.comments.length, 1);
    assert.equal(thread.state, 'open');
    clock.advance(60_000);
    store.addComment(thread.id, 'Fixed in the next commit');
    const resolved = store.setThreadState(thread.id, 'resolved');
    assert.equal(resolved.state, 'resolved');
    assert.deepEqual(resolved.comments.map((c) => c.body), ['Off by one', 'Fixed in the next commit']);
    assert.deepEqual(store.listThreads({ state: 'open' }), []);
    assert.equal(store.listThreads({ path: 'src/a.ts' }).length, 1);
    for (const c of resolved.comments) store.deleteComment(c.id);
    assert.equal(store.getThread(thread.id), undefined, 'a thread goes with its last comment');
    assert.throws(() => store.createThread({ anchor: sampleAnchor(), kind: 'rant' as never, body: 'x' }), /bug, suggestion/);
  });

  it('keeps where a note was re-anchored locally, without publishing it', () => {
    const store = openTestStore();
    const thread = store.createThread({ anchor: sampleAnchor('src/a.ts', 10), kind: 'nit', body: 'Rename' });
    const before = store.unpublishedEvents().length;
    store.setThreadAnchorState(thread.id, 'moved', 'moved 3 lines down', sampleAnchor('src/a.ts', 13));
    const moved = store.getThread(thread.id)!;
    assert.equal(moved.anchorState, 'moved');
    assert.equal(moved.anchor.range.startLine, 13);
    assert.equal(moved.anchorNote, 'moved 3 lines down');
    assert.equal(store.unpublishedEvents().length, before);
    store.setThreadAnchorState(thread.id, 'needsReview', 'weak match');
    assert.equal(store.getThread(thread.id)!.anchor.range.startLine, 13, 'a state change alone keeps where it was last found');
    store.reattachThread(thread.id, sampleAnchor('src/a.ts', 20));
    assert.equal(store.getThread(thread.id)!.anchor.range.startLine, 20);
    assert.equal(store.getThread(thread.id)!.anchorState, 'attached');
  });

  it('gives a snippet today\'s code as a shared change, and says who did it and when', () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 9, 30));
    const store = openTestStore(':memory:', { clock });
    const article = store.createArticle({ title: 'Cache', snippets: [{ code: 'function get(key) {\n  return cache[key];\n}', anchor: sampleAnchor('src/a.ts', 10) }] });
    const snippet = article.snippets[0];
    assert.equal(store.snippetCodeUpdate(snippet.id), undefined, 'a snippet as shared has no update');
    store.setSnippetAnchorState(snippet.id, 'moved', sampleAnchor('src/a.ts', 12));
    const changes: string[][] = [];
    store.onDidChange((c) => changes.push(c.ids));
    const published = store.unpublishedEvents().length;

    clock.set(Date.UTC(2026, 6, 2, 14, 0));
    store.author = 'Grace';
    const anchor = { ...sampleAnchor('src/a.ts', 20), text: 'function get(key) {\n  return cache.get(key);\n}' };
    const updated = store.updateSnippetCode(snippet.id, { code: anchor.text, anchor });
    assert.equal(updated.code, anchor.text);
    assert.equal(updated.anchor.range.startLine, 20, 'the new anchor replaces where this machine had found it');
    assert.equal(updated.anchorState, 'attached');
    assert.deepEqual(store.getArticle(article.id)!.snippets[0], updated);
    assert.deepEqual(store.snippetCodeUpdate(snippet.id), { author: 'Grace', at: '2026-07-02T14:00:00.000Z' });
    assert.equal(store.unpublishedEvents().length, published + 1, 'teammates get the new code');
    assert.deepEqual(changes, [[snippet.id]]);
    assert.ok(searchArticles(store.db, 'cache.get').results.some((r) => r.articleId === article.id), 'the new code is searchable');
    assert.throws(() => store.updateSnippetCode('nope', { code: 'x', anchor }), NotFoundError);
    store.createArticle({ title: 'Two files', snippets: [{ code: 'b()', anchor: sampleAnchor('src/b.ts') }, { code: 'a()', anchor: sampleAnchor('src/a.ts') }] });
    const gone = store.createArticle({ title: 'Deleted', snippets: [{ code: 'c()', anchor: sampleAnchor('src/c.ts') }] });
    store.deleteArticle(gone.id);
    assert.deepEqual(store.snippetPaths(), ['src/a.ts', 'src/b.ts'], 'each file once, none of deleted articles');
    assert.throws(() => store.updateSnippetCode(snippet.id, { code: 42 as never, anchor }), ValidationError);
  });

  it('a file\'s snippets at once: who gave which new code, and where each was found, in one change', () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 9, 30));
    const store = openTestStore(':memory:', { clock });
    const article = store.createArticle({
      title: 'Cache',
      snippets: [{ code: 'get()', anchor: sampleAnchor('src/a.ts', 10) }, { code: 'set()', anchor: sampleAnchor('src/a.ts', 20) }, { code: 'del()', anchor: sampleAnchor('src/a.ts', 30) }],
    });
    const [first, second, third] = article.snippets.map((s) => s.id);
    clock.set(Date.UTC(2026, 6, 2, 14, 0));
    store.author = 'Grace';
    store.updateSnippetCode(second, { code: 'set(key)', anchor: { ...sampleAnchor('src/a.ts', 21), text: 'set(key)' } });
    store.setSnippetAnchorState(first, 'moved', sampleAnchor('src/a.ts', 11));
    // Only the snippet given new code has an update, as snippetCodeUpdate says one by one.
    const updates = store.snippetCodeUpdates([first, second, third, 'nope']);
    assert.deepEqual(updates, new Map([[second, { author: 'Grace', at: '2026-07-02T14:00:00.000Z' }]]));
    for (const id of [first, second, third]) assert.deepEqual(updates.get(id), store.snippetCodeUpdate(id));

    const changes: string[][] = [];
    store.onDidChange((c) => changes.push(c.ids));
    store.setSnippetAnchorStates([
      { id: first, state: 'moved', anchor: sampleAnchor('src/a.ts', 15) },
      { id: third, state: 'moved', anchor: sampleAnchor('src/a.ts', 35) },
    ]);
    assert.deepEqual(changes, [[first, third]], 'one change for the file');
    assert.deepEqual(store.snippetsForPath('src/a.ts').map((s) => [s.anchorState, s.anchor.range.startLine]), [['moved', 15], ['attached', 21], ['moved', 35]]);
    assert.throws(() => store.setSnippetAnchorStates([{ id: first, state: 'lost' as never }]), ValidationError);
  });

  it('follows renamed files and folders', () => {
    const store = openTestStore();
    store.createThread({ anchor: sampleAnchor('src/old/a.ts'), kind: 'nit', body: 'x' });
    store.createArticle({ title: 'A', snippets: [{ code: 'x', anchor: sampleAnchor('src/old/b.ts') }] });
    store.createThread({ anchor: sampleAnchor('src/older.ts'), kind: 'nit', body: 'untouched' });
    assert.equal(store.renamePath('src/old', 'src/new'), 2);
    assert.equal(store.listThreads({ path: 'src/new/a.ts' }).length, 1);
    assert.equal(store.snippetsForPath('src/new/b.ts').length, 1);
    assert.equal(store.listThreads({ path: 'src/older.ts' }).length, 1);
  });

  it('stores images once by content hash and refuses other files', () => {
    const store = openTestStore();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const hash = store.putImage(png, 'image/png');
    assert.equal(store.putImage(png, 'image/png'), hash);
    assert.deepEqual(store.getImage(hash), { mime: 'image/png', data: png });
    assert.throws(() => store.putImage(png, 'application/pdf'), /PNG, JPEG/);
  });

  it('tells listeners what changed, after the change is committed', () => {
    const store = openTestStore();
    const seen: string[] = [];
    const stop = store.onDidChange((change) => seen.push(`${change.origin}:${change.entities.join(',')}`));
    const a = store.createArticle({ title: 'A', snippets: [{ code: 'x', anchor: sampleAnchor() }] });
    stop();
    store.updateArticle(a.id, { title: 'B' });
    assert.deepEqual(seen, ['local:article,snippet']);
  });

  it('keeps its device id and sequence across reopening', () => {
    const file = path.join(tempDir(), 'lore.db');
    const first = openTestStore(file);
    first.createArticle({ title: 'A' });
    const device = first.deviceId;
    first.close();
    const second = openTestStore(file);
    assert.equal(second.deviceId, device);
    second.createArticle({ title: 'B' });
    assert.deepEqual(second.unpublishedEvents().map((e) => e.seq), [1, 2]);
    second.close();
  });
});
