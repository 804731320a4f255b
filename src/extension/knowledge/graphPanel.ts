import * as vscode from 'vscode';
import { neighbourhood } from '../../core/articles/graphFilter';
import type { GraphNode, KnowledgeGraph } from '../../core/articles/knowledgeGraph';
import { Debouncer } from '../../core/debouncer';
import { describeError, LoreError } from '../../core/errors';
import { loreMessage } from '../../core/loreMessage';
import { plainText } from '../../core/plainText';
import { isGraphViewRequest, type GraphFocus, type GraphViewRequest, type GraphViewUpdate } from '../../webview/graph/protocol';
import type { LoreServices } from '../common/services';
import { webviewHtml, webviewRoots } from '../common/webviewHtml';
import { toWorkspaceUri } from '../common/workspacePaths';

const VIEW_TYPE = 'lore.graph';

/**
 * Lore: Show Knowledge Graph. One webview panel that draws the knowledge graph (articles, tags,
 * teams, code files) with a force layout bundled into dist/webview/graph.js, under the same
 * strict CSP as the article view. The graph is sent as data, never as HTML; the panel sends it
 * again when articles change. Clicking a node opens it: an article in Lore, a tag or team in
 * the Knowledge view, a file in the editor; only nodes of the graph last sent are opened.
 */
export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private graph: KnowledgeGraph | undefined;
  /** The node whose neighbourhood is shown, to what depth; the whole graph when undefined. */
  private focus: { nodeId: string; depth: number } | undefined;
  private readonly postLater = new Debouncer(200, () => this.post());
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: LoreServices) {
    this.subscriptions = [
      services.stores.onDidChange((change) => {
        if (this.panel && (change.entities.includes('article') || change.entities.includes('snippet'))) this.postLater.schedule();
      }),
    ];
  }

  /** The graph the panel shows (for tests); undefined while it is closed. */
  get shownGraph(): KnowledgeGraph | undefined {
    return this.panel ? this.graph : undefined;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens (or shows) the panel: on `focus`'s neighbourhood when given, else on the whole graph. */
  open(focus?: { nodeId: string; depth: number }): void {
    this.focus = focus;
    if (this.panel) {
      this.panel.reveal();
      this.post();
      return;
    }
    const extensionUri = this.services.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Knowledge Graph', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      // The layout of 2,000 nodes is worth keeping while the tab is hidden.
      retainContextWhenHidden: true,
      localResourceRoots: webviewRoots(extensionUri),
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'lore.svg');
    this.panel = panel;
    this.graph = this.shown(this.services.stores.get().knowledgeGraph()).graph;
    panel.webview.html = webviewHtml(panel.webview, extensionUri, {
      script: 'graph.js',
      style: 'graph.css',
      title: 'Knowledge Graph',
      body: '<main id="root"></main>',
      // The layout runs in a worker the page starts from its own bundle's code (a blob: URL).
      workerSources: ['blob:'],
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.graph = undefined;
      this.postLater.cancel();
    });
    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (!isGraphViewRequest(message)) {
        this.services.log.warn('Ignored an unexpected message from the graph view');
        return;
      }
      void this.handle(message).catch((error: unknown) => {
        this.services.log.error(`Graph view action ${message.type} failed: ${String(error)}`);
        void vscode.window.showErrorMessage(plainText(loreMessage(describeError(error))));
      });
    });
  }

  /** What the webview asked for (the integration tests call this as the webview would). */
  async handle(message: GraphViewRequest): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post();
        return;
      case 'focus':
        this.focus = { nodeId: message.nodeId, depth: message.depth };
        this.post();
        return;
      case 'showAll':
        this.focus = undefined;
        this.post();
        return;
      case 'openNode': {
        const node = this.graph?.nodes.find((n) => n.id === message.nodeId);
        if (node) await openNode(node);
        return;
      }
    }
  }

  private post(): void {
    const panel = this.panel;
    const store = this.services.stores.tryGet();
    if (!panel || !store) return;
    const { graph, focus } = this.shown(store.knowledgeGraph());
    this.graph = graph;
    const update: GraphViewUpdate = { type: 'graph', graph, ...(focus ? { focus } : {}) };
    void panel.webview.postMessage(update);
  }

  /** What the panel shows of the whole graph: the focused node's neighbourhood, or everything (also when that node is gone). */
  private shown(whole: KnowledgeGraph): { graph: KnowledgeGraph; focus?: GraphFocus } {
    const node = this.focus && whole.nodes.find((n) => n.id === this.focus!.nodeId);
    if (!this.focus || !node) return { graph: whole };
    return { graph: neighbourhood(whole, node.id, this.focus.depth), focus: { nodeId: node.id, label: node.label, depth: this.focus.depth } };
  }

  dispose(): void {
    this.postLater.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.panel?.dispose();
  }
}

async function openNode(node: GraphNode): Promise<void> {
  const name = node.id.slice(node.kind.length + 1);
  switch (node.kind) {
    case 'article':
      await vscode.commands.executeCommand('lore.openArticle', node.articleId);
      return;
    case 'tag':
      await vscode.commands.executeCommand('lore.showTag', name);
      return;
    case 'team':
      await vscode.commands.executeCommand('lore.showTeam', name);
      return;
    case 'file': {
      const uri = toWorkspaceUri(name);
      if (!uri) throw new LoreError(`${name} is not in a folder open in this window. Open the folder it belongs to, then try again.`);
      await vscode.window.showTextDocument(uri, { preview: true });
      return;
    }
  }
}
