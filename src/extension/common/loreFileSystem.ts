import * as vscode from 'vscode';

export const LORE_SCHEME = 'lore';

/**
 * The one FileSystemProvider of the `lore:` scheme (VS Code takes one per scheme): each top
 * folder belongs to a feature, which mounts its own provider there (`/articles` for articles,
 * `/paths` for learning paths' notes and descriptions).
 */
export class LoreFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly folders = new Map<string, vscode.FileSystemProvider>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** `folder` (one path segment) is served by `provider` from now on. */
  mount(folder: string, provider: vscode.FileSystemProvider): vscode.Disposable {
    this.folders.set(folder, provider);
    const forwarding = provider.onDidChangeFile((events) => this.changed.fire(events));
    this.subscriptions.push(forwarding);
    return new vscode.Disposable(() => {
      forwarding.dispose();
      if (this.folders.get(folder) === provider) this.folders.delete(folder);
    });
  }

  private provider(uri: vscode.Uri): vscode.FileSystemProvider {
    const folder = uri.path.split('/')[1] ?? '';
    const provider = this.folders.get(folder);
    if (!provider) throw vscode.FileSystemError.FileNotFound(uri);
    return provider;
  }

  watch(uri: vscode.Uri, options: { readonly recursive: boolean; readonly excludes: readonly string[] }): vscode.Disposable {
    if (uri.path === '/' || uri.path === '') return new vscode.Disposable(() => undefined);
    return this.folders.get(uri.path.split('/')[1] ?? '')?.watch(uri, options) ?? new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat | Thenable<vscode.FileStat> {
    if (uri.path === '/' || uri.path === '') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    return this.provider(uri).stat(uri);
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] | Thenable<[string, vscode.FileType][]> {
    if (uri.path === '/' || uri.path === '') return [...this.folders.keys()].map((name) => [name, vscode.FileType.Directory]);
    return this.provider(uri).readDirectory(uri);
  }

  readFile(uri: vscode.Uri): Uint8Array | Thenable<Uint8Array> {
    return this.provider(uri).readFile(uri);
  }

  writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): void | Thenable<void> {
    return this.provider(uri).writeFile(uri, content, options);
  }

  createDirectory(uri: vscode.Uri): void | Thenable<void> {
    return this.provider(uri).createDirectory(uri);
  }

  delete(uri: vscode.Uri, options: { readonly recursive: boolean }): void | Thenable<void> {
    return this.provider(uri).delete(uri, options);
  }

  rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { readonly overwrite: boolean }): void | Thenable<void> {
    return this.provider(oldUri).rename(oldUri, newUri, options);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
