import * as vscode from 'vscode';
import { linkAction } from '../../core/articles/articleLinks';
import { imageSources, normaliseHost } from '../../core/articles/imageHosts';
import { highlightCode, highlightLanguage, renderMarkdown } from '../../core/articles/renderMarkdown';
import { findWikiLinks, linkKey } from '../../core/articles/wikiLinks';
import { freshnessLabel } from '../../core/articles/freshnessText';
import { formatLines, type Article } from '../../core/model';
import { reviewView } from '../../core/articles/reviewWorkflow';
import { isArticleViewRequest, type ArticleView, type ArticleViewRequest, type ArticleViewUpdate } from '../../webview/article/protocol';
import { allowedImageHosts, IMAGE_HOSTS_SETTING } from '../common/imageHostsSetting';
import type { LoreServices } from '../common/services';
import { webviewHtml, webviewRoots } from '../common/webviewHtml';
import type { FreshnessTracker } from './freshnessTracker';
import { healthOf } from './needsAttention';
import { feedbackView } from './feedbackCommands';
import type { OpenSource } from '../../core/store/usageLog';
import { loreMessage } from '../../core/loreMessage';
import { plainText } from '../../core/plainText';
import { describeError, LoreError } from '../../core/errors';

const VIEW_TYPE = 'lore.article';
/** A view closed this soon after it was opened counts as "came straight back". */
const BOUNCE_MS = 10_000;

/**
 * One webview panel per article, reused when the article is opened again, updated live when
 * the article changes. Content is rendered and sanitised in the extension; the webview gets a
 * strict CSP (a fresh nonce per render, no inline script, only Lore's own bundle and CSS).
 *
 * Images from other hosts load only from the hosts in `lore.articleView.allowedImageHosts`, plus
 * the hosts the user chose to load in this view: the sanitiser turns the others into
 * placeholders and the CSP's img-src lists exactly these hosts, so both layers agree.
 */
