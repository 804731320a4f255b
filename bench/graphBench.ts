/**
 * The graph view at 2,000 nodes (issue 11), in headless Chromium (the same browser the e2e
 * scenarios drive; software canvas, `--disable-gpu`): the webview's own bundle
 * (src/webview/graph/main.ts, built here) draws a synthetic knowledge graph of 1,600 articles,
 * 250 tags, 20 teams and 130 code files (links, tags and snippets spread as in a real knowledge
 * base: a few popular tags, most articles with 1–3 tags and 0–2 links). Measured:
 *
 * - time to a settled layout, from the graph's arrival to d3-force's alpha below its minimum;
 * - frame time while the layout runs: the interval between animation frames, and Lore's work
 *   in each (layout steps + drawing); and the work of a frame drawn after settling (zooming);
 *
 * beside baselines measured in the same run, in the same browser: the same graph at a tenth of
 * the size (200 nodes) for the settle time, and an empty requestAnimationFrame loop for the frame
 * interval (what the machine gives any page). Seeded: the same graph every run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { buildKnowledgeGraph, type GraphArticle, type KnowledgeGraph } from '../src/core/articles/knowledgeGraph';
import type { GraphStats } from '../src/webview/graph/protocol';
import { graphWorkerDefine } from '../scripts/graphWorker.mjs';
import { repoRoot, seededRandom, workDir } from './benchKit';

interface BenchResult {
  name: string;
  metrics: Record<string, number | string>;
}

const RUNS = Number(process.env.LORE_BENCH_GRAPH_RUNS ?? 3);
/** Goals: usable at 2,000 nodes means a settled layout within seconds and smooth frames meanwhile. */
const GOALS = { settleMs: 5000, frameP95Ms: 50, redrawP95Ms: 16 };

/** A knowledge graph of `articles` articles and a tenth as many tags etc. (all used), seeded. */
export function syntheticGraph(scale: number): KnowledgeGraph {
  const random = seededRandom(11);
  const counts = { articles: 1600 * scale, tags: 250 * scale, teams: Math.max(2, 20 * scale), files: 130 * scale };
  const pick = (n: number, skew = 1) => Math.floor(random() ** skew * n);
  const articles: GraphArticle[] = [];
  for (let i = 0; i < counts.articles; i++) {
    const tags = new Set<string>([`tag-${i % counts.tags}`]);
    for (let t = pick(3); t > 0; t--) tags.add(`tag-${pick(counts.tags, 2.5)}`);
    const files = i < counts.files ? [`src/file-${i}.ts`] : random() < 0.35 ? [`src/file-${pick(counts.files, 1.5)}.ts`] : [];
    const links = Array.from({ length: pick(3) }, () => `[[Article ${pick(counts.articles)}]]`).join(' ');
    articles.push({
      id: `a${i}`, title: `Article ${i}`, body: `Some text. ${links}`, tags: [...tags], team: random() < 0.6 || i < counts.teams ? `Team ${i < counts.teams ? i : pick(counts.teams)}` : null,
      status: random() < 0.8 ? 'published' : 'draft', visibility: 'team', files,
    });
  }
  return buildKnowledgeGraph(articles);
}

function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const round = (n: number) => Math.round(n * 10) / 10;
const median = (values: number[]) => quantile(values, 0.5);

