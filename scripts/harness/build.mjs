// Builds Lore (esbuild.mjs) on the machine's Node and packages it as a .vsix like a user gets it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, hostNode } from './environment.mjs';
import { repoRoot, vsixFile } from './paths.mjs';
import { runOrThrow } from './processes.mjs';

/** `npm run build`, run on the host Node so the native build lands in the right ABI folder. */
export async function buildLore() {
  await runOrThrow(hostNode(), ['esbuild.mjs'], { cwd: repoRoot, env: cleanEnv() });
}

/** Builds Lore and packages it into out/lore.vsix; returns the file. */
export async function packageVsix({ build = true } = {}) {
  if (build) await buildLore();
  fs.mkdirSync(path.dirname(vsixFile), { recursive: true });
  fs.rmSync(vsixFile, { force: true });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await runOrThrow(hostNode(), [vsce, 'package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', vsixFile], {
    cwd: repoRoot,
    env: cleanEnv(),
    logFile: path.join(repoRoot, 'test-results', 'vsce.log'),
  });
  return vsixFile;
}
