import hljs from 'highlight.js/lib/common';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { articleIdFromLink, articleLink, HEADING_ID_PREFIX, headingSlug, LORE_EXTENSION_ID, noteIdFromLink } from './articleLinks';
import { isImageHostAllowed, remoteImage } from './imageHosts';
import { wikiLinkAt } from './wikiLinks';

/**
 * Article Markdown to safe HTML for the webview. markdown-it renders (raw HTML in articles is
 * shown as text, never run), highlight.js colours code, and sanitize-html then removes anything
 * that could act: scripts, event handlers, and links other than http(s), mailto and in-page
 * anchors (so no `command:`, `javascript:` or `vscode:` link from an article can do anything).
 * Lore's own article links are kept, marked with the article id, for the view to open in Lore.
 * Images may be `lore-image:<sha256>` (stored in Lore) or https from an allowed host; an image
 * from any other host becomes a placeholder naming the host (see `imageHosts.ts`). Headings get
 * ids and table alignment becomes classes, since the view's CSP allows no inline style.
 */
export interface RenderOptions {
  /** Turns a stored image hash into a `data:` URI, or undefined when Lore does not have it. */
  resolveImage?: (hash: string) => string | undefined;
  /** Hosts whose https images are loaded (already valid, see `parseImageHosts`). Default: none. */
  allowedImageHosts?: readonly string[];
  /** Told the host of each image that was not loaded. */
  onBlockedImage?: (host: string) => void;
  /** The id of the article a `[[Title]]` link names, or undefined when no article has that title. */
  resolveWikiLink?: (title: string) => string | undefined;
  /** The title of the article with this id, or undefined when Lore does not have it. */
  articleTitle?: (id: string) => string | undefined;
}

/** The schemes editors use for their own links: a bare Lore article link in text becomes a link. */
const EDITOR_SCHEMES = ['vscode', 'vscode-insiders', 'code-oss', 'vscodium', 'cursor', 'windsurf', 'positron'];

const markdown = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  highlight: (code, language) => highlightCode(code, language),
});

// markdown-it refuses some schemes by itself; let lore-image: through so it can be resolved below.
const defaultValidateLink = markdown.validateLink.bind(markdown);
markdown.validateLink = (url: string) => /^lore-image:[0-9a-f]{64}$/i.test(url.trim()) || defaultValidateLink(url);

const BARE_ARTICLE_LINK = new RegExp(`^//${LORE_EXTENSION_ID.replace(/\./g, '\\.')}/(?:article|note)/[\\w-]+`, 'i');
for (const scheme of EDITOR_SCHEMES) {
  markdown.linkify.add(`${scheme}:`, { validate: (text, pos) => BARE_ARTICLE_LINK.exec(text.slice(pos))?.[0].length ?? 0 });
}

// `[[Title]]` and `[[Title|text]]` (wikiLinks.ts): Lore's own article link when an article has
// that title (the sanitiser below turns it into one the view opens in Lore), else a marked span.
markdown.inline.ruler.before('link', 'lore_wiki_link', (state, silent) => {
  if (state.src.charCodeAt(state.pos) !== 0x5b || state.src.charCodeAt(state.pos + 1) !== 0x5b) return false;
  const link = wikiLinkAt(state.src, state.pos);
  if (!link || link.end > state.posMax) return false;
  if (!silent) state.push('lore_wiki_link', '', 0).meta = { target: link.target, label: link.label };
  state.pos = link.end;
  return true;
});
markdown.renderer.rules.lore_wiki_link = (tokens, index, _options, env) => {
  const { target, label } = tokens[index].meta as { target: string; label: string };
  const id = (env as Pick<RenderOptions, 'resolveWikiLink'> | undefined)?.resolveWikiLink?.(target);
  if (id) return `<a href="${escapeHtml(articleLink('vscode', id))}">${escapeHtml(label)}</a>`;
  return `<span class="lore-missing-link" title="${escapeHtml(`No article is titled "${target}" yet`)}">${escapeHtml(label)}</span>`;
};

// A Lore link pasted bare ("Copy Article Link" gives the link alone) reads as what it opens: the
// article's title, or "review note", instead of an address ending in an id.
markdown.core.ruler.after('linkify', 'lore_bare_link_text', (state) => {
  const env = state.env as Pick<RenderOptions, 'articleTitle'> | undefined;
  for (const block of state.tokens) {
    const children = block.children ?? [];
    children.forEach((token, index) => {
      if (token.type !== 'link_open' || (token.markup !== 'linkify' && token.markup !== 'autolink')) return;
      const text = children[index + 1];
      if (text?.type !== 'text' || children[index + 2]?.type !== 'link_close') return;
      const href = String(token.attrGet('href') ?? '');
      const articleId = articleIdFromLink(href);
      const title = articleId ? env?.articleTitle?.(articleId) : noteIdFromLink(href) ? 'review note' : undefined;
      if (title) text.content = title;
    });
  }
});

