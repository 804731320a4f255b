import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration, type Plugin,
} from 'chart.js';
import { color } from 'chart.js/helpers';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import type { Figures } from '../../core/recognition/teamKnowledge';
import type { DashboardRequest, DashboardUpdate } from './protocol';

/**
 * Browser side of the Team Knowledge view: tables and Chart.js charts of the figures the
 * extension sends. Every name (a teammate's, a team's) is written as text (textContent, canvas
 * text), never as HTML. Chart.js draws on canvases and needs no eval, so it runs under the
 * view's CSP; it is bundled in, nothing is loaded remotely.
 */
interface VsCodeApi {
  postMessage(message: DashboardRequest): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

declare global {
  interface Window {
    /** What the view drew last (the e2e test reads it). */
    loreDashboard?: { charts: number; people: number; teams: number; e: number };
  }
}

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, MatrixController, MatrixElement);

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let charts: Chart[] = [];
let last: DashboardUpdate | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

interface Palette {
  text: string;
  muted: string;
  grid: string;
  font: string;
  series: string[];
  heat: string;
}

function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const text = v('--vscode-foreground', '#333');
  return {
    text,
    muted: v('--vscode-descriptionForeground', text),
    grid: v('--vscode-panel-border', 'rgba(128,128,128,0.3)'),
    font: v('--vscode-font-family', 'sans-serif'),
    series: [v('--vscode-charts-blue', '#36c'), v('--vscode-charts-green', '#393'), v('--vscode-charts-orange', '#c60'), v('--vscode-charts-purple', '#939'), v('--vscode-charts-red', '#c33')],
    heat: v('--vscode-charts-blue', '#36c'),
  };
}

const alpha = (c: string, a: number): string => {
  try {
    return color(c).alpha(a).rgbString() ?? c;
  } catch {
    return c;
  }
};

const FIGURE_COLUMNS: Array<[keyof Figures, string]> = [
  ['written', 'Articles written'], ['keptFresh', 'Kept fresh'], ['helpfulVotes', 'Helpful votes'], ['notesPromoted', 'Notes promoted'], ['thanks', 'Thanks'],
];

/** A table; columns from `numbersFrom` on hold numbers (aligned right). */
function table(caption: string, head: string[], rows: Array<Array<string | number>>, className: string, numbersFrom: number): HTMLTableElement {
  return el('table', { className },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', className: i >= numbersFrom ? 'num' : '' }, h)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell, i) => (i === 0
      ? el('th', { scope: 'row' }, String(cell))
      : el('td', { className: typeof cell === 'number' ? 'num' : '' }, String(cell))))))),
  );
}

function canvasBox(label: string, className: string): { box: HTMLDivElement; canvas: HTMLCanvasElement } {
  const canvas = el('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  return { box: el('div', { className: `chart ${className}` }, canvas), canvas };
}

/** A category axis label cut to fit (the tables and tooltips have the whole name). */
function shortTick(this: { getLabelForValue(value: number): string }, value: string | number): string {
  const label = this.getLabelForValue(Number(value));
  return label.length > 18 ? `${label.slice(0, 17)}…` : label;
}

/** Draws the numbers in the heat map's cells (canvas text: a name can never become markup). */
const cellValues: Plugin<'matrix'> = {
  id: 'loreCellValues',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const meta = chart.getDatasetMeta(0);
    const data = chart.data.datasets[0].data as unknown as Array<{ v: number }>;
    ctx.save();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = String(Chart.defaults.color);
    ctx.font = `12px ${String(Chart.defaults.font.family)}`;
    meta.data.forEach((element, i) => {
      const { x, y, width, height } = element.getProps(['x', 'y', 'width', 'height'], true) as { x: number; y: number; width: number; height: number };
      ctx.fillText(String(data[i].v), x + width / 2, y + height / 2);
    });
    ctx.restore();
  },
};

