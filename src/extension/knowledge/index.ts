import * as vscode from 'vscode';
import type { OpenSource } from '../../core/store/usageLog';
import { LoreError } from '../../core/errors';
import { registerCommand, setContext } from '../common/commands';
import type { LoreServices } from '../common/services';
import { commandArticle, snippetIdFrom } from './articleArgs';
import { registerArticleCommands } from './articleCommands';
import { ArticleFileSystem } from './articleFileSystem';
import type { LoreFileSystem } from '../common/loreFileSystem';
import { ArticlePanels } from './articlePanel';
import { GraphPanel } from './graphPanel';
import { TeamKnowledgePanel } from './teamKnowledgePanel';
import { registerConflictResolution } from './conflictResolution';
import { ForThisFileProvider } from './forThisFileView';
import { FreshnessTracker } from './freshnessTracker';
import { KnowledgeTreeProvider, type GroupBy, type KnowledgeNode } from './knowledgeTree';
import { openSnippet } from './openSnippet';
import { registerSearchMaintenance } from './searchMaintenance';
import { showSearch } from './searchQuickPick';
import { shareSnippet } from './shareSnippet';
import { confirmSnippet, showSnippetChanges, SNIPPET_CHANGES_SCHEME, SnippetChangesContent, updateSnippet } from './snippetChanges';
import { markVerified } from './markVerified';
import { pickLinkTarget, registerWikiLinkEditor } from './wikiLinkEditor';
import { exportMarkdownFolder, importMarkdownFolder } from './markdownFolderCommands';
import { registerCodeMentionLinks } from './codeMentionLinks';
import { BacklinksProvider, type BacklinkNode } from './backlinksView';
import { registerShowGroup } from './showGroup';
import { pendingReviewerPick, registerReviewCommands, type ReviewerPickSnapshot } from './reviewCommands';
import { registerFeedbackCommands } from './feedbackCommands';
import { registerUsageSharing } from './usageSharing';

/** Show in Graph: the article, what it touches, and what touches those (articles sharing a tag, team or file). */
const SHOW_IN_GRAPH_DEPTH = 2;

/** What other features and the integration tests can reach of the knowledge feature. */
export interface KnowledgeApi {
  panels: ArticlePanels;
  /** Lore: Show Knowledge Graph's panel. */
  graph: GraphPanel;
  /** Lore: Show Team Knowledge's panel. */
  teamKnowledge: TeamKnowledgePanel;
  knowledgeTree: KnowledgeTreeProvider;
  knowledgeView: vscode.TreeView<KnowledgeNode>;
  forThisFile: ForThisFileProvider;
  backlinks: BacklinksProvider;
  backlinksView: vscode.TreeView<BacklinkNode>;
  freshness: FreshnessTracker;
  /** The Request Review pick while it is shown (for the integration tests). */
  pendingReviewerPick(): ReviewerPickSnapshot | undefined;
}

