import { strict as assert } from 'node:assert';
import { anchorAt, stateHash, syncAll, team, type Replica } from './syncTestKit';

const BODY = ['# Deploying', 'Build with npm run build.', '', 'Upload the bundle.', '', 'Tag the release.', '', 'Tell the team.'].join('\n');

/** Ann writes an article, both machines have it, then each makes a change without seeing the other's. */
async function concurrent(edit: (ann: Replica, bob: Replica, id: string) => void) {
  const { replicas } = await team(['Ann', 'Bob']);
  const [ann, bob] = replicas;
  const id = ann.store.createArticle({ title: 'Deploying', body: BODY, tags: ['ops'] }).id;
  await syncAll(replicas);
  ann.clock.advance(1000);
  bob.clock.advance(1000);
  edit(ann, bob, id);
  await syncAll(replicas);
  assert.equal(stateHash(ann.store), stateHash(bob.store), 'both machines must show the same');
  return { ann, bob, id, replicas };
}

describe('The concurrency matrix, through the team folder (fault test 8)', () => {
  it('same field (title): both versions are kept as a conflict, and resolving it settles it everywhere', async () => {
    const { ann, bob, id, replicas } = await concurrent((a, b, id) => {
      a.store.updateArticle(id, { title: 'Deploying to staging' });
      b.store.updateArticle(id, { title: 'Deploying to production' });
    });
    const conflicts = ann.store.getConflicts(id);
    assert.equal(conflicts.length, 1);
    assert.deepEqual(conflicts[0].versions.map((v) => v.value).sort(), ['Deploying to production', 'Deploying to staging']);
    assert.deepEqual(conflicts[0].versions.map((v) => v.author).sort(), ['Ann', 'Bob']);
    bob.store.resolveConflict(id, 'title', 'Deploying to staging and production');
    await syncAll(replicas);
    assert.deepEqual(ann.store.getConflicts(id), []);
    assert.equal(ann.store.getArticle(id)?.title, 'Deploying to staging and production');
  });

  it('the status stops counting a conflict as soon as it is resolved, before the next sync', async () => {
    const { bob, id } = await concurrent((a, b, id) => {
      a.store.updateArticle(id, { title: 'Deploying to staging' });
      b.store.updateArticle(id, { title: 'Deploying to production' });
    });
    assert.equal(bob.engine.status.lastSummary?.conflicts, 1);
    assert.match(bob.engine.status.message, /1 article with conflicts/);
    const seen: number[] = [];
    bob.engine.onDidChangeStatus((status) => seen.push(status.lastSummary?.conflicts ?? -1));
    bob.store.resolveConflict(id, 'title', 'Deploying to staging and production');
    bob.engine.refreshConflictCount();
    assert.equal(bob.engine.status.lastSummary?.conflicts, 0);
    assert.doesNotMatch(bob.engine.status.message, /conflict/);
    assert.deepEqual(seen, [0], 'the status bar is told once');
    bob.engine.refreshConflictCount();
    assert.deepEqual(seen, [0], 'and not again when nothing changed');
  });

  it('different fields: both changes apply, no conflict', async () => {
    const { ann, id } = await concurrent((a, b, id) => {
      a.store.updateArticle(id, { title: 'Deploying safely' });
      b.store.updateArticle(id, { tags: ['ops', 'release'], status: 'published' });
    });
    const article = ann.store.getArticle(id)!;
    assert.equal(article.title, 'Deploying safely');
    assert.deepEqual(article.tags, ['ops', 'release']);
    assert.equal(article.status, 'published');
    assert.deepEqual(ann.store.getConflicts(id), []);
  });

  it('a snippet updated to today\'s code on both machines: both show the later update and who made it', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const article = ann.store.createArticle({ title: 'Cache', snippets: [{ code: 'get()', anchor: anchorAt('src/cache.ts') }] });
    const id = article.snippets[0].id;
    await syncAll(replicas);
    ann.clock.advance(1000);
    bob.clock.advance(2000);
    ann.store.updateSnippetCode(id, { code: 'get(key)', anchor: { ...anchorAt('src/cache.ts', 4), text: 'get(key)' } });
    bob.store.updateSnippetCode(id, { code: 'get(key, ttl)', anchor: { ...anchorAt('src/cache.ts', 5), text: 'get(key, ttl)' } });
    await syncAll(replicas);
    assert.equal(stateHash(ann.store), stateHash(bob.store), 'both machines must show the same');
    for (const r of replicas) {
      assert.equal(r.store.getSnippet(id)!.code, 'get(key, ttl)', `${r.name} shows the later update`);
      assert.equal(r.store.snippetCodeUpdate(id)!.author, 'Bob');
      // Read for a whole file at once (the background check), the same answer.
      assert.deepEqual(r.store.snippetCodeUpdates([id, 'unknown']), new Map([[id, r.store.snippetCodeUpdate(id)!]]));
    }
  });

  it('tags: concurrent additions and a removal merge as an add-wins set', async () => {
    const { ann, id } = await concurrent((a, b, id) => {
      a.store.updateArticle(id, { tags: ['ops', 'ci'] });
      b.store.updateArticle(id, { tags: ['deploy'] }); // removes ops, adds deploy
    });
    assert.deepEqual(ann.store.getArticle(id)?.tags, ['ci', 'deploy']);
  });

  it('edit vs delete: the edit wins and the deleter is told', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const id = ann.store.createArticle({ title: 'Runbook', body: BODY }).id;
    await syncAll(replicas);
    ann.store.deleteArticle(id);
    bob.store.updateArticle(id, { body: `${BODY}\nRoll back with npm run rollback.` });
    await ann.engine.syncNow();
    await bob.engine.syncNow();
    const annSide = await ann.engine.syncNow();
    assert.deepEqual(annSide.deletesOverridden, [id]);
    await syncAll(replicas);
    assert.ok(ann.store.getArticle(id), 'the edited article is back on the machine that deleted it');
    assert.match(bob.store.getArticle(id)!.body, /rollback/);
    assert.equal(stateHash(ann.store), stateHash(bob.store));
  });

  it('delete vs delete: deleted everywhere, once', async () => {
    const { ann, bob, id } = await concurrent((a, b, id) => {
      a.store.deleteArticle(id);
      b.store.deleteArticle(id);
    });
    assert.equal(ann.store.getArticle(id), undefined);
    assert.equal(bob.store.getArticle(id), undefined);
  });

  it('separate body edits merge cleanly by lines', async () => {
    const { ann, bob, id } = await concurrent((a, b, id) => {
      a.store.updateArticle(id, { body: BODY.replace('Build with npm run build.', 'Build with npm run build:prod.') });
      b.store.updateArticle(id, { body: BODY.replace('Tell the team.', 'Tell the team in #releases.') });
    });
    assert.equal(ann.store.getArticle(id)?.body, BODY.replace('npm run build.', 'npm run build:prod.').replace('Tell the team.', 'Tell the team in #releases.'));
    assert.deepEqual(ann.store.getConflicts(id), []);
    assert.equal(bob.store.getArticle(id)?.body, ann.store.getArticle(id)?.body);
  });

  it('overlapping body edits stay a conflict with both versions, resolved by the user', async () => {
    const { ann, bob, id, replicas } = await concurrent((a, b, id) => {
      a.store.updateArticle(id, { body: BODY.replace('Upload the bundle.', 'Upload the bundle to S3.') });
      b.store.updateArticle(id, { body: BODY.replace('Upload the bundle.', 'Upload the bundle with scp.') });
    });
    const conflict = ann.store.getConflicts(id).find((c) => c.field === 'body')!;
    assert.equal(conflict.versions.length, 2);
    assert.ok(conflict.versions.some((v) => /S3/.test(String(v.value))) && conflict.versions.some((v) => /scp/.test(String(v.value))));
    // Editing the shown version does not drop the other one.
    ann.store.updateArticle(id, { body: `${ann.store.getArticle(id)!.body}\nDone.` });
    await syncAll(replicas);
    const still = bob.store.getConflicts(id).find((c) => c.field === 'body')!;
    assert.ok(still.versions.some((v) => /scp/.test(String(v.value))) && still.versions.some((v) => /S3/.test(String(v.value))));
    bob.store.resolveConflict(id, 'body', BODY.replace('Upload the bundle.', 'Upload the bundle to S3 (or with scp).'));
    await syncAll(replicas);
    assert.deepEqual(ann.store.getConflicts(id), []);
    assert.match(ann.store.getArticle(id)!.body, /S3 \(or with scp\)/);
  });

  it('the same change made on both machines is not a conflict', async () => {
    const { ann, id } = await concurrent((a, b, id) => {
      for (const r of [a, b]) r.store.updateArticle(id, { title: 'Deploying v2', body: `${BODY}\nSame line.`, tags: ['ops', 'v2'] });
    });
    assert.deepEqual(ann.store.getConflicts(id), []);
    assert.equal(ann.store.getArticle(id)?.title, 'Deploying v2');
  });

  it('review comments made at the same time are all kept', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const thread = ann.store.createThread({ anchor: anchorAt('src/app.ts'), kind: 'question', body: 'Why a cache here?' });
    await syncAll(replicas);
    ann.store.addComment(thread.id, 'Because the API is slow.');
    bob.store.addComment(thread.id, 'Measured: 300 ms per call.');
    await syncAll(replicas);
    assert.equal(ann.store.getThread(thread.id)?.comments.length, 3);
    assert.equal(stateHash(ann.store), stateHash(bob.store));
  });
});