function render(update: DashboardUpdate): void {
  const { figures, rules } = update;
  for (const chart of charts) chart.destroy();
  charts = [];
  const palette = readPalette();
  Chart.defaults.color = palette.text;
  Chart.defaults.borderColor = palette.grid;
  Chart.defaults.font.family = palette.font;
  Chart.defaults.animation = false;

  const exportButton = el('button', { className: 'export', type: 'button' }, 'Export CSV…');
  exportButton.addEventListener('click', () => vscode.postMessage({ type: 'exportCsv' }));
  const header = el('header', { className: 'toolbar' },
    el('h1', {}, 'Team Knowledge'),
    el('span', { className: 'summary' }, `E = ${figures.e} (within teams ${figures.within}, between teams ${figures.between}) · as of ${figures.now.slice(0, 10)}`),
    exportButton,
  );

  const bar = canvasBox('Articles, articles kept fresh and helpful votes per team', 'bar');
  const heat = canvasBox('Heat map: how much each team (column) reads, links to and votes on each team\'s (row) knowledge', 'heat');
  const line = canvasBox('E per week: use of knowledge within teams and between teams', 'line');
  const teams = figures.matrixTeams;
  const matrixTable = table('k_ij: rows are the team whose knowledge it is (i), columns the team using it (j); opens + links + votes',
    ['Knowledge of ↓ / used by →', ...teams],
    teams.map((owner, i) => [owner, ...teams.map((_r, j) => figures.k[i][j].total)]), 'matrix', 1);

  root.replaceChildren(
    header,
    el('section', { className: 'charts' },
      el('figure', {}, el('figcaption', {}, 'Per team'), bar.box),
      el('figure', {}, el('figcaption', {}, 'Who uses whose knowledge (k_ij)'), heat.box),
      el('figure', { className: 'wide' }, el('figcaption', {}, `E over time (per week, last ${figures.weekly.length} weeks)`), line.box),
    ),
    el('details', {}, el('summary', {}, 'k_ij as a table'), matrixTable),
    table('Teams', ['Team', 'People', ...FIGURE_COLUMNS.map(([, label]) => label)],
      figures.teams.map((t) => [t.team, t.people, ...FIGURE_COLUMNS.map(([key]) => t[key])]), 'teams', 1),
    table('People', ['Person', 'Team', ...FIGURE_COLUMNS.map(([, label]) => label)],
      figures.people.map((p) => [p.name, p.team, ...FIGURE_COLUMNS.map(([key]) => p[key])]), 'people', 2),
    el('section', { className: 'rules' }, el('h2', {}, 'How each number is counted'),
      el('dl', {}, ...rules.flatMap((r) => [el('dt', {}, r.name), el('dd', {}, r.rule)]))),
  );
  if (!figures.people.length) root.insertBefore(el('p', { className: 'empty' }, 'No shared articles yet: the figures fill in as your team writes, reads and votes.'), header.nextSibling);

  const barConfig: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: figures.teams.map((t) => t.team),
      datasets: [
        { label: 'Articles written', data: figures.teams.map((t) => t.written), backgroundColor: palette.series[0] },
        { label: `Kept fresh (${figures.freshDays} days)`, data: figures.teams.map((t) => t.keptFresh), backgroundColor: palette.series[1] },
        { label: 'Helpful votes', data: figures.teams.map((t) => t.helpfulVotes), backgroundColor: palette.series[2] },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false, scales: { x: { ticks: { callback: shortTick, autoSkip: false } }, y: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
  charts.push(new Chart(bar.canvas, barConfig));

  const max = Math.max(1, ...figures.k.flat().map((f) => f.total));
  const cells = teams.flatMap((owner, i) => teams.map((reader, j) => ({ x: reader, y: owner, v: figures.k[i][j].total, flow: figures.k[i][j] })));
  const heatConfig: ChartConfiguration<'matrix'> = {
    type: 'matrix',
    data: {
      datasets: [{
        label: 'k_ij',
        data: cells,
        backgroundColor: (ctx) => alpha(palette.heat, 0.08 + 0.85 * ((ctx.raw as { v?: number } | undefined)?.v ?? 0) / max),
        borderColor: palette.grid,
        borderWidth: 1,
        width: ({ chart }) => (chart.chartArea?.width ?? 0) / Math.max(1, teams.length) - 2,
        height: ({ chart }) => (chart.chartArea?.height ?? 0) / Math.max(1, teams.length) - 2,
      }],
    },
    options: {
      responsive: true, maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (ctx) => {
              const cell = ctx.raw as (typeof cells)[number];
              return `${cell.x} using ${cell.y}'s knowledge: ${cell.flow.reads} opens, ${cell.flow.links} links, ${cell.flow.votes} helpful votes`;
            },
          },
        },
      },
      scales: {
        x: { type: 'category', labels: teams, offset: true, grid: { display: false }, ticks: { callback: shortTick, autoSkip: false }, title: { display: true, text: 'used by team j' } },
        // A category y axis lists its labels from the bottom up: reversed, the first team is on top, as in the table.
        y: { type: 'category', labels: [...teams].reverse(), offset: true, grid: { display: false }, ticks: { callback: shortTick, autoSkip: false }, title: { display: true, text: 'knowledge of team i' } },
      },
    },
    plugins: [cellValues],
  };
  charts.push(new Chart(heat.canvas, heatConfig));

  const lineConfig: ChartConfiguration<'line'> = {
    type: 'line',
    data: {
      labels: figures.weekly.map((w) => w.week),
      datasets: [
        { label: 'E', data: figures.weekly.map((w) => w.e), borderColor: palette.series[0], backgroundColor: palette.series[0], tension: 0.2 },
        { label: 'Within teams (Σ k_i)', data: figures.weekly.map((w) => w.within), borderColor: palette.series[1], backgroundColor: palette.series[1], borderDash: [4, 3] },
        { label: 'Between teams (Σ Σ k_ij)', data: figures.weekly.map((w) => w.between), borderColor: palette.series[3], backgroundColor: palette.series[3], borderDash: [4, 3] },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
  charts.push(new Chart(line.canvas, lineConfig));
  window.loreDashboard = { charts: charts.length, people: figures.people.length, teams: figures.teams.length, e: figures.e };
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as DashboardUpdate | undefined;
  if (message?.type !== 'figures') return;
  last = message;
  try {
    render(message);
    vscode.postMessage({ type: 'drawn', charts: charts.length });
  } catch (error) {
    vscode.postMessage({ type: 'drawn', charts: charts.length, error: String(error) });
  }
});

// A theme change re-reads the colours (VS Code changes the body's class).
new MutationObserver(() => {
  if (last) render(last);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready' });
