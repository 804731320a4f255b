import { filterGraph, graphFacets, type GraphFilter } from '../../core/articles/graphFilter';
import type { KnowledgeGraph } from '../../core/articles/knowledgeGraph';
import { ForceLayout, type LaidNode } from './layout';
import type { LayoutProgress, LayoutStart } from './layoutWorker';
import { MAX_NEIGHBOURHOOD_DEPTH, type GraphFocus, type GraphStats, type GraphViewRequest, type GraphViewUpdate } from './protocol';
import { draw, fitCamera, nodeAt, readPalette, type Camera, type Palette } from './render';

/** Browser side of the graph view: filters, lays out and draws what the extension sends; posts clicks. */
interface ViewState {
  filter: GraphFilter;
}
interface VsCodeApi {
  postMessage(message: GraphViewRequest): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

declare global {
  interface Window {
    loreGraphStats?: GraphStats;
  }
}

/** The layout worker's code, put in by the bundler (scripts/graphWorker.mjs); absent, the layout runs on the page. */
declare const LORE_LAYOUT_WORKER: string | undefined;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const MAX_MATCHES = 30;
const KIND_CHOICES = [['tag', 'Tags'], ['team', 'Teams'], ['file', 'Files']] as const;

let graph: KnowledgeGraph = { nodes: [], edges: [], totalArticles: 0 };
/** The node whose neighbourhood the extension sent; the whole graph when undefined. */
let focus: GraphFocus | undefined;
const DEFAULT_DEPTH = 2;
let filter: GraphFilter = vscode.getState()?.filter ?? {};
let layout = new ForceLayout([], []);
let camera: Camera = { x: 0, y: 0, k: 1 };
/** The camera follows the layout until the user pans or zooms. */
let fitting = true;
let palette: Palette = readPalette();
let font = readFont();
let highlighted: LaidNode | undefined;
let matched = new Set<string>();
let frameRequested = false;
let lastFrame: number | undefined;
let stats: GraphStats | undefined;
let layoutStarted = 0;
/** Between a graph's arrival and its settled layout. */
let layoutRunning = false;
/** The layout's own thread, when the page may start one; otherwise the page steps the layout between frames. */
let worker = startWorker();
let generation = 0;
let workerSettled = false;
/** The worker posted new places since the last drawing. */
let moved = false;

function startWorker(): Worker | undefined {
  if (typeof LORE_LAYOUT_WORKER !== 'string' || typeof Worker === 'undefined') return undefined;
  try {
    const started = new Worker(URL.createObjectURL(new Blob([LORE_LAYOUT_WORKER], { type: 'text/javascript' })));
    started.onmessage = (event: MessageEvent<LayoutProgress>) => placed(event.data);
    // A worker that fails (refused by the page's policy after all, or broken): the page lays out itself.
    started.onerror = () => {
      started.terminate();
      worker = undefined;
      scheduleFrame();
    };
    return started;
  } catch {
    // A page whose CSP refuses blob: workers lays out on its own thread.
    return undefined;
  }
}

/** The worker's places for the graph shown now: move the nodes there and draw them. */
function placed(progress: LayoutProgress): void {
  if (progress.generation !== generation || progress.xy.length !== layout.nodes.length * 2) return;
  layout.nodes.forEach((n, i) => {
    n.x = progress.xy[2 * i];
    n.y = progress.xy[2 * i + 1];
  });
  workerSettled = progress.settled;
  moved = true;
  scheduleFrame();
}

function layoutSettled(): boolean {
  return worker ? workerSettled : layout.settled;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  children.forEach((c) => node.appendChild(c));
  return node;
}

const search = el('input', { type: 'search', placeholder: 'Filter by title', className: 'search' });
search.setAttribute('aria-label', 'Filter articles by title');
const selects = {
  tag: el('select'),
  team: el('select'),
  status: el('select'),
};
selects.tag.setAttribute('aria-label', 'Show articles with this tag');
selects.team.setAttribute('aria-label', 'Show articles of this team');
selects.status.setAttribute('aria-label', 'Show articles with this status');
const kindBoxes = KIND_CHOICES.map(([kind, label]) => {
  const box = el('input', { type: 'checkbox', checked: !filter.kinds || filter.kinds.includes(kind) });
  box.dataset.kind = kind;
  return { kind, box, label: el('label', {}, box, document.createTextNode(` ${label}`)) };
});
const summary = el('span', { className: 'summary' });
summary.setAttribute('aria-live', 'polite');
const legend = el('div', { className: 'legend', textContent: '● article   ○ draft, in review or archived   ◆ tag   ■ team or file   — link between articles' });
// Shown while the graph is one node's neighbourhood: its depth, and the way back to everything.
const focusText = el('span');
const depthSelect = el('select');
depthSelect.setAttribute('aria-label', 'How many links away from it to show');
depthSelect.append(...Array.from({ length: MAX_NEIGHBOURHOOD_DEPTH }, (_, i) => el('option', { value: String(i + 1), textContent: i === 0 ? '1 step away' : `${i + 1} steps away` })));
const showAll = el('button', { textContent: 'Show Whole Graph', className: 'show-all' });
const focusBar = el('div', { className: 'focusbar' }, focusText, depthSelect, showAll);
focusBar.hidden = true;
depthSelect.addEventListener('change', () => {
  if (focus) vscode.postMessage({ type: 'focus', nodeId: focus.nodeId, depth: Number(depthSelect.value) });
});
showAll.addEventListener('click', () => vscode.postMessage({ type: 'showAll' }));
/** Show Neighbourhood: asks the extension for the graph around this node. */
function showNeighbourhood(nodeId: string): void {
  vscode.postMessage({ type: 'focus', nodeId, depth: focus?.depth ?? DEFAULT_DEPTH });
}
const canvas = el('canvas', { tabIndex: 0, className: 'graph' });
canvas.setAttribute('role', 'img');
const tooltip = el('div', { className: 'tooltip' });
tooltip.hidden = true;
const matches = el('ul', { className: 'matches' });
matches.setAttribute('aria-label', 'Matching articles');
root.append(
  el('header', { className: 'toolbar' }, search, selects.tag, selects.team, selects.status, ...kindBoxes.map((k) => k.label), summary),
  focusBar,
  legend,
  el('div', { className: 'stage' }, canvas, tooltip),
  matches,
);
const ctx = canvas.getContext('2d')!;

function fillSelect(select: HTMLSelectElement, all: string, values: string[], chosen: string | undefined): void {
  select.replaceChildren(el('option', { value: '', textContent: all }), ...values.map((v) => el('option', { value: v, textContent: v })));
  select.value = chosen && values.includes(chosen) ? chosen : '';
}

/** The filter the controls show (after the user changed one). */
function readControls(): void {
  filter = {
    ...(search.value.trim() ? { text: search.value } : {}),
    ...(selects.tag.value ? { tag: selects.tag.value } : {}),
    ...(selects.team.value ? { team: selects.team.value } : {}),
    ...(selects.status.value ? { status: selects.status.value } : {}),
    kinds: kindBoxes.filter((k) => k.box.checked).map((k) => k.kind),
  };
}

/** Filters the graph and lays it out again, keeping nodes where they were. */
function showGraph(): void {
  const facets = graphFacets(graph);
  fillSelect(selects.tag, 'All tags', facets.tags, filter.tag);
  fillSelect(selects.team, 'All teams', facets.teams, filter.team);
  fillSelect(selects.status, 'All statuses', facets.statuses, filter.status);
  // A tag, team or status no article has any more is no filter.
  readControls();
  vscode.setState({ filter });
  const shown = filterGraph(graph, filter);
  const places = layout.places();
  layout = new ForceLayout(shown.nodes, shown.edges, places);
  if (worker) {
    generation++;
    workerSettled = false;
    const start: LayoutStart = { generation, nodes: shown.nodes, edges: shown.edges, places: [...places] };
    worker.postMessage(start);
  }
  highlighted = undefined;
  const articles = shown.nodes.filter((n) => n.kind === 'article');
  const links = shown.edges.filter((e) => e.kind === 'link').length;
  const capped = graph.totalArticles > graph.nodes.filter((n) => n.kind === 'article').length
    ? ` (the ${graph.nodes.filter((n) => n.kind === 'article').length} changed last of ${graph.totalArticles})` : '';
  summary.textContent = `${articles.length} ${articles.length === 1 ? 'article' : 'articles'}, ${links} ${links === 1 ? 'link' : 'links'}${capped}`;
  canvas.setAttribute('aria-label', `Knowledge graph of ${summary.textContent}. Type in the filter to list articles you can open with the keyboard.`);
  matched = new Set(filter.text ? articles.map((n) => n.id) : []);
  if (focus) matched.add(focus.nodeId);
  showMatches(filter.text ? articles : []);
  layoutStarted = performance.now();
  stats = { nodes: shown.nodes.length, edges: shown.edges.length, frameIntervals: [], frameWork: [], redrawWork: [] };
  window.loreGraphStats = stats;
  document.body.dataset.layout = 'running';
  layoutRunning = true;
  lastFrame = undefined;
  requestFrame();
}

/** Articles matching the typed words, as buttons: the keyboard's way to open one. */
function showMatches(articles: Array<{ id: string; label: string; articleId?: string }>): void {
  matches.replaceChildren(...articles.slice(0, MAX_MATCHES).map((node) => {
    const b = el('button', { textContent: node.label, className: 'match' });
    b.addEventListener('click', () => vscode.postMessage({ type: 'openNode', nodeId: node.id }));
    b.addEventListener('focus', () => highlight(layout.nodes.find((n) => n.node.id === node.id)));
    b.addEventListener('keydown', (e) => {
      if (e.key !== 'n' && e.key !== 'N') return;
      showNeighbourhood(node.id);
      e.preventDefault();
    });
    b.title = 'Enter opens it; N shows only its neighbourhood';
    return el('li', {}, b);
  }));
  if (articles.length > MAX_MATCHES) matches.append(el('li', { className: 'more', textContent: `and ${articles.length - MAX_MATCHES} more: type more words to narrow` }));
}

function highlight(node: LaidNode | undefined): void {
  highlighted = node;
  if (node) {
    const others = layout.edges.filter((e) => e.source === node || e.target === node).map((e) => e.edge.why);
    tooltip.textContent = [node.node.label, ...others.slice(0, 6), ...(others.length > 6 ? [`and ${others.length - 6} more`] : []),
      'Click to open it; right-click or N to show only its neighbourhood'].join('\n');
    tooltip.hidden = false;
    const sx = node.x * camera.k + camera.x;
    const sy = node.y * camera.k + camera.y;
    tooltip.style.left = `${Math.min(sx + 12, canvas.clientWidth - 260)}px`;
    tooltip.style.top = `${sy + 12}px`;
  } else tooltip.hidden = true;
  requestFrame();
}

/** The editor's UI font, for labels. */
function readFont(): string {
  const style = getComputedStyle(document.body);
  return `${style.getPropertyValue('--vscode-font-size').trim() || '13px'} ${style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif'}`;
}

/** Set when the user moved something: the next frame draws even while the layout runs. */
let needsDraw = true;
let lastDrawn = -Infinity;
/**
 * Without a worker the page steps the layout itself, for this long per frame, and draws it a
 * few times a second: drawing 2,000 nodes and 6,000 edges on a software canvas costs far more
 * than a step, and drawing each frame made the layout take several times longer to settle.
 */
const STEP_BUDGET_MS = 12;
const DRAW_EVERY_MS = 250;
/** With a worker, the moving graph is drawn at most this often, so most frames stay free for the pointer and keys. */
const DRAW_MOVING_EVERY_MS = 100;

function requestFrame(): void {
  needsDraw = true;
  scheduleFrame();
}

function scheduleFrame(): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(frame);
}

