/**
 * The symbol path around a line when no symbol provider answers (a language without its
 * extension installed): the declarations that enclose it, found by indentation and the
 * declaration forms of common languages. `PaymentService > charge` for a line in a Python
 * method; undefined when nothing encloses it.
 */
export function enclosingDeclaration(text: string, line: number): string | undefined {
  const found = enclosingDeclarations(text, line);
  return found.length ? found.map((d) => d.name).join(' > ') : undefined;
}

/** A declaration enclosing a line: its name and its 0-based line. */
export interface Declaration {
  name: string;
  line: number;
}

/**
 * The innermost declaration enclosing a line (the method rather than its class), found the same
 * way as `enclosingDeclaration`: where a draft finds the signature and the doc comment above it.
 */
export function innermostDeclaration(text: string, line: number): Declaration | undefined {
  const found = enclosingDeclarations(text, line);
  return found[found.length - 1];
}

/** The declarations enclosing a line, outermost first. */
function enclosingDeclarations(text: string, line: number): Declaration[] {
  const lines = text.split(/\r?\n/);
  if (line < 0 || line >= lines.length) return [];
  // The selection may start on blank lines or on the declaration itself.
  let start = line;
  while (start < lines.length && !lines[start].trim()) start++;
  if (start >= lines.length) return [];
  const names: Declaration[] = [];
  let limit = Infinity;
  for (let i = start; i >= 0 && limit > 0; i--) {
    const current = lines[i];
    if (!current.trim()) continue;
    const indent = indentationOf(current);
    // The first line itself counts when it is a declaration; above it only outer lines do.
    if (i !== start && indent >= limit) continue;
    if (i === start || indent < limit) {
      const name = declaredName(current, nextCodeLine(lines, i));
      if (name) {
        names.unshift({ name, line: i });
        limit = indent;
      } else if (i === start) {
        limit = indent + 1; // anything at the same indentation or less may enclose the line
      }
    }
  }
  return names;
}

function nextCodeLine(lines: string[], i: number): string {
  for (let k = i + 1; k < lines.length; k++) if (lines[k].trim()) return lines[k];
  return '';
}

function indentationOf(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += 4;
    else break;
  }
  return width;
}

const NOT_NAMES = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'else', 'do', 'try', 'with', 'elif', 'except', 'match', 'case', 'new', 'await', 'typeof', 'sizeof', 'foreach', 'using', 'lock', 'synchronized', 'when', 'unless', 'until', 'loop']);

/** Declaration forms, most specific first; each captures the declared name. */
const DECLARATIONS: RegExp[] = [
  // Python, Ruby, Scala, Elixir, Crystal: def / class / module
  /^\s*(?:async\s+)?def\s+(?:self\.)?([A-Za-z_]\w*[?!]?)/,
  /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+|final\s+|sealed\s+|data\s+|open\s+|public\s+|private\s+|internal\s+|protected\s+|static\s+|partial\s+)*(?:class|interface|enum|struct|trait|protocol|record|object|module|namespace|union|extension|impl(?:<[^>]*>)?)\s+(?:[\w:]+\s+for\s+)?([A-Za-z_]\w*(?:(?:::|\.)\w+)*)/,
  // JavaScript/TypeScript, PHP, Go, Rust, Swift, Kotlin, shell functions
  /^\s*(?:export\s+)?(?:default\s+)?(?:pub(?:\([^)]*\))?\s+)?(?:public\s+|private\s+|protected\s+|static\s+|async\s+|unsafe\s+|const\s+|extern\s+"[^"]*"\s+|override\s+|open\s+|suspend\s+|inline\s+)*(?:function\s*\*?|func|fn|fun|sub|proc)\s+(?:\([^)]*\)\s*)?(?:<[^>]*>\s*)?([A-Za-z_$][\w$]*)/,
  /^\s*(?:export\s+)?type\s+([A-Za-z_]\w*)\s+(?:struct|interface)\b/,
  // const handler = (…) => / = function / = async (…) =>
  /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>)/,
  // shell: name() {
  /^\s*([A-Za-z_][\w-]*)\s*\(\)\s*\{/,
];

/**
 * Methods and functions of brace languages (C, C++, Java, C#, TypeScript methods): modifiers,
 * an optional return type, `name(…)`, then the body's brace on the line or the next one
 * (which is what tells a definition from a call).
 */
const BRACE_DEFINITION = /^\s*(?:(?:public|private|protected|internal|static|async|override|virtual|abstract|final|readonly|get|set|synchronized|inline|constexpr|explicit)\s+)*(?:[\w<>[\],.?*&:]+\s+)?\**&?([A-Za-z_$~][\w$]*)\s*(?:<[^>]*>)?\s*\([^;]*\)\s*(?:const\s*)?(?::\s*[^={;]+)?(?:throws\s+[\w., ]+)?\s*(\{)?\s*$/;

/** The name a line declares (`next` is the next non-blank line), or undefined for any other line. */
export function declaredName(line: string, next = ''): string | undefined {
  const code = line.replace(/\s+$/, '');
  if (/^\s*(?:\/\/|#|\*|\/\*|--|;)/.test(code) && !/^\s*#\s*def\b/.test(code)) return undefined;
  for (const pattern of DECLARATIONS) {
    const match = pattern.exec(code);
    const name = match?.[1];
    if (name && !NOT_NAMES.has(name.toLowerCase())) return name;
  }
  const definition = BRACE_DEFINITION.exec(code);
  if (definition && (definition[2] || /^\s*\{/.test(next)) && !NOT_NAMES.has(definition[1].toLowerCase())) return definition[1];
  return undefined;
}

/**
 * The declaration a selection of lines `startLine`..`endLine` is about: a selection may start
 * with the declaration's doc comment or decorators, so those lines are passed over to the
 * first line of code in it before looking for the innermost enclosing declaration.
 */
export function selectedDeclaration(text: string, startLine: number, endLine: number): Declaration | undefined {
  const lines = text.split(/\r?\n/);
  let line = startLine;
  let inBlock = false;
  for (; line <= endLine && line < lines.length; line++) {
    const t = lines[line].trim();
    if (inBlock) {
      if (t.includes('*/')) inBlock = false;
      continue;
    }
    if (!t || /^(?:\/\/|#(?![\w$]*\s*\()|--|\*|@)/.test(t)) continue;
    if (t.startsWith('/*')) {
      inBlock = !t.includes('*/', 2);
      continue;
    }
    break;
  }
  return innermostDeclaration(text, line <= endLine && line < lines.length ? line : startLine);
}
