import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { formatHlc } from '../../src/core/hlc';
import { sealEvent } from '../../src/core/store/events';
import type { LoreStore } from '../../src/core/store/loreStore';
import type { LoreExtensionApi } from '../../src/extension/extension';
import type { ArticleNode, AwaitingReviewNode, KnowledgeNode } from '../../src/extension/knowledge/knowledgeTree';
import { eventually, loreApi, manifest } from './support/lore';

// The extension's classes are its own bundle's: nodes are told apart by what they hold.
const isAwaitingGroup = (n: KnowledgeNode): n is AwaitingReviewNode => 'id' in n && n.id === 'group:awaitingReview';
const isArticle = (n: KnowledgeNode): n is ArticleNode => 'article' in n;

/** The article's row in Recent, as the Knowledge view shows it now. */
function recentRow(api: LoreExtensionApi, id: string): ArticleNode {
  const tree = api.knowledge.knowledgeTree;
  const recent = tree.getChildren().find((n: KnowledgeNode) => n.toTreeItem().label === 'Recent')!;
  const row = tree.getChildren(recent).filter(isArticle).find((n: ArticleNode) => n.article.id === id);
  assert.ok(row, 'the article is listed under Recent');
  return row;
}

/** The review commands the row's context menu shows (sorted): each menu entry's when clause read against the row, as VS Code reads it. */
function rowMenu(row: ArticleNode): string[] {
  const contextValue = String(row.toTreeItem().contextValue);
  const review = ['lore.requestReview', 'lore.approveArticle', 'lore.requestChanges', 'lore.reportOutdated', 'lore.withdrawReport'];
  return manifest().contributes.menus['view/item/context']
    .filter((entry) => review.includes(entry.command))
    .filter((entry) => {
      const clause = /viewItem =~ \/(.*)\/$/.exec(entry.when ?? '');
      assert.ok(clause, `${entry.command} is shown on rows by their contextValue: ${entry.when}`);
      return new RegExp(clause[1]).test(contextValue);
    })
    .map((entry) => entry.command)
    .sort();
}

/** The titles the Awaiting My Review group lists (none: the group is not shown). */
function awaitingTitles(api: LoreExtensionApi): string[] | undefined {
  const roots: KnowledgeNode[] = api.knowledge.knowledgeTree.getChildren();
  const group = roots.find(isAwaitingGroup);
  if (!group) return undefined;
  assert.ok(roots.indexOf(group) <= 1, 'at the top (Needs Attention may be above it)');
  assert.equal(group.toTreeItem().label, 'Awaiting My Review');
  return api.knowledge.knowledgeTree.getChildren(group).filter(isArticle).map((n) => n.article.title);
}

/** Grace Hopper becomes a name Lore knows: an article of hers arrives through sync. */
function graceIsKnown(api: LoreExtensionApi): void {
  const createdAt = new Date().toISOString();
  api.services.stores.get().ingest([sealEvent({
    entity: 'article', entityId: `grace-${Date.now().toString(36)}`, device: 'integration-grace-device', seq: 1, author: 'Grace Hopper',
    hlc: formatHlc({ ms: Date.parse(createdAt), counter: 0 }),
    changes: { title: 'Review: Grace on compilers', body: 'COBOL.', tags: [], team: null, status: 'published', visibility: 'team', author: 'Grace Hopper', createdAt },
    prev: {},
  })]);
}

