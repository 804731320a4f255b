import type { TextRange } from '../model';

/** A document symbol as any editor reports it: a name, a range and nested children. */
export interface SymbolNode {
  name: string;
  range: TextRange;
  children?: SymbolNode[];
}

/** A symbol with the names of the symbols around it: `UserStore > addUser`. */
export interface FlatSymbol {
  path: string;
  range: TextRange;
}

export const SYMBOL_SEPARATOR = ' > ';

/** Every symbol with its full path, outer symbols before inner ones. */
export function flattenSymbols(symbols: readonly SymbolNode[], prefix = ''): FlatSymbol[] {
  const out: FlatSymbol[] = [];
  for (const symbol of symbols) {
    const path = prefix ? `${prefix}${SYMBOL_SEPARATOR}${symbol.name}` : symbol.name;
    out.push({ path, range: symbol.range });
    if (symbol.children?.length) out.push(...flattenSymbols(symbol.children, path));
  }
  return out;
}

/** The innermost symbol that contains the whole range, or undefined outside any symbol. */
export function symbolPathAt(symbols: readonly FlatSymbol[], range: TextRange): string | undefined {
  let best: FlatSymbol | undefined;
  for (const symbol of symbols) {
    if (!contains(symbol.range, range)) continue;
    if (!best || contains(best.range, symbol.range)) best = symbol;
  }
  return best?.path;
}

function before(aLine: number, aChar: number, bLine: number, bChar: number): boolean {
  return aLine < bLine || (aLine === bLine && aChar <= bChar);
}

function contains(outer: TextRange, inner: TextRange): boolean {
  return before(outer.startLine, outer.startCharacter, inner.startLine, inner.startCharacter)
    && before(inner.endLine, inner.endCharacter, outer.endLine, outer.endCharacter);
}
