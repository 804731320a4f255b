import hljs from 'highlight.js/lib/common';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Article Markdown to safe HTML for the webview. markdown-it renders (raw HTML in articles is
 * shown as text, never run), highlight.js colours code, and sanitize-html then removes anything
 * that could act: scripts, event handlers, and links other than http(s), mailto and in-page
 * anchors (so no `command:`, `javascript:` or `vscode:` link from an article can do anything).
 * Images may be `lore-image:<sha256>` (stored in Lore) or https.
 */
export interface RenderOptions {
  /** Turns a stored image hash into a `data:` URI, or undefined when Lore does not have it. */
  resolveImage?: (hash: string) => string | undefined;
}

const markdown = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  highlight: (code, language) => highlightCode(code, language),
});

// markdown-it refuses some schemes by itself; let lore-image: through so it can be resolved below.
const defaultValidateLink = markdown.validateLink.bind(markdown);
markdown.validateLink = (url: string) => /^lore-image:[0-9a-f]{64}$/i.test(url.trim()) || defaultValidateLink(url);

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
  const html = markdown.render(source);
  return sanitizeHtml(html, {
    allowedTags: [
      'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'span', 'em', 'strong', 's', 'del',
      'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
    ],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title'],
      code: ['class'],
      span: ['class'],
      th: ['style'],
      td: ['style'],
      ol: ['start'],
    },
    allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
    allowedClasses: { code: [/^language-[\w-]+$/], span: [/^hljs-[\w-]+$/, /^language_$/] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https', 'data'] },
    allowProtocolRelative: false,
    transformTags: {
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
        return { tagName, attribs };
      },
    },
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
