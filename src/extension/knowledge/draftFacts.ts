import * as vscode from 'vscode';
import type { DraftFacts } from '../../core/articles/draftBody';
import { docComment } from '../../core/articles/docComment';
import { selectedDeclaration } from '../../core/articles/enclosingDeclaration';
import { lineHistory, type HistoryEntry } from '../../core/articles/lineHistory';
import type { TextRange } from '../../core/model';
import type { LoreServices } from '../common/services';

/** Everything a draft gathers from git and language providers answers within this, or is left out. */
export const DRAFT_FACTS_BUDGET_MS = 1500;

/** What Share Snippet can add to a draft beyond the code: each part optional. */
export type GatheredFacts = Pick<DraftFacts, 'signature' | 'docComment' | 'history' | 'references' | 'related'>;

/**
 * What Lore can know offline about the first shared range: the enclosing declaration's first
 * line and doc comment (read from the text), the commits that last changed the lines (git
 * blame), how many places refer to the symbol (the language's reference provider, when it has
 * one) and the other articles with snippets in the file. Git and the reference provider get
 * DRAFT_FACTS_BUDGET_MS together; whatever has not answered by then is left out. Never throws.
 */
export async function gatherDraftFacts(
  services: LoreServices,
  document: vscode.TextDocument,
  path: string,
  range: TextRange,
): Promise<GatheredFacts> {
  const text = document.getText();
  const declaration = selectedDeclaration(text, range.startLine, range.endLine);
  const facts: GatheredFacts = {};
  if (declaration) {
    facts.signature = document.lineAt(declaration.line).text;
    facts.docComment = docComment(text, declaration.line, document.languageId);
  }
  try {
    const titles = services.stores.get().articlesForPath(path).filter((a) => a.status !== 'archived').map((a) => a.title);
    if (titles.length) facts.related = titles;
  } catch (error) {
    services.log.warn('Share Snippet could not list the related articles:', String(error));
  }
  const [history, references] = await Promise.all([
    withinBudget(historyOf(services, document, range), []),
    declaration ? withinBudget(referenceCount(document, declaration.line, declaration.name), undefined) : undefined,
  ]);
  if (history.length) facts.history = history;
  if (references !== undefined) facts.references = references;
  return facts;
}

/** The commits that last changed the lines; none for a file with unsaved changes (its lines are not git's). */
async function historyOf(services: LoreServices, document: vscode.TextDocument, range: TextRange): Promise<HistoryEntry[]> {
  if (document.isDirty) return [];
  const doc = services.git.forDocument(document.uri);
  if (!doc) return [];
  // An empty last line of a selection (it ends at column 0) is not part of the code.
  const endLine = range.endLine > range.startLine && range.endCharacter === 0 ? range.endLine - 1 : range.endLine;
  return lineHistory(doc.git, doc.path, range.startLine, endLine, DRAFT_FACTS_BUDGET_MS);
}

/**
 * How many other places refer to the symbol declared on `line`, from the language's reference
 * provider at the symbol's name; undefined when no provider answers.
 */
async function referenceCount(document: vscode.TextDocument, line: number, name: string): Promise<number | undefined> {
  const lineText = document.lineAt(line).text;
  const column = new RegExp(`(?<![\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`).exec(lineText)?.index;
  if (column === undefined) return undefined;
  const at = new vscode.Position(line, column);
  try {
    const locations = await vscode.commands.executeCommand<vscode.Location[] | undefined>('vscode.executeReferenceProvider', document.uri, at);
    if (!locations?.length) return undefined;
    // The declaration itself is usually among the answers: it is not a reference.
    return locations.filter((l) => !(l.uri.toString() === document.uri.toString() && l.range.contains(at))).length;
  } catch {
    return undefined;
  }
}

/** The promise's value if it settles within the budget, else `fallback` (the work goes on, unheeded). */
function withinBudget<T>(work: Promise<T>, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), DRAFT_FACTS_BUDGET_MS);
    work.then(
      (value) => { clearTimeout(timer); resolve(value); },
      () => { clearTimeout(timer); resolve(fallback); },
    );
  });
}
