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
