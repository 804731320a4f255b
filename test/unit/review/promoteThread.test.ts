import { strict as assert } from 'node:assert';
import { articleFromThread } from '../../../src/core/review/promoteThread';
import { openTestStore } from '../store/testStore';
import { makeThread } from './threadFixtures';

describe('promoting a review note to knowledge', () => {
  const thread = makeThread({ kind: 'suggestion', bodies: ['Use an LRU cache here.\nIt bounds memory.', 'Good idea, see lru-cache.'] });

  it('keeps the code as an anchored snippet, the discussion as the body, tags from the kind', () => {
    const article = articleFromThread(thread);
    assert.equal(article.title, 'Use an LRU cache here');
    assert.deepEqual(article.tags, ['suggestion', 'review']);
    assert.equal(article.status, 'draft');
    assert.equal(article.snippets?.length, 1);
    assert.equal(article.snippets![0].code, thread.anchor.text);
    assert.equal(article.snippets![0].language, 'typescript');
    assert.deepEqual(article.snippets![0].anchor, thread.anchor);
    assert.match(article.body!, /lines 12-18 of `src\/cache\.ts`: “Use an LRU cache here\\\.”/);
    // It links back to the note it came from, a link the article view and VS Code open in Lore.
    assert.ok(article.body!.startsWith(`_From a [review note](vscode://lore-team.lore/note/${thread.id}) (suggestion, `), article.body);
    assert.match(article.body!, /\*\*Ada\*\* · 2026-01-01 09:30 UTC\n\nUse an LRU cache here\.\nIt bounds memory\./);
    assert.match(article.body!, /\*\*Bob\*\* · 2026-01-02 09:30 UTC\n\nGood idea, see lru-cache\./);
  });

  it('takes the title the user chose, never empty', () => {
    assert.equal(articleFromThread(thread, { title: '  LRU caches for lookups ' }).title, 'LRU caches for lookups');
    assert.equal(articleFromThread(thread, { title: ' ' }).title, 'Use an LRU cache here');
  });

  it('uses the editor\'s language when given, and leaves out an empty snippet', () => {
    assert.equal(articleFromThread(thread, { language: 'javascript' }).snippets![0].language, 'javascript');
    const empty = makeThread();
    empty.anchor.text = '  ';
    assert.equal(articleFromThread(empty).snippets, undefined);
  });

  it('makes an article the store accepts', () => {
    const store = openTestStore();
    try {
      const created = store.createArticle(articleFromThread(thread));
      assert.equal(created.snippets.length, 1);
      assert.equal(created.snippets[0].anchor.path, 'src/cache.ts');
      assert.deepEqual(created.tags, ['review', 'suggestion']);
      assert.equal(store.articlesForPath('src/cache.ts')[0].id, created.id);
    } finally {
      store.close();
    }
  });
});