function frame(time: number): void {
  frameRequested = false;
  const start = performance.now();
  if (layoutRunning && !worker) layout.step(STEP_BUDGET_MS);
  const settledNow = layoutRunning && layoutSettled();
  const due = worker ? moved && time - lastDrawn >= DRAW_MOVING_EVERY_MS : time - lastDrawn >= DRAW_EVERY_MS;
  if (needsDraw || settledNow || (layoutRunning && due)) {
    needsDraw = false;
    moved = false;
    lastDrawn = time;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * devicePixelRatio) || canvas.height !== Math.round(height * devicePixelRatio)) {
      canvas.width = Math.round(width * devicePixelRatio);
      canvas.height = Math.round(height * devicePixelRatio);
    }
    if (fitting) camera = fitCamera(layout.nodes, width, height);
    draw(ctx, width, height, layout.nodes, layout.edges, { camera, palette, highlighted, labelled: matched, font, moving: layoutRunning && !settledNow });
  }
  if (layoutRunning && stats) {
    if (lastFrame !== undefined) stats.frameIntervals.push(time - lastFrame);
    stats.frameWork.push(performance.now() - start);
    lastFrame = time;
  } else stats?.redrawWork.push(performance.now() - start);
  if (settledNow) {
    layoutRunning = false;
    if (stats) stats.settleMs = performance.now() - layoutStarted;
    document.body.dataset.layout = 'settled';
  } else if (layoutRunning) scheduleFrame();
}