/** The knowledge feature: views, article webviews, the lore: editor, search and sharing. */
export function registerKnowledge(services: LoreServices, documents: LoreFileSystem): { disposables: vscode.Disposable[]; api: KnowledgeApi } {
  const { log } = services;
  const groupBy = (): GroupBy => vscode.workspace.getConfiguration('lore').get<GroupBy>('knowledge.groupBy') ?? 'tag';
  const freshness = new FreshnessTracker(services, services.git);
  const snippetChanges = new SnippetChangesContent();
  const panels = new ArticlePanels(services, freshness);
  const graph = new GraphPanel(services);
  const teamKnowledge = new TeamKnowledgePanel(services);
  const knowledgeTree = new KnowledgeTreeProvider(services, groupBy, freshness);
  let forThisFileView: vscode.TreeView<KnowledgeNode> | undefined;
  const forThisFile = new ForThisFileProvider(services, () => forThisFileView, freshness);
  const knowledgeView = vscode.window.createTreeView('lore.knowledge', { treeDataProvider: knowledgeTree, showCollapseAll: true });
  forThisFileView = vscode.window.createTreeView('lore.forThisFile', { treeDataProvider: forThisFile, showCollapseAll: true });
  const backlinks = new BacklinksProvider(services, panels.onDidActivate);
  const backlinksView = vscode.window.createTreeView('lore.backlinks', { treeDataProvider: backlinks });
  backlinks.attach(backlinksView);
  const fileSystem = new ArticleFileSystem(services);
  const openArticle = (id: string, from?: { source: OpenSource; query?: string }) => panels.open(id, from);
  void setContext('lore:groupBy', groupBy());

  const disposables: vscode.Disposable[] = [
    freshness,
    snippetChanges,
    vscode.workspace.registerTextDocumentContentProvider(SNIPPET_CHANGES_SCHEME, snippetChanges),
    panels,
    graph,
    teamKnowledge,
    knowledgeTree,
    forThisFile,
    knowledgeView,
    forThisFileView,
    backlinks,
    backlinksView,
    fileSystem,
    documents.mount('articles', fileSystem),
    ...registerArticleCommands(services, panels, fileSystem),
    ...registerReviewCommands(services, panels),
    ...registerFeedbackCommands(services, panels),
    ...registerUsageSharing(services),
    ...registerConflictResolution(services),
    ...registerSearchMaintenance(services),
    ...registerShowGroup(services, knowledgeTree, knowledgeView, groupBy),
    registerCommand(log, 'lore.search', (query?: unknown) => showSearch(services, openArticle, typeof query === 'string' ? query : '')),
    registerCommand(log, 'lore.shareSnippet', () => shareSnippet(services, openArticle)),
    registerCommand(log, 'lore.openSnippet', (arg: unknown) => {
      const id = snippetIdFrom(arg);
      if (!id) throw new LoreError('Choose a snippet in the Knowledge view first.');
      return openSnippet(services, id);
    }),
    registerCommand(log, 'lore.showSnippetChanges', (arg: unknown) => {
      const id = snippetIdFrom(arg);
      if (!id) throw new LoreError('Choose a snippet in an article first.');
      return showSnippetChanges(services, freshness, snippetChanges, id);
    }),
    registerCommand(log, 'lore.updateSnippet', (arg: unknown) => {
      const id = snippetIdFrom(arg);
      if (!id) throw new LoreError('Choose a snippet in an article first.');
      return updateSnippet(services, freshness, id);
    }),
    registerCommand(log, 'lore.confirmSnippet', (arg: unknown) => {
      const id = snippetIdFrom(arg);
      if (!id) throw new LoreError('Choose a changed snippet in an article first.');
      return confirmSnippet(services, freshness, id);
    }),
    registerCommand(log, 'lore.markVerified', (arg: unknown) => markVerified(services, freshness, arg)),
    // A folder may be given (a path or a file URI): the command then asks nothing (scripts, tasks, tests).
    registerCommand(log, 'lore.importMarkdown', (folder?: unknown, options?: unknown) => importMarkdownFolder(services, folder,
      typeof options === 'object' && options !== null && (options as { replace?: unknown }).replace === true ? { replace: true } : undefined)),
    registerCommand(log, 'lore.exportMarkdown', (folder?: unknown) => exportMarkdownFolder(services, folder)),
    registerCommand(log, 'lore.pickLinkTarget', (uri: unknown, range: unknown) => pickLinkTarget(services, uri, range)),
    ...registerWikiLinkEditor(services),
    ...registerCodeMentionLinks(services),
    registerCommand(log, 'lore.showGraph', () => graph.open()),
    registerCommand(log, 'lore.showTeamKnowledge', () => teamKnowledge.open()),
    // The graph on an article's neighbourhood: a row of the Knowledge view, an id, or the article view in front.
    registerCommand(log, 'lore.showInGraph', (arg?: unknown) => {
      const article = commandArticle(services.stores, panels, arg);
      graph.open({ nodeId: `article:${article.id}`, depth: SHOW_IN_GRAPH_DEPTH });
    }),
    registerCommand(log, 'lore.refresh', () => {
      knowledgeTree.refresh();
    }),
    registerCommand(log, 'lore.groupBy', async () => {
      const current = groupBy();
      const picked = await vscode.window.showQuickPick(
        (['tag', 'team', 'status'] as const).map((group) => ({ label: `By ${group}`, description: group === current ? '(current)' : undefined, value: group })),
        { title: 'Group Knowledge By' },
      );
      if (picked) await vscode.workspace.getConfiguration('lore').update('knowledge.groupBy', picked.value, vscode.ConfigurationTarget.Global);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lore.knowledge.reviewAfterDays')) {
        knowledgeTree.refresh();
        panels.refreshAll();
      }
      if (e.affectsConfiguration('lore.knowledge.groupBy')) {
        void setContext('lore:groupBy', groupBy());
        knowledgeTree.refresh();
      }
      if (e.affectsConfiguration('lore.authorName')) services.stores.refreshAuthor();
    }),
  ];
  return { disposables, api: { panels, graph, teamKnowledge, knowledgeTree, knowledgeView, forThisFile, backlinks, backlinksView, freshness, pendingReviewerPick } };
}
