import * as vscode from 'vscode';
import { formatArticleDocument, parseArticleDocument } from '../../core/articles/articleDocument';
import { articleEditorPath, articleIdFromEditorPath } from '../../core/articles/articleEditorPath';
import { NEW_ARTICLE_NOTE, planArticleSave, withdrawnMessage } from '../../core/articles/articleSave';
import { describeError } from '../../core/errors';
import { loreMessage } from '../../core/loreMessage';
import type { Article } from '../../core/model';
import type { LoreServices } from '../common/services';
import { plainMessage, plainText } from '../../core/plainText';
import { LORE_SCHEME } from '../common/loreFileSystem';

export { LORE_SCHEME };

/** `lore:/articles/<slug>.md?id=<id>`: the tab and breadcrumbs show the title's slug; the id decides. */
export function articleUri(article: Pick<Article, 'id' | 'title'>): vscode.Uri {
  return vscode.Uri.from({ scheme: LORE_SCHEME, ...articleEditorPath(article) });
}

/** The article of a `lore:` document, also for the older `lore:/articles/<id>/<slug>.md`. */
export function articleIdOf(uri: vscode.Uri): string | undefined {
  return articleIdFromEditorPath(uri.path, uri.query);
}

/**
 * Articles as Markdown documents, so people edit them in a real editor with undo, Markdown
 * preview and save. Saving parses the front matter and updates the article; a document that
 * cannot be read is refused with a message naming the problem, and the editor keeps the text.
 */
export class ArticleFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly uris = new Map<string, vscode.Uri>();
  /** Articles made by "New Article" and not saved yet: private in the store, `team` in the document until the author saves. */
  private readonly newArticles = new Set<string>();

  constructor(private readonly services: LoreServices) {
    this.subscription = services.stores.onDidChange((change) => {
      const events = change.ids
        .map((id) => this.uris.get(id))
        .filter((uri): uri is vscode.Uri => uri !== undefined)
        .map((uri) => ({ type: vscode.FileChangeType.Changed, uri }));
      if (events.length) this.changed.fire(events);
    });
  }

  /** A new article: nothing of it is published until its first save, which applies the visibility its document says. */
  markNew(articleId: string): void {
    this.newArticles.add(articleId);
  }

  watch(uri: vscode.Uri): vscode.Disposable {
    const id = articleIdOf(uri);
    if (id) this.uris.set(id, uri);
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/' || uri.path === '/articles') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const article = this.article(uri);
    const bytes = Buffer.byteLength(this.document(article));
    return { type: vscode.FileType.File, ctime: Date.parse(article.createdAt), mtime: Date.parse(article.updatedAt), size: bytes };
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    if (uri.path === '/' ) return [['articles', vscode.FileType.Directory]];
    return [];
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return Buffer.from(this.document(this.article(uri)), 'utf8');
  }

  private document(article: Article): string {
    return this.newArticles.has(article.id)
      ? formatArticleDocument({ ...article, visibility: 'team' }, NEW_ARTICLE_NOTE)
      : formatArticleDocument(article);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const article = this.article(uri);
    let plan;
    try {
      plan = planArticleSave(article, parseArticleDocument(Buffer.from(content).toString('utf8')), this.newArticles.has(article.id));
    } catch (error) {
      throw refuseSave(plainMessage`Lore could not save "${article.title}": ${describeError(error)}`);
    }
    if (plan.needsConfirmation) {
      const choice = await vscode.window.showWarningMessage(
        plainMessage`Share "${article.title}" with your team?`,
        { modal: true, detail: 'Its current text is published to the team folder as a new version. What you wrote and removed while it was private stays on this machine.' },
        'Share with Team',
      );
      if (choice !== 'Share with Team') {
        throw new vscode.FileSystemError(plainMessage`Lore did not save "${article.title}": it stays private. Set "visibility: private" to save without sharing.`);
      }
    }
    try {
      this.services.stores.get().updateArticle(article.id, plan.patch, { share: plan.sharing });
    } catch (error) {
      throw refuseSave(plainMessage`Lore could not save "${article.title}": ${describeError(error)}`);
    }
    this.newArticles.delete(article.id);
    this.uris.set(article.id, uri);
    if (plan.withdrawing) void vscode.window.showInformationMessage(plainText(withdrawnMessage(article.title)));
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Lore articles are created with "Lore: New Article".');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Delete articles from the Knowledge view or the article view.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Rename an article by editing its title in the front matter.');
  }

  private article(uri: vscode.Uri): Article {
    const id = articleIdOf(uri);
    const article = id ? this.services.stores.get().getArticle(id) : undefined;
    if (!article) throw vscode.FileSystemError.FileNotFound(uri);
    return article;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * A save Lore refuses: the editor keeps the text and stays dirty. VS Code's own "Failed to save"
 * notification buries the reason after the file's URI, so Lore says it first, in its own words;
 * the error is NoPermissions (not "Unknown") and carries the same words.
 */
function refuseSave(message: string): vscode.FileSystemError {
  void vscode.window.showErrorMessage(plainText(loreMessage(message)));
  return vscode.FileSystemError.NoPermissions(message);
}
