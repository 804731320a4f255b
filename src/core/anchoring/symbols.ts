import type { TextRange } from '../model';

/** A symbol of a document as a symbol provider reports it: its path of names and its full range. */
export interface DocumentSymbolInfo {
  /** Names from the outermost container in, e.g. `UserStore > addUser` (also accepted: `UserStore.addUser`). */
  path: string;
  range: TextRange;
}

/** Split a symbol path into its names: `A > b`, `A.b` and `A/b` all give ["A", "b"]. */
export function symbolNames(path: string): string[] {
  const separator = path.includes('>') ? '>' : path.includes('/') ? '/' : '.';
  return path.split(separator).map((s) => s.trim()).filter(Boolean);
}

/** The symbols with the same path of names as `symbolPath` (overloads give several). */
export function findSymbols(symbols: readonly DocumentSymbolInfo[], symbolPath: string): DocumentSymbolInfo[] {
  const wanted = symbolNames(symbolPath).join('\u0000');
  return symbols.filter((s) => symbolNames(s.path).join('\u0000') === wanted);
}
