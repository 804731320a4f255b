import * as vscode from 'vscode';
import { LoreError } from '../../core/errors';
import { maskAnchor, reattachHere, resolveAnchor } from '../../core/anchoring';
import { formatLines } from '../../core/model';
import { toVsRange } from '../common/ranges';
import type { LoreServices } from '../common/services';
import { toWorkspaceUri } from '../common/workspacePaths';
import { plainMessage } from '../../core/plainText';

/**
 * Opens the code a snippet came from, at the range where it is now: the anchor is resolved
 * against the file as it is (so edits since sharing are followed). A snippet whose code cannot
 * be found says so, with where it was, instead of jumping somewhere wrong.
 */
export async function openSnippet(services: LoreServices, snippetId: string): Promise<void> {
  const store = services.stores.get();
  const snippet = store.getSnippet(snippetId);
  if (!snippet) throw new LoreError('That snippet no longer exists.', 'Its article may have been edited or deleted on another machine; open the article again.');
  const uri = toWorkspaceUri(snippet.anchor.path);
  const where = `${snippet.anchor.path}:${formatLines(snippet.anchor.range)}`;
  if (!uri) {
    void vscode.window.showWarningMessage(plainMessage`Open the workspace that contains ${where} to see this snippet's code.`);
    return;
  }
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    store.setSnippetAnchorState(snippet.id, 'orphaned');
    void vscode.window.showWarningMessage(plainMessage`${snippet.anchor.path} is not in this workspace any more (it was at ${where}). The snippet's code is kept in the article.`);
    return;
  }
  const resolution = resolveAnchor(snippet.anchor, document.getText());
  if (!resolution.range || resolution.state === 'orphaned') {
    store.setSnippetAnchorState(snippet.id, 'orphaned');
    await vscode.window.showTextDocument(document, { preview: true });
    void vscode.window.showWarningMessage(plainMessage`The code of this snippet is no longer in ${snippet.anchor.path} (it was at lines ${formatLines(snippet.anchor.range)}). The article keeps a copy.`);
    return;
  }
  const range = toVsRange(resolution.range);
  // Remember where the code was found (this machine only), so the next lookup starts there.
  const found = resolution.state === 'moved' ? maskAnchor(reattachHere(snippet.anchor, document.getText(), resolution.range), 'all') : undefined;
  if (found || resolution.state !== snippet.anchorState) store.setSnippetAnchorState(snippet.id, resolution.state, found);
  const editor = await vscode.window.showTextDocument(document, { selection: range, preview: true });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (resolution.state === 'needsReview') {
    void vscode.window.showWarningMessage(plainMessage`Lore is not sure this is the snippet's code any more (${resolution.note}). Check it against the article.`);
  } else if (resolution.state === 'moved') {
    services.log.info(`Snippet ${where} ${resolution.note}`);
  }
}
