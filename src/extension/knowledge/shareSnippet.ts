import * as vscode from 'vscode';
import { draftSnippets, maskSnippet, proposeTitle, type SnippetDraft } from '../../core/articles/snippetShare';
import { symbolPathFor } from '../common/documentSymbols';
import { fromVsRange } from '../common/ranges';
import type { LoreServices } from '../common/services';
import { toRelativePath } from '../common/workspacePaths';
import { gitHeadFor } from './gitHead';
import { pickTags } from './tagPicker';
import { plainMessage } from '../../core/plainText';

/**
 * Share Snippet as Knowledge: the selections (or the current line) become a draft article with
 * the code, its language, file, lines and commit, after the user has seen which possible
 * secrets will be masked. Returns the new article's id, or undefined when the user cancels.
 */
export async function shareSnippet(services: LoreServices, openArticle: (id: string) => void): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a file and select the code you want to share, then run "Lore: Share Snippet as Knowledge".');
    return undefined;
  }
  const document = editor.document;
  const path = toRelativePath(document.uri);
  if (!path || document.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Lore shares code from files in the open workspace folder; save this file inside the workspace first.');
    return undefined;
  }
  const selections = editor.selections.some((s) => !s.isEmpty)
    ? editor.selections.filter((s) => !s.isEmpty)
    : [document.lineAt(editor.selection.active.line).range];
  const ranges = [...selections].sort((a, b) => a.start.compareTo(b.start)).map((s) => fromVsRange(s));
  const [symbolPaths, commit] = await Promise.all([
    Promise.all(ranges.map((r) => symbolPathFor(document, r))),
    gitHeadFor(document.uri, services.log),
  ]);
  const drafts = draftSnippets({ documentText: document.getText(), path, language: document.languageId, selections: ranges, commit, symbolPaths });
  if (!drafts.length) {
    void vscode.window.showInformationMessage('The selection is empty: select some code to share.');
    return undefined;
  }

  const accepted = await reviewSecrets(drafts);
  if (!accepted) return undefined;

  const title = await vscode.window.showInputBox({
    title: 'Share Snippet as Knowledge (1/2): title',
    prompt: 'What should your team call this?',
    value: proposeTitle({ path, selections: ranges, symbolPaths }),
    validateInput: (value) => (value.trim() ? undefined : 'An article needs a title.'),
  });
  if (title === undefined) return undefined;
  const store = services.stores.get();
  const tags = await pickTags(store, 'Share Snippet as Knowledge (2/2): tags', [document.languageId]);
  if (tags === undefined) return undefined;

  const lines = ranges.map((r) => `${r.startLine + 1}-${r.endLine + 1}`).join(', ');
  const article = store.createArticle({
    title,
    tags,
    status: 'draft',
    body: `Shared from \`${path}\` (lines ${lines}${commit ? `, commit ${commit.slice(0, 8)}` : ''}).\n\nExplain what this code does, why it is written this way, and what to watch out for.\n`,
    snippets: drafts.map((d) => maskSnippet(d, accepted)),
  });
  const masked = drafts.reduce((n, d) => n + d.findings.filter((f) => accepted.has(f.id)).length, 0);
  services.log.info(`Shared ${drafts.length} snippet(s) from ${path} as "${article.title}" (${masked} secret(s) masked)`);
  openArticle(article.id);
  void vscode.window.showInformationMessage(
    plainMessage`Shared as draft "${article.title}"${masked ? ` with ${masked} secret${masked > 1 ? 's' : ''} masked` : ''}.`,
    'Edit Article',
  ).then((choice) => {
    if (choice === 'Edit Article') void vscode.commands.executeCommand('lore.editArticle', article.id);
  });
  return article.id;
}

/**
 * Shows every possible secret, ticked, so the user can untick false positives. Resolves to
 * the ids to mask, or undefined when the user cancels. Nothing is shown when there is nothing.
 */
async function reviewSecrets(drafts: SnippetDraft[]): Promise<Set<string> | undefined> {
  const findings = drafts.flatMap((d) => d.findings.map((f) => ({ draft: d, finding: f })));
  if (!findings.length) return new Set();
  type Item = vscode.QuickPickItem & { id: string };
  const items: Item[] = findings.map(({ draft, finding }) => ({
    id: finding.id + '@' + draft.anchor.range.startLine,
    label: `$(shield) ${finding.label}`,
    description: `${draft.anchor.path}:${draft.anchor.range.startLine + finding.line + 1} · ${finding.preview}`,
    detail: `${finding.confidence} confidence: ticked items are replaced by <redacted: ${finding.label}>`,
    picked: true,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Lore found ${findings.length} possible secret${findings.length > 1 ? 's' : ''} in this code`,
    placeHolder: 'Ticked items will be masked before anything is saved. Untick false positives, then press Enter.',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const chosen = new Set(picked.map((p) => p.id));
  const ids = new Set<string>();
  findings.forEach(({ draft, finding }) => {
    if (chosen.has(finding.id + '@' + draft.anchor.range.startLine)) ids.add(finding.id);
  });
  return ids;
}
