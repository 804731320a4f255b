import * as vscode from 'vscode';
import { feedbackCounts } from './feedbackCommands';
import {
  articleCount, boundGroups, compareNames, countOf, moreLabel, pageAlphabetically, UNNAMED_GROUP, type GroupBy, type GroupCount, type Page,
} from '../../core/articles/groupPages';
import { freshnessLabel, freshnessWarning, type FreshnessLabel, type FreshnessWarning } from '../../core/articles/freshnessText';
import { markdownText } from '../../core/markdownText';
import { formatLines, type ArticleStatus, type Snippet } from '../../core/model';
import { codeFence } from '../../core/review/languageForPath';
import type { LoreStore } from '../../core/store/loreStore';
import type { ArticleSummary, ArticleTitle } from '../../core/store/rows';
import { setContext } from '../common/commands';
import type { LoreServices } from '../common/services';
import type { FreshnessTracker } from './freshnessTracker';
import { needsAttention, type AttentionItem } from './needsAttention';
import { isAwaitingReviewBy, reviewActions, type ReviewAction } from '../../core/articles/reviewWorkflow';

/** In-review articles that wait for the user's review, by title. */
function awaitingMyReview(store: LoreStore) {
  return store.articlesInReview().filter((a) => isAwaitingReviewBy(a, store.author)).sort((a, b) => compareNames(a.title, b.title));
}

export type { GroupBy } from '../../core/articles/groupPages';

const STATUS_ICONS: Record<ArticleStatus, string> = { draft: 'edit', 'in-review': 'eye', published: 'book', outdated: 'warning', archived: 'archive' };
const RECENT_COUNT = 10;

/** A node of the Knowledge tree; each kind knows how to draw itself and what is below it. */
export type KnowledgeNode = AwaitingReviewNode | NeedsAttentionNode | GroupNode | MoreGroupsNode | GroupPageNode | ArticlePageNode | ArticleNode | SnippetNode;

/** The group at the top: articles whose snippets changed or are gone, whose review date has passed, or that readers reported outdated. */
export class NeedsAttentionNode {
  readonly id = 'group:attention';
  readonly parent = undefined;
  /** `total`: how many need attention; `shown`: how many rows the group lists. */
  constructor(readonly total: number, readonly shown: number) {}
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Needs Attention', vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = this.shown < this.total ? `${this.total} (first ${this.shown} shown)` : String(this.total);
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.tooltip = 'Articles whose snippets changed or are gone, whose review date has passed, or that a reader reported outdated: the ones you own or wrote first. Hover an article for why; "Mark Verified" restarts its review period and answers the reports.';
    item.contextValue = 'lore.needsAttention';
    return item;
  }
}

/** The group at the top, below Needs Attention: articles in review that wait for the user's Approve or Request Changes. */
export class AwaitingReviewNode {
  readonly id = 'group:awaitingReview';
  readonly parent = undefined;
  constructor(readonly count: number) {}
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Awaiting My Review', vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = String(this.count);
    item.iconPath = new vscode.ThemeIcon('eye');
    item.tooltip = 'Articles in review whose authors asked you to review them, and that you have not approved or sent back since their last change. Open one to Approve or Request Changes.';
    item.contextValue = 'lore.awaitingReview';
    return item;
  }
}

export class GroupNode {
  /**
   * `key` null is the group of articles without a tag (or team). `parent` is the "more" row or
   * page it sits in; none at the top level.
   */
  constructor(
    readonly label: string,
    readonly key: string | null,
    readonly count: number,
    readonly kind: 'recent' | GroupBy,
    readonly parent?: MoreGroupsNode | GroupPageNode,
  ) {}

  get id(): string {
    return `group:${this.kind}:${this.label}`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, this.kind === 'recent' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = String(this.count);
    item.iconPath = new vscode.ThemeIcon(this.kind === 'recent' ? 'history' : this.kind === 'tag' ? 'tag' : this.kind === 'team' ? 'organization' : 'circle-outline');
    item.contextValue = 'lore.group';
    return item;
  }
}

/** The row after the largest groups that holds all the others: "5,463 more tags". */
export class MoreGroupsNode {
  /** `hidden`: the groups not shown at the top level, alphabetically. */
  constructor(readonly kind: GroupBy, readonly hidden: readonly GroupCount[]) {}
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(moreLabel(this.hidden.length, this.kind), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `more:${this.kind}`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    const command = this.kind === 'team' ? 'Show Articles of Team…' : 'Show Articles Tagged…';
    item.tooltip = `The ${this.kind}s with fewer articles, alphabetically. To go straight to one, use "${command}".`;
    item.contextValue = `lore.moreGroups:${this.kind}`;
    return item;
  }
}

