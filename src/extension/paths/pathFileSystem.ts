import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { loreMessage } from '../../core/loreMessage';
import {
  descriptionEditorPath, formatPathText, parsePathText, pathDocumentOf, stepEditorPath, type PathDocument,
} from '../../core/paths/pathEditorPath';
import type { LearningPath } from '../../core/paths/pathModel';
import { plainMessage, plainText } from '../../core/plainText';
import type { LoreServices } from '../common/services';
import { LORE_SCHEME } from '../common/loreFileSystem';

/** `lore:/paths/<title>/step-<n>.md?path=…&step=…`: a step's note as a Markdown document. */
export function stepNoteUri(path: Pick<LearningPath, 'id' | 'title' | 'steps'>, stepId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LORE_SCHEME, ...stepEditorPath(path, stepId, Math.max(0, path.steps.findIndex((s) => s.id === stepId))) });
}

/** `lore:/paths/<title>/description.md?path=…`: a path's description as a Markdown document. */
export function pathDescriptionUri(path: Pick<LearningPath, 'id' | 'title'>): vscode.Uri {
  return vscode.Uri.from({ scheme: LORE_SCHEME, ...descriptionEditorPath(path) });
}

/**
 * Step notes and path descriptions as Markdown documents (mounted at `lore:/paths`), edited with
 * undo, preview and save like articles. Saving writes through the store, which masks secrets as
 * every path write does; the editor then shows what was stored. A save the store refuses (the
 * path or step was deleted, the note is too long) keeps the text in the editor and says why.
 */
export class PathFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly open = new Map<string, vscode.Uri>();
  /** Saved documents the store keeps otherwise (a secret masked), until VS Code has read the save's stat. */
  private readonly rewritten = new Map<string, number>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: LoreServices) {
    // A path changed here or by a teammate: its open documents read again (unless being edited).
    this.subscription = services.stores.onDidChange((change) => {
      if (!change.entities.includes('path')) return;
      const events = [...this.open.values()]
        .filter((uri) => change.ids.includes(pathDocumentOf(uri.path, uri.query)?.pathId ?? ''))
        .map((uri) => ({ type: vscode.FileChangeType.Changed, uri }));
      if (events.length) this.changed.fire(events);
    });
  }

  watch(uri: vscode.Uri): vscode.Disposable {
    this.open.set(uri.toString(), uri);
    return new vscode.Disposable(() => this.open.delete(uri.toString()));
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (!pathDocumentOf(uri.path, uri.query)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const { path, text } = this.read(uri);
    const stat = { type: vscode.FileType.File, ctime: Date.parse(path.createdAt), mtime: Date.parse(path.updatedAt), size: Buffer.byteLength(text) };
    const written = this.rewritten.get(uri.toString());
    if (written === undefined) return stat;
    // VS Code reads the stat of a file just saved as the version its editor holds. The store
    // keeps another text (a secret masked), so this one stat describes what was written; then
    // the change makes the editor read what is stored (it reads only a file whose stat differs).
    this.rewritten.delete(uri.toString());
    setTimeout(() => this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]), 0);
    return { ...stat, mtime: stat.mtime - 1, size: written };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return Buffer.from(this.read(uri).text, 'utf8');
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const { path, document } = this.read(uri);
    const text = parsePathText(Buffer.from(content).toString('utf8'));
    const what = document.kind === 'step' ? `the note of step ${stepNumber(path, document.stepId)} of "${path.title}"` : `the description of "${path.title}"`;
    try {
      const store = this.services.stores.get();
      if (document.kind === 'step') store.updatePathStep(path.id, document.stepId, { note: text });
      else store.updatePath(path.id, { description: text });
    } catch (error) {
      const message = plainMessage`Lore could not save ${what}: ${describeError(error)}`;
      void vscode.window.showErrorMessage(plainText(loreMessage(message)));
      throw vscode.FileSystemError.NoPermissions(message);
    }
    if (this.read(uri).text !== formatPathText(text)) {
      this.rewritten.set(uri.toString(), content.byteLength);
      void vscode.window.showInformationMessage(plainText(`Lore masked what looks like a secret in ${what} before storing it; the editor shows what is stored.`));
    }
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Learning paths are created with "Lore: New Learning Path".');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Delete steps and learning paths from the Learning Paths view.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Rename a learning path with "Lore: Rename Learning Path".');
  }

  private read(uri: vscode.Uri): { path: LearningPath; document: PathDocument; text: string } {
    const document = pathDocumentOf(uri.path, uri.query);
    const path = document ? this.services.stores.get().getPath(document.pathId) : undefined;
    if (!document || !path) throw vscode.FileSystemError.FileNotFound(uri);
    if (document.kind === 'description') return { path, document, text: formatPathText(path.description) };
    const step = path.steps.find((s) => s.id === document.stepId);
    if (!step) throw vscode.FileSystemError.FileNotFound(uri);
    return { path, document, text: formatPathText(step.note) };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function stepNumber(path: LearningPath, stepId: string): number {
  return path.steps.findIndex((s) => s.id === stepId) + 1;
}
