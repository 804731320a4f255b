/**
 * The symbol path around a line when no symbol provider answers (a language without its
 * extension installed): the declarations that enclose it, found by indentation and the
 * declaration forms of common languages. `PaymentService > charge` for a line in a Python
 * method; undefined when nothing encloses it.
 */
export function enclosingDeclaration(text: string, line: number): string | undefined {
  const lines = text.split(/\r?\n/);
  if (line < 0 || line >= lines.length) return undefined;
  // The selection may start on blank lines or on the declaration itself.
  let start = line;
  while (start < lines.length && !lines[start].trim()) start++;
  if (start >= lines.length) return undefined;
  const names: string[] = [];
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
        names.unshift(name);
        limit = indent;
      } else if (i === start) {
        limit = indent + 1; // anything at the same indentation or less may enclose the line
      }
    }
  }
  return names.length ? names.join(' > ') : undefined;
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
