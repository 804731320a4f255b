// `npm test`: every check Lore has, in order, with a summary table at the end.
//   lint          eslint src test
//   typecheck     tsc --noEmit
//   unit          mocha on the machine's Node (test/unit, better-sqlite3)
//   store-node24  the unit tests that talk SQL (store, search, sync, CLI, review) again on Node 24 with node:sqlite (code-server's runtime)
//   store-wasm    the same tests on Node 20 with better-sqlite3 and node:sqlite hidden: SQLite on WebAssembly
//   harness       Node 24, code-server and better-sqlite3 for ABI 137 under .vscode-test/ (reused)
//   build         esbuild bundles + native SQLite builds into dist/ (the harness's ABI 137 build too)
//   integration   test/integration inside code-server's extension host
//   desktop       the same suite in VS Code desktop, when it can be downloaded and shown
//   e2e           test/e2e: the packaged .vsix in code-server, driven in headless Chromium
// LORE_TEST_ONLY=unit,integration runs only those stages; LORE_TEST_SKIP=e2e leaves some out.
// Exits non-zero when any stage failed. Skipped stages say why.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLore } from './harness/build.mjs';
import { cleanEnv, hostNode } from './harness/environment.mjs';
import { ensureHarness, ensureNode24 } from './harness/install.mjs';
import { chromiumPath, node24Bin, repoRoot, testFilesUnder } from './harness/paths.mjs';
import { run } from './harness/processes.mjs';
import { runDesktop } from './harness/runDesktop.mjs';
import { runE2e } from './harness/runE2e.mjs';
import { runIntegration } from './harness/runIntegration.mjs';

const STAGES = ['lint', 'typecheck', 'unit', 'store-node24', 'store-wasm', 'harness', 'build', 'integration', 'desktop', 'e2e'];

function listFromEnv(name) {
  const value = process.env[name];
  if (!value) return undefined;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !STAGES.includes(n));
  if (unknown.length) {
    console.error(`${name}: unknown stage(s) ${unknown.join(', ')}. Stages: ${STAGES.join(', ')}`);
    process.exit(2);
  }
  return new Set(names);
}

const only = listFromEnv('LORE_TEST_ONLY');
const skip = listFromEnv('LORE_TEST_SKIP') ?? new Set();
const selected = (stage) => (!only || only.has(stage)) && !skip.has(stage);

/** @type {Array<{ stage: string, status: 'passed' | 'failed' | 'skipped', seconds: number, detail: string }>} */
const results = [];

function statusOf(stage) {
  return results.find((r) => r.stage === stage)?.status;
}

/**
 * Runs one stage. `body` returns 'passed' / 'failed' / 'skipped' with a detail, or an exit code.
 * @param {string} stage
 * @param {() => Promise<number | { status: 'passed' | 'failed' | 'skipped', detail?: string }>} body
 * @param {{ needs?: string[] }} [options]
 */
async function stage(stage, body, options = {}) {
  if (!selected(stage)) {
    results.push({ stage, status: 'skipped', seconds: 0, detail: only ? 'not in LORE_TEST_ONLY' : 'in LORE_TEST_SKIP' });
    return;
  }
  const failedNeed = (options.needs ?? []).find((need) => statusOf(need) === 'failed');
  if (failedNeed) {
    results.push({ stage, status: 'skipped', seconds: 0, detail: `${failedNeed} failed` });
    return;
  }
  console.log(`\n━━ ${stage} ${'━'.repeat(Math.max(0, 60 - stage.length))}`);
  const start = Date.now();
  let outcome;
  try {
    const value = await body();
    outcome = typeof value === 'number'
      ? { status: value === 0 ? 'passed' : 'failed', detail: value === 0 ? '' : `exit code ${value}` }
      : value;
  } catch (error) {
    outcome = { status: 'failed', detail: (error instanceof Error ? error.message : String(error)).split('\n')[0] };
  }
  results.push({ stage, status: outcome.status, seconds: Math.round((Date.now() - start) / 100) / 10, detail: outcome.detail ?? '' });
}

const node20 = hostNode();
const bin = (...parts) => path.join(repoRoot, 'node_modules', ...parts);
const inRepo = { cwd: repoRoot, env: cleanEnv() };

/** Every unit test that talks SQL (store, search, sync, CLI, review exports and promotion, learning paths) runs on both drivers. */
function storeTestFiles() {
  return ['store', 'search', 'sync', 'spaces', 'cli', 'review', 'paths'].flatMap((folder) => testFilesUnder(path.join(repoRoot, 'test', 'unit', folder)))
    .map((file) => path.relative(repoRoot, file));
}

