import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { highlightCode, highlightLanguage, renderMarkdown } from '../../core/articles/renderMarkdown';
import { formatLines, type Article } from '../../core/model';
import { isArticleViewRequest, type ArticleView, type ArticleViewRequest, type ArticleViewUpdate } from '../../webview/article/protocol';
import type { LoreServices } from '../common/services';
import { plainMessage } from '../../core/plainText';

const VIEW_TYPE = 'lore.article';

/**
 * One webview panel per article, reused when the article is opened again, updated live when
 * the article changes. Content is rendered and sanitised in the extension; the webview gets a
 * strict CSP (a fresh nonce per render, no inline script, only Lore's own bundle and CSS).
 */
export class ArticlePanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: LoreServices) {
    this.subscription = services.stores.onDidChange((change) => {
      for (const id of change.ids) if (this.panels.has(id)) this.post(id);
      // Snippet changes carry the snippet id: refresh every open panel (there are few).
      if (change.entities.includes('snippet')) for (const id of this.panels.keys()) this.post(id);
    });
  }

  /** Open ids, for tests. */
  get openArticleIds(): string[] {
    return [...this.panels.keys()];
  }

  open(articleId: string): void {
    const existing = this.panels.get(articleId);
    if (existing) {
      existing.reveal();
      this.post(articleId);
      return;
    }
    const article = this.services.stores.get().getArticle(articleId);
    if (!article) throw new Error('That article no longer exists (it may have been deleted on another machine).');
    const extensionUri = this.services.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, article.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'lore.svg');
    panel.webview.html = this.html(panel.webview);
    this.panels.set(articleId, panel);
    panel.onDidDispose(() => this.panels.delete(articleId));
    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (!isArticleViewRequest(message)) {
        this.services.log.warn('Ignored an unexpected message from the article view');
        return;
      }
      void this.handle(articleId, message).catch((error: unknown) => {
        this.services.log.error(`Article view action ${message.type} failed: ${String(error)}`);
        void vscode.window.showErrorMessage(plainMessage`Lore: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
  }

  private async handle(articleId: string, message: ArticleViewRequest): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post(articleId);
        return;
      case 'openSnippet':
        await vscode.commands.executeCommand('lore.openSnippet', message.snippetId);
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
        // Only web and mail links leave the view; anything else was already removed by the sanitiser.
        const uri = vscode.Uri.parse(message.href, true);
        if (['http', 'https', 'mailto'].includes(uri.scheme)) await vscode.env.openExternal(uri);
        return;
      }
    }
  }

  private post(articleId: string): void {
    const panel = this.panels.get(articleId);
    if (!panel) return;
    const store = this.services.stores.get();
    const article = store.getArticle(articleId);
    const update: ArticleViewUpdate = article ? { type: 'show', article: this.view(article) } : { type: 'deleted' };
    if (article) panel.title = article.title;
    void panel.webview.postMessage(update);
  }

  /** What the webview shows, rendered and sanitised here. */
  view(article: Article): ArticleView {
    const store = this.services.stores.get();
    return {
      id: article.id,
      title: article.title,
      bodyHtml: renderMarkdown(article.body, {
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
      snippets: article.snippets.map((s) => ({
        id: s.id,
        location: `${s.anchor.path}:${formatLines(s.anchor.range)}`,
        language: highlightLanguage(s.language),
        codeHtml: highlightCode(s.code, highlightLanguage(s.language)),
        state: s.anchorState === 'needsReview' ? 'needs review' : s.anchorState,
      })),
      conflictFields: store.getConflicts(article.id).map((c) => c.field),
    };
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const extensionUri = this.services.context.extensionUri;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'article.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'article.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data: https:`,
      `script-src 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Lore article</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}
