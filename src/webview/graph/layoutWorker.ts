import type { GraphEdge, GraphNode } from '../../core/articles/knowledgeGraph';
import { ForceLayout } from './layout';

/**
 * The graph view's layout on a thread of its own (a Web Worker made from a blob: URL, the only
 * kind a VS Code webview may start). The page sends the graph it shows; the worker steps the
 * force layout as fast as it can and posts where the nodes are every few milliseconds, so the
 * page's frames only draw (at 2,000 nodes a layout step alone could take longer than a frame).
 */

/** Page → worker: lay out this graph (a newer one replaces the one laid out). */
export interface LayoutStart {
  generation: number;
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  /** Where nodes already drawn are, by id: they start there. */
  places: Array<[string, { x: number; y: number }]>;
}

/** Worker → page: the nodes' places, x and y by node index, and whether the layout settled. */
export interface LayoutProgress {
  generation: number;
  xy: Float64Array;
  settled: boolean;
}

/** How long the worker steps between posts: the page sees movement about 30 times a second. */
const POST_EVERY_MS = 30;

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutStart>) => void) | null;
  postMessage(message: LayoutProgress, transfer: Transferable[]): void;
}

/** Runs in the worker: lays out what the page sends. */
export function serveLayouts(scope: WorkerScope): void {
  let current: { layout: ForceLayout; generation: number } | undefined;
  let scheduled = false;
  const run = () => {
    scheduled = false;
    if (!current) return;
    const { layout, generation } = current;
    layout.step(POST_EVERY_MS);
    const xy = new Float64Array(layout.nodes.length * 2);
    layout.nodes.forEach((n, i) => {
      xy[2 * i] = n.x;
      xy[2 * i + 1] = n.y;
    });
    scope.postMessage({ generation, xy, settled: layout.settled }, [xy.buffer]);
    if (layout.settled) current = undefined;
    else schedule();
  };
  // A timer between batches of steps lets a newer graph's message in.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(run, 0);
  };
  scope.onmessage = (event) => {
    const { generation, nodes, edges, places } = event.data;
    current = { layout: new ForceLayout(nodes, edges, new Map(places)), generation };
    schedule();
  };
}
