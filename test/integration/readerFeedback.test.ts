import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { LoreStore } from '../../src/core/store/loreStore';
import type { ArticleNode, KnowledgeNode } from '../../src/extension/knowledge/knowledgeTree';
import { loreApi } from './support/lore';

const isArticle = (n: KnowledgeNode): n is ArticleNode => 'article' in n;

describe("Readers' feedback in a real VS Code", function () {
  this.timeout(30_000);
  // Two people take turns at one machine (store.author changes): the registered name of a team
  // folder set up by an earlier test would make every write one person's, so it is set aside.
  let resolver: LoreStore['authorResolver'];
  beforeEach(async () => {
    const store = (await loreApi()).services.stores.get();
    resolver = store.authorResolver;
    store.setAuthorResolver(undefined);
  });
  afterEach(async () => {
    (await loreApi()).services.stores.get().setAuthorResolver(resolver);
  });

  it('votes and comments through the commands show in the article view and the Knowledge row; "outdated" needs attention', async () => {
    const api = await loreApi();
    await api.services.stores.authorKnown();
    const store = api.services.stores.get();
    const me = store.author;
    const article = store.createArticle({ title: 'Feedback: cache warming', body: 'Warm it lazily.', status: 'published' });
    try {
      assert.equal(await vscode.commands.executeCommand('lore.voteHelpful', article.id), undefined);
      assert.equal(store.getArticle(article.id)!.helpful, undefined, 'the author cannot vote on their own article');
      store.author = 'Grace Hopper';
      try {
        assert.equal(await vscode.commands.executeCommand('lore.voteNotHelpful', article.id, 'outdated', 'We warm at start-up now.'), article.id);
        assert.equal(await vscode.commands.executeCommand('lore.thankAuthor', article.id), article.id);
        const question = await vscode.commands.executeCommand<string>('lore.addArticleComment', article.id, 'Is this still true for the CDN?');
        assert.ok(question);
        store.author = 'Bo';
        assert.equal(await vscode.commands.executeCommand('lore.voteHelpful', article.id), article.id);
        await vscode.commands.executeCommand('lore.addArticleComment', article.id, 'Yes, with a shorter TTL.', question);
      } finally {
        store.author = me;
      }
      const view = api.knowledge.panels.view(store.getArticle(article.id)!);
      assert.deepEqual([view.feedback!.helpful, view.feedback!.notHelpful, view.feedback!.canVote], [1, 1, false]);
      assert.deepEqual(view.feedback!.reasons, ['Grace Hopper: Outdated — We warm at start-up now.']);
      assert.deepEqual([view.feedback!.thankedBy, view.feedback!.canThank], [['Grace Hopper'], false]);
      assert.deepEqual(view.feedback!.discussion.map((c) => [c.by, c.body, c.isReply, c.mine]), [
        ['Grace Hopper', 'Is this still true for the CDN?', false, false],
        ['Bo', 'Yes, with a shorter TTL.', true, false],
      ]);
      assert.ok(view.health!.attention.some((line) => line.startsWith('Reported outdated by Grace Hopper') && line.includes('Not helpful (outdated): We warm at start-up now.')));
      const tree = api.knowledge.knowledgeTree;
      const recent = tree.getChildren().find((n: KnowledgeNode) => n.toTreeItem().label === 'Recent')!;
      const row = tree.getChildren(recent).filter(isArticle).find((n: ArticleNode) => n.article.id === article.id)!;
      assert.match(String(row.toTreeItem().description), /1 helpful · 1 not helpful/);

      store.author = 'Bo';
      try {
        const mine = store.getArticle(article.id)!.discussion!.find((c) => c.by === 'Bo')!;
        await vscode.commands.executeCommand('lore.editArticleComment', article.id, mine.id, 'Yes, with a 60 s TTL.');
        assert.equal(api.knowledge.panels.view(store.getArticle(article.id)!).feedback!.discussion[1].body, 'Yes, with a 60 s TTL.');
        await vscode.commands.executeCommand('lore.deleteArticleComment', article.id, mine.id, true);
        await vscode.commands.executeCommand('lore.takeBackVote', article.id);
      } finally {
        store.author = me;
      }
      const after = api.knowledge.panels.view(store.getArticle(article.id)!).feedback!;
      assert.deepEqual([after.helpful, after.discussion.length], [0, 1]);
    } finally {
      store.deleteArticle(article.id);
    }
  });

  it('an article opened from search is learnt for that query', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const a = store.createArticle({ title: 'Feedback: zorblat retries', body: 'zorblat zorblat zorblat retry budgets', status: 'published' });
    const b = store.createArticle({ title: 'Feedback: queues', body: 'A zorblat dead letter queue.', status: 'published' });
    try {
      const order = () => store.search('zorblat').results.map((r) => r.articleId);
      assert.deepEqual(order(), [a.id, b.id]);
      for (let i = 0; i < 4; i++) {
        store.recordSearch('zorblat', order());
        api.knowledge.panels.open(b.id, { source: 'search', query: 'zorblat' });
      }
      assert.deepEqual(order(), [b.id, a.id], 'the article people open comes first');
      await vscode.commands.executeCommand('lore.forgetUsage');
      assert.deepEqual(order(), [a.id, b.id], 'forgotten');
    } finally {
      store.deleteArticle(a.id);
      store.deleteArticle(b.id);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