// When the build stage is left out, integration, desktop and e2e build Lore themselves.
const integrationBuilds = !selected('build');

await stage('lint', () => run(node20, [bin('eslint', 'bin', 'eslint.js'), 'src', 'test'], inRepo));
await stage('typecheck', () => run(node20, [bin('typescript', 'bin', 'tsc'), '-p', '.', '--noEmit'], inRepo));
await stage('unit', () => run(node20, [bin('mocha', 'bin', 'mocha.js')], inRepo));
await stage('store-node24', async () => {
  const files = storeTestFiles();
  if (files.length === 0) return { status: 'skipped', detail: 'no SQL unit tests found' };
  await ensureNode24();
  const code = await run(node24Bin, [
    bin('mocha', 'bin', 'mocha.js'), '--no-config', '--require', 'tsx/cjs', '--extension', 'ts',
    '--timeout', '300000', '--reporter', 'dot', ...files,
  ], { cwd: repoRoot, env: cleanEnv({ LORE_SQLITE_DRIVER: 'node:sqlite' }) });
  return { status: code === 0 ? 'passed' : 'failed', detail: `${files.length} file(s) on Node 24 with node:sqlite${code ? `, exit code ${code}` : ''}` };
});
await stage('store-wasm', async () => {
  const files = storeTestFiles();
  if (files.length === 0) return { status: 'skipped', detail: 'no SQL unit tests found' };
  // As on a host where neither loads: the loader falls back to WebAssembly by itself.
  const code = await run(node20, [
    bin('mocha', 'bin', 'mocha.js'), '--no-config', '--require', 'tsx/cjs', '--extension', 'ts',
    '--timeout', '300000', '--reporter', 'dot', ...files,
  ], { cwd: repoRoot, env: cleanEnv({ LORE_SQLITE_UNAVAILABLE: 'better-sqlite3,node:sqlite' }) });
  return { status: code === 0 ? 'passed' : 'failed', detail: `${files.length} file(s) on Node 20 with SQLite on WebAssembly${code ? `, exit code ${code}` : ''}` };
});
await stage('harness', async () => {
  const report = await ensureHarness();
  return { status: 'passed', detail: `node24 ${report.node24}, code-server ${report.codeServer}, better-sqlite3 ABI 137 ${report.betterSqlite137}` };
});
// After the harness: it builds better-sqlite3 for code-server's Node (ABI 137) into
// .vscode-test/native, and the build copies it into dist/native. Built before, a fresh clone's
// dist carried only the ABI 115 build, so integration and the e2e .vsix ran on node:sqlite.
await stage('build', async () => {
  await buildLore();
  return 0;
});
await stage('integration', async () => {
  const result = await runIntegration({ build: integrationBuilds });
  return { status: result.code === 0 ? 'passed' : 'failed', detail: result.reason };
}, { needs: ['build', 'harness'] });
await stage('desktop', async () => {
  const result = await runDesktop({ build: integrationBuilds });
  if (result.status === 'skipped') console.log(`SKIPPED: VS Code desktop host (${result.reason})`);
  return { status: result.status, detail: result.reason };
}, { needs: ['build'] });
await stage('e2e', async () => {
  // As the README says: without Chromium the scenarios are skipped by name, never passed; in
  // CI, which installs it, a missing Chromium is a failure.
  if (!fs.existsSync(chromiumPath)) {
    const reason = `Chromium is not installed at ${chromiumPath} (apt-get install -y chromium)`;
    if (process.env.CI) return { status: 'failed', detail: reason };
    console.log(`SKIPPED: end-to-end scenarios (${reason})`);
    return { status: 'skipped', detail: reason };
  }
  const result = await runE2e({ build: integrationBuilds });
  return { status: result.code === 0 ? 'passed' : 'failed', detail: result.reason };
}, { needs: ['build', 'harness'] });

// Summary
const width = Math.max(...results.map((r) => r.stage.length));
console.log('\n━━ summary ' + '━'.repeat(52));
for (const r of results) {
  const mark = r.status === 'passed' ? 'PASSED ' : r.status === 'failed' ? 'FAILED ' : 'SKIPPED';
  const time = r.seconds ? `${r.seconds.toFixed(1).padStart(6)} s` : '        ';
  console.log(`${r.stage.padEnd(width)}  ${mark}  ${time}  ${r.detail}`);
}
const failed = results.filter((r) => r.status === 'failed');
console.log(failed.length ? `\n${failed.length} stage(s) failed: ${failed.map((r) => r.stage).join(', ')}` : '\nAll stages that ran passed.');
process.exit(failed.length ? 1 : 0);
