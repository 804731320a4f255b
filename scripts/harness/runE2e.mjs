// Runs test/e2e: a person's path through the real VS Code UI (code-server + headless
// Chromium) with the packaged Lore installed, screenshots in test-results/screenshots/.
// Usage: node scripts/harness/runE2e.mjs [--no-build] [mocha args, e.g. --grep "First look"]
// --no-build packages the current dist/ without running esbuild first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageVsix } from './build.mjs';
import { cleanEnv, hostNode } from './environment.mjs';
import { ensureHarness } from './install.mjs';
import { repoRoot, screenshotsDir, testFilesUnder } from './paths.mjs';
import { run, secondsSince } from './processes.mjs';

export function e2eTestFiles() {
  return testFilesUnder(path.join(repoRoot, 'test', 'e2e')).map((file) => path.relative(repoRoot, file));
}

/** @returns {Promise<{ code: number, reason: string, seconds: number }>} */
export async function runE2e({ build = true, mochaArgs = [] } = {}) {
  const start = Date.now();
  const files = e2eTestFiles();
  if (files.length === 0) return { code: 1, reason: 'no test/e2e/**/*.test.ts found', seconds: 0 };
  await ensureHarness();
  // Packaging takes a few seconds; `build: false` only skips the esbuild step before it.
  const vsix = await packageVsix({ build });
  fs.mkdirSync(screenshotsDir, { recursive: true });
  const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const code = await run(hostNode(), [
    mocha, '--no-config', '--require', 'tsx/cjs', '--extension', 'ts',
    // --exit: a scenario that failed to stop a code-server must not keep the run from ending.
    '--timeout', '300000', '--reporter', 'spec', '--exit', ...mochaArgs, ...files,
  ], { cwd: repoRoot, env: cleanEnv({ LORE_VSIX: vsix }) });
  return { code, reason: code === 0 ? 'all scenarios passed' : `mocha exited with ${code}`, seconds: secondsSince(start) };
}

async function main() {
  const argv = process.argv.slice(2);
  const result = await runE2e({ build: !argv.includes('--no-build'), mochaArgs: argv.filter((a) => a !== '--no-build') });
  console.log(`e2e: ${result.code === 0 ? 'PASSED' : 'FAILED'} (${result.reason}) in ${result.seconds} s`);
  process.exit(result.code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`e2e: FAILED: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  });
}
