/**
 * `[[Article Title]]` links between articles: the convention Foam, Obsidian and Dendron share.
 * `[[Title|shown text]]` shows other text. A link names its article by title, compared without
 * regard to case or runs of spaces; Lore keeps links true through renames by rewriting them
 * (see `renameWikiLinks`). Text inside code (fenced blocks, indented blocks, `inline code`) is
 * never a link. Pure: the store, the editor and the article view share it.
 */

/** One `[[…]]` in a Markdown text. Offsets are UTF-16 indexes into that text. */
export interface WikiLink {
  /** The title as written, trimmed. */
  target: string;
  /** What the reader sees: the text after `|`, or the title. */
  label: string;
  /** Offset of the first `[` and just past the last `]`. */
  start: number;
  end: number;
  /** Offset and length of the title inside the brackets (as written, untrimmed). */
  targetStart: number;
  targetLength: number;
}

/** Longest title Lore accepts (see validateTitle): a longer `[[…]]` is no link. */
const MAX_TARGET = 200;
const LINK = /\[\[([^[\]\n|]{1,200})(?:\|([^[\]\n]{1,200}))?\]\]/y;

/** A title as links compare it: trimmed, case folded, runs of white space as one space. */
export function linkKey(title: string): string {
  return title.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Every `[[…]]` outside code, in order. */
export function findWikiLinks(markdown: string): WikiLink[] {
  const links: WikiLink[] = [];
  for (const { from, to } of proseRanges(markdown)) {
    let at = markdown.indexOf('[[', from);
    while (at !== -1 && at < to) {
      const link = wikiLinkAt(markdown, at);
      if (link && link.end <= to) {
        links.push(link);
        at = markdown.indexOf('[[', link.end);
      } else {
        at = markdown.indexOf('[[', at + 1);
      }
    }
  }
  return links;
}

/** The link that starts at `offset` (at its first `[`), if one does. */
export function wikiLinkAt(text: string, offset: number): WikiLink | undefined {
  LINK.lastIndex = offset;
  const match = LINK.exec(text);
  if (!match) return undefined;
  const target = match[1].trim();
  if (!target || target.length > MAX_TARGET) return undefined;
  const label = match[2]?.trim() || target;
  return { target, label, start: offset, end: offset + match[0].length, targetStart: offset + 2, targetLength: match[1].length };
}

/**
 * `markdown` with every link to `oldTitle` pointing at `newTitle` instead (the shown text of
 * `[[Old|text]]` is kept); undefined when nothing links to `oldTitle`.
 */
export function renameWikiLinks(markdown: string, oldTitle: string, newTitle: string): string | undefined {
  const key = linkKey(oldTitle);
  const matching = findWikiLinks(markdown).filter((link) => linkKey(link.target) === key);
  if (matching.length === 0) return undefined;
  let result = '';
  let last = 0;
  for (const link of matching) {
    result += markdown.slice(last, link.targetStart) + newTitle;
    last = link.targetStart + link.targetLength;
  }
  return result + markdown.slice(last);
}

/**
 * The `[[` typed just before `offset` on its line and the title typed after it so far, for
 * completion; undefined when the cursor is not inside an unfinished link.
 */
export function typedLinkPrefix(lineText: string, offset: number): { start: number; typed: string } | undefined {
  const before = lineText.slice(0, offset);
  const open = before.lastIndexOf('[[');
  if (open === -1) return undefined;
  const typed = before.slice(open + 2);
  if (/[[\]|]/.test(typed) || typed.length > MAX_TARGET) return undefined;
  return { start: open + 2, typed };
}

/**
 * The parts of a Markdown text that are prose (not code): fenced code blocks, indented code
 * blocks and inline code spans are left out.
 */
export function proseRanges(markdown: string): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = [];
  let fence: { char: string; length: number } | undefined;
  let proseStart = 0;
  let offset = 0;
  let previousBlank = true;
  for (const line of markdown.split('\n')) {
    const lineEnd = offset + line.length;
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (closing && closing[1][0] === fence.char && closing[1].length >= fence.length) {
        fence = undefined;
        proseStart = lineEnd + 1;
      }
    } else if (opening && !(opening[1][0] === '`' && line.slice(opening.index + opening[0].length).includes('`'))) {
      pushProse(markdown, ranges, proseStart, offset);
      fence = { char: opening[1][0], length: opening[1].length };
    } else if (previousBlank && /^( {4}|\t)/.test(line) && line.trim()) {
      // An indented code block line (after a blank line or another such line).
      pushProse(markdown, ranges, proseStart, offset);
      proseStart = lineEnd + 1;
      offset = lineEnd + 1;
      continue;
    }
    previousBlank = !fence && line.trim() === '';
    offset = lineEnd + 1;
  }
  if (!fence) pushProse(markdown, ranges, proseStart, markdown.length);
  return ranges;
}

/** Adds [from, to) minus its inline code spans. */
function pushProse(markdown: string, ranges: Array<{ from: number; to: number }>, from: number, to: number): void {
  if (to <= from) return;
  const code = /(?<!`)(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g;
  code.lastIndex = from;
  let start = from;
  for (let match = code.exec(markdown); match && match.index < to; match = code.exec(markdown)) {
    if (match.index > start) ranges.push({ from: start, to: match.index });
    start = match.index + match[0].length;
  }
  if (start < to) ranges.push({ from: start, to });
}
