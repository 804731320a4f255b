import { strict as assert } from 'node:assert';
import { parseArticleDocument } from '../../../src/core/articles/articleDocument';
import { planArticleSave } from '../../../src/core/articles/articleSave';
import { LoreError } from '../../../src/core/errors';
import { LoreStore } from '../../../src/core/store/loreStore';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { anchorAt, syncAll, team } from '../sync/syncTestKit';
import { openTestStore, sampleAnchor } from './testStore';

const folderText = (fs: MemorySyncFs) => fs.allFiles().map((f) => Buffer.from(fs.getFile(f)!).toString('utf8')).join('\n');

describe('Private articles stay private', () => {
  it('shares a private article only when the caller says the author agreed', () => {
    const store = openTestStore();
    const article = store.createArticle({ title: 'My notes', visibility: 'private' });
    assert.throws(() => store.updateArticle(article.id, { visibility: 'team' }), (e: unknown) => e instanceof LoreError && /confirmation/.test(e.message));
    assert.equal(store.getArticle(article.id)!.visibility, 'private');
    assert.deepEqual(store.unpublishedEvents(), [], 'nothing was published by the refused change');
  });

  it('publishes only the current state when a private article is shared, never text removed while private', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    const article = ann.store.createArticle({
      title: 'Rotation notes', body: 'root password is hunter2', visibility: 'private',
      snippets: [{ code: 'rotate(hunter2)', anchor: anchorAt('src/rotate.ts') }, { code: 'keep()', anchor: anchorAt('src/keep.ts') }],
    });
    ann.store.updateArticle(article.id, { title: 'How we rotate secrets', body: 'Ask the on-call for the vault.' });
    ann.store.removeSnippet(article.snippets.find((s) => s.code.includes('hunter2'))!.id);
    ann.store.updateArticle(article.id, { visibility: 'team' }, { share: true });
    await syncAll([ann, bob]);

    const shared = bob.store.getArticle(article.id)!;
    assert.equal(shared.title, 'How we rotate secrets');
    assert.equal(shared.body, 'Ask the on-call for the vault.');
    assert.deepEqual(shared.snippets.map((s) => s.code), ['keep()']);
    assert.deepEqual(bob.store.getConflicts(article.id), []);
    const text = folderText(fs);
    for (const leak of ['hunter2', 'Rotation notes', 'src/rotate.ts']) assert.ok(!text.includes(leak), `"${leak}" (from its private history) reached the team folder`);
  });

  it('withdraws an article made private from teammates\' views, and shares it again as it is now', async () => {
    const { fs, replicas: [ann, bob] } = await team(['Ann', 'Bob']);
    const article = ann.store.createArticle({ title: 'Incident 42', body: 'What happened.', snippets: [{ code: 'retry()', anchor: anchorAt('src/retry.ts') }] });
    await syncAll([ann, bob]);
    assert.ok(bob.store.getArticle(article.id), 'Bob has the shared article');

    ann.store.updateArticle(article.id, { visibility: 'private' });
    ann.store.updateArticle(article.id, { body: 'Who is to blame: the contractor' });
    await syncAll([ann, bob]);
    assert.equal(bob.store.getArticle(article.id), undefined, 'withdrawn from Bob\'s view');
    assert.ok(!bob.store.listArticles().some((a) => a.id === article.id));
    assert.deepEqual(bob.store.countsForPath('src/retry.ts'), { notes: 0, articles: 0 });
    assert.throws(() => bob.store.deleteArticle(article.id), 'Bob can no longer delete (or mass-delete) it');
    assert.equal(ann.store.getArticle(article.id)!.visibility, 'private', 'Ann keeps it, private');
    assert.ok(!folderText(fs).includes('contractor'), 'the private edit stayed on Ann\'s machine');

    ann.store.updateArticle(article.id, { body: 'What happened, reviewed.', visibility: 'team' }, { share: true });
    await syncAll([ann, bob]);
    const back = bob.store.getArticle(article.id)!;
    assert.equal(back.body, 'What happened, reviewed.');
    assert.deepEqual(bob.store.getConflicts(article.id), [], 'the shared version replaces what Bob had, without a conflict');
    assert.ok(!folderText(fs).includes('contractor'));
  });

  it('keeps the current visibility when the front matter has no visibility line', () => {
    const fields = parseArticleDocument('---\ntitle: Notes\ntags: []\nstatus: draft\n---\nBody');
    assert.equal(fields.visibility, undefined);
    const store = openTestStore();
    const article = store.createArticle({ title: 'Notes', visibility: 'private' });
    const plan = planArticleSave(article, fields, false);
    store.updateArticle(article.id, plan.patch, { share: plan.sharing });
    assert.equal(store.getArticle(article.id)!.visibility, 'private');
    assert.deepEqual(store.unpublishedEvents(), []);
  });

  it('applies a new article\'s visibility at its first save without asking, and asks for a later private → team', () => {
    const team = parseArticleDocument('---\ntitle: New\nvisibility: team\n---\n');
    assert.deepEqual(
      { ...planArticleSave({ visibility: 'private' }, team, true), patch: undefined },
      { patch: undefined, sharing: true, needsConfirmation: false, withdrawing: false },
    );
    assert.equal(planArticleSave({ visibility: 'private' }, team, false).needsConfirmation, true);
    const privately = parseArticleDocument('---\ntitle: New\nvisibility: private\n---\n');
    assert.equal(planArticleSave({ visibility: 'private' }, privately, true).sharing, false);
    assert.equal(planArticleSave({ visibility: 'team' }, privately, false).withdrawing, true);
  });

  it('publishes nothing from any write path on a private article', () => {
    const store = openTestStore();
    const article = store.createArticle({ title: 'Mine', visibility: 'private', snippets: [{ code: 'a()', anchor: sampleAnchor('src/a.ts') }] });
    const linked = store.createArticle({ title: 'Runbook' });
    const mine = new Set([article.id, ...article.snippets.map((s) => s.id)]);
    const asReader = (write: () => void) => () => {
      store.author = 'Bo';
      try {
        write();
      } finally {
        store.author = 'Ada';
      }
    };
    const writes: Array<[string, () => void]> = [
      ['createArticle', () => mine.add(store.createArticle({ title: 'Also mine', visibility: 'private', snippets: [{ code: 'z()', anchor: sampleAnchor('src/z.ts') }] }).id)],
      ['updateArticle', () => store.updateArticle(article.id, { title: 'Mine 2', body: 'See [[Runbook]].', tags: ['t'], team: 'Ops', status: 'published', owner: 'Ops', reviewAfterDays: 9 })],
      // Renaming a shared article rewrites the private article's [[Runbook]] link: that edit stays here.
      ['updateArticle (links renamed)', () => {
        store.updateArticle(linked.id, { title: 'Runbook 2' });
        assert.equal(store.getArticle(article.id)!.body, 'See [[Runbook 2]].');
      }],
      ['resolveConflict', () => store.resolveConflict(article.id, 'body', 'resolved')],
      ['addSnippet', () => mine.add(store.addSnippet(article.id, { code: 'b()', anchor: sampleAnchor('src/b.ts') }).id)],
      ['reattachSnippet', () => store.reattachSnippet(article.snippets[0].id, sampleAnchor('src/a.ts', 20))],
      ['updateSnippetCode', () => store.updateSnippetCode(article.snippets[0].id, { code: 'c()', anchor: sampleAnchor('src/a.ts', 30) })],
      ['setSnippetAnchorState', () => store.setSnippetAnchorState(article.snippets[0].id, 'moved', sampleAnchor('src/a.ts', 40))],
      ['setSnippetAnchorStates', () => store.setSnippetAnchorStates([{ id: article.snippets[0].id, state: 'moved', anchor: sampleAnchor('src/a.ts', 50) }])],
      ['markVerified', () => store.markVerified(article.id)],
      ['confirmSnippet', () => store.confirmSnippet(article.snippets[0].id, 'ab'.repeat(32))],
      ['requestReview (refused)', () => assert.throws(() => store.requestReview(article.id, ['Bo']), LoreError)],
      ['reviewArticle (refused)', asReader(() => assert.throws(() => store.reviewArticle(article.id, 'approved'), LoreError))],
      ['reportOutdated', asReader(() => store.reportOutdated(article.id, 'old'))],
      ['withdrawReport', asReader(() => store.withdrawReport(article.id))],
      ['voteOnArticle', asReader(() => store.voteOnArticle(article.id, { helpful: false, reason: 'outdated', comment: 'old' }))],
      ['takeBackVote', asReader(() => store.takeBackVote(article.id))],
      ['thankAuthor', asReader(() => store.thankAuthor(article.id))],
      ['addDiscussionComment', () => {
        const comment = store.addDiscussionComment(article.id, 'a private remark');
        store.editDiscussionComment(article.id, comment.id, 'a private remark, edited');
        store.deleteDiscussionComment(article.id, comment.id);
      }],
      ['renamePath', () => store.renamePath('src', 'lib')],
      ['removeSnippet', () => store.removeSnippet(article.snippets[0].id)],
      ['deleteArticle', () => store.deleteArticle(article.id)],
      ['restoreRecords', () => store.restoreRecords([{ entity: 'article', id: article.id }])],
    ];
    for (const [name, write] of writes) {
      write();
      const leaked = store.unpublishedEvents().filter((e) => mine.has(e.entityId));
      assert.deepEqual(leaked, [], `${name} published something of a private article`);
    }
    assert.equal(store.getArticle(article.id)!.body, 'resolved');
    assert.ok(store.unpublishedEvents().some((e) => e.entityId === linked.id && e.changes.title === 'Runbook 2'), 'the shared article\'s rename was published');
  });

  it('has every store method that writes in the list above, so a new write path is checked for privacy', () => {
    // Each LoreStore method is either a write path on articles and snippets (checked above), or
    // named here with why it cannot publish a private article's text. A new method must be put
    // in one of the two lists: this test fails until it is.
    const articleWrites = [
      'createArticle', 'updateArticle', 'resolveConflict', 'addSnippet', 'reattachSnippet', 'updateSnippetCode', 'setSnippetAnchorState', 'setSnippetAnchorStates',
      'markVerified', 'confirmSnippet', 'requestReview', 'reviewArticle', 'reportOutdated', 'withdrawReport', 'renamePath',
      'voteOnArticle', 'takeBackVote', 'thankAuthor', 'addDiscussionComment', 'editDiscussionComment', 'deleteDiscussionComment',
      'removeSnippet', 'deleteArticle', 'restoreRecords',
    ];
    const noArticleWrites = [
      // reads
      'deviceId', 'search', 'warmUpSearch', 'dataVersion', 'driverName', 'getMeta', 'articleIdsByTitle', 'articleTitlesMatching',
      'relatedArticles', 'relatedToArticles', 'articlesLinkingTo', 'knowledgeGraph', 'articlesInReview', 'knownNames', 'getArticle',
      'conflictedArticleCount', 'getConflicts', 'listArticles', 'listArticleTitles', 'summariesOf', 'groupCounts', 'countArticles',
      'reviewCandidateIds', 'reportedArticleIds', 'articlesForPath', 'snippetsForPath', 'teamSnippets', 'snippetPaths', 'getSnippet',
      'snippetCodeUpdate', 'snippetCodeUpdates', 'getImage', 'listImageHashes', 'getThread', 'listThreads', 'countsForPath', 'unpublishedEvents', 'getEvent',
      'hasEvent', 'allEvents', 'authorResolver', 'hasArticle', 'myVote', 'getPath', 'listPaths', 'pathIdTaken', 'pathProgress', 'playedPathIds',
      'teamKnowledge', 'noteThankedBy',
      // local state that is never an event
      'compactSearchIndex', 'renewDeviceId', 'close', 'onDidChange', 'setMeta', 'putImage', 'markPublished', 'markAllUnpublished',
      'setAuthorResolver', 'setPathProgress',
      // this machine's use: local records, and per-article, per-day open counts only (usageLog.ts; no article text)
      'recordOpen', 'recordBounce', 'recordSearch', 'clearUsage', 'shareUsage',
      // learning paths: their own records with the same privacy rule (a private path's events stay here; learningPaths tests)
      'createPath', 'updatePath', 'setPathSteps', 'addPathStep', 'movePathStep', 'movePathStepTo', 'removePathStep', 'updatePathStep', 'deletePath',
      // review notes and their comments, always shared (privacy.ts)
      'createThread', 'addComment', 'editComment', 'deleteComment', 'setThreadState', 'setThreadKind', 'deleteThread', 'reattachThread',
      'setThreadAnchorState', 'thankNoteAuthor',
      // events from the team folder: already shared
      'ingest',
    ];
    const methods = Object.getOwnPropertyNames(LoreStore.prototype).filter((name) => name !== 'constructor').sort();
    assert.deepEqual(methods, [...articleWrites, ...noArticleWrites].sort());
  });
});