// Pan by dragging, zoom with the wheel around the pointer, click a node to open it.
let drag: { x: number; y: number; moved: boolean } | undefined;
canvas.addEventListener('pointerdown', (e) => {
  drag = { x: e.clientX, y: e.clientY, moved: false };
  canvas.setPointerCapture(e.pointerId);
});
canvas.addEventListener('pointermove', (e) => {
  const box = canvas.getBoundingClientRect();
  if (drag) {
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (drag.moved || Math.abs(dx) + Math.abs(dy) > 3) {
      drag.moved = true;
      fitting = false;
      camera = { ...camera, x: camera.x + dx, y: camera.y + dy };
      drag.x = e.clientX;
      drag.y = e.clientY;
      requestFrame();
    }
    return;
  }
  const node = nodeAt(layout.nodes, camera, e.clientX - box.left, e.clientY - box.top);
  canvas.style.cursor = node ? 'pointer' : 'grab';
  if (node !== highlighted) highlight(node);
});
canvas.addEventListener('pointerup', (e) => {
  const wasDrag = drag?.moved;
  drag = undefined;
  if (wasDrag) return;
  const box = canvas.getBoundingClientRect();
  const node = nodeAt(layout.nodes, camera, e.clientX - box.left, e.clientY - box.top);
  if (node) vscode.postMessage({ type: 'openNode', nodeId: node.node.id });
});
canvas.addEventListener('contextmenu', (e) => {
  const box = canvas.getBoundingClientRect();
  const node = nodeAt(layout.nodes, camera, e.clientX - box.left, e.clientY - box.top);
  if (!node) return;
  e.preventDefault();
  showNeighbourhood(node.node.id);
});
canvas.addEventListener('pointerleave', () => {
  if (!drag && highlighted) highlight(undefined);
});
canvas.addEventListener('wheel', (e) => {
  e.preventDefault();
  const box = canvas.getBoundingClientRect();
  zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
}, { passive: false });

