/**
 * Messages between the graph webview and the extension. Imports nothing from `vscode`, Node or
 * the DOM, so both sides share it.
 */
import type { KnowledgeGraph } from '../../core/articles/knowledgeGraph';

/** Webview → extension. The webview posts `ready` before the extension posts anything. */
export type GraphViewRequest =
  | { type: 'ready' }
  /** A node was clicked (or chosen with the keyboard): open its article, tag, team or file. */
  | { type: 'openNode'; nodeId: string };

/** Extension → webview: the whole graph, drawn again (filters and the view's place are kept). */
export interface GraphViewUpdate {
  type: 'graph';
  graph: KnowledgeGraph;
}

export function isGraphViewRequest(value: unknown): value is GraphViewRequest {
  if (!value || typeof value !== 'object') return false;
  const message = value as { type?: unknown; nodeId?: unknown };
  if (message.type === 'ready') return true;
  return message.type === 'openNode' && typeof message.nodeId === 'string' && message.nodeId.length <= 2000;
}

/** Layout timings the webview keeps in `window.loreGraphStats`, read by the bench (bench/graphBench.ts) and nothing else. */
export interface GraphStats {
  nodes: number;
  edges: number;
  /** From receiving the graph to a settled layout, ms (undefined while it runs). */
  settleMs?: number;
  /** Per animation frame while the layout ran: the time between frames, and Lore's work in it. */
  frameIntervals: number[];
  frameWork: number[];
  /** Lore's work per frame drawn after the layout settled (panning, zooming, hovering). */
  redrawWork: number[];
}
