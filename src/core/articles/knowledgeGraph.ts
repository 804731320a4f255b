import { articleIdFromLink } from './articleLinks';
import { findWikiLinks, linkKey } from './wikiLinks';
import { addressPattern } from './webAddress';

/**
 * The knowledge graph the graph view draws: articles, and the tags, teams and code files they
 * share, joined by what relates them (a link, a tag, a team, a snippet in a file), each edge
 * saying why in plain words. Pure: the store supplies the articles (graphQueries.ts), the
 * webview filters (graphFilter.ts) and lays it out.
 */

export type GraphNodeKind = 'article' | 'tag' | 'team' | 'file';
export type GraphEdgeKind = 'link' | 'tag' | 'team' | 'file';

export interface GraphNode {
  /** `article:<id>`, `tag:<name>`, `team:<name>`, `file:<path>`: unique across kinds. */
  id: string;
  kind: GraphNodeKind;
  /** What the view writes beside the node: a title, `#tag`, a team, a file path. */
  label: string;
  /** Articles only: what the filters read. */
  articleId?: string;
  status?: string;
  team?: string;
  tags?: string[];
  /** Articles only: private articles are drawn as such (they never leave this machine). */
  private?: boolean;
}

export interface GraphEdge {
  source: string;
  target: string;
  kind: GraphEdgeKind;
  /** Why these two are joined, for the tooltip: "“Cache” links to “Redis”", "tagged redis". */
  why: string;
}

export interface KnowledgeGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Live articles in the knowledge base; more than the article nodes when the graph was capped. */
  totalArticles: number;
}

/** One article as the graph needs it (the store reads these, newest first). */
export interface GraphArticle {
  id: string;
  title: string;
  body: string;
  tags: readonly string[];
  team?: string | null;
  status: string;
  visibility: string;
  /** Files its live snippets are in. */
  files: readonly string[];
}

export const articleNodeId = (articleId: string) => `article:${articleId}`;

/**
 * Builds the graph of `articles` (given newest first: of two articles with one title, a
 * `[[Title]]` link names the newer, as everywhere in Lore). Tags, teams and files become nodes
 * of their own, so an article joins each once (a popular tag costs one edge per article, not
 * one per pair). A link to an article not in `articles` (capped out, or none) is left out.
 */
export function buildKnowledgeGraph(articles: readonly GraphArticle[], totalArticles = articles.length): KnowledgeGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const hubs = new Map<string, GraphNode>();
  const byTitle = new Map<string, GraphArticle>();
  const byId = new Map<string, GraphArticle>();
  for (const article of articles) {
    byId.set(article.id, article);
    const key = linkKey(article.title);
    if (!byTitle.has(key)) byTitle.set(key, article);
  }
  const hub = (kind: Exclude<GraphNodeKind, 'article'>, name: string, label: string): string => {
    const id = `${kind}:${name}`;
    if (!hubs.has(id)) {
      const node: GraphNode = { id, kind, label };
      hubs.set(id, node);
    }
    return id;
  };
  for (const article of articles) {
    const id = articleNodeId(article.id);
    nodes.push({
      id, kind: 'article', label: article.title, articleId: article.id, status: article.status,
      ...(article.team ? { team: article.team } : {}), tags: [...article.tags],
      ...(article.visibility === 'private' ? { private: true } : {}),
    });
    for (const tag of new Set(article.tags)) edges.push({ source: id, target: hub('tag', tag, `#${tag}`), kind: 'tag', why: `“${article.title}” is tagged ${tag}` });
    if (article.team) edges.push({ source: id, target: hub('team', article.team, article.team), kind: 'team', why: `“${article.title}” belongs to team ${article.team}` });
    for (const file of new Set(article.files)) edges.push({ source: id, target: hub('file', file, file), kind: 'file', why: `“${article.title}” has a snippet in ${file}` });
    for (const targetId of linkedArticleIds(article.body, byTitle, byId)) {
      if (targetId === article.id) continue;
      const target = byId.get(targetId)!;
      edges.push({ source: id, target: articleNodeId(targetId), kind: 'link', why: `“${article.title}” links to “${target.title}”` });
    }
  }
  return { nodes: [...nodes, ...hubs.values()], edges, totalArticles };
}

/** The ids of the articles a body links to, by `[[Title]]` or Lore's article link, each once. */
function linkedArticleIds(body: string, byTitle: ReadonlyMap<string, GraphArticle>, byId: ReadonlyMap<string, GraphArticle>): Set<string> {
  const ids = new Set<string>();
  for (const link of findWikiLinks(body)) {
    const target = byTitle.get(linkKey(link.target));
    if (target) ids.add(target.id);
  }
  for (const href of body.match(addressPattern()) ?? []) {
    const id = articleIdFromLink(href);
    if (id && byId.has(id)) ids.add(id);
  }
  return ids;
}
