// Bundles the integration suite for the extension host: out/integration/index.js (the mocha
// runner, mocha included) and one bundle per test/integration/**/*.test.ts, `vscode` left to
// the host. A new test file needs no registration: it is found by its name.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { integrationOutDir, repoRoot, testFilesUnder } from './paths.mjs';

const sourceDir = path.join(repoRoot, 'test', 'integration');

export function integrationTestSources() {
  return testFilesUnder(sourceDir);
}

/** Builds the suite; returns the path of index.js to pass as extensionTestsPath. */
export async function buildIntegrationSuite() {
  fs.rmSync(integrationOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(sourceDir, 'index.ts'), ...integrationTestSources()],
    outbase: sourceDir,
    outdir: integrationOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
    // mocha's parallel mode (unused here) resolves worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return path.join(integrationOutDir, 'index.js');
}
