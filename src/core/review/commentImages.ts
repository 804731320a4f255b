import MarkdownIt, { type Token } from 'markdown-it';
import { isImageUrlAllowed, remoteImage } from '../articles/imageHosts';

/**
 * A review note's Markdown as VS Code may render it: images from hosts that are not allowed
 * become a link whose text names the host (the same rule as the article view, see
 * `articles/imageHosts.ts`). VS Code renders comment bodies itself (with marked, not
 * markdown-it) and has no option to block images, so the Markdown is rewritten:
 *
 * - `![alt](url)` from another host → `[Image from host not loaded: alt](url)`;
 * - `![alt][ref]` (and `![alt][]`, `![alt]`) → the same text, linked through the same reference;
 * - any other `![` that could start an image (something this parser reads differently from
 *   VS Code's) loses its image meaning: `\![` in text, and `!` + zero-width space + `[` in code,
 *   where it looks the same. So no `![` reaches VS Code unless it is an allowed image.
 *
 * Used for display only: the stored note and the text in the edit box stay as written.
 */
export function withoutRemoteImages(source: string, allowedHosts: readonly string[]): string {
  if (!source.includes('![')) return source;
  const env: { references?: Record<string, { href: string; title: string }> } = {};
  const tokens = parser.parse(source, env);
  const code = codeRanges(source, tokens);
  let out = '';
  let copied = 0;
  for (let at = source.indexOf('!['); at !== -1; at = source.indexOf('![', at + 2)) {
    if (at < copied) continue;
    const inCode = code.some(([start, end]) => at >= start && at < end);
    if (!inCode && escaped(source, at)) continue;
    const image = parseImage(source, at, env.references ?? {});
    if (image && isAllowed(image.url)) continue;
    let replacement: string;
    if (inCode || !image) {
      replacement = inCode ? '!\u200B[' : '\\![';
      out += source.slice(copied, at) + replacement;
      copied = at + 2;
      continue;
    }
    replacement = `[${linkText(image.url, image.alt)}]${image.target}`;
    out += source.slice(copied, at) + replacement;
    copied = image.end;
  }
  return out + source.slice(copied);

  function isAllowed(url: string): boolean {
    return isImageUrlAllowed(url, allowedHosts) || /^data:image\//i.test(url) || isLocal(url);
  }
}

const parser = new MarkdownIt('commonmark');

/** A relative path loads nothing from the network (VS Code resolves it against nothing here). */
function isLocal(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//') && !url.startsWith('\\');
}

function linkText(url: string, alt: string): string {
  const host = remoteImage(url)?.host;
  const what = host ? `Image from ${host} not loaded` : 'Image not loaded';
  const plainAlt = alt.replace(/\s+/g, ' ').trim();
  return escapeText(plainAlt ? `${what}: ${plainAlt}` : what);
}

/** Text shown as written inside link text: every ASCII punctuation escaped, so no syntax remains. */
function escapeText(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? `\\${c}`);
}

function escaped(source: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && source[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Character ranges of code blocks (from markdown-it's line map) and of code spans. */
function codeRanges(source: string, tokens: Token[]): Array<[number, number]> {
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (line: number) => (line < lineStarts.length ? lineStarts[line] : source.length);
  const blocks: Array<[number, number]> = tokens
    .filter((t) => (t.type === 'fence' || t.type === 'code_block') && t.map)
    .map((t) => [offset(t.map![0]), offset(t.map![1])]);
  const spans: Array<[number, number]> = [];
  const runs = [...source.matchAll(/`+/g)].filter((m) => !blocks.some(([s, e]) => m.index >= s && m.index < e));
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i];
    if (escaped(source, open.index)) continue;
    const close = runs.findIndex((r, j) => j > i && r[0].length === open[0].length && !/\n[ \t]*\n/.test(source.slice(open.index, r.index)));
    if (close === -1) continue;
    spans.push([open.index, runs[close].index + runs[close][0].length]);
    i = close;
  }
  return [...blocks, ...spans];
}

interface ParsedImage {
  alt: string;
  url: string;
  /** What follows the link text in the replacement: `(url "title")` or `[label]`. */
  target: string;
  end: number;
}

/** `![alt](url "title")` or a reference image at `at`, as CommonMark reads it; undefined when unsure. */
function parseImage(source: string, at: number, references: Record<string, { href: string }>): ParsedImage | undefined {
  const altEnd = closingBracket(source, at + 1);
  if (altEnd === undefined) return undefined;
  const alt = source.slice(at + 2, altEnd);
  let pos = altEnd + 1;
  if (source[pos] === '(') {
    const inline = inlineTarget(source, pos);
    if (!inline) return undefined;
    return { alt, url: inline.url, target: source.slice(pos, inline.end), end: inline.end };
  }
  let label = alt;
  if (source[pos] === '[') {
    const labelEnd = closingBracket(source, pos);
    if (labelEnd === undefined) return undefined;
    if (labelEnd > pos + 1) label = source.slice(pos + 1, labelEnd);
    pos = labelEnd + 1;
  }
  const reference = references[parser.utils.normalizeReference(label)];
  if (!reference) return undefined;
  return { alt, url: reference.href, target: `[${label}]`, end: pos };
}

/** Index of the `]` closing the `[` at `open` (nested brackets and escapes counted), or undefined. */
function closingBracket(source: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < source.length && i < open + 1000; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return undefined;
}

/** `(url)`, `(<url>)` or `(url "title")` at `open`: the unescaped url and where it ends. */
function inlineTarget(source: string, open: number): { url: string; end: number } | undefined {
  const match = /^\([ \t]*\n?[ \t]*(?:<((?:[^<>\n\\]|\\.)*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))(?:[ \t]*\n?[ \t]+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*\n?[ \t]*\)/s.exec(source.slice(open, open + 4000));
  if (!match) return undefined;
  const raw = match[1] ?? match[2] ?? '';
  return { url: parser.utils.unescapeAll(raw), end: open + match[0].length };
}
