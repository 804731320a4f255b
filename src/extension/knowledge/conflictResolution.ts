import * as vscode from 'vscode';
import { describeError, LoreError } from '../../core/errors';
import { writtenAt, type FieldConflict, type FieldVersion } from '../../core/store/fieldResolution';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import { articleIdFrom } from './articleArgs';
import { plainMessage } from '../../core/plainText';
import { labelText } from '../../core/labelText';

const VERSION_SCHEME = 'lore-version';
const RESOLVE_SCHEME = 'lore-resolve';

function describeVersion(v: FieldVersion): string {
  const at = writtenAt(v);
  return at ? `${v.author}, ${at.toLocaleString()}` : v.author;
}

/**
 * Resolving a sync conflict: both versions of a title or body were kept when two people edited
 * at once. The user keeps one, or compares them in VS Code's diff editor and saves the merged
 * text on the right-hand side, which becomes the one version everyone sees.
 */
export function registerConflictResolution(services: LoreServices): vscode.Disposable[] {
  const { stores, log } = services;

  const versionProvider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent(uri) {
      const [, articleId, field, eventId] = uri.path.split('/');
      const conflict = stores.get().getConflicts(articleId).find((c) => c.field === field);
      const version = conflict?.versions.find((v) => v.eventId === eventId.replace(/\.md$/, ''));
      return version ? String(version.value) : 'This version is no longer in conflict.';
    },
  };

  const resolveEmitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  const resolveFs: vscode.FileSystemProvider = {
    onDidChangeFile: resolveEmitter.event,
    watch: () => new vscode.Disposable(() => undefined),
    stat: (uri) => ({ type: vscode.FileType.File, ctime: 0, mtime: Date.parse(stores.get().getArticle(uri.path.split('/')[1])?.updatedAt ?? '0') || 0, size: 0 }),
    readDirectory: () => [],
    createDirectory: () => undefined,
    readFile: (uri) => {
      const article = stores.get().getArticle(uri.path.split('/')[1]);
      if (!article) throw vscode.FileSystemError.FileNotFound(uri);
      return Buffer.from(article.body, 'utf8');
    },
    writeFile: (uri, content) => {
      const articleId = uri.path.split('/')[1];
      try {
        stores.get().resolveConflict(articleId, 'body', Buffer.from(content).toString('utf8'));
      } catch (error) {
        throw new vscode.FileSystemError(plainMessage`Lore could not save the resolution: ${describeError(error)}`);
      }
      void vscode.window.showInformationMessage('Conflict resolved: your merged text is now the article body for everyone.');
    },
    delete: () => undefined,
    rename: () => undefined,
  };

  const resolve = async (arg: unknown) => {
    const store = stores.get();
    let id = articleIdFrom(arg);
    if (!id) {
      const conflicted = store.listArticles().filter((a) => a.hasConflicts);
      if (!conflicted.length) {
        void vscode.window.showInformationMessage('No article has conflicting versions.');
        return;
      }
      id = (await vscode.window.showQuickPick(conflicted.map((a) => ({ label: labelText(a.title), description: labelText(a.tags.join(', ')), id: a.id })), { title: 'Articles edited on two machines at once' }))?.id;
      if (!id) return;
    }
    const article = store.getArticle(id);
    if (!article) throw new LoreError('That article no longer exists.', 'It may have been deleted on another machine; the Knowledge view shows what is there now.');
    const conflicts = store.getConflicts(id);
    if (!conflicts.length) {
      void vscode.window.showInformationMessage(plainMessage`"${article.title}" has no conflicting versions.`);
      return;
    }
    let conflict: FieldConflict | undefined = conflicts[0];
    if (conflicts.length > 1) {
      conflict = (await vscode.window.showQuickPick(conflicts.map((c) => ({ label: labelText(c.field), description: `${c.versions.length} versions`, conflict: c })), { title: 'Which conflict?' }))?.conflict;
      if (!conflict) return;
    }
    type Choice = vscode.QuickPickItem & { run: () => Promise<void> | void };
    const choices: Choice[] = conflict.versions.map((v, i) => ({
      label: `Keep ${i === 0 ? 'the version shown now' : 'this version'}`,
      description: labelText(describeVersion(v)),
      detail: labelText(String(v.value).replace(/\s+/g, ' ').slice(0, 200)),
      run: () => void store.resolveConflict(id, conflict!.field, v.value),
    }));
    if (conflict.field === 'body') {
      choices.push({
        label: '$(diff) Compare and merge…',
        description: 'Edit the merged text on the right and save it',
        run: async () => {
          const other = conflict!.versions[1];
          const left = vscode.Uri.from({ scheme: VERSION_SCHEME, path: `/${id}/body/${other.eventId}.md` });
          const right = vscode.Uri.from({ scheme: RESOLVE_SCHEME, path: `/${id}/resolution.md` });
          await vscode.commands.executeCommand('vscode.diff', left, right, `${article.title}: ${other.author}'s version ↔ resolution (save to resolve)`);
        },
      });
    } else {
      choices.push({
        label: '$(edit) Type a new title…',
        run: async () => {
          const value = await vscode.window.showInputBox({ title: 'Resolve title conflict', value: String(conflict!.versions[0].value) });
          if (value !== undefined) store.resolveConflict(id, 'title', value);
        },
      });
    }
    const picked = await vscode.window.showQuickPick(choices, { title: `"${article.title}" was edited on two machines at once (${conflict.field})`, ignoreFocusOut: true });
    await picked?.run();
  };

  return [
    resolveEmitter,
    vscode.workspace.registerTextDocumentContentProvider(VERSION_SCHEME, versionProvider),
    vscode.workspace.registerFileSystemProvider(RESOLVE_SCHEME, resolveFs),
    registerCommand(log, 'lore.resolveConflict', resolve),
  ];
}
