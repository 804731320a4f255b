import { strict as assert } from 'node:assert';
import { describeHeldDeletions } from '../../../src/core/sync/heldDeletionText';
import { stateHash, syncAll, team } from './syncTestKit';

async function teamWith(count: number) {
  const { fs, replicas } = await team(['Ann', 'Bob']);
  const [ann, bob] = replicas;
  const ids = Array.from({ length: count }, (_, i) => ann.store.createArticle({ title: `Article ${i}`, snippets: [] }).id);
  await syncAll(replicas);
  assert.equal(bob.store.countArticles(), count);
  return { fs, ann, bob, ids, replicas };
}

describe('Mass-delete guard', () => {
  it('applies a few deletions at once', async () => {
    const { ann, bob, ids } = await teamWith(60);
    for (const id of ids.slice(0, 3)) ann.store.deleteArticle(id);
    await ann.engine.syncNow();
    const summary = await bob.engine.syncNow();
    assert.equal(summary.heldDeletions, 0);
    assert.equal(bob.store.countArticles(), 57);
  });

  it('holds 55 incoming deletions for the user, lists them, and applies them when approved', async () => {
    const { ann, bob, ids } = await teamWith(60);
    for (const id of ids.slice(0, 55)) ann.store.deleteArticle(id);
    ann.store.createArticle({ title: 'Unrelated new article' });
    await ann.engine.syncNow();
    const summary = await bob.engine.syncNow();
    assert.equal(summary.heldDeletions, 55);
    assert.equal(bob.store.countArticles(), 61, 'nothing deleted yet; other changes applied');
    assert.ok(summary.warnings.some((w) => /55 deletions from the team folder are waiting for your decision/.test(w)));
    assert.equal(bob.engine.status.state, 'attention');
    const held = bob.engine.heldDeletions();
    assert.equal(held.length, 55);
    assert.equal(held[0].author, 'Ann');
    assert.match(held.map((h) => h.label).join(','), /Article 0/);
    assert.equal(bob.engine.approveHeldDeletions(), 55);
    assert.equal(bob.store.countArticles(), 6);
    assert.equal(bob.engine.heldDeletions().length, 0);
    await syncAll([ann, bob]);
    assert.equal(stateHash(ann.store), stateHash(bob.store));
  });

  it('describes held deletions by article title and by note text and file, with counts per kind', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const anchor = { path: 'src/uploads.ts', range: { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0 }, text: 'scan()\n', contextBefore: '', contextAfter: '', hash: '' };
    const articles = Array.from({ length: 30 }, (_, i) => ann.store.createArticle({ title: `Caching ${i}` }));
    const note = ann.store.createThread({ kind: 'suggestion', anchor, body: 'This scan is O(n) per insert. An index by email would be faster here' });
    await syncAll(replicas);
    for (const article of articles.slice(0, 12)) ann.store.deleteArticle(article.id);
    ann.store.deleteThread(note.id);
    await ann.engine.syncNow();
    await bob.engine.syncNow();
    const held = bob.engine.heldDeletions();
    const text = describeHeldDeletions(held, 100);
    assert.match(text.headline, /delete or empty 12 articles and 1 review note at once/);
    const lines = text.lines.join('\n');
    assert.match(lines, /Article "Caching 0", deleted by Ann/);
    assert.match(lines, /Review note "This scan is O\(n\) per insert\. An index by email…" on src\/uploads\.ts/);
    assert.doesNotMatch(lines, /[0-9a-f]{8}…|\(by /, 'no raw ids');
  });

  it('holds deletions of 10% or more, and on rejection restores the articles for everyone', async () => {
    const { ann, bob, ids, replicas } = await teamWith(30);
    for (const id of ids.slice(0, 12)) ann.store.deleteArticle(id);
    await ann.engine.syncNow();
    assert.equal((await bob.engine.syncNow()).heldDeletions, 12);
    assert.equal(bob.engine.rejectHeldDeletions(), 12);
    assert.equal(bob.store.countArticles(), 30);
    await syncAll(replicas);
    assert.equal(ann.store.countArticles(), 30, 'the restore reaches the machine that deleted them');
    assert.equal(stateHash(ann.store), stateHash(bob.store));
  });

  it('can approve some held deletions and reject others', async () => {
    const { ann, bob, ids } = await teamWith(60);
    for (const id of ids) ann.store.deleteArticle(id);
    await ann.engine.syncNow();
    await bob.engine.syncNow();
    const held = bob.engine.heldDeletions();
    bob.engine.approveHeldDeletions(held.slice(0, 10).map((h) => h.eventId));
    assert.equal(bob.store.countArticles(), 50);
    bob.engine.rejectHeldDeletions();
    assert.equal(bob.store.countArticles(), 50);
  });
});
