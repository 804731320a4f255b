import * as vscode from 'vscode';
import { findWikiLinks, linkKey, typedLinkPrefix, type WikiLink } from '../../core/articles/wikiLinks';
import { plainText } from '../../core/plainText';
import type { LoreServices } from '../common/services';
import { LORE_SCHEME } from './articleFileSystem';
import { labelText } from '../../core/labelText';

/** Where the diagnostics of broken links come from, and what their quick fixes look for. */
const SOURCE = 'Lore links';
const BROKEN = 'lore.brokenLink';
const SELECTOR: vscode.DocumentSelector = { scheme: LORE_SCHEME };

/**
 * `[[Article Title]]` in the article editor (`lore:` documents): typing `[[` completes titles,
 * links open their article, and a link to a title no article has is reported in the Problems
 * panel with two quick fixes (create that article, or link to an existing one).
 */
export function registerWikiLinkEditor(services: LoreServices): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('lore-links');
  const check = (document: vscode.TextDocument) => {
    if (document.uri.scheme !== LORE_SCHEME) return;
    const store = services.stores.tryGet();
    if (!store) return;
    const links = findWikiLinks(document.getText());
    const ids = store.articleIdsByTitle(links.map((l) => l.target));
    diagnostics.set(document.uri, links.filter((l) => !ids.has(linkKey(l.target))).map((link) => {
      const diagnostic = new vscode.Diagnostic(
        targetRange(document, link),
        plainText(`No article is titled "${link.target}". Create it, or link to an existing article.`),
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = SOURCE;
      diagnostic.code = BROKEN;
      return diagnostic;
    }));
  };
  const checkOpen = () => vscode.workspace.textDocuments.forEach((document) => safely(services, () => check(document)));

  return [
    diagnostics,
    vscode.workspace.onDidOpenTextDocument((document) => safely(services, () => check(document))),
    vscode.workspace.onDidChangeTextDocument((event) => safely(services, () => check(event.document))),
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.delete(document.uri)),
    // An article created or renamed anywhere (here, by a teammate) can mend or break a link.
    services.stores.onDidChange(() => checkOpen()),
    vscode.languages.registerCompletionItemProvider(SELECTOR, {
      provideCompletionItems(document, position) {
        const typed = typedLinkPrefix(document.lineAt(position.line).text, position.character);
        if (!typed) return undefined;
        const range = new vscode.Range(position.line, typed.start, position.line, position.character);
        const items = services.stores.get().articleTitlesMatching(typed.typed, 100).map((article, index) => {
          const item = new vscode.CompletionItem(article.title, vscode.CompletionItemKind.Reference);
          item.range = range;
          item.sortText = String(index).padStart(4, '0');
          item.filterText = article.title;
          item.insertText = closesLink(document, position) ? article.title : `${article.title}]]`;
          item.detail = 'Lore article';
          return item;
        });
        // Only the best 100 are listed: ask again as more is typed.
        return new vscode.CompletionList(items, true);
      },
    }, '['),
    vscode.languages.registerDocumentLinkProvider(SELECTOR, {
      provideDocumentLinks(document) {
        const links = findWikiLinks(document.getText());
        const ids = services.stores.get().articleIdsByTitle(links.map((l) => l.target));
        return links.flatMap((link) => {
          const id = ids.get(linkKey(link.target));
          if (!id) return [];
          const target = vscode.Uri.parse(`command:lore.openArticle?${encodeURIComponent(JSON.stringify([id]))}`);
          const documentLink = new vscode.DocumentLink(targetRange(document, link), target);
          documentLink.tooltip = 'Open this article in Lore';
          return [documentLink];
        });
      },
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, {
      provideCodeActions(document, range) {
        // From Lore's own collection rather than the context's diagnostics, which VS Code did
        // not always pass along (the quick fixes were missing in one test run in two).
        const broken = (diagnostics.get(document.uri) ?? []).filter((d) => d.code === BROKEN && d.range.intersection(range) !== undefined);
        return broken.flatMap((diagnostic) => {
          const title = document.getText(diagnostic.range).trim();
          const create = new vscode.CodeAction(`Create the article "${title}"`, vscode.CodeActionKind.QuickFix);
          create.command = { command: 'lore.newArticle', title: 'New Article', arguments: [title] };
          create.diagnostics = [diagnostic];
          const pick = new vscode.CodeAction('Link to an existing article…', vscode.CodeActionKind.QuickFix);
          pick.command = { command: 'lore.pickLinkTarget', title: 'Link to an Existing Article', arguments: [document.uri.toString(), diagnostic.range] };
          pick.diagnostics = [diagnostic];
          return [create, pick];
        });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  ];
}

/** The quick fix "Link to an existing article…": a search over titles, then the link's title replaced. */
export async function pickLinkTarget(services: LoreServices, uriText: unknown, range: unknown): Promise<void> {
  if (typeof uriText !== 'string' || !isRange(range)) return;
  const uri = vscode.Uri.parse(uriText);
  const document = await vscode.workspace.openTextDocument(uri);
  const written = document.getText(range).trim();
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { title: string }>();
  quickPick.title = plainText(`Link "${written}" to an existing article`);
  quickPick.placeholder = 'Type to find an article by its title';
  quickPick.value = written;
  const update = (typed: string) => {
    quickPick.items = services.stores.get().articleTitlesMatching(typed, 100).map((a) => ({ label: labelText(a.title), title: a.title }));
  };
  update(written);
  quickPick.onDidChangeValue(update);
  const picked = await new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.title));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!picked) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, picked);
  await vscode.workspace.applyEdit(edit);
}

/** The title inside a link's brackets, trimmed, as an editor range. */
function targetRange(document: vscode.TextDocument, link: WikiLink): vscode.Range {
  const written = document.getText().slice(link.targetStart, link.targetStart + link.targetLength);
  const start = link.targetStart + (written.length - written.trimStart().length);
  return new vscode.Range(document.positionAt(start), document.positionAt(start + link.target.length));
}

/** Whether `]]` already follows the cursor (completion then inserts the title only). */
function closesLink(document: vscode.TextDocument, position: vscode.Position): boolean {
  return document.lineAt(position.line).text.slice(position.character).startsWith(']]');
}

function isRange(value: unknown): value is vscode.Range {
  return value instanceof vscode.Range;
}

function safely(services: LoreServices, work: () => void): void {
  try {
    work();
  } catch (error) {
    services.log.warn('Could not check the links of an article:', error);
  }
}
