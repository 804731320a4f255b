import * as vscode from 'vscode';
import { formatLines, type ArticleStatus, type Snippet } from '../../core/model';
import type { ArticleSummary } from '../../core/store/rows';
import type { LoreServices } from '../common/services';

export type GroupBy = 'tag' | 'team' | 'status';

const STATUS_ICONS: Record<ArticleStatus, string> = { draft: 'edit', published: 'book', outdated: 'warning', archived: 'archive' };
const UNTAGGED = '(no tag)';
const NO_TEAM = '(no team)';
const RECENT_COUNT = 10;

/** A node of the Knowledge tree; each kind knows how to draw itself and what is below it. */
export type KnowledgeNode = GroupNode | ArticleNode | SnippetNode;

export class GroupNode {
  /** `key` null is the group of articles without a tag (or team). */
  constructor(readonly label: string, readonly key: string | null, readonly count: number, readonly kind: 'recent' | GroupBy) {}
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, this.kind === 'recent' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${this.kind}:${this.label}`;
    item.description = String(this.count);
    item.iconPath = new vscode.ThemeIcon(this.kind === 'recent' ? 'history' : this.kind === 'tag' ? 'tag' : this.kind === 'team' ? 'organization' : 'circle-outline');
    item.contextValue = 'lore.group';
    return item;
  }
}

export class ArticleNode {
  constructor(readonly article: ArticleSummary, readonly parentKey: string) {}
  toTreeItem(): vscode.TreeItem {
    const a = this.article;
    const item = new vscode.TreeItem(a.title, a.snippetCount ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentKey}/article:${a.id}`;
    item.description = [a.hasConflicts ? '⚠ conflict' : '', a.status !== 'published' ? a.status : '', a.tags.map((t) => `#${t}`).join(' ')].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(`**${escapeMd(a.title)}**\n\n${a.status} · by ${escapeMd(a.author)} · updated ${new Date(a.updatedAt).toLocaleString()}${a.team ? ` · team ${escapeMd(a.team)}` : ''}${a.visibility === 'private' ? '\n\n🔒 Private: not shared with the team' : ''}`);
    item.iconPath = new vscode.ThemeIcon(a.hasConflicts ? 'git-merge' : a.visibility === 'private' ? 'lock' : STATUS_ICONS[a.status]);
    item.contextValue = `lore.article${a.hasConflicts ? ',conflict' : ''}`;
    item.command = { command: 'lore.openArticle', title: 'Open Article', arguments: [a.id] };
    return item;
  }
}

export class SnippetNode {
  constructor(readonly snippet: Snippet, readonly parentId: string) {}
  toTreeItem(): vscode.TreeItem {
    const s = this.snippet;
    const item = new vscode.TreeItem(`${s.anchor.path}:${formatLines(s.anchor.range)}`, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentId}/snippet:${s.id}`;
    item.description = s.anchorState === 'attached' ? s.language : `${s.language} · ${stateText(s.anchorState)}`;
    item.tooltip = new vscode.MarkdownString().appendCodeblock(s.code.split('\n').slice(0, 15).join('\n'), s.language);
    item.iconPath = new vscode.ThemeIcon(s.anchorState === 'orphaned' ? 'debug-disconnect' : s.anchorState === 'needsReview' ? 'question' : 'code');
    item.contextValue = 'lore.snippet';
    item.command = { command: 'lore.openSnippet', title: 'Open Snippet Code', arguments: [s.id] };
    return item;
  }
}

function stateText(state: Snippet['anchorState']): string {
  return state === 'needsReview' ? 'needs review' : state;
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

const STATUS_ORDER = ['published', 'draft', 'outdated', 'archived'];

/** The tree's groups from per-group counts: named groups alphabetically (statuses in workflow order), the unnamed one last. */
export function groupNodes(counts: Array<{ key: string | null; count: number }>, groupBy: GroupBy): GroupNode[] {
  const unnamed = groupBy === 'tag' ? UNTAGGED : NO_TEAM;
  return [...counts]
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === null ? 1 : -1;
      return groupBy === 'status' ? STATUS_ORDER.indexOf(a.key) - STATUS_ORDER.indexOf(b.key) : a.key.localeCompare(b.key);
    })
    .map((g) => new GroupNode(g.key ?? unnamed, g.key, g.count, groupBy));
}

/**
 * The Knowledge view: Recent, then articles grouped by tag, team or status. It only reads
 * the store; it refreshes when the store says something changed.
 */
export class KnowledgeTreeProvider implements vscode.TreeDataProvider<KnowledgeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KnowledgeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: LoreServices, private groupBy: () => GroupBy) {
    this.subscription = services.stores.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: KnowledgeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: KnowledgeNode): KnowledgeNode[] {
    const store = this.services.stores.tryGet();
    if (!store) return [];
    if (!node) {
      const total = store.countArticles();
      void vscode.commands.executeCommand('setContext', 'lore:hasArticles', total > 0);
      if (!total) return [];
      const mode = this.groupBy();
      return [new GroupNode('Recent', null, Math.min(total, RECENT_COUNT), 'recent'), ...groupNodes(store.groupCounts(mode), mode)];
    }
    if (node instanceof GroupNode) {
      const articles = node.kind === 'recent'
        ? store.listArticles({ limit: RECENT_COUNT })
        : store.listArticles({ [node.kind]: node.key }).sort((a, b) => a.title.localeCompare(b.title));
      return articles.map((a) => new ArticleNode(a, `group:${node.kind}:${node.label}`));
    }
    if (node instanceof ArticleNode) {
      const article = store.getArticle(node.article.id);
      return (article?.snippets ?? []).map((s) => new SnippetNode(s, `${node.parentKey}/article:${node.article.id}`));
    }
    return [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
