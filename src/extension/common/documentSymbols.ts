import * as vscode from 'vscode';
import type { DocumentSymbolInfo } from '../../core/anchoring';
import type { TextRange } from '../../core/model';
import { flattenSymbols, symbolPathAt, type SymbolNode } from '../../core/review/symbolPaths';
import { fromVsRange } from './ranges';

/**
 * The document's symbols from whatever symbol provider its language has, flattened to paths
 * such as `UserStore > addUser`. Empty when no provider answers (plain text, no extension).
 */
export async function documentSymbols(document: vscode.TextDocument): Promise<DocumentSymbolInfo[]> {
  let result: Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined;
  try {
    result = await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation>>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
  } catch {
    return [];
  }
  if (!result?.length) return [];
  return flattenSymbols(result.map(toNode));
}

/** The symbol path around a range, e.g. `UserStore > addUser`, when the language knows one. */
export async function symbolPathFor(document: vscode.TextDocument, range: TextRange): Promise<string | undefined> {
  return symbolPathAt(await documentSymbols(document), range);
}

function toNode(symbol: vscode.DocumentSymbol | vscode.SymbolInformation): SymbolNode {
  if ('children' in symbol) {
    return { name: symbol.name, range: fromVsRange(symbol.range), children: symbol.children.map(toNode) };
  }
  // Flat SymbolInformation: the container name stands in for the outer symbols.
  const name = symbol.containerName ? `${symbol.containerName} > ${symbol.name}` : symbol.name;
  return { name, range: fromVsRange(symbol.location.range) };
}
