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

/**
 * The innermost symbol that contains the whole range, or undefined outside any symbol. Lines
 * decide, not columns: selecting a method's whole lines (with its indentation, or down to the
 * start of the next line) names the method, not the class around it.
 */
export function symbolPathAt(symbols: readonly FlatSymbol[], range: TextRange): string | undefined {
  const lines = lineSpan(range);
  let best: FlatSymbol | undefined;
  for (const symbol of symbols) {
    if (!containsLines(lineSpan(symbol.range), lines)) continue;
    if (!best || contains(best.range, symbol.range)) best = symbol;
  }
  return best?.path;
}

/** First and last line a range covers; a range ending at column 0 of a later line stops before it. */
function lineSpan(range: TextRange): { first: number; last: number } {
  const last = range.endCharacter === 0 && range.endLine > range.startLine ? range.endLine - 1 : range.endLine;
  return { first: range.startLine, last };
}

function containsLines(outer: { first: number; last: number }, inner: { first: number; last: number }): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

function before(aLine: number, aChar: number, bLine: number, bChar: number): boolean {
  return aLine < bLine || (aLine === bLine && aChar <= bChar);
}

function contains(outer: TextRange, inner: TextRange): boolean {
  return before(outer.startLine, outer.startCharacter, inner.startLine, inner.startCharacter)
    && before(inner.endLine, inner.endCharacter, outer.endLine, outer.endCharacter);
}