/** An alphabetical run of groups under the "more" row ("a – c", 195 tags). */
export class GroupPageNode {
  constructor(readonly kind: GroupBy, readonly page: Page<GroupCount>, readonly parent: MoreGroupsNode | GroupPageNode) {}
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.page.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `page:${JSON.stringify([this.kind, this.page.first, this.page.last])}`;
    item.description = countOf(this.page.items.length, this.kind);
    item.tooltip = `${this.page.first} … ${this.page.last}`;
    item.iconPath = new vscode.ThemeIcon('folder');
    item.contextValue = 'lore.groupPage';
    return item;
  }
}

/** An alphabetical run of the articles of a large group ("a – c", 200 articles). */
export class ArticlePageNode {
  /**
   * `page`: its articles' ids and titles (their summaries are read when it opens); `group`: the
   * group whose articles these are; `parent`: it, or the page this page is in.
   */
  constructor(readonly page: Page<ArticleTitle>, readonly group: GroupNode, readonly parent: GroupNode | ArticlePageNode) {}
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.page.label, vscode.TreeItemCollapsibleState.Collapsed);
    const items = this.page.items;
    item.id = `${this.group.id}/page:${items[0].id}:${items[items.length - 1].id}`;
    item.description = articleCount(this.page.items.length);
    item.tooltip = `${this.page.first} … ${this.page.last}`;
    item.iconPath = new vscode.ThemeIcon('folder');
    item.contextValue = 'lore.articlePage';
    return item;
  }
}

export class ArticleNode {
  /**
   * `stale`: what the row warns about when snippets of the article changed or are gone;
   * `attention`: in the Needs Attention group, why the article is there.
   */
  constructor(
    readonly article: ArticleSummary, readonly parentKey: string, readonly parent?: GroupNode | ArticlePageNode | NeedsAttentionNode | AwaitingReviewNode,
    readonly stale?: FreshnessWarning, readonly attention?: AttentionItem,
    /** The review commands that apply to the user here: the row's menu offers these (contextValue). */
    readonly actions: readonly ReviewAction[] = [],
  ) {}
  toTreeItem(): vscode.TreeItem {
    const a = this.article;
    const stale = this.stale;
    const item = new vscode.TreeItem(a.title, a.snippetCount ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentKey}/article:${a.id}`;
    const attention = this.attention;
    const due = attention?.reasons.some((r) => r.kind === 'reviewDue') ? '⚠ review due' : '';
    item.description = [attention?.mine ? 'yours' : '', a.hasConflicts ? '⚠ conflict' : '', stale ? `⚠ ${stale.summary}` : '', due, a.status !== 'published' ? a.status.replace('-', ' ') : '', feedbackCounts(a), a.tags.map((t) => `#${t}`).join(' ')].filter(Boolean).join(' · ');
    const staleText = stale ? `\n\n⚠ **${markdownText(stale.summary)}**: the article may no longer match the code.\n\n${stale.details.map((d) => `- ${markdownText(d)}`).join('\n')}` : '';
    const attentionText = attention ? `\n\n⚠ **Needs attention**\n\n${attention.lines.map((line) => `- ${markdownText(line)}`).join('\n')}` : '';
    const healthText = `${a.owner ? ` · owner ${markdownText(a.owner)}` : ''}${a.verified ? ` · verified by ${markdownText(a.verified.by)} on ${new Date(a.verified.at).toLocaleDateString()}` : ''}`;
    item.tooltip = new vscode.MarkdownString(`**${markdownText(a.title)}**\n\n${a.status} · by ${markdownText(a.author)} · updated ${new Date(a.updatedAt).toLocaleString()}${a.team ? ` · team ${markdownText(a.team)}` : ''}${healthText}${a.visibility === 'private' ? '\n\n🔒 Private: not shared with the team' : ''}${attention ? attentionText : staleText}`);
    item.iconPath = a.hasConflicts ? new vscode.ThemeIcon('git-merge')
      : stale || attention ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon(a.visibility === 'private' ? 'lock' : STATUS_ICONS[a.status]);
    item.contextValue = ['lore.article', ...(a.hasConflicts ? ['conflict'] : []), ...this.actions].join(',');
    item.command = { command: 'lore.openArticle', title: 'Open Article', arguments: [a.id, 'tree'] };
    return item;
  }
}

