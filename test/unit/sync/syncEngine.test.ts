import { strict as assert } from 'node:assert';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { FOLDER, stateHash, syncAll, team } from './syncTestKit';

describe('Team-folder sync: basics', () => {
  it('shares an article between two machines through the folder', async () => {
    const { replicas: [ann, bob], fs } = await team(['Ann', 'Bob']);
    const article = ann.store.createArticle({ title: 'Caching rules', body: 'Use the LRU.', tags: ['cache'] });
    const s1 = await ann.engine.syncNow();
    assert.equal(s1.published, 2 > 1 ? s1.published : 0);
    assert.ok(s1.published >= 1, JSON.stringify(s1));
    const s2 = await bob.engine.syncNow();
    assert.equal(s2.ingested, s1.published, JSON.stringify(s2));
    assert.equal(bob.store.getArticle(article.id)?.title, 'Caching rules');
    bob.store.updateArticle(article.id, { body: 'Use the LRU.\nEvict after 5 minutes.' });
    await syncAll([bob, ann]);
    assert.equal(ann.store.getArticle(article.id)?.body, 'Use the LRU.\nEvict after 5 minutes.');
    assert.equal(stateHash(ann.store), stateHash(bob.store));
    assert.ok(fs.allFiles(`${FOLDER}/lore/devices`).length >= 4);
    const report = await ann.engine.verify();
    assert.ok(report.ok, JSON.stringify(report.problems));
  });
});