function zoom(factor: number, sx: number, sy: number): void {
  fitting = false;
  const k = Math.min(8, Math.max(0.03, camera.k * factor));
  camera = { k, x: sx - ((sx - camera.x) / camera.k) * k, y: sy - ((sy - camera.y) / camera.k) * k };
  requestFrame();
}

// The keyboard: arrows pan, + and - zoom, 0 fits everything, Enter opens the highlighted node.
canvas.addEventListener('keydown', (e) => {
  const pan = 60;
  const moves: Record<string, [number, number]> = { ArrowLeft: [pan, 0], ArrowRight: [-pan, 0], ArrowUp: [0, pan], ArrowDown: [0, -pan] };
  if (moves[e.key]) {
    fitting = false;
    camera = { ...camera, x: camera.x + moves[e.key][0], y: camera.y + moves[e.key][1] };
    requestFrame();
  } else if (e.key === '+' || e.key === '=') zoom(1.25, canvas.clientWidth / 2, canvas.clientHeight / 2);
  else if (e.key === '-') zoom(0.8, canvas.clientWidth / 2, canvas.clientHeight / 2);
  else if (e.key === '0') {
    fitting = true;
    requestFrame();
  } else if (e.key === 'Enter' && highlighted) vscode.postMessage({ type: 'openNode', nodeId: highlighted.node.id });
  else if ((e.key === 'n' || e.key === 'N') && highlighted) showNeighbourhood(highlighted.node.id);
  else if (e.key === 'Escape' && focus) vscode.postMessage({ type: 'showAll' });
  else return;
  e.preventDefault();
});

const filterChanged = () => {
  readControls();
  showGraph();
};
search.addEventListener('input', filterChanged);
search.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') {
    matches.querySelector('button')?.focus();
    e.preventDefault();
  }
});
for (const select of Object.values(selects)) select.addEventListener('change', filterChanged);
for (const { box } of kindBoxes) box.addEventListener('change', filterChanged);
window.addEventListener('resize', () => requestFrame());
// VS Code changes the body's class when the theme changes: read its colours again.
new MutationObserver(() => {
  palette = readPalette();
  font = readFont();
  requestFrame();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

window.addEventListener('message', (event: MessageEvent<GraphViewUpdate>) => {
  if (event.data?.type !== 'graph') return;
  graph = event.data.graph;
  const before = focus;
  focus = event.data.focus;
  focusBar.hidden = !focus;
  if (focus) {
    focusText.textContent = `Showing the neighbourhood of ${focus.label}:`;
    depthSelect.value = String(focus.depth);
  }
  // A new neighbourhood (or the whole graph again): fit it in the view.
  if (before?.nodeId !== focus?.nodeId || before?.depth !== focus?.depth) fitting = true;
  search.value = filter.text ?? search.value;
  showGraph();
});
vscode.postMessage({ type: 'ready' });
