import * as vscode from 'vscode';
import { enclosingDeclaration } from '../../core/articles/enclosingDeclaration';
import { draftBody } from '../../core/articles/draftBody';
import { describeProvenance, provenanceCommit, snippetProvenance, type SnippetProvenance } from '../../core/articles/snippetProvenance';
import { draftSnippets, maskSnippet, proposeTitle, type SnippetDraft } from '../../core/articles/snippetShare';
import { symbolPathFor } from '../common/documentSymbols';
import { fromVsRange, toVsRange } from '../common/ranges';
import { reviewSecrets } from '../common/secretReview';
import type { LoreServices } from '../common/services';
import { gatherDraftFacts } from './draftFacts';
import { toRelativePath } from '../common/workspacePaths';
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
  const [symbolPaths, provenance] = await Promise.all([
    // Without a symbol provider for the language, declarations are found by indentation and form.
    Promise.all(ranges.map(async (r) => (await symbolPathFor(document, r)) ?? enclosingDeclaration(document.getText(), r.startLine))),
    provenanceOf(document, services),
  ]);
  const commit = provenanceCommit(provenance);
  const drafts = draftSnippets({ documentText: document.getText(), path, language: document.languageId, selections: ranges, commit, symbolPaths });
  if (!drafts.length) {
    void vscode.window.showInformationMessage('The selection is empty: select some code to share.');
    return undefined;
  }

  // Git and the language's providers answer while the user reviews and names the draft.
  // The draft describes the first selection with code in it (drafts skip blank ones).
  const first = Math.max(0, ranges.findIndex((r) => document.getText(toVsRange(r)).trim()));
  const facts = gatherDraftFacts(services, document, path, ranges[first]).catch((error: unknown) => {
    services.log.warn('Share Snippet could not gather what it knows about the code:', String(error));
    return {};
  });

  const accepted = await reviewDraftSecrets(drafts);
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
    // Doc comments, signatures and commit subjects have their possible secrets masked in draftBody.
    body: draftBody({
      path,
      provenance: describeProvenance(lines, provenance),
      language: document.languageId,
      symbolPath: symbolPaths[first],
      ...(await facts),
    }),
    snippets: drafts.map((d, i) => maskSnippet(d, accepted[i])),
  });
  const masked = accepted.reduce((n, ids) => n + ids.size, 0);
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

/** What git says about the shared file: committed at HEAD, changed since, or not in git. */
export async function provenanceOf(document: vscode.TextDocument, services: LoreServices): Promise<SnippetProvenance> {
  const doc = services.git.forDocument(document.uri);
  if (!doc) return snippetProvenance(undefined, undefined, document.isDirty);
  const [head, state] = await Promise.all([services.git.head(doc), services.git.fileState(doc)]);
  return snippetProvenance(head, state, document.isDirty);
}

/**
 * The user's review of the secrets found in the drafts: the finding ids to mask in each, or
 * undefined when cancelled. Update Snippet goes through here too.
 */
export async function reviewDraftSecrets(drafts: SnippetDraft[]): Promise<Array<Set<string>> | undefined> {
  const accepted = await reviewSecrets(drafts.map((draft, i) => ({
    key: String(i),
    findings: draft.findings,
    where: (finding) => `${draft.anchor.path}:${draft.anchor.range.startLine + finding.line + 1}`,
  })));
  return accepted && drafts.map((_, i) => accepted.get(String(i)) ?? new Set());
}