// Headings get ids (prefixed, so they can never name the view's own elements) for `#section` links.
markdown.core.ruler.push('lore_heading_ids', (state) => {
  const used = new Map<string, number>();
  state.tokens.forEach((token, index) => {
    if (token.type !== 'heading_open') return;
    const text = (state.tokens[index + 1]?.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
    const slug = headingSlug(text);
    if (!slug) return;
    const seen = used.get(slug) ?? 0;
    used.set(slug, seen + 1);
    token.attrSet('id', `${HEADING_ID_PREFIX}${seen ? `${slug}-${seen}` : slug}`);
  });
});

export function highlightCode(code: string, language?: string): string {
  try {
    if (language && hljs.getLanguage(language)) return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  } catch {
    // Fall through to escaped plain text.
  }
  return escapeHtml(code);
}

/** Maps VS Code language ids to highlight.js names where they differ. */
export function highlightLanguage(vscodeLanguageId: string): string {
  const map: Record<string, string> = { typescriptreact: 'typescript', javascriptreact: 'javascript', shellscript: 'bash', csharp: 'csharp', jsonc: 'json', dockerfile: 'dockerfile' };
  return map[vscodeLanguageId] ?? vscodeLanguageId;
}

export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  const html = markdown.render(source, { resolveWikiLink: options.resolveWikiLink, articleTitle: options.articleTitle });
  return sanitizeHtml(html, {
    // markdown-it writes no raw HTML (html: false): every tag here comes from Markdown or from a transform below.
    allowedTags: [
      'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'span', 'em', 'strong', 's', 'del',
      'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'button',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'class', 'data-article-id', 'data-note-id'],
      img: ['src', 'alt', 'title'],
      code: ['class'],
      span: ['class', 'title'],
      button: ['type', 'class', 'title', 'data-host'],
      th: ['class'],
      td: ['class'],
      ol: ['start'],
      ...Object.fromEntries(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => [h, ['id']])),
    },
    allowedStyles: {},
    allowedClasses: {
      code: [/^language-[\w-]+$/],
      span: [/^hljs-[\w-]+$/, /^language_$/, 'remote-image', 'missing-image', 'lore-missing-link'],
      a: ['lore-article-link', 'lore-note-link'],
      button: ['remote-image'],
      th: ['align-left', 'align-center', 'align-right'],
      td: ['align-left', 'align-center', 'align-right'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https', 'data'] },
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => {
        const noteId = noteIdFromLink(attribs.href ?? '');
        // Lore's link to a review note (in an article promoted from one): the view shows the note.
        if (noteId) return { tagName, attribs: { href: '#', class: 'lore-note-link', 'data-note-id': noteId, title: 'Show this review note in its file' } };
        const articleId = articleIdFromLink(attribs.href ?? '');
        if (!articleId) return { tagName, attribs };
        // Lore's own link: opened in Lore by the view (its scheme is no web scheme, so keep only the id).
        return { tagName, attribs: { href: '#', class: 'lore-article-link', 'data-article-id': articleId, title: 'Open this article in Lore' } };
      },
      th: alignmentAsClass,
      td: alignmentAsClass,
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        const stored = /^lore-image:([0-9a-f]{64})$/i.exec(src);
        if (stored) {
          const uri = options.resolveImage?.(stored[1].toLowerCase());
          return uri ? { tagName, attribs: { ...attribs, src: uri } } : { tagName: 'span', attribs: {}, text: `[missing image: ${attribs.alt || stored[1].slice(0, 12)}]` };
        }
        // Only data URIs we produced ourselves (images) are allowed; anything else passed as data: is dropped.
        if (src.startsWith('data:') && !/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(src)) {
          return { tagName: 'span', attribs: {}, text: '[image removed]' };
        }
        const remote = remoteImage(src);
        if (remote) {
          if (remote.loadable && isImageHostAllowed(remote.host, options.allowedImageHosts ?? [])) return { tagName, attribs };
          return remoteImagePlaceholder(remote.host, remote.loadable, attribs.alt ?? '', options);
        }
        if (src.startsWith('data:')) return { tagName, attribs };
        // A relative path or another scheme points nowhere Lore can show.
        return { tagName: 'span', attribs: { class: 'missing-image' }, text: `[image not shown: ${attribs.alt || src}]` };
      },
    },
  });
}

/** What stands in for an image from a host that is not allowed: the host, and a button to load it. */
function remoteImagePlaceholder(host: string, loadable: boolean, alt: string, options: RenderOptions): sanitizeHtml.Tag {
  options.onBlockedImage?.(host);
  const what = alt ? `Image "${alt}"` : 'Image';
  if (!loadable || !host) {
    return { tagName: 'span', attribs: { class: 'remote-image', title: 'Only https images can be shown' }, text: `${what} from ${host || 'another host'} not loaded (not https)` };
  }
  return {
    tagName: 'button',
    attribs: { type: 'button', class: 'remote-image', 'data-host': host, title: `Load images from ${host} in this view. Loading tells ${host} that you opened this article.` },
    text: `${what} from ${host} not loaded: click to load`,
  };
}

/** markdown-it aligns table columns with `style="text-align:…"`, which the view's CSP blocks. */
function alignmentAsClass(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const align = /text-align:\s*(left|right|center)/i.exec(attribs.style ?? '')?.[1].toLowerCase();
  return { tagName, attribs: align ? { class: `align-${align}` } : {} };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
