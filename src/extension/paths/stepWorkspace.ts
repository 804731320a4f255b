import * as vscode from 'vscode';
import { diskStepWorkspace } from '../../core/paths/diskStepWorkspace';
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
  const disk = diskStepWorkspace(local, (id) => store.hasArticle(id));
  return {
    fileText: (rel) => (open.has(rel) ? open.get(rel) : disk.fileText(rel)),
    kindOf: (rel) => (open.has(rel) ? 'file' : disk.kindOf(rel)),
    hasArticle: disk.hasArticle,
  };
}
