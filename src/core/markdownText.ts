/**
 * Text from articles and teammates (a title, an author, a comment) made safe to put into
 * Markdown that VS Code renders, such as a tooltip: shown exactly as written, never read as
 * Markdown syntax or as HTML.
 *
 * Backslash escapes are not enough for `<`, `>` and `&`: to draw a tree row, VS Code turns a
 * Markdown tooltip into plain text, and on the way `\<img src=x onerror=…\>` becomes real HTML
 * that the page parses (the image loads and its handler is stopped only by the workbench's
 * Content Security Policy). HTML entities stay text in both renderings.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&')
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c])
    // A line break in the text is a line break on screen (a lone newline in Markdown is a space).
    .replace(/\r?\n/g, '\n\n');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
