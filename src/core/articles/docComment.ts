/**
 * The doc comment of a declaration, read from the source text the way its language writes
 * them: `/** … *\/` (JSDoc, TSDoc, Javadoc, C#, C, PHP), `///` and `//` line runs (Rust, C#,
 * Go, C-like), `#` runs (Python, Ruby, shell), `--` runs (SQL, Lua, Haskell), and a Python
 * docstring below the `def`/`class` line. Returns the comment's text without its markers, or
 * undefined when the declaration has none.
 */
export function docComment(text: string, declarationLine: number, languageId: string): string | undefined {
  const lines = text.split(/\r?\n/);
  if (declarationLine < 0 || declarationLine >= lines.length) return undefined;
  const found = (PYTHON.has(languageId) ? pythonDocstring(lines, declarationLine) : undefined) ?? commentAbove(lines, declarationLine, languageId);
  return found === undefined ? undefined : bounded(found);
}

const PYTHON = new Set(['python', 'cython']);
/** Languages whose comments start with `#` (others read `#` as a preprocessor line or an attribute). */
const HASH_COMMENTS = new Set(['python', 'cython', 'ruby', 'shellscript', 'perl', 'r', 'powershell', 'elixir', 'coffeescript', 'makefile', 'dockerfile', 'julia', 'nim', 'crystal', 'tcl', 'yaml', 'toml', 'raku', 'gdscript']);
const DASH_COMMENTS = new Set(['sql', 'lua', 'haskell', 'elm', 'purescript', 'ada', 'vhdl', 'plsql']);

/** At most this much of a doc comment goes into a draft. */
const MAX_LINES = 40;
const MAX_CHARS = 4000;

/** The comment block ending right above the declaration (decorators and attributes skipped). */
function commentAbove(lines: string[], declarationLine: number, languageId: string): string | undefined {
  let i = declarationLine - 1;
  // Decorators (@Injectable(), @app.route), Rust #[derive], C# [Attribute] sit between comment and declaration.
  while (i >= 0 && isAnnotation(lines[i], languageId)) i--;
  if (i < 0) return undefined;
  const last = lines[i].trim();
  if (last.endsWith('*/')) return blockComment(lines, i);
  const marker = lineMarker(last, languageId);
  if (!marker) return undefined;
  const run: string[] = [];
  for (let k = i; k >= 0; k--) {
    const line = lines[k].trim();
    if (lineMarker(line, languageId) !== marker) break;
    run.unshift(line.slice(marker.length).replace(/^ /, ''));
  }
  return clean(run);
}

function isAnnotation(line: string, languageId: string): boolean {
  const t = line.trim();
  if (/^@[\w.]+/.test(t)) return true;
  if (/^#!?\[.*\]$/.test(t) && !HASH_COMMENTS.has(languageId)) return true;
  return /^\[[A-Z][\w.]*(?:\(.*\))?\]$/.test(t) && languageId === 'csharp';
}

/** The comment marker a line starts with, longest first, or undefined for a line of code. */
function lineMarker(line: string, languageId: string): string | undefined {
  if (line.startsWith('///')) return '///';
  if (line.startsWith('//!')) return '//!';
  if (line.startsWith('//')) return '//';
  if (HASH_COMMENTS.has(languageId) && line.startsWith('#') && !line.startsWith('#!')) return '#';
  if (DASH_COMMENTS.has(languageId) && line.startsWith('--')) return '--';
  return undefined;
}

/** A `/* … *\/` block that ends on line `end`, without its markers and leading stars. */
function blockComment(lines: string[], end: number): string | undefined {
  let start = end;
  while (start >= 0 && !lines[start].includes('/*')) start--;
  if (start < 0) return undefined;
  const block = lines.slice(start, end + 1).join('\n');
  const open = block.indexOf('/*');
  // Only what precedes the block on its first line may be code (`foo(); /** … */` is not a doc comment).
  if (block.slice(0, open).trim()) return undefined;
  const inner = block.slice(open + 2, block.lastIndexOf('*/')).replace(/^[*!]? ?/, '');
  return clean(inner.split('\n').map((l) => l.replace(/^\s*\*(?!\/) ?/, '')));
}

/** A docstring as the first statement under a Python `def`/`class` (whose header may span lines). */
function pythonDocstring(lines: string[], declarationLine: number): string | undefined {
  let i = declarationLine;
  // The header ends at the first line ending with `:` (outside a comment), within a few lines.
  while (i < lines.length && i < declarationLine + 20 && !/:\s*(?:#.*)?$/.test(lines[i])) i++;
  i++;
  while (i < lines.length && !lines[i].trim()) i++;
  if (i >= lines.length) return undefined;
  const first = lines[i].trim();
  const open = /^[rRuU]?("""|''')/.exec(first);
  if (!open) return undefined;
  const quote = open[1];
  const rest = first.slice(open[0].length);
  const closeAt = rest.indexOf(quote);
  if (closeAt >= 0) return clean([rest.slice(0, closeAt)]);
  const body = [rest];
  for (let k = i + 1; k < lines.length; k++) {
    const at = lines[k].indexOf(quote);
    if (at >= 0) {
      body.push(lines[k].slice(0, at));
      return clean(dedent(body));
    }
    body.push(lines[k]);
  }
  return undefined;
}

/** Lines after the first lose their common indentation (a docstring is indented with its body). */
function dedent(body: string[]): string[] {
  const indents = body.slice(1).filter((l) => l.trim()).map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const common = indents.length ? Math.min(...indents) : 0;
  return [body[0], ...body.slice(1).map((l) => l.slice(common))];
}

/** Trailing spaces and blank lines at either end removed; C#'s `<summary>` wrappers dropped. */
function clean(lines: string[]): string | undefined {
  const kept = lines.map((l) => l.replace(/\s+$/, '')).filter((l) => !/^\s*<\/?summary>\s*$/.test(l));
  while (kept.length && !kept[0].trim()) kept.shift();
  while (kept.length && !kept[kept.length - 1].trim()) kept.pop();
  return kept.length ? kept.join('\n') : undefined;
}

function bounded(comment: string): string {
  const lines = comment.split('\n');
  let result = lines.slice(0, MAX_LINES).join('\n');
  if (result.length > MAX_CHARS) result = result.slice(0, MAX_CHARS);
  return result.length < comment.length ? `${result}\n…` : result;
}
