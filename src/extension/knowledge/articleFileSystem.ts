import * as vscode from 'vscode';
import { formatArticleDocument, parseArticleDocument, slugify } from '../../core/articles/articleDocument';
import { describeError } from '../../core/errors';
import type { Article } from '../../core/model';
import type { LoreServices } from '../common/services';
import { plainMessage } from '../../core/plainText';

export const LORE_SCHEME = 'lore';

/** `lore:/articles/<id>/<slug>.md`: the slug is only for the tab title; the id decides. */
export function articleUri(article: Pick<Article, 'id' | 'title'>): vscode.Uri {
  return vscode.Uri.from({ scheme: LORE_SCHEME, path: `/articles/${article.id}/${slugify(article.title)}.md` });
}

export function articleIdOf(uri: vscode.Uri): string | undefined {
  return /^\/articles\/([A-Za-z0-9_-]+)(\/[^/]*)?$/.exec(uri.path)?.[1];
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

  constructor(private readonly services: LoreServices) {
    this.subscription = services.stores.onDidChange((change) => {
      const events = change.ids
        .map((id) => this.uris.get(id))
        .filter((uri): uri is vscode.Uri => uri !== undefined)
        .map((uri) => ({ type: vscode.FileChangeType.Changed, uri }));
      if (events.length) this.changed.fire(events);
    });
  }

  watch(uri: vscode.Uri): vscode.Disposable {
    const id = articleIdOf(uri);
    if (id) this.uris.set(id, uri);
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/' || uri.path === '/articles') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const article = this.article(uri);
    const bytes = Buffer.byteLength(formatArticleDocument(article));
    return { type: vscode.FileType.File, ctime: Date.parse(article.createdAt), mtime: Date.parse(article.updatedAt), size: bytes };
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    if (uri.path === '/' ) return [['articles', vscode.FileType.Directory]];
    return [];
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return Buffer.from(formatArticleDocument(this.article(uri)), 'utf8');
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const article = this.article(uri);
    let fields;
    try {
      fields = parseArticleDocument(Buffer.from(content).toString('utf8'));
      this.services.stores.get().updateArticle(article.id, { ...fields, team: fields.team ?? null });
    } catch (error) {
      // VS Code shows this message in its "Failed to save" notification; the editor keeps the text.
      throw new vscode.FileSystemError(plainMessage`Lore could not save "${article.title}": ${describeError(error)}`);
    }
    this.uris.set(article.id, uri);
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
