// Bundles Lore: the extension host code (CommonJS, `vscode` external), the CLI, and the
// browser code of the webviews. Type checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // `vscode` is provided by the host. better-sqlite3's JS is bundled; its native addon is
    // loaded at run time from dist/native/<platform>-<arch>-abi<N>/ or node_modules.
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: { 'webview/article': 'src/webview/article/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
].filter((b) => Object.values(b.entryPoints).every((entry) => existsSync(entry)));

/** Copies the better-sqlite3 build made for this Node into dist/native, so the .vsix carries it. */
function copyNativeBuild() {
  const built = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  if (!existsSync(built)) return;
  const folder = `dist/native/${process.platform}-${process.arch}-abi${process.versions.modules}`;
  mkdirSync(folder, { recursive: true });
  cpSync(built, `${folder}/better_sqlite3.node`);
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  copyNativeBuild();
}
