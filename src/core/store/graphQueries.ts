import { buildKnowledgeGraph, type GraphArticle, type KnowledgeGraph } from '../articles/knowledgeGraph';
import type { Database } from './database';
import { parseTagsColumn } from './rows';

/** The most articles the graph view draws: the newest ones when there are more (it says so). */
export const GRAPH_ARTICLE_LIMIT = 2000;

/**
 * The knowledge graph of the live articles (private ones included: the view is local), the
 * `limit` changed last when there are more, with the files their live snippets are in. Two
 * queries, whatever the number of articles; links are read from the bodies (knowledgeGraph.ts).
 */
export function knowledgeGraph(db: Database, limit = GRAPH_ARTICLE_LIMIT): KnowledgeGraph {
  const rows = db.all<{ id: string; title: string; body: string; tags: string; team: string | null; status: string; visibility: string }>(
    `SELECT id, title, body, tags, team, status, visibility FROM articles WHERE deleted = 0
      ORDER BY updated_at DESC, id LIMIT ?`,
    Math.max(1, Math.floor(limit)),
  );
  const files = new Map<string, string[]>();
  for (const row of db.all<{ article_id: string; path: string }>(
    `SELECT DISTINCT s.article_id, s.path FROM snippets s JOIN articles a ON a.id = s.article_id
      WHERE s.deleted = 0 AND a.deleted = 0 ORDER BY s.article_id, s.path`,
  )) {
    const list = files.get(row.article_id);
    if (list) list.push(row.path);
    else files.set(row.article_id, [row.path]);
  }
  const articles: GraphArticle[] = rows.map((row) => ({
    id: row.id, title: row.title, body: row.body, tags: parseTagsColumn(row.tags), team: row.team,
    status: row.status, visibility: row.visibility, files: files.get(row.id) ?? [],
  }));
  const total = db.get<{ value: number }>("SELECT value FROM store_counts WHERE name = 'live_articles'")?.value ?? articles.length;
  return buildKnowledgeGraph(articles, Math.max(total, articles.length));
}