describe('Review before publishing in a real VS Code', function () {
  this.timeout(30_000);
  // These tests let two people take turns at one machine (store.author changes). Once a team
  // folder is set up (an earlier test does it), names come from the device's registration, so
  // every write here would read as the one registered person: the tests set that aside while
  // they run (their articles are deleted before it comes back).
  let resolver: LoreStore['authorResolver'];
  beforeEach(async () => {
    const store = (await loreApi()).services.stores.get();
    resolver = store.authorResolver;
    store.setAuthorResolver(undefined);
  });
  afterEach(async () => {
    (await loreApi()).services.stores.get().setAuthorResolver(resolver);
  });

  it('request review, approve from the article view, publish: the view says who approved; approving your own article is refused', async () => {
    const api = await loreApi();
    // The user's name is settled once git answers: articles written before would be someone else's.
    await api.services.stores.authorKnown();
    const store = api.services.stores.get();
    const me = store.author;
    graceIsKnown(api);
    assert.ok(store.knownNames().includes('Grace Hopper'), 'a teammate Lore knows from the team');
    const article = store.createArticle({ title: 'Review: rotating keys', body: 'Rotate every 90 days.' });
    const made = [article.id];
    try {
      api.knowledge.panels.open(article.id);
      await eventually('the article view is in front', () => api.knowledge.panels.activeArticleId() === article.id);
      const draftView = api.knowledge.panels.view(store.getArticle(article.id)!).review!;
      assert.equal(draftView.canRequestReview, true, 'Request Review shows on my draft');
      assert.equal(draftView.canReportOutdated, false, 'nobody reports their own article');

      // Request Review on the view in front: the pick lists the names Lore knows, the user left out.
      const requesting = vscode.commands.executeCommand<string | undefined>('lore.requestReview');
      await eventually('the reviewer pick is shown', () => api.knowledge.pendingReviewerPick() !== undefined);
      const pick = api.knowledge.pendingReviewerPick()!;
      assert.equal(pick.title, 'Request Review: who should review "Review: rotating keys"?');
      assert.ok(pick.items.includes('Grace Hopper'), JSON.stringify(pick.items));
      assert.ok(!pick.items.includes(me), 'not me');
      assert.deepEqual(pick.ticked, [], 'nobody ticked yet');
      for (let moves = 0; api.knowledge.pendingReviewerPick()?.active !== 'Grace Hopper'; moves++) {
        assert.ok(moves <= pick.items.length, `Grace Hopper never became the active row: ${JSON.stringify(api.knowledge.pendingReviewerPick())}`);
        await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
        await eventually('the active row moves', () => api.knowledge.pendingReviewerPick()?.active !== undefined);
      }
      await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
      await eventually('Grace Hopper is ticked', () => api.knowledge.pendingReviewerPick()?.ticked.includes('Grace Hopper') === true);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await requesting, article.id);
      assert.deepEqual(store.getArticle(article.id)!.reviewers, ['Grace Hopper']);
      assert.equal(store.getArticle(article.id)!.status, 'in-review');
      assert.equal(api.knowledge.panels.view(store.getArticle(article.id)!).review!.headline, 'In review · asked Grace Hopper');
      assert.equal(awaitingTitles(api), undefined, 'nothing awaits the author');

      // The refused transition: the author approving their own article changes nothing.
      assert.equal(await vscode.commands.executeCommand('lore.approveArticle'), undefined, 'refused');
      assert.equal(store.getArticle(article.id)!.reviews, undefined, 'no review recorded');
      assert.throws(() => store.reviewArticle(article.id, 'approved'), /You wrote this article; another teammate has to approve it\./);

      // Grace, at this machine: the article waits for her, she approves from the view in front.
      store.author = 'Grace Hopper';
      try {
        assert.deepEqual(awaitingTitles(api)?.filter((t) => t.startsWith('Review:')), ['Review: rotating keys']);
        const graceView = api.knowledge.panels.view(store.getArticle(article.id)!).review!;
        assert.equal(graceView.canReview, true, 'Approve and Request Changes show for a requested reviewer');
        assert.equal(graceView.canReportOutdated, true);
        assert.equal(await vscode.commands.executeCommand('lore.approveArticle'), article.id);
        assert.equal(awaitingTitles(api)?.includes('Review: rotating keys') ?? false, false, 'no longer awaiting her');
      } finally {
        store.author = me;
      }
      assert.deepEqual(api.knowledge.panels.view(store.getArticle(article.id)!).review!.lines, ['Approved by Grace Hopper']);

      store.updateArticle(article.id, { status: 'published' });
      const published = store.getArticle(article.id)!;
      assert.deepEqual(published.approvedBy, ['Grace Hopper']);
      assert.equal(api.knowledge.panels.view(published).review!.headline, 'Published · approved by Grace Hopper');
    } finally {
      for (const id of made) store.deleteArticle(id);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('refuses publishing while a reviewer asked for changes to this revision, and allows it after a new one', async () => {
    const api = await loreApi();
    // The user's name is settled once git answers: articles written before would be someone else's.
    await api.services.stores.authorKnown();
    const store = api.services.stores.get();
    const me = store.author;
    graceIsKnown(api);
    const article = store.createArticle({ title: 'Review: cache warming', body: 'Warm it.' });
    try {
      await vscode.commands.executeCommand('lore.requestReview', article.id, ['Grace Hopper']);
      store.author = 'Grace Hopper';
      try {
        assert.equal(await vscode.commands.executeCommand('lore.requestChanges', article.id, 'Say when.'), article.id);
        assert.equal(await vscode.commands.executeCommand('lore.reportOutdated', article.id, 'It is cold.'), article.id);
      } finally {
        store.author = me;
      }
      assert.deepEqual(api.knowledge.panels.view(store.getArticle(article.id)!).review!.lines, ['Changes requested by Grace Hopper: Say when.']);
      assert.throws(() => store.updateArticle(article.id, { status: 'published' }),
        /"Review: cache warming" cannot be published: Grace Hopper requested changes to this revision and no new revision was saved since\./);
      assert.equal(store.getArticle(article.id)!.status, 'in-review');
      assert.ok(api.knowledge.panels.view(store.getArticle(article.id)!).health!.attention.includes('Reported outdated by Grace Hopper on ' + new Date().toISOString().slice(0, 10) + ': It is cold.'));
      store.updateArticle(article.id, { body: 'Warm it at start-up.' });
      assert.equal(store.updateArticle(article.id, { status: 'published' }).status, 'published');
      assert.deepEqual(api.knowledge.panels.view(store.getArticle(article.id)!).health!.attention, [], 'the new revision answers the report');
    } finally {
      store.deleteArticle(article.id);
    }
  });

  it('a row\'s context menu offers the review commands that apply to each person, and they act on that row', async () => {
    const api = await loreApi();
    await api.services.stores.authorKnown();
    const store = api.services.stores.get();
    const me = store.author;
    graceIsKnown(api);
    const article = store.createArticle({ title: 'Review: menus on rows', body: 'Right-click the row.' });
    try {
      assert.deepEqual(rowMenu(recentRow(api, article.id)), ['lore.requestReview'], 'my draft: Request Review only');
      assert.equal(await vscode.commands.executeCommand('lore.requestReview', recentRow(api, article.id), ['Grace Hopper']), article.id);
      assert.deepEqual(rowMenu(recentRow(api, article.id)), [], 'in review: nothing for the author here');
      store.author = 'Grace Hopper';
      try {
        const row = recentRow(api, article.id);
        assert.deepEqual(rowMenu(row), ['lore.approveArticle', 'lore.reportOutdated', 'lore.requestChanges']);
        assert.equal(await vscode.commands.executeCommand('lore.approveArticle', row), article.id);
        assert.deepEqual(store.getArticle(article.id)!.reviews?.map((r) => `${r.by}:${r.verdict}`), ['Grace Hopper:approved']);
        assert.equal(await vscode.commands.executeCommand('lore.reportOutdated', recentRow(api, article.id), 'The menu moved.'), article.id);
        assert.deepEqual(rowMenu(recentRow(api, article.id)), ['lore.approveArticle', 'lore.requestChanges', 'lore.withdrawReport'], 'reported: Withdraw My Report instead');
        assert.equal(await vscode.commands.executeCommand('lore.withdrawReport', recentRow(api, article.id)), article.id);
        assert.deepEqual(store.getArticle(article.id)!.outdatedReports ?? [], [], 'the report is taken back');
        assert.deepEqual(rowMenu(recentRow(api, article.id)), ['lore.approveArticle', 'lore.reportOutdated', 'lore.requestChanges']);
      } finally {
        store.author = me;
      }
    } finally {
      store.deleteArticle(article.id);
    }
  });
});