export class SnippetNode {
  /** `freshness`: what the background check last found for its code, when it has looked. */
  constructor(readonly snippet: Snippet, readonly parentId: string, readonly parent?: ArticleNode, readonly freshness?: FreshnessLabel) {}
  toTreeItem(): vscode.TreeItem {
    const s = this.snippet;
    const fresh = this.freshness;
    const item = new vscode.TreeItem(`${s.anchor.path}:${formatLines(s.anchor.range)}`, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentId}/snippet:${s.id}`;
    if (fresh) {
      item.description = fresh.state === 'current' ? s.language : `${s.language} · ${fresh.label.toLowerCase()}`;
      item.tooltip = new vscode.MarkdownString(`**${fresh.label}**: ${markdownText(fresh.reason)}\n\n${codeFence(s.code.split('\n').slice(0, 15).join('\n'), s.language)}`);
      item.iconPath = fresh.state === 'changed' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon(fresh.state === 'gone' ? 'debug-disconnect' : 'code');
    } else {
      item.description = s.anchorState === 'attached' ? s.language : `${s.language} · ${stateText(s.anchorState)}`;
      item.tooltip = new vscode.MarkdownString(codeFence(s.code.split('\n').slice(0, 15).join('\n'), s.language));
      item.iconPath = new vscode.ThemeIcon(s.anchorState === 'orphaned' ? 'debug-disconnect' : s.anchorState === 'needsReview' ? 'question' : 'code');
    }
    item.contextValue = fresh?.state === 'changed' ? 'lore.snippet:changed' : 'lore.snippet';
    item.command = { command: 'lore.openSnippet', title: 'Open Snippet Code', arguments: [s.id] };
    return item;
  }
}

function stateText(state: Snippet['anchorState']): string {
  return state === 'needsReview' ? 'needs review' : state;
}

/** Builds the article and snippet rows with what the background check knows (both Lore trees use it). */
export class FreshRows {
  constructor(private readonly services: LoreServices, private readonly tracker: FreshnessTracker) {}

  article(summary: ArticleSummary, parentKey: string, parent?: GroupNode | ArticlePageNode | NeedsAttentionNode | AwaitingReviewNode, attention?: AttentionItem): ArticleNode {
    const me = this.services.stores.tryGet()?.author;
    return new ArticleNode(summary, parentKey, parent, freshnessWarning(this.tracker.articleFreshness(summary.id)), attention, me === undefined ? [] : reviewActions(summary, me));
  }

  snippet(snippet: Snippet, parentId: string, parent?: ArticleNode): SnippetNode {
    const result = this.tracker.freshnessOf(snippet.id);
    const placeUpdated = this.tracker.placeUpdated(snippet.id) ?? (snippet.anchorState === 'moved' ? 'moved since it was shared' : undefined);
    const codeUpdated = result !== undefined && this.services.stores.tryGet()?.snippetCodeUpdate(snippet.id) !== undefined;
    return new SnippetNode(snippet, parentId, parent, result && freshnessLabel(result, placeUpdated, { codeUpdated }));
  }
}

/**
 * The Knowledge view: Recent, then articles grouped by tag, team or status. It only reads
 * the store; it refreshes when the store says something changed. With many groups, the top
 * level shows the largest and one "N more tags" row with the rest in alphabetical pages; a
 * group with many articles opens to alphabetical pages of them (src/core/articles/groupPages.ts).
 */
export class KnowledgeTreeProvider implements vscode.TreeDataProvider<KnowledgeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KnowledgeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private refreshing = false;

  private readonly rows: FreshRows;

  constructor(private readonly services: LoreServices, private groupBy: () => GroupBy, private readonly freshness: FreshnessTracker) {
    this.rows = new FreshRows(services, freshness);
    // Review dates pass with time alone: the group is looked at again every hour.
    const hourly = setInterval(() => this.refresh(), 60 * 60 * 1000);
    this.subscription = vscode.Disposable.from(
      services.stores.onDidChange(() => this.refresh()),
      freshness.onDidChange(() => this.refresh()),
      { dispose: () => clearInterval(hourly) },
    );
  }

  /**
   * Tells VS Code once per run of changes (300 new articles, a sync's batch): it reads the tree
   * after the run anyway, and a second notice in the same run becomes a refresh 200 ms later
   * that TreeView.reveal does not wait for; it lands after the jump and drops the selection.
   */
  refresh(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    queueMicrotask(() => (this.refreshing = false));
    this.changed.fire(undefined);
  }

  getTreeItem(node: KnowledgeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: KnowledgeNode): KnowledgeNode[] {
    // A database that cannot be opened was reported once by the store provider; show nothing.
    const store = this.services.stores.tryGet();
    if (!store) return [];
    if (!node) {
      const total = store.countArticles();
      void setContext('lore:hasArticles', total > 0);
      if (!total) return [];
      const mode = this.groupBy();
      const { shown, hidden } = boundGroups(store.groupCounts(mode), mode);
      const attention = needsAttention(store, this.freshness);
      const awaiting = awaitingMyReview(store);
      // "N more tags" goes after the named groups; the untagged group stays last.
      return [
        ...(attention.total ? [new NeedsAttentionNode(attention.total, attention.items.length)] : []),
        ...(awaiting.length ? [new AwaitingReviewNode(awaiting.length)] : []),
        new GroupNode('Recent', null, Math.min(total, RECENT_COUNT), 'recent'),
        ...shown.filter((g) => g.key !== null).map((g) => groupNode(g, mode)),
        ...(hidden.length ? [new MoreGroupsNode(mode, hidden)] : []),
        ...shown.filter((g) => g.key === null).map((g) => groupNode(g, mode)),
      ];
    }
    if (node instanceof AwaitingReviewNode) return store.summariesOf(awaitingMyReview(store).map((a) => a.id)).map((a) => this.rows.article(a, node.id, node));
    if (node instanceof NeedsAttentionNode) return needsAttention(store, this.freshness).items.map((item) => this.rows.article(item.summary, node.id, node, item));
    if (node instanceof MoreGroupsNode) return groupsUnder(node.kind, node.hidden, node);
    if (node instanceof GroupPageNode) return groupsUnder(node.kind, node.page.items, node);
    if (node instanceof GroupNode) {
      if (node.kind === 'recent') return store.listArticles({ limit: RECENT_COUNT }).map((a) => this.rows.article(a, node.id, node));
      // Ids and titles only: a group of thousands is sorted and paged without reading its articles.
      const titles = store.listArticleTitles({ [node.kind]: node.key }).sort((a, b) => compareNames(a.title, b.title));
      return articlesUnder(store, this.rows, node, titles, node);
    }
    if (node instanceof ArticlePageNode) return articlesUnder(store, this.rows, node.group, node.page.items, node);
    if (node instanceof ArticleNode) {
      const article = store.getArticle(node.article.id);
      const id = `${node.parentKey}/article:${node.article.id}`;
      return (article?.snippets ?? []).map((s) => this.rows.snippet(s, id, node));
    }
    return [];
  }

  getParent(node: KnowledgeNode): KnowledgeNode | undefined {
    return node instanceof MoreGroupsNode ? undefined : node.parent;
  }

  /**
   * The node of one group as the tree shows it now, inside the "more" row and its pages when
   * it is not at the top level (for TreeView.reveal); undefined when no article is in it.
   */
  findGroup(by: GroupBy, key: string | null): GroupNode | undefined {
    const { shown, hidden } = boundGroups(this.services.stores.get().groupCounts(by), by);
    const top = shown.find((g) => g.key === key);
    if (top) return groupNode(top, by);
    // Down the "more" row the way getChildren opens it, page by page.
    let children = groupsUnder(by, hidden, new MoreGroupsNode(by, hidden));
    for (;;) {
      const group = children.find((n): n is GroupNode => n instanceof GroupNode && n.key === key);
      if (group) return group;
      const page = children.find((n): n is GroupPageNode => n instanceof GroupPageNode && n.page.items.some((g) => g.key === key));
      if (!page) return undefined;
      children = groupsUnder(by, page.page.items, page);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const groupName = (g: GroupCount): string => g.key ?? '';

function groupNode(g: GroupCount, by: GroupBy, parent?: MoreGroupsNode | GroupPageNode): GroupNode {
  // Status groups read as the statuses do in rows ("draft", "in review").
  const label = by === 'status' && g.key ? g.key.replace('-', ' ') : g.key;
  return new GroupNode(label ?? UNNAMED_GROUP[by === 'tag' ? 'tag' : 'team'], g.key, g.count, by, parent);
}

/** What the "more" row or one of its pages opens to: the groups, or pages of them when many. */
function groupsUnder(by: GroupBy, groups: readonly GroupCount[], parent: MoreGroupsNode | GroupPageNode): KnowledgeNode[] {
  const paged = pageAlphabetically(groups, groupName);
  if ('pages' in paged) return paged.pages.map((page) => new GroupPageNode(by, page, parent));
  return paged.items.map((g) => groupNode(g, by, parent));
}

/**
 * What a group or one of its pages opens to: the articles, or pages of them when many. Only
 * the articles shown as rows (at most a page's worth) have their summaries read.
 */
function articlesUnder(store: LoreStore, rows: FreshRows, group: GroupNode, articles: readonly ArticleTitle[], parent: GroupNode | ArticlePageNode): KnowledgeNode[] {
  const paged = pageAlphabetically(articles, (a) => a.title);
  if ('pages' in paged) return paged.pages.map((page) => new ArticlePageNode(page, group, parent));
  return store.summariesOf(paged.items.map((a) => a.id)).map((a) => rows.article(a, group.id, parent));
}
