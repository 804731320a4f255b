/**
 * Search benchmark (issue 7): Lore's search against two baselines measured in the same run,
 * on real documentation text at 1,000, 10,000 and 50,000 articles.
 *
 * - Lore: FTS5 + lunr's language (src/core/search), the database built through LoreStore.
 * - lunr the simple way: one in-memory index over everything, rebuilt on every change.
 * - ripgrep over the same articles exported as Markdown files (what a "grep the folder"
 *   knowledge base, or VS Code's own search, does).
 *
 * Timings that depend on a clean process (queries, cold start, memory, lunr) run in child
 * processes started from a bundle of this file (`searchBenchChild`), so neither tsx nor the
 * parent's heap is part of what is measured. Generated files go to bench/.work/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectPool, corpusOfSize, defaultSources, type Corpus, type CorpusArticle } from './corpus';
import { indexArticle } from '../src/core/search/articleIndexer';
import { searchArticles, warmUpSearch } from '../src/core/search/searchArticles';
import { compactSearchIndexFully } from '../src/core/search/searchMaintenance';
import { indexText } from '../src/core/search/textAnalyzer';
import { LoreStore } from '../src/core/store/loreStore';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';

export interface BenchResult {
  name: string;
  metrics: Record<string, number | string>;
}

export interface SearchBenchOptions {
  sizes?: number[];
  /** lunr is built only up to this size; larger sizes are extrapolated. */
  lunrMaxSize?: number;
  log?: (line: string) => void;
}

type QueryKind = 'plain' | 'prefix' | 'typo' | 'field' | 'phrase' | 'required/excluded';

interface BenchQuery {
  kind: QueryKind;
  /** Lore's query. */
  lore: string;
  /** The same intent in lunr's syntax (lunr has no phrases and no automatic typo correction). */
  lunr: string;
  /** The closest single ripgrep command (ripgrep has no AND across a file, no stemming, no typos). */
  rg: string[];
}

/** Realistic queries a developer types into a team knowledge base. */
export const BENCH_QUERIES: BenchQuery[] = [
  { kind: 'plain', lore: 'configuration', lunr: 'configuration', rg: ['-F', 'configuration'] },
  { kind: 'plain', lore: 'timeout', lunr: 'timeout', rg: ['-F', 'timeout'] },
  { kind: 'plain', lore: 'cache invalidation', lunr: '+cache +invalidation', rg: ['-F', '-e', 'cache', '-e', 'invalidation'] },
  { kind: 'plain', lore: 'error handling', lunr: '+error +handling', rg: ['-F', '-e', 'error', '-e', 'handling'] },
  { kind: 'plain', lore: 'install dependencies', lunr: '+install +dependencies', rg: ['-F', '-e', 'install', '-e', 'dependencies'] },
  { kind: 'plain', lore: 'bucket policy', lunr: '+bucket +policy', rg: ['-F', '-e', 'bucket', '-e', 'policy'] },
  { kind: 'plain', lore: 'stream backpressure', lunr: '+stream +backpressure', rg: ['-F', '-e', 'stream', '-e', 'backpressure'] },
  { kind: 'prefix', lore: 'auth*', lunr: 'auth*', rg: ['-e', '\\bauth\\w*'] },
  { kind: 'prefix', lore: 'config*', lunr: 'config*', rg: ['-e', '\\bconfig\\w*'] },
  { kind: 'prefix', lore: 'deprecat*', lunr: 'deprecat*', rg: ['-e', '\\bdeprecat\\w*'] },
  { kind: 'prefix', lore: 'serializ*', lunr: 'serializ*', rg: ['-e', '\\bserializ\\w*'] },
  { kind: 'prefix', lore: 'middlew*', lunr: 'middlew*', rg: ['-e', '\\bmiddlew\\w*'] },
  { kind: 'typo', lore: 'authentcation', lunr: 'authentcation~1', rg: ['-F', 'authentcation'] },
  { kind: 'typo', lore: 'configuraton', lunr: 'configuraton~1', rg: ['-F', 'configuraton'] },
  { kind: 'typo', lore: 'dependancy', lunr: 'dependancy~1', rg: ['-F', 'dependancy'] },
  { kind: 'typo', lore: 'enviroment', lunr: 'enviroment~1', rg: ['-F', 'enviroment'] },
  { kind: 'typo', lore: 'recieve', lunr: 'recieve~1', rg: ['-F', 'recieve'] },
  { kind: 'field', lore: 'tag:security', lunr: 'tags:security', rg: ['-e', '^tags:.*\\bsecurity\\b'] },
  { kind: 'field', lore: 'title:cache', lunr: 'title:cache', rg: ['-e', '^title:.*\\bcache'] },
  { kind: 'field', lore: 'tag:nodejs stream', lunr: '+tags:nodejs +stream', rg: ['-e', '^tags:.*\\bnodejs\\b'] },
  { kind: 'field', lore: 'title:install', lunr: 'title:install', rg: ['-e', '^title:.*\\binstall'] },
  { kind: 'phrase', lore: '"connection pool"', lunr: '+connection +pool', rg: ['-F', '-e', 'connection pool'] },
  { kind: 'phrase', lore: '"environment variable"', lunr: '+environment +variable', rg: ['-F', '-e', 'environment variable'] },
  { kind: 'phrase', lore: '"command line"', lunr: '+command +line', rg: ['-F', '-e', 'command line'] },
  { kind: 'phrase', lore: '"source map"', lunr: '+source +map', rg: ['-F', '-e', 'source map'] },
  { kind: 'required/excluded', lore: '+cache -redis', lunr: '+cache -redis', rg: ['-F', 'cache'] },
  { kind: 'required/excluded', lore: '+proxy -socks', lunr: '+proxy -socks', rg: ['-F', 'proxy'] },
];

