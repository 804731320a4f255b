import type { GraphNodeKind } from '../../core/articles/knowledgeGraph';
import type { LaidEdge, LaidNode } from './layout';

/** Pan and zoom: screen = graph × k + (x, y), in CSS pixels. */
export interface Camera {
  x: number;
  y: number;
  k: number;
}

/** Colours of the current VS Code theme (read again when the theme changes). */
export interface Palette {
  background: string;
  text: string;
  muted: string;
  edge: string;
  link: string;
  focus: string;
  kinds: Record<GraphNodeKind, string>;
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const text = v('--vscode-editor-foreground', '#333');
  return {
    background: v('--vscode-editor-background', '#fff'),
    text,
    muted: v('--vscode-descriptionForeground', text),
    edge: v('--vscode-descriptionForeground', '#888'),
    link: v('--vscode-textLink-foreground', '#36c'),
    focus: v('--vscode-focusBorder', '#09f'),
    kinds: {
      article: v('--vscode-charts-blue', '#36c'),
      tag: v('--vscode-charts-green', '#393'),
      team: v('--vscode-charts-purple', '#939'),
      file: v('--vscode-charts-orange', '#c60'),
    },
  };
}

export function nodeRadius(n: LaidNode): number {
  return n.node.kind === 'article' ? 5 : Math.min(14, 4 + Math.sqrt(n.degree) * 1.5);
}

