// Builds Lore (esbuild.mjs) on the machine's Node and packages it as a .vsix like a user gets it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, hostNode } from './environment.mjs';
import { repoRoot, resultsDir, vsixFile } from './paths.mjs';
import { runOrThrow } from './processes.mjs';

/** `npm run build`, run on the host Node so the native build lands in the right ABI folder. */
export async function buildLore({ production = false } = {}) {
  await runOrThrow(hostNode(), ['esbuild.mjs', ...(production ? ['--production'] : [])], { cwd: repoRoot, env: cleanEnv() });
}

/**
 * Which dist/native/<platform>-<arch>-abi<N> folders a .vsix for a vsce target carries: those of
 * its platform and architecture (alpine-* are Linux builds linked against musl, built on Alpine);
 * none for the universal package, which runs on node:sqlite or SQLite on WebAssembly.
 */
export function keepsNativeFolder(target, folder) {
  if (!target) return true;
  if (target === 'universal') return false;
  const [platform, arch] = target.split('-');
  return folder.startsWith(`${platform === 'alpine' ? 'linux' : platform}-${arch}-abi`);
}

/** What goes into the package folder; .vscodeignore then decides file by file. */
const packagedEntries = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'media'];

/**
 * Builds Lore and packages it into out/lore.vsix; returns the file. vsce runs in a staging
 * copy of the packaged entries: in the checkout it would walk every file (benchmark corpora,
 * .git, harness downloads) and take ~25 s instead of ~3 s.
 */
export async function packageVsix({ build = true, production = false, target, out = vsixFile } = {}) {
  if (build) await buildLore({ production });
  const staging = path.join(repoRoot, 'out', 'vsix-staging');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const entry of packagedEntries) {
    const source = path.join(repoRoot, entry);
    if (fs.existsSync(source)) {
      fs.cpSync(source, path.join(staging, entry), {
        recursive: true,
        filter: (file) => !file.endsWith('.map') &&
          !(path.dirname(file) === path.join(repoRoot, 'dist', 'native') && !keepsNativeFolder(target, path.basename(file))),
      });
    }
  }
  fs.rmSync(out, { force: true });
  const logFile = path.join(resultsDir, 'vsce.log');
  fs.rmSync(logFile, { force: true });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await runOrThrow(hostNode(), [
    // package.json's "vsce" key sets the rest (no repository URL yet, bundles carry the
    // dependencies), so this is the same command a developer runs: npx @vscode/vsce package.
    // --no-rewrite-relative-links: the README's screenshots are packaged in media/screenshots/
    // and VS Code shows them from there; without a repository URL vsce would refuse them (its
    // "vsce" key in package.json cannot set this one: the command line's default wins).
    vsce, 'package', '--no-rewrite-relative-links', '-o', out, ...(target && target !== 'universal' ? ['--target', target] : []),
  ], { cwd: staging, env: cleanEnv(), logFile });
  return out;
}
