import * as path from 'node:path';
import * as vscode from 'vscode';
import { OPEN_SOURCES, type OpenSource } from '../../core/store/usageLog';
import { articleBodyLine } from '../../core/articles/articleDocument';
import { articleLink, loreUriCommand } from '../../core/articles/articleLinks';
import { ARTICLE_STATUSES, type ArticleStatus } from '../../core/model';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import { articleIdFrom } from './articleArgs';
import { articleUri, LORE_SCHEME, type ArticleFileSystem } from './articleFileSystem';
import type { ArticlePanels } from './articlePanel';
import { loreMessage } from '../../core/loreMessage';
import { plainMessage, plainText } from '../../core/plainText';
import { describeError, LoreError } from '../../core/errors';

const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };


function requireId(arg: unknown): string {
  const id = articleIdFrom(arg);
  if (!id) throw new LoreError('Choose an article in the Knowledge view first.');
  return id;
}

export function registerArticleCommands(services: LoreServices, panels: ArticlePanels, fileSystem: ArticleFileSystem): vscode.Disposable[] {
  const { log, stores } = services;
  const openEditor = async (id: string, options: { atBody?: boolean } = {}) => {
    const article = stores.get().getArticle(id);
    if (!article) throw new LoreError('That article no longer exists.', 'It may have been deleted on another machine; the Knowledge view shows what is there now.');
    // The .md name makes it a Markdown document: preview, outline and snippets all work.
    const document = await vscode.workspace.openTextDocument(articleUri(article));
    // A new article's title was just typed in the prompt: the cursor waits where its text goes.
    const body = options.atBody ? document.lineAt(Math.min(articleBodyLine(document.getText()), document.lineCount - 1)).range.end : undefined;
    await vscode.window.showTextDocument(document, { preview: false, ...(body ? { selection: new vscode.Range(body, body) } : {}) });
  };

  return [
    // A second argument says where it was opened from (usage counts for search ranking: UsageLog).
    registerCommand(log, 'lore.openArticle', (arg: unknown, from?: unknown) =>
      panels.open(requireId(arg), OPEN_SOURCES.includes(from as OpenSource) ? { source: from as OpenSource } : undefined)),
    registerCommand(log, 'lore.editArticle', (arg: unknown) => openEditor(requireId(arg))),

    registerCommand(log, 'lore.newArticle', async (titleArg?: unknown) => {
      const title = typeof titleArg === 'string' && titleArg.trim() ? titleArg : await vscode.window.showInputBox({
        title: 'New Article',
        prompt: 'Title of the new article',
        placeHolder: 'How we cache user sessions',
        validateInput: (value) => (value.trim() ? undefined : 'An article needs a title.'),
      });
      if (title === undefined) return undefined;
      // Private until the first save: automatic sync must not publish even the title before the
      // author has seen the visibility line (the document shows "team" and says so).
      const article = stores.get().createArticle({ title, body: '', status: 'draft', visibility: 'private' });
      fileSystem.markNew(article.id);
      await openEditor(article.id, { atBody: true });
      return article.id;
    }),

    registerCommand(log, 'lore.deleteArticle', async (arg: unknown) => {
      const id = requireId(arg);
      const article = stores.get().getArticle(id);
      if (!article) return;
      const choice = await vscode.window.showWarningMessage(
        plainMessage`Delete "${article.title}"?`,
        { modal: true, detail: article.visibility === 'team' ? 'It will be deleted for everyone on your team folder. If someone edits it at the same time, their edit keeps it.' : 'This private article exists only on this machine.' },
        'Delete',
      );
      if (choice !== 'Delete') return;
      stores.get().deleteArticle(id);
    }),

    registerCommand(log, 'lore.changeStatus', async (arg: unknown) => {
      const id = requireId(arg);
      const article = stores.get().getArticle(id);
      if (!article) return;
      const descriptions: Record<ArticleStatus, string> = {
        draft: 'Being written; not ready to rely on',
        'in-review': 'Waiting for the teammates asked to review it (use Request Review to ask)',
        published: 'Reviewed and current',
        outdated: 'The code or practice it describes has changed',
        archived: 'Kept for history',
      };
      const picked = await vscode.window.showQuickPick(
        ARTICLE_STATUSES.map((status) => ({ label: status, description: status === article.status ? '(current)' : descriptions[status], status })),
        { title: `Status of "${article.title}"` },
      );
      if (picked) stores.get().updateArticle(id, { status: picked.status });
    }),

    registerCommand(log, 'lore.copyLink', async (arg: unknown) => {
      const id = requireId(arg);
      // Opens the article in Lore from anywhere (chat, a pull request, another article).
      await vscode.env.clipboard.writeText(articleLink(vscode.env.uriScheme, id));
      vscode.window.setStatusBarMessage('$(link) Lore: article link copied', 3000);
    }),

    registerCommand(log, 'lore.insertImage', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.uri.scheme !== LORE_SCHEME) {
        void vscode.window.showInformationMessage('Open an article for editing ("Edit Article") to insert an image into it.');
        return;
      }
      const files = await vscode.window.showOpenDialog({ canSelectMany: true, filters: { Images: ['png', 'jpg', 'jpeg', 'gif', 'webp'] }, title: 'Insert Image into Article' });
      if (!files?.length) return;
      const markdown: string[] = [];
      for (const file of files) markdown.push(await storeImage(services, file));
      await editor.insertSnippet(new vscode.SnippetString(markdown.join('\n').replace(/\$/g, '\\$')));
    }),

    vscode.languages.registerDocumentDropEditProvider({ scheme: LORE_SCHEME }, {
      async provideDocumentDropEdits(_document, _position, dataTransfer) {
        const uris = await dataTransfer.get('text/uri-list')?.asString();
        const images = (uris ?? '').split(/\r?\n/).filter(Boolean).map((u) => vscode.Uri.parse(u)).filter((u) => IMAGE_TYPES[path.extname(u.path).toLowerCase()]);
        if (!images.length) return undefined;
        try {
          const markdown = await Promise.all(images.map((u) => storeImage(services, u)));
          return new vscode.DocumentDropEdit(markdown.join('\n'));
        } catch (error) {
          void vscode.window.showErrorMessage(plainText(loreMessage(describeError(error))));
          return undefined;
        }
      },
    }),

    vscode.window.registerUriHandler({
      handleUri(uri) {
        // Lore's own links: an article ("Copy Article Link"), a review note (an article promoted from it).
        const link = loreUriCommand(uri.path);
        if (link) void vscode.commands.executeCommand(link.command, link.id);
        else void vscode.window.showWarningMessage(plainMessage`Lore does not know the link ${uri.toString()}.`);
      },
    }),
  ];
}

/** Stores an image file in Lore and returns the Markdown that shows it. */
async function storeImage(services: LoreServices, file: vscode.Uri): Promise<string> {
  const extension = path.extname(file.path).toLowerCase();
  const mime = IMAGE_TYPES[extension];
  if (!mime) throw new LoreError(`${path.basename(file.path)} is not a PNG, JPEG, GIF or WebP image.`);
  const data = await vscode.workspace.fs.readFile(file);
  const hash = services.stores.get().putImage(data, mime);
  const alt = path.basename(file.path, extension).replace(/[[\]]/g, '');
  return `![${alt}](lore-image:${hash})`;
}