async function bundle(): Promise<string> {
  fs.mkdirSync(workDir, { recursive: true });
  const out = path.join(workDir, 'graph-bench.js');
  // As esbuild.mjs builds it: with its layout worker's code.
  const define = await graphWorkerDefine(esbuild);
  await esbuild.build({ entryPoints: [path.join(repoRoot, 'src/webview/graph/main.ts')], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', outfile: out, logLevel: 'warning', define });
  return fs.readFileSync(out, 'utf8');
}

async function openView(page: Page, script: string): Promise<void> {
  const css = fs.readFileSync(path.join(repoRoot, 'media', 'graph.css'), 'utf8');
  await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body><main id="root"></main></body></html>`);
  await page.evaluate('window.acquireVsCodeApi = () => ({ postMessage: () => {}, getState: () => undefined, setState: () => {} })');
  await page.addScriptTag({ content: script });
}

/** Sends the graph as the extension would and waits for the layout to settle. */
async function layOut(page: Page, script: string, graph: KnowledgeGraph): Promise<GraphStats & { cpuMs: number }> {
  await openView(page, script);
  // The renderer's own busy time (script, style, layout, paint) while laying out: moves less with the machine's load than wall-clock.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
  const before = await busy();
  await page.evaluate((g) => window.postMessage({ type: 'graph', graph: g }, '*'), graph);
  await page.waitForFunction('window.loreGraphStats && window.loreGraphStats.settleMs !== undefined', undefined, { timeout: 300_000, polling: 200 });
  const cpuMs = ((await busy()) - before) * 1000;
  await cdp.detach();
  return { ...(await page.evaluate('window.loreGraphStats') as GraphStats), cpuMs };
}

/** Zooms in and out with the wheel, one frame per step; the work of those frames. */
async function zoomAround(page: Page): Promise<number[]> {
  await page.mouse.move(700, 450);
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, i < 30 ? -120 : 120);
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  }
  return page.evaluate('window.loreGraphStats.redrawWork') as Promise<number[]>;
}

/** Intervals between animation frames of a page that does nothing else: the machine's own frame rate now. */
async function idleFrames(page: Page): Promise<number[]> {
  await page.setContent('<!DOCTYPE html><html><body></body></html>');
  // Strings, not functions: tsx would wrap named functions in a helper the page does not have.
  return page.evaluate(`new Promise((resolve) => {
    const intervals = [];
    let last;
    const frame = (time) => {
      if (last !== undefined) intervals.push(time - last);
      last = time;
      if (intervals.length < 240) requestAnimationFrame(frame);
      else resolve(intervals);
    };
    requestAnimationFrame(frame);
  })`) as Promise<number[]>;
}

export async function runGraphBench(): Promise<BenchResult[]> {
  const chromiumPath = process.env.LORE_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: the graph section needs it (apt-get install -y chromium).`);
  const script = await bundle();
  const large = syntheticGraph(1);
  const small = syntheticGraph(0.1);
  const loadStart = os.loadavg()[0];
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const idle = await idleFrames(page);
    const settleLarge: number[] = [];
    const settleSmall: number[] = [];
    const busyLarge: number[] = [];
    const busySmall: number[] = [];
    const intervals: number[] = [];
    const work: number[] = [];
    const redraw: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const smallStats = await layOut(page, script, small);
      settleSmall.push(smallStats.settleMs!);
      busySmall.push(smallStats.cpuMs);
      const stats = await layOut(page, script, large);
      settleLarge.push(stats.settleMs!);
      busyLarge.push(stats.cpuMs);
      intervals.push(...stats.frameIntervals);
      work.push(...stats.frameWork);
      redraw.push(...await zoomAround(page));
    }
    const idleP95 = quantile(idle, 0.95);
    const frameP95 = quantile(intervals, 0.95);
    const redrawP95 = quantile(redraw, 0.95);
    return [{
      name: `graph view: ${large.nodes.length} nodes, ${large.edges.length} edges (baseline ${small.nodes.length} nodes; ${RUNS} runs)`,
      metrics: {
        'settled layout, ms (median)': round(median(settleLarge)),
        [`settled layout at ${small.nodes.length} nodes, ms (median)`]: round(median(settleSmall)),
        'settle time ÷ baseline': round(median(settleLarge) / median(settleSmall)),
        'renderer busy time to settle, ms (2,000 / 200 nodes)': `${round(median(busyLarge))} / ${round(median(busySmall))}`,
        'settle goal, ms': `≤ ${GOALS.settleMs} ${median(settleLarge) <= GOALS.settleMs ? 'met' : 'MISSED'}`,
        'frame interval while laying out p50 / p95, ms': `${round(quantile(intervals, 0.5))} / ${round(frameP95)}`,
        'idle page frame interval p50 / p95, ms': `${round(quantile(idle, 0.5))} / ${round(idleP95)}`,
        'frame interval p95 ÷ idle p95': round(frameP95 / idleP95),
        'frame goal p95, ms': `≤ ${GOALS.frameP95Ms} ${frameP95 <= GOALS.frameP95Ms ? 'met' : 'MISSED'}`,
        'Lore work per layout frame p50 / p95, ms': `${round(quantile(work, 0.5))} / ${round(quantile(work, 0.95))}`,
        'work per zoom frame after settling p50 / p95, ms': `${round(quantile(redraw, 0.5))} / ${round(redrawP95)}`,
        'zoom frame goal p95, ms': `≤ ${GOALS.redrawP95Ms} ${redrawP95 <= GOALS.redrawP95Ms ? 'met' : 'MISSED'}`,
        'load average start / end': `${loadStart.toFixed(2)} / ${os.loadavg()[0].toFixed(2)}`,
      },
    }];
  } finally {
    await browser.close();
  }
}
