import * as vscode from 'vscode';

/**
 * Lore stores workspace-relative paths with forward slashes (never a machine's absolute path).
 * In a multi-root workspace the first segment names the folder, as VS Code does.
 */
export function toRelativePath(uri: vscode.Uri): string | undefined {
  if (!vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1).replace(/\\/g, '/');
}

/** The file a stored relative path points at, in the open workspace. */
export function toWorkspaceUri(relativePath: string): vscode.Uri | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) return undefined;
  if (folders.length > 1) {
    const [first, ...rest] = relativePath.split('/');
    const folder = folders.find((f) => f.name === first);
    if (folder && rest.length) return vscode.Uri.joinPath(folder.uri, ...rest);
  }
  return vscode.Uri.joinPath(folders[0].uri, ...relativePath.split('/'));
}