const GOALS = {
  searchP95Ms: 10,
  timesFasterThanRipgrep: 10,
  updateMs: 5,
  coldStartMs: 150,
  memoryMb: 300,
};

const repoRoot = findRepoRoot();
const workDir = path.join(repoRoot, 'bench', '.work');
const childBundle = path.join(workDir, 'search-child.cjs');
const poolFile = path.join(workDir, 'search-pool.json');

export async function runSearchBench(options: SearchBenchOptions = {}): Promise<BenchResult[]> {
  const sizes = options.sizes ?? envSizes() ?? [1_000, 10_000, 50_000];
  const lunrMaxSize = options.lunrMaxSize ?? 10_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`[search] ${line}\n`));
  fs.mkdirSync(workDir, { recursive: true });
  const results: BenchResult[] = [];

  log('collecting documentation from installed packages…');
  const { pool, sources } = collectPool(defaultSources(repoRoot));
  fs.writeFileSync(poolFile, JSON.stringify(pool));
  await bundleChild();
  if (process.env.LORE_BENCH_UPDATES_ONLY) return updatesOnly(pool, sources, sizes[sizes.length - 1], log);
  const bodies = pool.map((a) => a.body.length).sort((a, b) => a - b);
  results.push({
    name: 'search: corpus',
    metrics: {
      'machine load average at start (1 / 5 min)': os.loadavg().slice(0, 2).map((l) => l.toFixed(1)).join(' / '),
      'distinct articles available': pool.length,
      'median article size (bytes)': bodies[bodies.length >> 1],
      sources: sources.map((s) => `${s.root} (${s.files} files, ${s.articles} articles)`).join('; '),
      ...Object.fromEntries(sizes.map((size) => [
        `${fmt(size)} articles`,
        size <= pool.length ? 'distinct articles, no repetition' : `text repeated: each article appears up to ${Math.ceil(size / pool.length)}× (${fmt(pool.length)} distinct)`,
      ])),
    },
  });

  const rg = ripgrepPath();
  let lunrAtMax: LunrChildResult | undefined;
  let largest: { size: number; file: string; lore: QueryChildResult } | undefined;
  for (const size of sizes) {
    const corpus = corpusOfSize(pool, size, sources);
    log(`${fmt(size)} articles: building Lore's database through LoreStore…`);
    const file = path.join(workDir, `lore-${size}.db`);
    const build = buildLoreDatabase(corpus, file);
    log(`${fmt(size)} articles: Lore queries…`);
    const lore = runChild<QueryChildResult>('queries', { file, reps: size >= 50_000 ? 8 : 10 });
    let rgTimes: QueryTimes | undefined;
    if (rg) {
      log(`${fmt(size)} articles: exporting Markdown and running ripgrep…`);
      const dir = exportMarkdown(corpus, path.join(workDir, `md-${size}`));
      rgTimes = ripgrepQueries(rg, dir, size >= 50_000 ? 2 : size >= 10_000 ? 3 : 5);
    }
    let lunr: LunrChildResult | undefined;
    if (size <= lunrMaxSize) {
      log(`${fmt(size)} articles: lunr (build, serialise, load, queries)…`);
      lunr = runChild<LunrChildResult>('lunr', { size }, ['--max-old-space-size=8192', '--expose-gc']);
      lunrAtMax = lunr;
    }
    results.push(searchRow(size, build, lore, rgTimes, lunr, lunrAtMax, rg));
    if (size === sizes[sizes.length - 1]) largest = { size, file, lore };
  }

  if (largest) {
    const { size, file, lore } = largest;
    results.push(kindsRow(size, lore));
    log(`${fmt(size)} articles: cold start…`);
    const cold = Array.from({ length: 5 }, () => runChild<ColdChildResult>('cold', { file, query: 'configuration' }));
    const coldTypo = Array.from({ length: 3 }, () => runChild<ColdChildResult>('cold', { file, query: 'authentcation' }));
    const openToFirst = median(cold.map((c) => c.openToFirstResultMs));
    results.push({
      name: `search: cold start at ${fmt(size)} articles`,
      metrics: {
        'open database → first result (ms, median of 5)': round(openToFirst),
        'same, CPU time (ms)': round(median(cold.map((c) => c.openToFirstResultCpuMs))),
        'goal ≤ 150 ms': verdict(openToFirst <= GOALS.coldStartMs),
        'of which opening (ms)': round(median(cold.map((c) => c.openMs))),
        'process start → first result (ms)': round(median(cold.map((c) => c.sinceProcessStartMs))),
        'first query a typo, open → result (ms, loads typo vocabulary parts)': round(median(coldTypo.map((c) => c.openToFirstResultMs))),
        ...(lunrAtMax
          ? { [`lunr at ${fmt(lunrAtMax.size)}: load serialised index (ms)`]: round(lunrAtMax.loadMs), 'Lore faster than lunr load': ratio(lunrAtMax.loadMs, openToFirst) }
          : {}),
        note: 'database file in the OS page cache (just built); a first open after a reboot reads it from disk',
      },
    });
    log(`${fmt(size)} articles: one article added / changed…`);
    const updates = runChild<UpdateChildResult>('updates', { file, count: 200 });
    const lunrRebuild = lunrAtMax ? (lunrAtMax.buildMs * size) / lunrAtMax.size : undefined;
    results.push({
      name: `search: one article changed at ${fmt(size)} articles`,
      metrics: {
        'update (LoreStore.updateArticle, whole transaction) p50 / p95 ms': pair(updates.update.all),
        'update p50 / p95, CPU time ms': pair(updates.update.cpu),
        'goal ≤ 5 ms (p95), whole update': `${verdict(updates.update.all.p95 <= GOALS.updateMs)}; CPU time: ${verdict(updates.update.cpu.p95 <= GOALS.updateMs)}`,
        'of which the search index (indexArticle) p50 / p95 ms': pair(updates.index.all),
        'search index p50 / p95, CPU time ms': pair(updates.index.cpu),
        'goal ≤ 5 ms (p95), search index part': `${verdict(updates.index.all.p95 <= GOALS.updateMs)}; CPU time: ${verdict(updates.index.cpu.p95 <= GOALS.updateMs)}`,
        'add (LoreStore.createArticle) p50 / p95 ms': pair(updates.add.all),
        ...(lunrAtMax
          ? {
              [`lunr (simple way) per change: rebuild at ${fmt(lunrAtMax.size)} (ms)`]: round(lunrAtMax.buildMs),
              ...(lunrAtMax.size !== size ? { [`lunr rebuild at ${fmt(size)}, extrapolated linearly (ms)`]: round(lunrRebuild!) } : {}),
              'Lore update faster than lunr rebuild': ratio(lunrRebuild!, updates.update.all.p50),
            }
          : {}),
      },
    });
    results.push({
      name: `search: memory at ${fmt(size)} articles`,
      metrics: {
        'Lore resident memory after all queries (MB)': round(lore.rssMb),
        'goal < 300 MB': verdict(lore.rssMb < GOALS.memoryMb),
        'of which JS heap (MB)': round(lore.heapMb),
        'same process before opening the database (MB)': round(lore.rssBeforeMb),
        'database file (MB)': round(fs.statSync(file).size / 1e6),
        ...(lore.indexMb
          ? { 'of which the FTS5 index (MB)': round(lore.indexMb.fts), 'and the word vocabulary for prefixes and typos (MB)': round(lore.indexMb.words) }
          : {}),
        ...(lunrAtMax
          ? {
              [`lunr index at ${fmt(lunrAtMax.size)} (MB of JS heap)`]: round(lunrAtMax.indexHeapMb),
              [`lunr peak memory at ${fmt(lunrAtMax.size)} (MB)`]: round(lunrAtMax.peakRssMb),
              ...(lunrAtMax.size !== size ? { [`lunr index at ${fmt(size)}, extrapolated (MB)`]: round((lunrAtMax.indexHeapMb * size) / lunrAtMax.size) } : {}),
            }
          : {}),
        note: 'measured in a child process running the bundled search code (no tsx), after every benchmark query including typo correction',
      },
    });
  }
  results[0].metrics['machine load average at end (1 / 5 min)'] = os.loadavg().slice(0, 2).map((l) => l.toFixed(1)).join(' / ');
  return results;
}

