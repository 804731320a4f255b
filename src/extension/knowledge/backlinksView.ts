import * as vscode from 'vscode';
import { markdownText } from '../../core/markdownText';
import { plainMessage } from '../../core/plainText';
import type { ArticleSummary } from '../../core/store/rows';
import type { LoreServices } from '../common/services';
import { articleIdOf, LORE_SCHEME } from './articleFileSystem';

/** One article that links to the active one. */
export class BacklinkNode {
  constructor(readonly article: ArticleSummary, readonly targetId: string) {}

  toTreeItem(): vscode.TreeItem {
    const a = this.article;
    const item = new vscode.TreeItem(a.title, vscode.TreeItemCollapsibleState.None);
    item.id = `backlinks/${this.targetId}/article:${a.id}`;
    item.description = [a.status !== 'published' ? a.status.replace('-', ' ') : '', a.tags.map((t) => `#${t}`).join(' ')].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(`**${markdownText(a.title)}** links to this article\n\n${a.status} · by ${markdownText(a.author)}${a.visibility === 'private' ? '\n\n🔒 Private: not shared with the team' : ''}`);
    item.iconPath = new vscode.ThemeIcon(a.visibility === 'private' ? 'lock' : 'references');
    item.contextValue = 'lore.article';
    item.command = { command: 'lore.openArticle', title: 'Open Article', arguments: [a.id] };
    return item;
  }
}

/**
 * Backlinks: the articles that link to the active article (by `[[Title]]` or by Lore link),
 * from the store's link index. The active article is the one whose view or `lore:` editor was
 * focused last; it stays while the focus is elsewhere (this view, a code file), and the view's
 * description names it.
 */
export class BacklinksProvider implements vscode.TreeDataProvider<BacklinkNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<BacklinkNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private articleId: string | undefined;
  private view: vscode.TreeView<BacklinkNode> | undefined;
  private nodes: BacklinkNode[] = [];

  constructor(private readonly services: LoreServices, activeArticleChanges: vscode.Event<string>) {
    this.disposables.push(
      this.changed,
      activeArticleChanges((id) => this.show(id)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const id = editor?.document.uri.scheme === LORE_SCHEME ? articleIdOf(editor.document.uri) : undefined;
        if (id) this.show(id);
      }),
      // Any article's change can add or take away a link to this one, or rename it.
      services.stores.onDidChange((change) => {
        if (change.entities.includes('article')) this.refresh();
      }),
    );
    const editor = vscode.window.activeTextEditor;
    const id = editor?.document.uri.scheme === LORE_SCHEME ? articleIdOf(editor.document.uri) : undefined;
    if (id) this.articleId = id;
  }

  /** Attaches the tree view, whose description and message this provider keeps. */
  attach(view: vscode.TreeView<BacklinkNode>): void {
    this.view = view;
    this.refresh();
  }

  /** The article whose backlinks are shown. */
  get activeArticleId(): string | undefined {
    return this.articleId;
  }

  show(articleId: string): void {
    if (articleId === this.articleId) return;
    this.articleId = articleId;
    this.refresh();
  }

  /**
   * Reads the backlinks and sets the view's description and message before the tree reloads:
   * VS Code sends a message changed while it asks for rows (in getChildren) one debounce later
   * than the rows, so the old "No article links to …" stayed beside the new rows for a moment.
   * The store is read only once there is an active article (it opens on first use).
   */
  private refresh(): void {
    const store = this.articleId ? this.services.stores.tryGet() : undefined;
    const article = this.articleId && store ? store.getArticle(this.articleId) : undefined;
    this.nodes = article && store ? store.summariesOf(store.articlesLinkingTo(article).map((a) => a.id)).map((a) => new BacklinkNode(a, article.id)) : [];
    if (this.view) {
      this.view.description = article?.title;
      // With no article the view is empty and its welcome content speaks: "open an article", or
      // that Lore cannot open (or is upgrading) its database (a message would hide the latter).
      this.view.message = !article || this.nodes.length ? undefined
        : plainMessage`No article links to "${article.title}" yet. Link to it with [[${article.title}]].`;
    }
    this.changed.fire(undefined);
  }

  getTreeItem(node: BacklinkNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: BacklinkNode): BacklinkNode[] {
    return node ? [] : this.nodes;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
