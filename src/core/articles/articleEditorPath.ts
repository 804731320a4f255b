import { slugify } from './articleDocument';

/**
 * Where an article opens as a Markdown document (`lore:` URIs). VS Code shows the path in the
 * tab and the breadcrumbs, so the path is the title's slug (`/articles/how-we-cache.md`) and the
 * id, which decides which article it is, rides in the query (`id=…`), which VS Code does not show.
 */
export function articleEditorPath(article: { id: string; title: string }): { path: string; query: string } {
  return { path: `/articles/${slugify(article.title)}.md`, query: `id=${article.id}` };
}

const ID = /^[A-Za-z0-9_-]+$/;

/**
 * The article id of a `lore:` document: from the query (`id=…`), or from the older form
 * `/articles/<id>/<slug>.md` (or `/articles/<id>`) that documents opened before still use.
 */
export function articleIdFromEditorPath(path: string, query: string): string | undefined {
  const fromQuery = new URLSearchParams(query).get('id');
  if (fromQuery !== null) return ID.test(fromQuery) ? fromQuery : undefined;
  return /^\/articles\/([A-Za-z0-9_-]+)(\/[^/]*)?$/.exec(path)?.[1];
}
