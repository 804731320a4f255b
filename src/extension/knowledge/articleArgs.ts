import { LoreError } from '../../core/errors';
import type { Article } from '../../core/model';
import type { StoreProvider } from '../common/storeProvider';
import type { ArticlePanels } from './articlePanel';
import { ArticleNode, SnippetNode } from './knowledgeTree';

/** Commands get an id from code, an id string from links, or a tree node from menus. */
export function articleIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof ArticleNode) return arg.article.id;
  if (arg instanceof SnippetNode) return arg.snippet.articleId;
  if (arg && typeof arg === 'object' && typeof (arg as { articleId?: unknown }).articleId === 'string') return (arg as { articleId: string }).articleId;
  return undefined;
}

export function snippetIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof SnippetNode) return arg.snippet.id;
  return undefined;
}

/**
 * For commands that act on "the article given (a row, an id) or else the article view in front":
 * that article, or an error saying what to do.
 */
export function commandArticle(stores: StoreProvider, panels: Pick<ArticlePanels, 'activeArticleId'>, arg: unknown): Article {
  const id = articleIdFrom(arg) ?? panels.activeArticleId();
  if (!id) throw new LoreError('Open the article first: these commands act on the article view in front.');
  const article = stores.get().getArticle(id);
  if (!article) throw new LoreError('That article no longer exists (it may have been deleted on another machine).');
  return article;
}
