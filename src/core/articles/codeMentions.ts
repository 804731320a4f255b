import { articleIdFromLink } from './articleLinks';
import { wikiLinkAt } from './wikiLinks';
import { addressPattern } from './webAddress';

/**
 * Articles mentioned in source code, usually in a comment: `[[Article Title]]` (the same short
 * form as in articles) or Lore's own article link (`vscode://lore-team.lore/article/<id>`, what
 * Copy Article Link gives). Unlike in Markdown, code has no "code span" to skip: every mention in
 * the text counts, and the caller keeps only those that name an article.
 */
export type CodeMention =
  | { kind: 'title'; title: string; start: number; end: number }
  | { kind: 'id'; id: string; start: number; end: number };

const ARTICLE_URL = addressPattern('\\s"\'`<>()[\\]{}');

/** Every mention in `text`, in order. Offsets are UTF-16 indexes into it. */
export function findCodeMentions(text: string): CodeMention[] {
  const mentions: CodeMention[] = [];
  for (let at = text.indexOf('[['); at !== -1; at = text.indexOf('[[', at + 1)) {
    const link = wikiLinkAt(text, at);
    if (!link) continue;
    mentions.push({ kind: 'title', title: link.target, start: link.start, end: link.end });
    at = link.end - 1;
  }
  for (const match of text.matchAll(ARTICLE_URL)) {
    const id = articleIdFromLink(match[0].replace(/[.,;:]+$/, ''));
    if (id) mentions.push({ kind: 'id', id, start: match.index, end: match.index + match[0].replace(/[.,;:]+$/, '').length });
  }
  return mentions.sort((a, b) => a.start - b.start);
}
