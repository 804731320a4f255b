import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { createAnchor } from '../../src/core/anchoring';
import { markdownText } from '../../src/core/markdownText';
import type { TextRange } from '../../src/core/model';
import type { LoreStore } from '../../src/core/store/loreStore';
import type { SecretReviewSnapshot } from '../../src/extension/common/secretReview';
import type { LoreExtensionApi } from '../../src/extension/extension';
import type { ArticleNode, GroupNode, KnowledgeNode, SnippetNode } from '../../src/extension/knowledge/knowledgeTree';
import { eventually, loreApi } from './support/lore';

const CACHE = [
  'export class SessionCache {',
  '  private readonly entries = new Map<string, string>();',
  '',
  '  get(key: string): string | undefined {',
  '    return this.entries.get(key);',
  '  }',
  '',
  '  set(key: string, value: string): void {',
  '    this.entries.set(key, value);',
  '  }',
  '}',
  '',
].join('\n');
/** The `get` method, lines 4-6 on screen. */
const GET: TextRange = { startLine: 3, startCharacter: 0, endLine: 6, endCharacter: 0 };
// An obviously fake key of a shape the redaction rules detect (AWS's documented example).
const KEY = 'AKIAIOSFODNN7EXAMPLE';

describe('Snippet freshness in a real VS Code', function () {
  this.timeout(90_000);
  let api: LoreExtensionApi;
  let store: LoreStore;
  let folder: vscode.Uri;

  /** A fresh file for one test, under a folder no other suite uses; returns its workspace path too. */
  function writeFile(name: string, text: string): { uri: vscode.Uri; path: string } {
    fs.mkdirSync(vscode.Uri.joinPath(folder, 'freshness-it').fsPath, { recursive: true });
    const uri = vscode.Uri.joinPath(folder, 'freshness-it', name);
    fs.writeFileSync(uri.fsPath, text);
    return { uri, path: `freshness-it/${name}` };
  }

  function shareGet(path: string, title: string): string {
    const anchor = createAnchor(CACHE, GET, { path });
    return store.createArticle({ title, snippets: [{ code: anchor.text, language: 'typescript', anchor }] }).snippets[0].id;
  }

  const stateOf = (snippetId: string) => api.knowledge.freshness.freshnessOf(snippetId)?.state;

  /** The article's row in the Knowledge view's Recent group. */
  function recentRow(articleId: string): ArticleNode {
    // Duck-typed: this suite is bundled apart from the extension, so its classes are other copies.
    const recent = api.knowledge.knowledgeTree.getChildren().find((n): n is GroupNode => 'kind' in n && n.kind === 'recent')!;
    const row = api.knowledge.knowledgeTree.getChildren(recent).find((n): n is ArticleNode => 'article' in n && n.article.id === articleId);
    assert.ok(row, 'the article is in Recent');
    return row;
  }

  before(async () => {
    api = await loreApi();
    store = api.services.stores.get();
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('finds a snippet changed when its file is opened after a change on disk: article view, Knowledge row and For This File say so', async () => {
    // Plain text: For This File waits for the file's symbols, and TypeScript's server may take long to start.
    const file = writeFile('changed.txt', CACHE);
    const snippetId = shareGet(file.path, 'Integration: session cache get');
    const articleId = store.getSnippet(snippetId)!.articleId;
    api.knowledge.freshness.refresh([file.path]);
    await eventually('the snippet is current', () => stateOf(snippetId) === 'current');
    assert.equal(recentRow(articleId).stale, undefined, 'no warning while the code is as shared');

    fs.writeFileSync(file.uri.fsPath, CACHE.replace('return this.entries.get(key);', 'return this.entries.get(key.toLowerCase());'));
    // Opening the file is what makes Lore look again (the file on disk is not watched).
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file.uri));
    await eventually('the snippet is changed', () => stateOf(snippetId) === 'changed');

    const view = api.knowledge.panels.view(store.getArticle(articleId)!);
    assert.deepEqual(view.snippets[0].freshness, { state: 'changed', label: 'Changed', reason: '1 line changed since it was shared' });

    const row = recentRow(articleId);
    const item = row.toTreeItem();
    assert.match(String(item.description), /⚠ 1 snippet changed/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /⚠ \*\*1 snippet changed\*\*: the article may no longer match the code\./);
    assert.ok(tooltip.includes(markdownText('freshness-it/changed.txt lines 4–6: changed (1 line changed since it was shared)')), tooltip);
    const snippetRow = api.knowledge.knowledgeTree.getChildren(row).find((n): n is SnippetNode => 'snippet' in n)!;
    assert.equal(snippetRow.toTreeItem().contextValue, 'lore.snippet:changed', 'Show Changes and Update Snippet are on the row');

    // For This File: the open file's article carries the same warning.
    assert.equal(vscode.window.activeTextEditor, editor);
    await eventually('For This File lists the article with the warning', () => {
      const rows = api.knowledge.forThisFile.getChildren() as KnowledgeNode[];
      return rows.some((n) => 'article' in n && n.article.id === articleId && n.stale?.summary === '1 snippet changed');
    });
  });

  it('Show Changes opens the diff editor with the snippet as written and the code now; Update Snippet reviews secrets, saves who and when, and the snippet is current', async () => {
    const file = writeFile('update.ts', CACHE);
    const snippetId = shareGet(file.path, 'Integration: update snippet');
    const newGet = CACHE.replace('return this.entries.get(key);', `return this.entries.get(key) ?? '${KEY}';`);
    fs.writeFileSync(file.uri.fsPath, newGet);
    await vscode.commands.executeCommand('lore.openArticle', store.getSnippet(snippetId)!.articleId);
    // Opening the article checks its snippets' files again.
    await eventually('the snippet is changed', () => stateOf(snippetId) === 'changed');

    await vscode.commands.executeCommand('lore.showSnippetChanges', snippetId);
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputTextDiff, 'a diff editor is the active tab');
    assert.equal(input.original.scheme, 'lore-snippet');
    const written = await vscode.workspace.openTextDocument(input.original);
    const now = await vscode.workspace.openTextDocument(input.modified);
    // Both sides are the whole file, so only the snippet's changed line differs.
    assert.equal(written.getText(), CACHE, 'the snippet as written, in today\'s file');
    assert.equal(now.getText(), newGet);
    assert.equal(now.languageId, 'typescript');
    assert.match(vscode.window.tabGroups.activeTabGroup.activeTab!.label, /update\.ts: snippet as written ↔ code now/);

    const author = store.author;
    store.author = 'Grace Hopper';
    try {
      const updating = vscode.commands.executeCommand<boolean>('lore.updateSnippet', snippetId);
      let review: SecretReviewSnapshot | undefined;
      await eventually('Lore asks to review the possible secret first', async () => {
        review = (await loreApi()).review.pendingSecretReview();
        return review !== undefined;
      });
      assert.match(review!.items[0], /AWS access key freshness-it\/update\.ts:5/);
      assert.equal(store.getSnippet(snippetId)!.code.includes('??'), false, 'nothing is saved before the review');
      // The review's items arrive with it (secretReview.ts), so accepting at once masks the key.
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await updating, true);
    } finally {
      store.author = author;
    }
    const updated = store.getSnippet(snippetId)!;
    assert.equal(updated.code, "  get(key: string): string | undefined {\n    return this.entries.get(key) ?? '<redacted: AWS access key>';\n  }\n");
    assert.ok(!JSON.stringify(updated).includes(KEY), 'the key is in neither the code nor the anchor');
    assert.equal(store.snippetCodeUpdate(snippetId)?.author, 'Grace Hopper');
    await eventually('the snippet is current again', () => stateOf(snippetId) === 'current');
    const view = api.knowledge.panels.view(store.getArticle(updated.articleId)!);
    assert.deepEqual(view.snippets[0].freshness, { state: 'current', label: 'Current', reason: 'unchanged since the snippet was updated' });
    assert.equal(view.snippets[0].updated?.author, 'Grace Hopper');

    // Changed again: the snippet's line and the article's health count from the update alike.
    fs.writeFileSync(file.uri.fsPath, newGet.replace('get(key: string)', 'get(key: Key)'));
    await vscode.commands.executeCommand('lore.openArticle', updated.articleId);
    await eventually('the snippet is changed again', () => stateOf(snippetId) === 'changed');
    const again = api.knowledge.panels.view(store.getArticle(updated.articleId)!);
    assert.equal(again.snippets[0].freshness?.reason, '1 line changed since the snippet was updated');
    assert.deepEqual(again.health?.attention, ['A snippet from freshness-it/update.ts changed: 1 line changed since the snippet was updated']);
  });

  it('updates the place of a snippet whose code only moved when its file is saved, and says so', async () => {
    const file = writeFile('moved.ts', CACHE);
    const snippetId = shareGet(file.path, 'Integration: moved snippet');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file.uri));
    await eventually('the snippet is current', () => stateOf(snippetId) === 'current');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// one\n// two\n// three\n')));
    // Saved at once: the harness turns off code-server's auto save, whose run a second after an
    // edit made an explicit save return false on a loaded machine (runIntegration.mjs).
    assert.ok(await editor.document.save(), 'saved');
    await eventually('the stored place follows the code', () => store.getSnippet(snippetId)!.anchor.range.startLine === 6);
    const snippet = store.getSnippet(snippetId)!;
    assert.equal(snippet.anchorState, 'moved');
    await eventually('the view says it moved and was updated', () => {
      const freshness = api.knowledge.panels.view(store.getArticle(snippet.articleId)!).snippets[0].freshness;
      return freshness?.state === 'moved' && freshness.reason === 'moved from lines 4–6 to 7–9; its place was updated';
    });
    assert.equal(api.knowledge.panels.view(store.getArticle(snippet.articleId)!).snippets[0].location, 'freshness-it/moved.ts:7-9');
  });

  it('says a snippet is gone when its code is removed, and not in this workspace when its file never was', async () => {
    const file = writeFile('gone.ts', CACHE);
    const snippetId = shareGet(file.path, 'Integration: gone snippet');
    const elsewhereId = shareGet('another-repo/src/cache.ts', 'Integration: snippet from another repository');
    fs.writeFileSync(file.uri.fsPath, 'export const nothing = 0;\n');
    api.knowledge.freshness.refresh([file.path, 'another-repo/src/cache.ts']);
    await eventually('both are checked', () => stateOf(snippetId) === 'gone' && stateOf(elsewhereId) === 'elsewhere');
    const gone = api.knowledge.panels.view(store.getArticle(store.getSnippet(snippetId)!.articleId)!).snippets[0].freshness!;
    assert.equal(gone.label, 'Gone');
    assert.match(gone.reason, /freshness-it\/gone\.ts no longer contains this code \(it was at lines 4–6\)/);
    const elsewhere = api.knowledge.panels.view(store.getArticle(store.getSnippet(elsewhereId)!.articleId)!).snippets[0].freshness!;
    assert.deepEqual(elsewhere, { state: 'elsewhere', label: 'Not in this workspace', reason: 'another-repo/src/cache.ts is not in this workspace' });
    assert.equal(recentRow(store.getSnippet(elsewhereId)!.articleId).stale, undefined, 'code in another repository is no warning');
    assert.equal(recentRow(store.getSnippet(snippetId)!.articleId).stale?.summary, '1 snippet gone');
  });

  it('checks files again when git HEAD moves (a checkout changes a file nobody has open)', async function () {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Lore Test', '-c', 'user.email=test@lore.invalid', ...args], { cwd: folder.fsPath, encoding: 'utf8' });
    try {
      git('version');
    } catch {
      this.skip();
    }
    const file = writeFile('checkout.ts', CACHE);
    git('init', '-q', '-b', 'main');
    try {
      git('add', file.path);
      git('commit', '-q', '-m', 'cache');
      git('checkout', '-q', '-b', 'lowercase');
      fs.writeFileSync(file.uri.fsPath, CACHE.replace('return this.entries.get(key);', 'return this.entries.get(key.toLowerCase());'));
      git('commit', '-q', '-am', 'lower-case keys');
      git('checkout', '-q', 'main');
      const snippetId = shareGet(file.path, 'Integration: checkout');
      api.knowledge.freshness.refresh([file.path]);
      await eventually('the snippet is current on main', () => stateOf(snippetId) === 'current');
      // Nothing opens or saves the file: only HEAD moving tells Lore to look again.
      git('checkout', '-q', 'lowercase');
      await eventually('the snippet is changed on the other branch', () => stateOf(snippetId) === 'changed');
    } finally {
      fs.rmSync(vscode.Uri.joinPath(folder, '.git').fsPath, { recursive: true, force: true });
    }
  });

  it('follows a file git renamed since the snippet was shared, as lore check does', async function () {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Lore Test', '-c', 'user.email=test@lore.invalid', ...args], { cwd: folder.fsPath, encoding: 'utf8' });
    try {
      git('version');
    } catch {
      this.skip();
    }
    const file = writeFile('before-rename.ts', CACHE);
    git('init', '-q', '-b', 'main');
    try {
      git('add', file.path);
      git('commit', '-q', '-m', 'cache');
      const commit = git('rev-parse', 'HEAD').trim();
      const anchor = createAnchor(CACHE, GET, { path: file.path, commit });
      const snippetId = store.createArticle({ title: 'Integration: renamed file', snippets: [{ code: anchor.text, language: 'typescript', anchor }] }).snippets[0].id;
      git('mv', file.path, 'freshness-it/after-rename.ts');
      git('commit', '-q', '-m', 'rename');
      api.knowledge.freshness.refresh([file.path]);
      await eventually('the snippet is found in the renamed file', () => {
        const result = api.knowledge.freshness.freshnessOf(snippetId);
        return result?.state === 'current' && result.path === 'freshness-it/after-rename.ts';
      });
      assert.equal(api.knowledge.freshness.freshnessOf(snippetId)!.reason, 'freshness-it/before-rename.ts was renamed to freshness-it/after-rename.ts');
    } finally {
      fs.rmSync(vscode.Uri.joinPath(folder, '.git').fsPath, { recursive: true, force: true });
    }
  });
});
