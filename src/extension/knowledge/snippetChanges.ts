import * as vscode from 'vscode';
import { LoreError } from '../../core/errors';
import { textHash } from '../../core/anchoring/textHash';
import { enclosingDeclaration } from '../../core/articles/enclosingDeclaration';
import { fileAsWritten } from '../../core/articles/freshnessText';
import { lineLabel } from '../../core/articles/snippetFreshness';
import { provenanceCommit } from '../../core/articles/snippetProvenance';
import { draftSnippets, maskSnippet } from '../../core/articles/snippetShare';
import { plainMessage } from '../../core/plainText';
import type { Snippet } from '../../core/model';
import { plural } from '../../core/plural';
import type { LoreStore } from '../../core/store/loreStore';
import { symbolPathFor } from '../common/documentSymbols';
import type { LoreServices } from '../common/services';
import { toWorkspaceUri } from '../common/workspacePaths';
import type { FreshnessTracker } from './freshnessTracker';
import { provenanceOf, reviewDraftSecrets } from './shareSnippet';

/** Read-only documents of Show Changes: the snippet as written, and the code now. */
export const SNIPPET_CHANGES_SCHEME = 'lore-snippet';

/**
 * Serves the two sides of a Show Changes diff. Each comparison gets new URIs, so a second Show
 * Changes after more edits never shows the first one's text; a side is forgotten when closed.
 */
export class SnippetChangesContent implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private count = 0;
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((d) => this.texts.delete(d.uri.toString()));

  /** Two URIs for a comparison; the file name keeps the language (and its highlighting). */
  compare(snippetId: string, fileName: string, written: string, now: string): { left: vscode.Uri; right: vscode.Uri } {
    const query = String(++this.count);
    const left = vscode.Uri.from({ scheme: SNIPPET_CHANGES_SCHEME, path: `/${snippetId}/as written/${fileName}`, query });
    const right = vscode.Uri.from({ scheme: SNIPPET_CHANGES_SCHEME, path: `/${snippetId}/now/${fileName}`, query });
    this.texts.set(left.toString(), written);
    this.texts.set(right.toString(), now);
    return { left, right };
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This comparison is closed. Use "Show Changes" in the article again.\n';
  }

  dispose(): void {
    this.subscription.dispose();
    this.texts.clear();
  }
}

/** The snippet a command was given, or an error a user can read when it was deleted meanwhile. */
function existingSnippet(store: LoreStore, snippetId: string): Snippet {
  const snippet = store.getSnippet(snippetId);
  if (!snippet) throw new LoreError('That snippet no longer exists.', 'Its article may have been edited or deleted on another machine; open the article again.');
  return snippet;
}

/**
 * Show Changes: VS Code's diff editor with the snippet as written on the left and the code now
 * on the right, both inside today's file (so the language reads them without errors and the
 * change shows in its context).
 */
export async function showSnippetChanges(services: LoreServices, tracker: FreshnessTracker, content: SnippetChangesContent, snippetId: string): Promise<void> {
  const snippet = existingSnippet(services.stores.get(), snippetId);
  const { result, text } = await tracker.checkNow(snippet);
  if (result.codeNow === undefined || !result.range || text === undefined) {
    void vscode.window.showInformationMessage(plainMessage`There is no code to compare the snippet with: ${result.reason}.`);
    return;
  }
  const fileName = result.path.split('/').pop() ?? result.path;
  const { left, right } = content.compare(snippet.id, fileName, fileAsWritten(text, result.range, snippet.code), text);
  const title = `${fileName}: snippet as written ↔ code now (${lineLabel(result.range)})`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
}

/**
 * Update Snippet: the snippet takes the code where its anchor finds it now. The code goes
 * through the same secret review as Share Snippet before anything is saved; the store records
 * who made the change and when, and shares it with the team. Returns whether it was updated.
 */
export async function updateSnippet(services: LoreServices, tracker: FreshnessTracker, snippetId: string): Promise<boolean> {
  const store = services.stores.get();
  const snippet = existingSnippet(store, snippetId);
  const uri = toWorkspaceUri(snippet.anchor.path);
  let document: vscode.TextDocument | undefined;
  try {
    document = uri && (await vscode.workspace.openTextDocument(uri));
  } catch {
    document = undefined;
  }
  // Checked now against the document as it is (the background result may be older).
  const { result, text } = await tracker.checkNow(snippet);
  if (result.state !== 'changed' || !result.range || text === undefined || !document) {
    void vscode.window.showInformationMessage(result.state === 'current'
      ? 'The snippet already shows the code as it is now.'
      : plainMessage`There is no code to update the snippet with: ${result.reason}.`);
    return false;
  }
  const range = result.range;
  const [symbolPath, provenance] = await Promise.all([
    symbolPathFor(document, range).then((s) => s ?? enclosingDeclaration(text, range.startLine)),
    provenanceOf(document, services),
  ]);
  const drafts = draftSnippets({
    documentText: text, path: result.path, language: snippet.language, selections: [range], commit: provenanceCommit(provenance), symbolPaths: [symbolPath],
  });
  if (!drafts.length) {
    void vscode.window.showInformationMessage('The code there is empty now: there is nothing to update the snippet with.');
    return false;
  }
  const accepted = await reviewDraftSecrets(drafts);
  if (!accepted) return false;
  const updated = store.updateSnippetCode(snippet.id, maskSnippet(drafts[0], accepted[0]));
  const masked = accepted[0].size;
  const title = store.getArticle(snippet.articleId)?.title ?? '';
  services.log.info(`Updated snippet ${snippet.id} of "${title}" to the code now at ${updated.anchor.path} ${lineLabel(range)} (${masked} secret(s) masked)`);
  void vscode.window.showInformationMessage(
    plainMessage`Updated the snippet in "${title}" to the code now at ${updated.anchor.path} ${lineLabel(range)}${masked ? `, with ${plural(masked, 'secret')} masked` : ''}.`,
  );
  return true;
}

/**
 * Still Accurate: the changed snippet's text is confirmed right for the code as it is now,
 * without taking that code (the article keeps showing the snippet as written). The store records
 * the whitespace-normalised hash of the code now, with who and when, and shares it; freshness
 * then reads the snippet as current for exactly that code, and as changed again when the code
 * changes further (core/articles/snippetFreshness.ts). Only a hash of the code is kept, never the
 * code itself, so nothing of it leaves the machine unreviewed. Returns whether it was recorded.
 */
export async function confirmSnippet(services: LoreServices, tracker: FreshnessTracker, snippetId: string): Promise<boolean> {
  const store = services.stores.get();
  const snippet = existingSnippet(store, snippetId);
  // Checked now: the confirmation is for the code as it is at this moment.
  const { result } = await tracker.checkNow(snippet);
  if (result.state !== 'changed' || result.codeNow === undefined || !result.range) {
    void vscode.window.showInformationMessage(result.state === 'current'
      ? 'The snippet already reads as current: there is nothing to confirm.'
      : plainMessage`There is no code to confirm the snippet against: ${result.reason}.`);
    return false;
  }
  store.confirmSnippet(snippet.id, textHash(result.codeNow));
  const title = store.getArticle(snippet.articleId)?.title ?? '';
  services.log.info(`Confirmed snippet ${snippet.id} of "${title}" still accurate for the code at ${result.path} ${lineLabel(result.range)}`);
  void vscode.window.showInformationMessage(
    plainMessage`The snippet in "${title}" is marked still accurate for the code now at ${result.path} ${lineLabel(result.range)}. It shows as changed again if that code changes.`,
  );
  return true;
}
