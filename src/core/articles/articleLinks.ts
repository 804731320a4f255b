/**
 * Links in an article, as the article view treats them. Pure: the webview bundle imports it too.
 *
 * - `#section` scrolls to the heading (headings get the id `user-content-section`, prefixed
 *   so that an article's headings can never take the name of the view's own elements);
 * - Lore's own article link (what "Copy Article Link" copies:
 *   `vscode://lore-team.lore/article/<id>`, whatever the editor's scheme) opens that article in
 *   Lore, never in a browser;
 * - Lore's link to a review note (`vscode://lore-team.lore/note/<id>`, written into an article
 *   promoted from a note) shows that note in its file;
 * - http(s) and mailto links open outside VS Code;
 * - anything else (a relative path such as `./setup.md`) does nothing.
 */

import { SCHEME_PATTERN } from './webAddress';

/** Lore's extension id (`publisher.name` in package.json): the authority of its article links. */
export const LORE_EXTENSION_ID = 'lore-team.lore';

/** Heading ids in the article view are this prefix followed by the heading's slug. */
export const HEADING_ID_PREFIX = 'user-content-';

const ARTICLE_LINK = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)\/article\/([A-Za-z0-9_-]{1,128})\/?$/i;
const NOTE_LINK = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)\/note\/([A-Za-z0-9_-]{1,128})\/?$/i;

/** The link that opens an article in Lore from anywhere (`scheme` is the editor's, e.g. `vscode`). */
export function articleLink(scheme: string, articleId: string): string {
  return `${scheme}://${LORE_EXTENSION_ID}/article/${articleId}`;
}

/** The article id when `href` is Lore's own article link, else undefined. */
export function articleIdFromLink(href: string): string | undefined {
  const match = ARTICLE_LINK.exec(href.trim());
  if (!match || match[2].toLowerCase() !== LORE_EXTENSION_ID) return undefined;
  return match[3];
}

/** The link that shows a review note in its file, from anywhere (see articleLink). */
export function noteLink(scheme: string, noteId: string): string {
  return `${scheme}://${LORE_EXTENSION_ID}/note/${noteId}`;
}

/** The review note's id when `href` is Lore's own note link, else undefined. */
export function noteIdFromLink(href: string): string | undefined {
  const match = NOTE_LINK.exec(href.trim());
  if (!match || match[2].toLowerCase() !== LORE_EXTENSION_ID) return undefined;
  return match[3];
}

/** The commands Lore's own links run where Markdown is shown by VS Code (review notes). */
export const LORE_LINK_COMMANDS = ['lore.openArticle', 'lore.review.reveal'] as const;

/**
 * Markdown shown by VS Code (a review note's comments) with Lore's own links (article or note,
 * whatever editor wrote them) as links to the command that opens them: VS Code in a browser
 * (code-server) sends an editor-scheme link to the browser, never to Lore, but runs a command
 * link the Markdown trusts (LORE_LINK_COMMANDS). A link pasted bare reads as the article's title
 * (from `articleTitle`), "a Lore article" when it is not known, or "review note".
 */
export function loreLinksAsCommands(text: string, articleTitle: (id: string) => string | undefined = () => undefined): string {
  const authority = LORE_EXTENSION_ID.replace(/\./g, '\\.');
  const link = new RegExp(`(\\]\\()?\\b${SCHEME_PATTERN}://${authority}/(article|note)/([A-Za-z0-9_-]{1,128})\\b/?`, 'gi');
  return text.replace(link, (_m, inLink: string | undefined, kind: string, id: string) => {
    const note = kind.toLowerCase() === 'note';
    const target = `command:${note ? 'lore.review.reveal' : 'lore.openArticle'}?${encodeURIComponent(JSON.stringify([id]))}`;
    if (inLink) return `](${target}`;
    const shown = note ? 'review note' : articleTitle(id) ?? 'a Lore article';
    return `[${shown.replace(/[\\[\]]/g, '\\$&')}](${target})`;
  });
}

/**
 * What Lore's URI handler does with the path of a `vscode://lore-team.lore/…` link opened from
 * outside (chat, a browser, the OS): the command and the article or note id, or undefined.
 */
export function loreUriCommand(path: string): { command: (typeof LORE_LINK_COMMANDS)[number]; id: string } | undefined {
  const match = /^\/(article|note)\/([A-Za-z0-9_-]{1,128})\/?$/.exec(path);
  if (!match) return undefined;
  return { command: match[1] === 'article' ? 'lore.openArticle' : 'lore.review.reveal', id: match[2] };
}

export type LinkAction =
  | { kind: 'scroll'; headingId: string }
  | { kind: 'article'; articleId: string }
  | { kind: 'note'; noteId: string }
  | { kind: 'external'; href: string }
  | { kind: 'none' };

/** What clicking `href` in the article view does. */
export function linkAction(href: string): LinkAction {
  const trimmed = href.trim();
  if (trimmed.startsWith('#')) {
    const fragment = decodeFragment(trimmed.slice(1));
    if (!fragment) return { kind: 'none' };
    return { kind: 'scroll', headingId: fragment.startsWith(HEADING_ID_PREFIX) ? fragment : HEADING_ID_PREFIX + fragment };
  }
  const articleId = articleIdFromLink(trimmed);
  if (articleId) return { kind: 'article', articleId };
  const noteId = noteIdFromLink(trimmed);
  if (noteId) return { kind: 'note', noteId };
  if (/^(https?:\/\/[^/?#\s]|mailto:[^\s])/i.test(trimmed)) return { kind: 'external', href: trimmed };
  return { kind: 'none' };
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * The id part of a heading (GitHub's rule, so links written for GitHub work here): lower case,
 * punctuation removed, each space a hyphen. Empty for a heading of punctuation only.
 */
export function headingSlug(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}
