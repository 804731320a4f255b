/**
 * Learning paths on open: 100 paths × 20 steps (14 code selections, 3 files, 2 folders, 1
 * article each) over real source files from node_modules, in a Lore database. A third of the
 * files then get lines inserted above their code (as a pull does). Measured, median of 7 opens:
 * read the paths from the database and resolve every step (core/paths/stepHealth.ts: code steps
 * through the anchoring cascade, batched per file; each file read from disk once).
 *
 * Baseline in the same run: what CodeTour does, a step pinned to its line numbers, checked by
 * comparing the stored text with the text at those lines now (no cascade). Reported: both
 * times, their ratio, the goal (≤ 50 ms), and how many code steps land on their code in each.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnchor } from '../src/core/anchoring/createAnchor';
import type { NewPathStep } from '../src/core/paths/pathModel';
import { resolvePathSteps } from '../src/core/paths/stepHealth';
import { LoreStore } from '../src/core/store/loreStore';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';
import { fmt, repoRoot, seededRandom, workDir } from './benchKit';
import type { BenchResult } from './anchoringBench';

const PATHS = Number(process.env.LORE_BENCH_PATHS ?? 100);
const STEPS = 20;
const FILES = 120;
const OPENS = 7;
const GOAL_MS = 50;
const INSERTED = 5;

function sourceFiles(): string[] {
  const dirs = ['node_modules/eslint/lib/rules', 'node_modules/mocha/lib', 'node_modules/commander/lib', 'node_modules/js-yaml/lib'];
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else if (/\.(m?js|ts)$/.test(name) && !name.endsWith('.d.ts') && !name.includes('.min.')) {
        const lines = fs.readFileSync(full, 'utf8').split('\n').length;
        if (lines >= 60 && lines <= 1500) files.push(full);
      }
    }
  };
  for (const dir of dirs) if (fs.existsSync(path.join(repoRoot, dir))) walk(path.join(repoRoot, dir));
  if (files.length < 20) throw new Error('The paths benchmark needs real source files from node_modules (run npm install).');
  return files.slice(0, FILES);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function runPathsBench(): Promise<BenchResult[]> {
  const random = seededRandom(12);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const root = path.join(workDir, 'paths');
  fs.rmSync(root, { recursive: true, force: true });
  const sources = sourceFiles();
  const files = sources.map((full, i) => {
    const rel = `pkg${i % 10}/${path.basename(full).replace(/\.(m?js|ts)$/, '')}_${i}.js`;
    const text = fs.readFileSync(full, 'utf8');
    fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
    return { rel, text };
  });
  const dbFile = path.join(root, 'lore.db');
  const store = LoreStore.open(dbFile, { driver: loadSqliteDriver(), author: 'Bench' });
  const article = store.createArticle({ title: 'Welcome' });
  const expected = new Map<string, number>();
  for (let p = 0; p < PATHS; p++) {
    const steps: NewPathStep[] = [];
    for (let s = 0; s < STEPS; s++) {
      const id = `p${p}s${s}`;
      if (s === 0) steps.push({ id, kind: 'article', articleId: article.id, articleTitle: 'Welcome', note: 'Start here.' });
      else if (s <= 14) {
        const file = pick(files);
        const lines = file.text.split('\n');
        const start = Math.floor(random() * (lines.length - 12));
        const end = start + 2 + Math.floor(random() * 8);
        steps.push({ id, kind: 'code', anchor: createAnchor(file.text, { startLine: start, startCharacter: 0, endLine: end, endCharacter: lines[end].length }, { path: file.rel }), note: `Step ${s}` });
        expected.set(id, start);
      } else if (s <= 17) steps.push({ id, kind: 'file', path: pick(files).rel, directory: false, note: '' });
      else steps.push({ id, kind: 'file', path: `pkg${s % 10}`, directory: true, note: '' });
    }
    store.createPath({ title: `Path ${p}`, steps });
  }
  store.close();
  // A pull: a third of the files get lines inserted at the top.
  const edited = new Set<string>();
  files.forEach((f, i) => {
    if (i % 3 !== 0) return;
    edited.add(f.rel);
    fs.writeFileSync(path.join(root, f.rel), `${Array.from({ length: INSERTED }, (_, k) => `// inserted ${k}`).join('\n')}\n${f.text}`);
  });

  // As the extension's workspace adapter: a folder's kind is looked up once per path.
  const kinds = new Map<string, 'file' | 'directory' | undefined>();
  const workspace = (reader: LoreStore) => ({
    fileText: (rel: string) => {
      try {
        return fs.readFileSync(path.join(root, rel), 'utf8');
      } catch {
        return undefined;
      }
    },
    kindOf: (rel: string) => {
      if (kinds.has(rel)) return kinds.get(rel);
      let kind: 'file' | 'directory' | undefined;
      try {
        kind = fs.statSync(path.join(root, rel)).isDirectory() ? 'directory' : 'file';
      } catch {
        kind = undefined;
      }
      kinds.set(rel, kind);
      return kind;
    },
    hasArticle: (id: string) => reader.hasArticle(id),
  });
  const lore: number[] = [];
  const baseline: number[] = [];
  let landed = 0;
  let baselineLanded = 0;
  const shouldBe = (id: string, rel: string) => expected.get(id)! + (edited.has(rel) ? INSERTED : 0);
  for (let run = 0; run < OPENS; run++) {
    kinds.clear();
    const reader = LoreStore.open(dbFile, { driver: loadSqliteDriver(), author: 'Bench' });
    let t0 = performance.now();
    const paths = reader.listPaths();
    const health = resolvePathSteps(paths, workspace(reader));
    lore.push(performance.now() - t0);
    t0 = performance.now();
    // Baseline: line numbers only, as CodeTour pins steps (each file read once too).
    const texts = new Map<string, string[] | undefined>();
    const pinned = new Map<string, boolean>();
    for (const p of reader.listPaths()) {
      for (const step of p.steps) {
        if (step.kind !== 'code') continue;
        if (!texts.has(step.anchor.path)) texts.set(step.anchor.path, workspace(reader).fileText(step.anchor.path)?.split('\n'));
        const lines = texts.get(step.anchor.path);
        const r = step.anchor.range;
        pinned.set(step.id, !!lines && lines.slice(r.startLine, r.endLine + 1).join('\n') === step.anchor.text);
      }
    }
    baseline.push(performance.now() - t0);
    if (run === 0) {
      for (const p of paths) {
        for (const step of p.steps) {
          if (step.kind !== 'code') continue;
          const h = health.get(step.id);
          if (h?.state === 'current' && h.range?.startLine === shouldBe(step.id, step.anchor.path)) landed++;
          if (pinned.get(step.id) && !edited.has(step.anchor.path)) baselineLanded++;
        }
      }
    }
    reader.close();
  }
  const codeSteps = expected.size;
  const loreMs = median(lore);
  const baseMs = median(baseline);
  return [{
    name: `Learning paths on open: ${PATHS} paths × ${STEPS} steps (${fmt(codeSteps)} code steps over ${files.length} real files, a third with ${INSERTED} lines inserted above)`,
    metrics: {
      'resolve every step, median of 7 opens (ms)': Number(loreMs.toFixed(1)),
      'goal (ms)': GOAL_MS,
      'within goal': loreMs <= GOAL_MS ? 'yes' : 'no',
      'baseline: line numbers only, as CodeTour (ms)': Number(baseMs.toFixed(1)),
      'Lore / baseline time': Number((loreMs / Math.max(baseMs, 0.001)).toFixed(1)),
      'code steps on their code: Lore': `${fmt(landed)} of ${fmt(codeSteps)}`,
      'code steps on their code: line numbers': `${fmt(baselineLanded)} of ${fmt(codeSteps)}`,
    },
  }];
}
