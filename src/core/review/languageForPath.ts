import { isLanguageId } from '../model';

/** File extensions and the language names Markdown code fences and VS Code use for them. */
const BY_EXTENSION: Record<string, string> = {
  ts: 'typescript', tsx: 'typescriptreact', mts: 'typescript', cts: 'typescript',
  js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript',
  json: 'json', md: 'markdown', py: 'python', rb: 'ruby', go: 'go', rs: 'rust', java: 'java',
  kt: 'kotlin', cs: 'csharp', c: 'c', h: 'c', cpp: 'cpp', cc: 'cpp', hpp: 'cpp', swift: 'swift',
  php: 'php', sh: 'shellscript', bash: 'shellscript', sql: 'sql', css: 'css', scss: 'scss',
  html: 'html', xml: 'xml', yml: 'yaml', yaml: 'yaml', toml: 'toml', vue: 'vue', svelte: 'svelte',
};

/** VS Code's language id for a file, guessed from its extension; `plaintext` when unknown. */
export function languageForPath(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'plaintext';
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? 'plaintext';
}

/** The info string for a Markdown code fence: VS Code ids that renderers do not know are mapped. */
export function fenceLanguage(languageId: string): string {
  if (languageId === 'plaintext' || !isLanguageId(languageId)) return '';
  if (languageId === 'shellscript') return 'sh';
  if (languageId === 'typescriptreact') return 'tsx';
  if (languageId === 'javascriptreact') return 'jsx';
  return languageId;
}

/**
 * Code shown in Markdown (an export, a tooltip): the fence is longer than any run of backticks
 * inside `code`, so no line of the code (not even an indented fence) can close it, and a
 * language that is not a short identifier is left out rather than written into the info string.
 */
export function codeFence(code: string, languageId: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = code.endsWith('\n') ? code : `${code}\n`;
  return `${fence}${fenceLanguage(languageId)}\n${body}${fence}`;
}
