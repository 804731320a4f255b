import * as vscode from 'vscode';
import { findCodeMentions, type CodeMention } from '../../core/articles/codeMentions';
import { linkKey } from '../../core/articles/wikiLinks';
import { markdownText } from '../../core/markdownText';
import type { Article } from '../../core/model';
import type { LoreStore } from '../../core/store/loreStore';
import type { LoreServices } from '../common/services';

const CODE: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];
/** Lines of the article shown in the hover. */
const HOVER_LINES = 4;

/** A mention in a document that names an article Lore has. */
export interface ResolvedMention {
  range: vscode.Range;
  article: Article;
}

/**
 * Code → knowledge: `[[Article Title]]` and Lore article links in source files (usually in a
 * comment) become links that open the article in Lore, with a hover showing its title and first
 * lines. Only mentions of articles Lore has become links; anything else stays text.
 */
export function registerCodeMentionLinks(services: LoreServices): vscode.Disposable[] {
  return [
    vscode.languages.registerDocumentLinkProvider(CODE, {
      provideDocumentLinks(document) {
        const store = services.stores.tryGet();
        if (!store) return [];
        return resolveMentions(store, document).map(({ range, article }) => {
          const link = new vscode.DocumentLink(range, vscode.Uri.parse(`command:lore.openArticle?${encodeURIComponent(JSON.stringify([article.id]))}`));
          link.tooltip = 'Open this article in Lore';
          return link;
        });
      },
    }),
    vscode.languages.registerHoverProvider(CODE, {
      provideHover(document, position) {
        const store = services.stores.tryGet();
        if (!store) return undefined;
        const mention = resolveMentions(store, document).find((m) => m.range.contains(position));
        return mention ? new vscode.Hover(articleHover(mention.article), mention.range) : undefined;
      },
    }),
  ];
}

/** The mentions in a document that name articles Lore has (the newest of two with one title). */
export function resolveMentions(store: LoreStore, document: vscode.TextDocument): ResolvedMention[] {
  const text = document.getText();
  if (!text.includes('[[') && !text.includes('/article/')) return [];
  const mentions = findCodeMentions(text);
  const byTitle = store.articleIdsByTitle(mentions.flatMap((m) => (m.kind === 'title' ? [m.title] : [])));
  const resolved: ResolvedMention[] = [];
  for (const mention of mentions) {
    const article = store.getArticle(idOf(mention, byTitle) ?? '');
    if (article) resolved.push({ range: new vscode.Range(document.positionAt(mention.start), document.positionAt(mention.end)), article });
  }
  return resolved;
}

function idOf(mention: CodeMention, byTitle: Map<string, string>): string | undefined {
  return mention.kind === 'id' ? mention.id : byTitle.get(linkKey(mention.title));
}

/** Title, status and author, the first lines of the text, and a way to open it; nothing of it can run. */
function articleHover(article: Article): vscode.MarkdownString {
  const lines = article.body.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, HOVER_LINES);
  const hover = new vscode.MarkdownString(undefined, true);
  hover.isTrusted = { enabledCommands: ['lore.openArticle'] };
  hover.appendMarkdown(`**${markdownText(article.title)}** · ${markdownText(article.status)} · by ${markdownText(article.author)}\n\n`);
  for (const line of lines) hover.appendMarkdown(`${markdownText(line)}  \n`);
  hover.appendMarkdown(`\n[Open in Lore](command:lore.openArticle?${encodeURIComponent(JSON.stringify([article.id]))})`);
  return hover;
}