/** The node under a point on screen (CSS pixels), the nearest within its radius plus a little. */
export function nodeAt(nodes: readonly LaidNode[], camera: Camera, sx: number, sy: number): LaidNode | undefined {
  const gx = (sx - camera.x) / camera.k;
  const gy = (sy - camera.y) / camera.k;
  let best: LaidNode | undefined;
  let bestDistance = Infinity;
  for (const n of nodes) {
    const reach = nodeRadius(n) + 4 / camera.k;
    const d = (n.x - gx) ** 2 + (n.y - gy) ** 2;
    if (d <= reach * reach && d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

/** The camera that shows every node, with a margin. */
export function fitCamera(nodes: readonly LaidNode[], width: number, height: number): Camera {
  if (!nodes.length) return { x: width / 2, y: height / 2, k: 1 };
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
    minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
  }
  const k = Math.min(3, Math.max(0.05, Math.min((width - 80) / Math.max(1, maxX - minX), (height - 80) / Math.max(1, maxY - minY))));
  return { k, x: width / 2 - ((minX + maxX) / 2) * k, y: height / 2 - ((minY + maxY) / 2) * k };
}

export interface DrawState {
  camera: Camera;
  palette: Palette;
  /** Hovered or keyboard-chosen node, and nodes to label whatever the zoom (search matches). */
  highlighted?: LaidNode;
  labelled: ReadonlySet<string>;
  font: string;
  /** The layout is still running: only links between articles, and only the labels asked for (highlighted, matches). */
  moving?: boolean;
}

/**
 * Draws the graph on a canvas: edges (links between articles stronger than the rest), nodes by
 * kind (articles round, tags diamonds, teams and files squares: shape says the kind, colour
 * only repeats it), and labels where they can be read (hubs, a close zoom, matches, the
 * highlighted node and its neighbours).
 */
export function draw(ctx: CanvasRenderingContext2D, width: number, height: number, nodes: readonly LaidNode[], edges: readonly LaidEdge[], state: DrawState): void {
  const { camera, palette } = state;
  ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, width, height);
  ctx.setTransform(devicePixelRatio * camera.k, 0, 0, devicePixelRatio * camera.k, devicePixelRatio * camera.x, devicePixelRatio * camera.y);
  const neighbours = new Set<LaidNode>();
  ctx.lineWidth = 1 / camera.k;
  ctx.globalAlpha = 0.45;
  ctx.strokeStyle = palette.edge;
  ctx.beginPath();
  // While the layout runs, only links between articles: tag, team and file edges (three in four
  // at 2,000 nodes) come once it settles.
  for (const e of state.moving ? [] : edges) {
    if (e.edge.kind === 'link') continue;
    ctx.moveTo(e.source.x, e.source.y);
    ctx.lineTo(e.target.x, e.target.y);
  }
  ctx.stroke();
  // Links stand out by colour and opacity, not width: a line wider than one pixel leaves the
  // software raster's hairline path and cost 20–40 times more (1,600 links took ~300 ms a frame).
  ctx.globalAlpha = 1;
  ctx.strokeStyle = palette.link;
  ctx.beginPath();
  for (const e of edges) {
    if (e.edge.kind !== 'link') continue;
    ctx.moveTo(e.source.x, e.source.y);
    ctx.lineTo(e.target.x, e.target.y);
  }
  ctx.stroke();
  if (state.highlighted) {
    ctx.globalAlpha = 1;
    ctx.strokeStyle = palette.focus;
    ctx.lineWidth = 2 / camera.k;
    ctx.beginPath();
    for (const e of edges) {
      if (e.source !== state.highlighted && e.target !== state.highlighted) continue;
      neighbours.add(e.source === state.highlighted ? e.target : e.source);
      ctx.moveTo(e.source.x, e.source.y);
      ctx.lineTo(e.target.x, e.target.y);
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  // One path per kind of mark (a fill per node made the browser's software raster the bottleneck at 2,000 nodes).
  const marks = new Map<string, LaidNode[]>();
  for (const n of nodes) {
    const hollow = n.node.kind === 'article' && !!n.node.status && n.node.status !== 'published';
    const key = `${n.node.kind}${hollow ? ' hollow' : ''}`;
    const list = marks.get(key);
    if (list) list.push(n);
    else marks.set(key, [n]);
  }
  for (const [key, list] of marks) {
    const kind = list[0].node.kind;
    ctx.beginPath();
    for (const n of list) {
      const r = nodeRadius(n);
      if (kind === 'article') {
        ctx.moveTo(n.x + r, n.y);
        ctx.arc(n.x, n.y, r, 0, Math.PI * 2);
      } else if (kind === 'tag') {
        ctx.moveTo(n.x, n.y - r); ctx.lineTo(n.x + r, n.y); ctx.lineTo(n.x, n.y + r); ctx.lineTo(n.x - r, n.y); ctx.closePath();
      } else ctx.rect(n.x - r * 0.8, n.y - r * 0.8, r * 1.6, r * 1.6);
    }
    if (key.endsWith('hollow')) {
      // Drafts, articles in review and archived ones: hollow, as a ring filled twice (a stroke
      // wider than a pixel is far slower to raster than a fill).
      ctx.fillStyle = palette.kinds.article;
      ctx.fill();
      ctx.beginPath();
      for (const n of list) {
        const inner = Math.max(0, nodeRadius(n) - 2 / camera.k);
        ctx.moveTo(n.x + inner, n.y);
        ctx.arc(n.x, n.y, inner, 0, Math.PI * 2);
      }
      ctx.fillStyle = palette.background;
      ctx.fill();
    } else {
      ctx.fillStyle = palette.kinds[kind];
      ctx.fill();
    }
  }
  if (state.highlighted) {
    const n = state.highlighted;
    ctx.lineWidth = 2.5 / camera.k;
    ctx.strokeStyle = palette.focus;
    ctx.beginPath();
    ctx.arc(n.x, n.y, nodeRadius(n) + 4 / camera.k, 0, Math.PI * 2);
    ctx.stroke();
  }
  // Labels in screen pixels, so they stay readable at any zoom.
  ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
  ctx.font = state.font;
  ctx.textBaseline = 'middle';
  let labels = 0;
  for (const n of nodes) {
    const sx = n.x * camera.k + camera.x;
    const sy = n.y * camera.k + camera.y;
    if (sx < -200 || sy < -20 || sx > width + 20 || sy > height + 20) continue;
    const wanted = n === state.highlighted || neighbours.has(n) || state.labelled.has(n.node.id)
      || (!state.moving && ((n.node.kind !== 'article' && n.node.kind !== 'file' && n.degree >= 2) || camera.k >= 1.4));
    if (!wanted || labels >= 400) continue;
    labels++;
    const text = n.node.label.length > 48 ? `${n.node.label.slice(0, 47)}…` : n.node.label;
    ctx.fillStyle = n === state.highlighted ? palette.text : n.node.kind === 'article' ? palette.text : palette.muted;
    ctx.fillText(text, sx + nodeRadius(n) * camera.k + 4, sy);
  }
}
