import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { StepWorkspace } from '../../core/paths/stepHealth';
import type { LoreStore } from '../../core/store/loreStore';
import { toRelativePath, toWorkspaceUri } from '../common/workspacePaths';

/**
 * The workspace as step health reads it: an open document's text (unsaved edits included),
 * else the file on disk; folders and files by a stat. Local workspaces only (a remote one reads
 * every step as not here).
 */
export function stepWorkspace(store: LoreStore): StepWorkspace {
  const open = new Map<string, string>();
  for (const doc of vscode.workspace.textDocuments) {
    const rel = doc.uri.scheme === 'file' ? toRelativePath(doc.uri) : undefined;
    if (rel) open.set(rel, doc.getText());
  }
  const local = (rel: string) => {
    const uri = toWorkspaceUri(rel);
    return uri?.scheme === 'file' ? uri.fsPath : undefined;
  };
  return {
    fileText: (rel) => {
      if (open.has(rel)) return open.get(rel);
      const file = local(rel);
      try {
        return file && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    kindOf: (rel) => {
      if (open.has(rel)) return 'file';
      const file = local(rel);
      try {
        const stat = file ? fs.statSync(file) : undefined;
        return stat?.isDirectory() ? 'directory' : stat?.isFile() ? 'file' : undefined;
      } catch {
        return undefined;
      }
    },
    hasArticle: (id) => store.hasArticle(id),
  };
}