/**
 * `LORE_BENCH_UPDATES_ONLY=1`: only the "one article changed" row, for iterating on the write
 * path. The database is built through LoreStore once and kept (bench/.work/lore-<size>-base.db;
 * `LORE_BENCH_REBUILD=1` builds it again); each run measures a fresh copy of it, so every run
 * starts from the same file. Same child, same workload and same figures as the full run.
 */
function updatesOnly(pool: CorpusArticle[], sources: Corpus['sources'], size: number, log: (line: string) => void): BenchResult[] {
  const base = path.join(workDir, `lore-${size}-base.db`);
  if (!fs.existsSync(base) || process.env.LORE_BENCH_REBUILD) {
    log(`${fmt(size)} articles: building Lore's database through LoreStore (kept for later runs)…`);
    buildLoreDatabase(corpusOfSize(pool, size, sources), base);
  }
  const file = path.join(workDir, `lore-${size}-updates.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(base, file);
  const runs = Math.max(1, Number(process.env.LORE_BENCH_UPDATE_RUNS ?? 1));
  const results: BenchResult[] = [];
  for (let run = 1; run <= runs; run++) {
    if (run > 1) {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      fs.copyFileSync(base, file);
    }
    log(`${fmt(size)} articles: one article added / changed (run ${run} of ${runs})…`);
    const load = os.loadavg()[0].toFixed(1);
    const updates = runChild<UpdateChildResult>('updates', { file, count: 200 });
    results.push({
      name: `search: one article changed at ${fmt(size)} articles (run ${run})`,
      metrics: {
        'machine load average at start (1 min)': load,
        'update (LoreStore.updateArticle, whole transaction) p50 / p95 ms': pair(updates.update.all),
        'update p50 / p95, CPU time ms': pair(updates.update.cpu),
        'goal ≤ 5 ms (p95), whole update': `${verdict(updates.update.all.p95 <= GOALS.updateMs)}; CPU time: ${verdict(updates.update.cpu.p95 <= GOALS.updateMs)}`,
        'of which the search index (indexArticle) p50 / p95 ms': pair(updates.index.all),
        'add (LoreStore.createArticle) p50 / p95 ms': pair(updates.add.all),
      },
    });
  }
  return results;
}

function searchRow(
  size: number,
  build: BuildResult,
  lore: QueryChildResult,
  rgTimes: QueryTimes | undefined,
  lunr: LunrChildResult | undefined,
  lunrAtMax: LunrChildResult | undefined,
  rg: string | undefined,
): BenchResult {
  const metrics: Record<string, number | string> = {
    'Lore p50 / p95 ms': pair(lore.all),
    'Lore p50 / p95, CPU time ms': pair(lore.cpu),
  };
  if (size >= 50_000) {
    metrics['goal p95 ≤ 10 ms at 50,000'] = `${verdict(lore.all.p95 <= GOALS.searchP95Ms)}; CPU time: ${verdict(lore.cpu.p95 <= GOALS.searchP95Ms)}`;
  }
  if (rgTimes) {
    metrics['ripgrep p50 / p95 ms'] = pair(rgTimes.all);
    metrics['ripgrep p50 / p95, CPU time ms'] = pair(rgTimes.cpu);
    const times = rgTimes.all.p95 / lore.all.p95;
    const cpuTimes = rgTimes.cpu.p50 / Math.max(lore.cpu.p50, 0.001);
    metrics['Lore faster than ripgrep (p95)'] = `${round(times)}× (goal ≥ 10×: ${times >= GOALS.timesFasterThanRipgrep ? 'met' : 'NOT met'})`;
    metrics['Lore cheaper than ripgrep (CPU time, p50)'] = `${round(cpuTimes)}×`;
  } else {
    metrics.ripgrep = rg ? 'not run' : 'ripgrep not installed (apt-get install -y ripgrep)';
  }
  if (lunr) {
    metrics['lunr p50 / p95 ms'] = pair(lunr.queries);
    metrics['lunr build = cost of each change (s)'] = round(lunr.buildMs / 1000);
    metrics['lunr index in memory (MB of JS heap)'] = round(lunr.indexHeapMb);
    metrics['lunr peak memory building it (MB)'] = round(lunr.peakRssMb);
    metrics['lunr serialised index (MB)'] = round(lunr.jsonMb);
  } else if (lunrAtMax) {
    const buildS = (lunrAtMax.buildMs * size) / lunrAtMax.size / 1000;
    metrics.lunr = `not run: would take ~${round(buildS)} s to build (and again after every change) and ~${round((lunrAtMax.indexHeapMb * size) / lunrAtMax.size)} MB of heap, extrapolated from ${fmt(lunrAtMax.size)}`;
  }
  metrics['Lore build through LoreStore (s)'] = round(build.ms / 1000);
  metrics['Lore build per article (ms)'] = round(build.perArticleMs);
  metrics['of which analysing text for the index (ms per article)'] = round(build.indexShareMs);
  metrics['then merging index segments, as idle time would (s)'] = `${round(build.compactMs / 1000)} (${build.compactSteps} steps)`;
  return { name: `search: ${fmt(size)} articles`, metrics };
}

function kindsRow(size: number, lore: QueryChildResult): BenchResult {
  const metrics: Record<string, number | string> = {};
  for (const [kind, times] of Object.entries(lore.byKind)) metrics[`Lore ${kind} p50 / p95 ms`] = `${round(times.p50)} / ${round(times.p95)}`;
  metrics['articles found per query (Lore)'] = lore.hits.map((h) => `${h.query} ${h.total}`).join(' · ');
  return { name: `search: by kind of query at ${fmt(size)} articles`, metrics };
}

// --- building and exporting -----------------------------------------------------------------

interface BuildResult {
  ms: number;
  perArticleMs: number;
  indexShareMs: number;
  compactMs: number;
  compactSteps: number;
}

function buildLoreDatabase(corpus: Corpus, file: string): BuildResult {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  const started = performance.now();
  const batch = 250;
  for (let i = 0; i < corpus.articles.length; i += batch) {
    store.db.transaction(() => {
      for (const a of corpus.articles.slice(i, i + batch)) store.createArticle({ title: a.title, tags: a.tags, body: a.body, status: 'published' });
    });
  }
  const ms = performance.now() - started;
  // What the extension does once the editor is idle after a bulk import (searchMaintenance.ts).
  const compactStarted = performance.now();
  const compactSteps = compactSearchIndexFully(store.db);
  const compactMs = performance.now() - compactStarted;
  store.close();
  // The text analysis alone (what indexing adds to each write, besides SQLite's own work).
  const sample = corpus.articles.slice(0, 2000);
  const t0 = performance.now();
  for (const a of sample) {
    indexText(a.title);
    indexText(a.tags.join(' '));
    indexText(a.body);
  }
  const indexShareMs = (performance.now() - t0) / sample.length;
  return { ms, perArticleMs: ms / corpus.articles.length, indexShareMs, compactMs, compactSteps };
}

function exportMarkdown(corpus: Corpus, dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  corpus.articles.forEach((a, i) => {
    const sub = path.join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `${i}.md`), `---\ntitle: ${a.title}\ntags: ${a.tags.join(', ')}\n---\n\n${a.body}\n`);
  });
  return dir;
}

// --- ripgrep --------------------------------------------------------------------------------

function ripgrepPath(): string | undefined {
  for (const candidate of ['/usr/bin/rg', '/usr/local/bin/rg']) if (fs.existsSync(candidate)) return candidate;
  const found = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

interface QueryTimes {
  /** Wall-clock time. */
  all: Percentiles;
  /** CPU time of the process (or of ripgrep's), which waiting for a busy machine's cores does not inflate. */
  cpu: Percentiles;
  byKind: Record<string, Percentiles>;
}

interface Sample {
  kind: string;
  ms: number;
  cpuMs: number;
}

/** CPU time this process has used (all its threads), in ms. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** CPU time used by this process's finished child processes, in ms (Linux; 0 elsewhere). */
function childrenCpuMs(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat (cutime, cstime), counted from "state" as field 3, in clock ticks (100 per second).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

function ripgrepQueries(rg: string, dir: string, reps: number): QueryTimes {
  const samples: Sample[] = [];
  // The files were just written, so ripgrep reads them from the page cache, as Lore reads its database.
  for (let r = 0; r < reps; r++) {
    for (const q of BENCH_QUERIES) {
      const t = performance.now();
      const c = childrenCpuMs();
      spawnSync(rg, ['--files-with-matches', '--ignore-case', '--no-messages', ...q.rg, dir], { maxBuffer: 64 << 20 });
      samples.push({ kind: q.kind, ms: performance.now() - t, cpuMs: childrenCpuMs() - c });
    }
  }
  return summarize(samples);
}

// --- child processes ------------------------------------------------------------------------

interface Percentiles {
  p50: number;
  p95: number;
}

interface QueryChildResult extends QueryTimes {
  rssMb: number;
  heapMb: number;
  rssBeforeMb: number;
  hits: Array<{ query: string; total: number }>;
  /** Size of the full-text index and of the word vocabulary (prefix past the stem, typos). */
  indexMb?: { fts: number; words: number };
}

interface LunrChildResult {
  size: number;
  buildMs: number;
  loadMs: number;
  jsonMb: number;
  /** JS heap the index takes once built (after a full GC). */
  indexHeapMb: number;
  /** Peak resident memory of the process that built, serialised and loaded it. */
  peakRssMb: number;
  queries: Percentiles;
}

interface ColdChildResult {
  openMs: number;
  openToFirstResultMs: number;
  openToFirstResultCpuMs: number;
  sinceProcessStartMs: number;
}

interface UpdateChildResult {
  update: QueryTimes;
  index: QueryTimes;
  add: QueryTimes;
}

async function bundleChild(): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    stdin: { contents: "require('./bench/searchBench.ts').searchBenchChild();", resolveDir: repoRoot, loader: 'ts', sourcefile: 'search-child-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: childBundle,
    external: ['better-sqlite3', 'esbuild'],
    logLevel: 'error',
  });
}

function runChild<T>(mode: string, args: object, nodeFlags: string[] = []): T {
  const child = spawnSync(process.execPath, [...nodeFlags, childBundle, mode, JSON.stringify(args)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    cwd: repoRoot,
    env: { ...process.env, LORE_BENCH_POOL: poolFile },
  });
  if (child.status !== 0) throw new Error(`search bench child "${mode}" failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

/** Entry point of the bundled child process: `node search-child.cjs <mode> <json>`. */
export function searchBenchChild(): void {
  const [mode, json] = process.argv.slice(2);
  const args = JSON.parse(json ?? '{}') as Record<string, unknown>;
  let result: unknown;
  if (mode === 'queries') result = childQueries(String(args.file), Number(args.reps));
  else if (mode === 'cold') result = childCold(String(args.file), String(args.query));
  else if (mode === 'updates') result = childUpdates(String(args.file), Number(args.count));
  else if (mode === 'lunr') result = childLunr(Number(args.size));
  else throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function childQueries(file: string, reps: number): QueryChildResult {
  const rssBeforeMb = process.memoryUsage().rss / 1e6;
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  const hits: Array<{ query: string; total: number }> = [];
  for (const q of BENCH_QUERIES) hits.push({ query: q.lore, total: searchArticles(store.db, q.lore).total });
  const samples: Sample[] = [];
  for (let r = 0; r < reps; r++) {
    for (const q of BENCH_QUERIES) {
      const t = performance.now();
      const c = cpuMs();
      searchArticles(store.db, q.lore, { limit: 20 });
      samples.push({ kind: q.kind, ms: performance.now() - t, cpuMs: cpuMs() - c });
    }
  }
  const memory = process.memoryUsage();
  let indexMb: QueryChildResult['indexMb'];
  try {
    const size = (like: string): number =>
      (store.db.get<{ bytes: number }>('SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE ?', like)?.bytes ?? 0) / 1e6;
    indexMb = { fts: size('article_fts%'), words: size('search_words') + size('sqlite_autoindex_search_words%') };
  } catch {
    indexMb = undefined; // this SQLite has no dbstat table
  }
  store.close();
  return { ...summarize(samples), hits, rssMb: memory.rss / 1e6, heapMb: memory.heapUsed / 1e6, rssBeforeMb, indexMb };
}

function childCold(file: string, query: string): ColdChildResult {
  const t0 = performance.now();
  const c0 = cpuMs();
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  const t1 = performance.now();
  searchArticles(store.db, query, { limit: 20 });
  const t2 = performance.now();
  const cpu = cpuMs() - c0;
  store.close();
  return { openMs: t1 - t0, openToFirstResultMs: t2 - t0, openToFirstResultCpuMs: cpu, sinceProcessStartMs: t2 };
}

function childUpdates(file: string, count: number): UpdateChildResult {
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  warmUpSearch(store.db);
  const ids = store.db.all<{ id: string; rowid: number; title: string; body: string; tags: string }>(
    'SELECT id, rowid, title, body, tags FROM articles WHERE deleted = 0 ORDER BY id LIMIT ?', count,
  );
  const update: Sample[] = [];
  const index: Sample[] = [];
  const add: Sample[] = [];
  const timed = (into: Sample[], work: () => void): void => {
    const t = performance.now();
    const c = cpuMs();
    work();
    into.push({ kind: '', ms: performance.now() - t, cpuMs: cpuMs() - c });
  };
  ids.forEach((row, i) => timed(update, () => store.updateArticle(row.id, { body: `${row.body}\n\nUpdated ${i}: retry the request after a timeout.` })));
  for (const row of ids) {
    const article = { title: row.title, tags: JSON.parse(row.tags) as string[], body: row.body, code: '' };
    timed(index, () => store.db.transaction(() => indexArticle(store.db, row.rowid, article)));
  }
  for (let i = 0; i < Math.min(100, count); i++) {
    const source = ids[i % ids.length];
    timed(add, () => store.createArticle({ title: `New note ${i}`, body: source.body, tags: ['bench'] }));
  }
  store.close();
  return { update: summarize(update), index: summarize(index), add: summarize(add) };
}

function childLunr(size: number): LunrChildResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lunr = require('lunr') as typeof import('lunr');
  const pool = JSON.parse(fs.readFileSync(process.env.LORE_BENCH_POOL ?? poolFile, 'utf8')) as CorpusArticle[];
  const { articles } = corpusOfSize(pool, size, []);
  pool.length = 0;
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const index = lunr(function () {
    this.ref('id');
    this.field('title', { boost: 10 });
    this.field('tags', { boost: 5 });
    this.field('body');
    articles.forEach((a, i) => this.add({ id: String(i), title: a.title, tags: a.tags.join(' '), body: a.body }));
  });
  const buildMs = performance.now() - t0;
  gc();
  const indexHeapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const json = JSON.stringify(index);
  const t1 = performance.now();
  const loaded = lunr.Index.load(JSON.parse(json) as object);
  const loadMs = performance.now() - t1;
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    for (const q of BENCH_QUERIES) {
      const t = performance.now();
      try {
        loaded.search(q.lunr);
      } catch {
        // lunr throws on some queries; the time until it does still counts.
      }
      samples.push(performance.now() - t);
    }
  }
  return { size, buildMs, loadMs, jsonMb: json.length / 1e6, indexHeapMb, peakRssMb: process.resourceUsage().maxRSS / 1e3, queries: percentiles(samples) };
}

// --- numbers --------------------------------------------------------------------------------

function summarize(samples: Sample[]): QueryTimes {
  const byKind: Record<string, Percentiles> = {};
  for (const kind of [...new Set(samples.map((s) => s.kind))]) byKind[kind] = percentiles(samples.filter((s) => s.kind === kind).map((s) => s.ms));
  return { all: percentiles(samples.map((s) => s.ms)), cpu: percentiles(samples.map((s) => s.cpuMs)), byKind };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95) };
}

function median(values: number[]): number {
  return percentiles(values).p50;
}

function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (Math.abs(value) >= 100) return Math.round(value);
  if (Math.abs(value) >= 10) return Math.round(value * 10) / 10;
  return Math.round(value * 100) / 100;
}

function ratio(baseline: number, ours: number): string {
  return `${round(baseline / ours)}×`;
}

function pair(p: Percentiles): string {
  return `${round(p.p50)} / ${round(p.p95)}`;
}

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function envSizes(): number[] | undefined {
  const raw = process.env.LORE_BENCH_SIZES;
  return raw ? raw.split(',').map((s) => Number(s.trim())).filter((n) => n > 0) : undefined;
}

/** The checkout's root, also from the bundled child in bench/.work/. */
function findRepoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bench'))) return dir;
  }
  return process.cwd();
}
