import * as vscode from 'vscode';
import { Debouncer } from '../../core/debouncer';
import { describeError } from '../../core/errors';
import { loreMessage } from '../../core/loreMessage';
import { plainMessage, plainText } from '../../core/plainText';
import { countingRules, type TeamKnowledge } from '../../core/recognition/teamKnowledge';
import { teamKnowledgeCsv } from '../../core/recognition/teamKnowledgeCsv';
import { isDashboardRequest, type DashboardRequest, type DashboardUpdate } from '../../webview/dashboard/protocol';
import type { LoreServices } from '../common/services';
import { webviewHtml, webviewRoots } from '../common/webviewHtml';

const VIEW_TYPE = 'lore.teamKnowledge';

/**
 * Lore: Show Team Knowledge. One webview panel with the Team Knowledge figures
 * (recognition/teamKnowledge.ts): tables per person and team, charts drawn by Chart.js bundled
 * into dist/webview/dashboard.js, under the same strict CSP as every Lore webview. The figures
 * are sent as data, never as HTML (the webview writes names as text); they are counted again
 * when articles or notes change. Export CSV saves the figures last sent.
 */
export class TeamKnowledgePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private figures: TeamKnowledge | undefined;
  private drawn: { charts: number; error?: string } | undefined;
  private readonly drawnEmitter = new vscode.EventEmitter<{ charts: number; error?: string }>();
  private readonly postLater = new Debouncer(300, () => this.post());
  private readonly subscriptions: vscode.Disposable[];

  /** Fires when the webview has drawn the figures it was sent (for tests). */
  readonly onDidDraw = this.drawnEmitter.event;

  constructor(private readonly services: LoreServices) {
    this.subscriptions = [
      this.drawnEmitter,
      services.stores.onDidChange((change) => {
        if (this.panel && (change.entities.includes('article') || change.entities.includes('thread'))) this.postLater.schedule();
      }),
    ];
  }

  /** The figures the panel shows (for tests); undefined while it is closed. */
  get shownFigures(): TeamKnowledge | undefined {
    return this.panel ? this.figures : undefined;
  }

  /** What the webview said it drew last for the figures shown (for tests). */
  get lastDrawn(): { charts: number; error?: string } | undefined {
    return this.panel ? this.drawn : undefined;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  open(): void {
    if (this.panel) {
      this.panel.reveal();
      this.post();
      return;
    }
    const extensionUri = this.services.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Team Knowledge', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: webviewRoots(extensionUri),
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'lore.svg');
    this.panel = panel;
    this.figures = this.services.stores.get().teamKnowledge();
    panel.webview.html = webviewHtml(panel.webview, extensionUri, {
      script: 'dashboard.js',
      style: 'dashboard.css',
      title: 'Team Knowledge',
      body: '<main id="root"><p class="loading">Counting…</p></main>',
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.figures = undefined;
      this.drawn = undefined;
      this.postLater.cancel();
    });
    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (!isDashboardRequest(message)) {
        this.services.log.warn('Ignored an unexpected message from the Team Knowledge view');
        return;
      }
      void this.handle(message).catch((error: unknown) => {
        this.services.log.error(`Team Knowledge action ${message.type} failed: ${String(error)}`);
        void vscode.window.showErrorMessage(plainText(loreMessage(describeError(error))));
      });
    });
  }

  /** What the webview asked for (the integration tests call this as the webview would). */
  async handle(message: DashboardRequest): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post();
        return;
      case 'exportCsv':
        await this.exportCsv();
        return;
      case 'drawn':
        this.drawn = { charts: message.charts, ...(message.error ? { error: message.error } : {}) };
        if (message.error) this.services.log.warn(`The Team Knowledge view could not draw its charts: ${message.error}`);
        this.drawnEmitter.fire(this.drawn);
        return;
    }
  }

  /**
   * Saves the figures shown as CSV (teamKnowledgeCsv), where the user chooses (`target`: no
   * dialog, for tests). Returns where it saved, or undefined when the dialog was cancelled.
   */
  async exportCsv(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const figures = this.figures ?? this.services.stores.get().teamKnowledge();
    const file = target ?? await vscode.window.showSaveDialog({
      title: 'Export Team Knowledge',
      saveLabel: 'Export',
      filters: { CSV: ['csv'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]
        ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `team-knowledge-${figures.now.slice(0, 10)}.csv`) : undefined,
    });
    if (!file) return undefined;
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(teamKnowledgeCsv(figures)));
    // A notification that cannot fail in a way worth reporting; nothing waits for it.
    if (!target) void vscode.window.showInformationMessage(plainMessage`Team Knowledge saved to ${vscode.workspace.asRelativePath(file)}.`);
    return file;
  }

  private post(): void {
    const panel = this.panel;
    const store = this.services.stores.tryGet();
    if (!panel || !store) return;
    this.figures = store.teamKnowledge();
    this.drawn = undefined;
    const update: DashboardUpdate = { type: 'figures', figures: this.figures, rules: countingRules(this.figures.freshDays, this.figures.weekly.length) };
    // False only when the panel is gone, which its dispose handler already took care of.
    void panel.webview.postMessage(update);
  }

  dispose(): void {
    this.postLater.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.panel?.dispose();
  }
}
