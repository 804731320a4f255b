import * as vscode from 'vscode';
import type { ArticleSummary } from '../../core/store/rows';
import { setContext } from '../common/commands';
import type { LoreServices } from '../common/services';
import { toRelativePath } from '../common/workspacePaths';
import { resolveMentions } from './codeMentionLinks';
import type { FreshnessTracker } from './freshnessTracker';
import { markdownText } from '../../core/markdownText';
import { ArticleNode, FreshRows, type KnowledgeNode } from './knowledgeTree';
import { Debouncer } from '../../core/debouncer';

const MAX_MENTIONS = 15;
/** Rows "related to this file", and how many of the file's articles they are related from. */
const MAX_RELATED = 5;
const RELATED_FROM = 5;

/**
 * An article related to those with snippets in the file (not one of them): described as
 * "related", with why in its tooltip.
 */
export class RelatedArticleNode extends ArticleNode {
  constructor(article: ArticleSummary, readonly reasons: readonly string[]) {
    super(article, 'forThisFile/related');
  }

  override toTreeItem(): vscode.TreeItem {
    const item = super.toTreeItem();
    item.description = ['related', typeof item.description === 'string' ? item.description : ''].filter(Boolean).join(' · ');
    const before = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : '';
    item.tooltip = new vscode.MarkdownString(`${before}\n\n**Why it is related to this file**\n\n${this.reasons.map((r) => `- ${markdownText(r)}`).join('\n')}`);
    return item;
  }
}

/**
 * Articles about the active file: those whose snippets point into it first, then those that
 * mention its path or the names of its top-level symbols, then a few related to the ones with
 * snippets in it (described "related", why in the tooltip). Refreshed as the editor changes.
 */
export class ForThisFileProvider implements vscode.TreeDataProvider<KnowledgeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KnowledgeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private current: { path: string; symbols: string[]; mentioned: string[] } | undefined;
  // update() does not reject: a symbol provider that fails gives no symbols.
  private readonly updateLater = new Debouncer(150, () => void this.update());

  private readonly rows: FreshRows;

  constructor(private readonly services: LoreServices, private readonly view: () => vscode.TreeView<KnowledgeNode> | undefined, freshness: FreshnessTracker) {
    this.rows = new FreshRows(services, freshness);
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      services.stores.onDidChange(() => this.changed.fire(undefined)),
      freshness.onDidChange(() => this.changed.fire(undefined)),
    );
    this.schedule();
  }

  private schedule(): void {
    this.updateLater.schedule();
  }

  private async update(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== 'file') {
      // Keep showing the last file while a non-file editor (output, article) has focus: an
      // article's webview is no text editor, but it still has a tab.
      if (editor || vscode.window.tabGroups.activeTabGroup.activeTab) return;
      this.current = undefined;
    } else {
      const path = toRelativePath(editor.document.uri);
      const symbols = path ? await topLevelSymbols(editor.document.uri) : [];
      const store = this.services.stores.tryGet();
      const mentioned = store ? resolveMentions(store, editor.document).map((m) => m.article.id) : [];
      this.current = path ? { path, symbols, mentioned } : undefined;
    }
    const view = this.view();
    if (view) view.description = this.current?.path.split('/').pop();
    // The welcome text differs: "open a file" before any, "nothing points here" for a file.
    void setContext('lore:forThisFileHasFile', this.current !== undefined);
    this.changed.fire(undefined);
  }

  /**
   * Articles for a file, most relevant first: those with snippets in it, those it mentions
   * (`[[Title]]` or an article link, usually in a comment), then those that mention it. Exposed for tests.
   */
  articlesFor(path: string, symbols: string[], mentioned: readonly string[] = []): ArticleSummary[] {
    const store = this.services.stores.get();
    const withSnippets = store.articlesForPath(path);
    const direct = [...withSnippets, ...store.summariesOf([...new Set(mentioned)].filter((id) => !withSnippets.some((a) => a.id === id)))];
    const seen = new Set(direct.map((a) => a.id));
    const words = [`"${path.replace(/"/g, '')}"`, ...symbols.filter((s) => /^[A-Za-z_$][\w$]{3,}$/.test(s)).slice(0, 10)];
    const ids = store.search(words.join(' '), { limit: MAX_MENTIONS }).results
      .map((r) => r.articleId)
      .filter((id) => !seen.has(id));
    return [...direct, ...store.summariesOf(ids)];
  }

  /**
   * Articles related to those with snippets in the file (the first few of them), leaving out
   * the ones already listed, each with why. Exposed for tests.
   */
  relatedFor(path: string, listed: readonly string[]): Array<{ summary: ArticleSummary; reasons: string[] }> {
    const store = this.services.stores.get();
    const related = store.relatedToArticles(store.articlesForPath(path).slice(0, RELATED_FROM), MAX_RELATED, listed);
    const summaries = new Map(store.summariesOf(related.map((r) => r.id)).map((s) => [s.id, s]));
    return related.filter((r) => summaries.has(r.id)).map((r) => ({ summary: summaries.get(r.id)!, reasons: r.reasons }));
  }

  getTreeItem(node: KnowledgeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: KnowledgeNode): KnowledgeNode[] {
    if (!this.current || !this.services.stores.tryGet()) return [];
    if (!node) {
      const listed = this.articlesFor(this.current.path, this.current.symbols, this.current.mentioned);
      const related = this.relatedFor(this.current.path, listed.map((a) => a.id));
      return [...listed.map((a) => this.rows.article(a, 'forThisFile')), ...related.map((r) => new RelatedArticleNode(r.summary, r.reasons))];
    }
    if (node instanceof ArticleNode) {
      const article = this.services.stores.get().getArticle(node.article.id);
      return (article?.snippets ?? []).map((s) => this.rows.snippet(s, `forThisFile/article:${node.article.id}`));
    }
    return [];
  }

  dispose(): void {
    this.updateLater.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}

async function topLevelSymbols(uri: vscode.Uri): Promise<string[]> {
  try {
    const symbols = await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation>>('vscode.executeDocumentSymbolProvider', uri);
    return (symbols ?? []).map((s) => s.name);
  } catch {
    return [];
  }
}
