import type { GraphEdge, GraphNode, GraphNodeKind, KnowledgeGraph } from './knowledgeGraph';

/**
 * What the graph view shows of the knowledge graph: the articles a filter keeps (team, tag,
 * status, words of the title), the tags, teams and files those articles join, and the edges
 * between what is left; or the neighbourhood of one node. Pure, shared by the webview and tests.
 */

export interface GraphFilter {
  tag?: string;
  team?: string;
  status?: string;
  /** Words the article's title holds, in any case and order. */
  text?: string;
  /** Kinds of node besides articles to draw (all when absent). */
  kinds?: ReadonlyArray<Exclude<GraphNodeKind, 'article'>>;
}

/** Whether an article node passes the filter. */
export function articleMatches(node: GraphNode, filter: GraphFilter): boolean {
  if (node.kind !== 'article') return false;
  if (filter.tag && !node.tags?.includes(filter.tag)) return false;
  if (filter.team && node.team !== filter.team) return false;
  if (filter.status && node.status !== filter.status) return false;
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const label = node.label.toLowerCase();
  return words.every((word) => label.includes(word));
}

/** The articles the filter keeps, the other nodes joined to them (of the kinds asked for), and their edges. */
export function filterGraph(graph: KnowledgeGraph, filter: GraphFilter): KnowledgeGraph {
  const kept = new Set(graph.nodes.filter((node) => articleMatches(node, filter)).map((node) => node.id));
  const kinds = new Set<GraphNodeKind>(filter.kinds ?? ['tag', 'team', 'file']);
  const kindOf = new Map(graph.nodes.map((node) => [node.id, node.kind]));
  const edges: GraphEdge[] = [];
  for (const edge of graph.edges) {
    if (!kept.has(edge.source)) continue;
    const targetKind = kindOf.get(edge.target);
    if (targetKind === 'article' ? !kept.has(edge.target) : !targetKind || !kinds.has(targetKind)) continue;
    edges.push(edge);
  }
  const shown = new Set(kept);
  for (const edge of edges) shown.add(edge.target);
  return { nodes: graph.nodes.filter((node) => shown.has(node.id)), edges, totalArticles: graph.totalArticles };
}

/** The nodes at most `depth` edges away from `nodeId` (either direction), and the edges between them. */
export function neighbourhood(graph: KnowledgeGraph, nodeId: string, depth: number): KnowledgeGraph {
  const adjacent = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    const list = adjacent.get(from);
    if (list) list.push(to);
    else adjacent.set(from, [to]);
  };
  for (const edge of graph.edges) {
    add(edge.source, edge.target);
    add(edge.target, edge.source);
  }
  const reached = new Set<string>();
  if (graph.nodes.some((node) => node.id === nodeId)) reached.add(nodeId);
  let frontier = [...reached];
  for (let step = 0; step < depth && frontier.length; step++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of adjacent.get(id) ?? []) {
        if (!reached.has(other)) {
          reached.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return {
    nodes: graph.nodes.filter((node) => reached.has(node.id)),
    edges: graph.edges.filter((edge) => reached.has(edge.source) && reached.has(edge.target)),
    totalArticles: graph.totalArticles,
  };
}

/** The tags, teams and statuses the graph's articles have, sorted: the filter's choices. */
export function graphFacets(graph: KnowledgeGraph): { tags: string[]; teams: string[]; statuses: string[] } {
  const tags = new Set<string>();
  const teams = new Set<string>();
  const statuses = new Set<string>();
  for (const node of graph.nodes) {
    if (node.kind !== 'article') continue;
    node.tags?.forEach((tag) => tags.add(tag));
    if (node.team) teams.add(node.team);
    if (node.status) statuses.add(node.status);
  }
  const sorted = (values: Set<string>) => [...values].sort((a, b) => a.localeCompare(b));
  return { tags: sorted(tags), teams: sorted(teams), statuses: sorted(statuses) };
}
