/**
 * Messages between the graph webview and the extension. Imports nothing from `vscode`, Node or
 * the DOM, so both sides share it.
 */
import type { KnowledgeGraph } from '../../core/articles/knowledgeGraph';

/** Webview → extension. The webview posts `ready` before the extension posts anything. */
export type GraphViewRequest =
  | { type: 'ready' }
  /** A node was clicked (or chosen with the keyboard): open its article, tag, team or file. */
  | { type: 'openNode'; nodeId: string }
  /** Show only what is at most `depth` edges from this node (Show Neighbourhood). */
  | { type: 'focus'; nodeId: string; depth: number }
  /** Back to the whole graph. */
  | { type: 'showAll' };

/** How far a neighbourhood reaches: 1 to 3 edges. */
export const MAX_NEIGHBOURHOOD_DEPTH = 3;

/** The node whose neighbourhood the graph shows. */
export interface GraphFocus {
  nodeId: string;
  label: string;
  depth: number;
}

/** Extension → webview: the graph to draw (filters and the view's place are kept): the whole graph, or a neighbourhood. */
export interface GraphViewUpdate {
  type: 'graph';
  graph: KnowledgeGraph;
  focus?: GraphFocus;
}

export function isGraphViewRequest(value: unknown): value is GraphViewRequest {
  if (!value || typeof value !== 'object') return false;
  const message = value as { type?: unknown; nodeId?: unknown; depth?: unknown };
  if (message.type === 'ready' || message.type === 'showAll') return true;
  const node = typeof message.nodeId === 'string' && message.nodeId.length <= 2000;
  if (message.type === 'openNode') return node;
  return message.type === 'focus' && node && Number.isInteger(message.depth)
    && (message.depth as number) >= 1 && (message.depth as number) <= MAX_NEIGHBOURHOOD_DEPTH;
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