export class ArticlePanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  /** Per panel: hosts loaded by a click in this view, and hosts whose images the last render held back. */
  private readonly images = new Map<string, { loaded: Set<string>; blocked: Set<string> }>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly activated = new vscode.EventEmitter<string>();
  /** When each view was last opened with a recorded source (Date.now()), to count a quick return. */
  private readonly openedAt = new Map<string, number>();
  /** Fires with the article whose view has just become the active one (the Backlinks view follows it). */
  readonly onDidActivate = this.activated.event;

  constructor(private readonly services: LoreServices, private readonly freshness: FreshnessTracker) {
    this.subscriptions = [
      // The background check found something new about a snippet's code: every open view shows it.
      freshness.onDidChange(() => {
        for (const id of this.panels.keys()) this.post(id);
      }),
      services.stores.onDidChange((change) => {
        // Snippet changes carry the snippet id, and any article's change can add, mend or break a
        // link shown here ([[Title]], Linked from): refresh every open panel (there are few).
        if (change.entities.includes('snippet') || change.entities.includes('article')) {
          for (const id of this.panels.keys()) this.post(id);
        } else {
          for (const id of change.ids) if (this.panels.has(id)) this.post(id);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // A new CSP needs a new document: the view reloads and asks for the article again.
        if (e.affectsConfiguration(IMAGE_HOSTS_SETTING)) for (const id of this.panels.keys()) this.reload(id);
      }),
    ];
  }

  /** Draws every open view again (a setting they show changed). */
  refreshAll(): void {
    for (const id of this.panels.keys()) this.post(id);
  }

  /** The article of the view that has the focus (or was last active), if any. */
  activeArticleId(): string | undefined {
    for (const [id, panel] of this.panels) if (panel.active) return id;
    return undefined;
  }

  /** Open ids, for tests. */
  get openArticleIds(): string[] {
    return [...this.panels.keys()];
  }

  /**
   * Opens the article's view. `from`: where the reader opened it (search with its query, the
   * tree, a link), recorded for search ranking on this machine; closing the view within
   * BOUNCE_MS counts as coming straight back.
   */
  open(articleId: string, from?: { source: OpenSource; query?: string }): void {
    if (from) this.recordOpen(articleId, from);
    const existing = this.panels.get(articleId);
    if (existing) {
      existing.reveal();
      this.activated.fire(articleId);
      this.post(articleId);
      this.checkSnippets(articleId);
      return;
    }
    const article = this.services.stores.get().getArticle(articleId);
    if (!article) throw new LoreError('That article no longer exists (it may have been deleted on another machine).');
    const extensionUri = this.services.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, article.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      // Kept alive while hidden: a view re-shown by its tab would otherwise reload, and VS Code
      // focuses a reloaded webview when it is ready, which closed a search opened meanwhile
      // (any quick input closes when it loses the focus). Few article views are open at once.
      retainContextWhenHidden: true,
      localResourceRoots: webviewRoots(extensionUri),
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'lore.svg');
    this.panels.set(articleId, panel);
    this.images.set(articleId, { loaded: new Set(), blocked: new Set() });
    panel.webview.html = this.html(panel.webview, this.imageHosts(articleId));
    panel.onDidChangeViewState(() => {
      if (panel.active) this.activated.fire(articleId);
    });
    this.activated.fire(articleId);
    panel.onDidDispose(() => {
      const opened = this.openedAt.get(articleId);
      this.openedAt.delete(articleId);
      if (opened !== undefined && Date.now() - opened < BOUNCE_MS) {
        try {
          this.services.stores.tryGet()?.recordBounce(articleId);
        } catch (error) {
          this.services.log.warn(`Could not record a quick return from article ${articleId}: ${String(error)}`);
        }
      }
      this.panels.delete(articleId);
      this.images.delete(articleId);
    });
    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (!isArticleViewRequest(message)) {
        this.services.log.warn('Ignored an unexpected message from the article view');
        return;
      }
      void this.handle(articleId, message).catch((error: unknown) => {
        this.services.log.error(`Article view action ${message.type} failed: ${String(error)}`);
        void vscode.window.showErrorMessage(plainText(loreMessage(describeError(error))));
      });
    });
  }

  private async handle(articleId: string, message: ArticleViewRequest): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post(articleId);
        this.checkSnippets(articleId);
        return;
      case 'openSnippet':
        await vscode.commands.executeCommand('lore.openSnippet', message.snippetId);
        return;
      case 'showChanges':
      case 'updateSnippet':
      case 'confirmSnippet': {
        // Only a snippet of the article this view shows.
        if (this.services.stores.get().getSnippet(message.snippetId)?.articleId !== articleId) return;
        const command = { showChanges: 'lore.showSnippetChanges', updateSnippet: 'lore.updateSnippet', confirmSnippet: 'lore.confirmSnippet' }[message.type];
        await vscode.commands.executeCommand(command, message.snippetId);
        return;
      }
      case 'markVerified':
        await vscode.commands.executeCommand('lore.markVerified', articleId);
        return;
      case 'showInGraph':
        await vscode.commands.executeCommand('lore.showInGraph', articleId);
        return;
      case 'requestReview':
      case 'approve':
      case 'requestChanges':
      case 'reportOutdated':
      case 'withdrawReport': {
        const command = {
          requestReview: 'lore.requestReview', approve: 'lore.approveArticle', requestChanges: 'lore.requestChanges',
          reportOutdated: 'lore.reportOutdated', withdrawReport: 'lore.withdrawReport',
        }[message.type];
        await vscode.commands.executeCommand(command, articleId);
        return;
      }
      case 'vote':
        await vscode.commands.executeCommand(message.helpful ? 'lore.voteHelpful' : 'lore.voteNotHelpful', articleId);
        return;
      case 'takeBackVote':
        await vscode.commands.executeCommand('lore.takeBackVote', articleId);
        return;
      case 'thank':
        await vscode.commands.executeCommand('lore.thankAuthor', articleId);
        return;
      case 'addComment':
        await vscode.commands.executeCommand('lore.addArticleComment', articleId, undefined, message.replyTo);
        return;
      case 'editComment':
        await vscode.commands.executeCommand('lore.editArticleComment', articleId, message.commentId);
        return;
      case 'deleteComment':
        await vscode.commands.executeCommand('lore.deleteArticleComment', articleId, message.commentId);
        return;
      case 'edit':
        await vscode.commands.executeCommand('lore.editArticle', articleId);
        return;
      case 'delete':
        await vscode.commands.executeCommand('lore.deleteArticle', articleId);
        return;
      case 'changeStatus':
        await vscode.commands.executeCommand('lore.changeStatus', articleId);
        return;
      case 'resolveConflict':
        await vscode.commands.executeCommand('lore.resolveConflict', articleId);
        return;
      case 'openLink': {
        // Only web and mail links leave the view; `#section` scrolls in the view, a relative path does nothing.
        const action = linkAction(message.href);
        if (action.kind === 'external') await vscode.env.openExternal(vscode.Uri.parse(action.href));
        else if (action.kind === 'article') await vscode.commands.executeCommand('lore.openArticle', action.articleId);
        else if (action.kind === 'note') await vscode.commands.executeCommand('lore.review.reveal', action.noteId);
        return;
      }
      case 'openNote':
        if (/^[A-Za-z0-9_-]{1,128}$/.test(message.noteId)) await vscode.commands.executeCommand('lore.review.reveal', message.noteId);
        return;
      case 'openArticle':
        if (/^[A-Za-z0-9_-]{1,128}$/.test(message.articleId)) await vscode.commands.executeCommand('lore.openArticle', message.articleId);
        return;
      case 'loadImages': {
        const host = normaliseHost(message.host);
        const images = this.images.get(articleId);
        // Only a host whose placeholder this view shows (and a valid host name: it goes into the CSP).
        if (!host || !images?.blocked.has(host)) return;
        images.loaded.add(host);
        this.services.log.info(`Article view: loading images from ${host} for this view`);
        this.reload(articleId);
        return;
      }
    }
  }

  private recordOpen(articleId: string, from: { source: OpenSource; query?: string }): void {
    try {
      this.services.stores.get().recordOpen(articleId, from.source, from.query);
      this.openedAt.set(articleId, Date.now());
    } catch (error) {
      // Usage only tunes search order: never in the way of reading.
      this.services.log.warn(`Could not record opening article ${articleId}: ${String(error)}`);
    }
  }

  /** Opening an article checks its snippets' files again (a file not open may have changed on disk). */
  private checkSnippets(articleId: string): void {
    const article = this.services.stores.tryGet()?.getArticle(articleId);
    if (article) this.freshness.refresh(new Set(article.snippets.map((s) => s.anchor.path)));
  }

  /** The hosts whose images this panel loads: the setting's and the ones loaded by a click. */
  private imageHosts(articleId: string): string[] {
    return [...new Set([...allowedImageHosts(this.services.log), ...(this.images.get(articleId)?.loaded ?? [])])];
  }

  private reload(articleId: string): void {
    const panel = this.panels.get(articleId);
    if (panel) panel.webview.html = this.html(panel.webview, this.imageHosts(articleId));
  }

  private post(articleId: string): void {
    const panel = this.panels.get(articleId);
    if (!panel) return;
    const store = this.services.stores.get();
    const article = store.getArticle(articleId);
    const blocked = new Set<string>();
    const update: ArticleViewUpdate = article ? { type: 'show', article: this.view(article, this.imageHosts(articleId), blocked) } : { type: 'deleted' };
    const images = this.images.get(articleId);
    if (images) images.blocked = blocked;
    if (article) panel.title = article.title;
    void panel.webview.postMessage(update);
  }

  /** What the webview shows, rendered and sanitised here. */
  view(article: Article, imageHosts: readonly string[] = [], blocked = new Set<string>()): ArticleView {
    const store = this.services.stores.get();
    const linkTargets = store.articleIdsByTitle(findWikiLinks(article.body).map((link) => link.target));
    return {
      id: article.id,
      title: article.title,
      bodyHtml: renderMarkdown(article.body, {
        resolveWikiLink: (title) => linkTargets.get(linkKey(title)),
        articleTitle: (id) => store.getArticle(id)?.title,
        allowedImageHosts: imageHosts,
        onBlockedImage: (host) => blocked.add(host),
        resolveImage: (hash) => {
          const image = store.getImage(hash);
          return image && image.mime !== 'image/svg+xml' ? `data:${image.mime};base64,${Buffer.from(image.data).toString('base64')}` : undefined;
        },
      }),
      tags: article.tags,
      ...(article.team ? { team: article.team } : {}),
      author: article.author,
      status: article.status,
      visibility: article.visibility,
      createdAt: article.createdAt,
      updatedAt: article.updatedAt,
      snippets: article.snippets.map((s) => {
        const result = this.freshness.freshnessOf(s.id);
        const updated = store.snippetCodeUpdate(s.id);
        const placeUpdated = this.freshness.placeUpdated(s.id) ?? (s.anchorState === 'moved' ? 'moved since it was shared' : undefined);
        return {
          id: s.id,
          location: `${s.anchor.path}:${formatLines(s.anchor.range)}`,
          language: highlightLanguage(s.language),
          codeHtml: highlightCode(s.code, highlightLanguage(s.language)),
          state: s.anchorState === 'needsReview' ? 'needs review' : s.anchorState,
          ...(result ? { freshness: freshnessLabel(result, placeUpdated, { codeUpdated: updated !== undefined }) } : {}),
          ...(updated ? { updated } : {}),
        };
      }),
      linkedFrom: store.articlesLinkingTo(article),
      related: store.relatedArticles(article.id).map(({ id, title, reasons }) => ({ id, title, reasons })),
      conflictFields: store.getConflicts(article.id).map((c) => c.field),
      health: healthOf(article, this.freshness),
      review: reviewView(article, store.author),
      feedback: feedbackView(article, store.author),
    };
  }

  private html(webview: vscode.Webview, imageHosts: readonly string[]): string {
    return webviewHtml(webview, this.services.context.extensionUri, {
      script: 'article.js',
      style: 'article.css',
      title: 'Lore article',
      body: '<main id="root" aria-live="polite"></main>',
      // Stored images arrive as data: URIs; remote ones only from the listed hosts (never `https:`).
      imageSources: ['data:', ...imageSources(imageHosts)],
    });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
    this.images.clear();
    this.activated.dispose();
  }
}
