// Bundles Lore: the extension host code (CommonJS, `vscode` external), the CLI, and the
// browser code of the webviews. Type checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { graphWorkerDefine } from './scripts/graphWorker.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  // Honoured as Node does, so a package installed elsewhere for a try (NODE_PATH) bundles too.
  nodePaths: (process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean),
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
  {
    ...common,
    // The graph view: its force layout (d3-force) is bundled in, nothing is loaded remotely; the
    // layout worker's code too (read once: `--watch` does not rebuild it).
    entryPoints: { 'webview/graph': 'src/webview/graph/main.ts' },
    define: await graphWorkerDefine(esbuild, { minify: production, nodePaths: common.nodePaths }),
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    // The Team Knowledge view: Chart.js and its matrix (heat map) chart are bundled in, nothing
    // is loaded remotely; they draw on canvases and need no eval, so the view's CSP holds.
    entryPoints: { 'webview/dashboard': 'src/webview/dashboard/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
].filter((b) => Object.values(b.entryPoints).every((entry) => existsSync(entry)));

/** The ABI a Node addon was built for, read from its `node_register_module_v<N>` symbol. */
function addonAbi(file) {
  const match = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return match ? match[1] : process.versions.modules;
}

/**
 * Copies better-sqlite3 builds into dist/native/<platform>-<arch>-abi<N>/, so the .vsix carries
 * them: the one in node_modules (named by the ABI it was built for, not the ABI of the Node
 * running this script: `npm run` may put Node 24 first on PATH), then any per-ABI builds cached
 * by the test harness in .vscode-test/native/ (scripts/harness/install.mjs).
 */
function copyNativeBuilds() {
  const copy = (file, folder) => {
    mkdirSync(`dist/native/${folder}`, { recursive: true });
    cpSync(file, `dist/native/${folder}/better_sqlite3.node`);
  };
  const built = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  const hostFolder = existsSync(built) ? `${process.platform}-${process.arch}-abi${addonAbi(built)}` : undefined;
  if (hostFolder) copy(built, hostFolder);
  const cache = '.vscode-test/native';
  for (const folder of existsSync(cache) ? readdirSync(cache) : []) {
    const file = `${cache}/${folder}/better_sqlite3.node`;
    if (folder !== hostFolder && existsSync(file)) copy(file, folder);
  }
}

/**
 * SQLite on WebAssembly: its JS is bundled, and it loads `node-sqlite3-wasm.wasm` from the
 * folder of the script that runs it, so the binary goes next to dist/extension.js and dist/cli.js.
 */
function copyWasmSqlite() {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('node-sqlite3-wasm', { paths: [process.cwd(), ...common.nodePaths] });
  cpSync(path.join(path.dirname(entry), 'node-sqlite3-wasm.wasm'), 'dist/node-sqlite3-wasm.wasm');
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  copyWasmSqlite();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  copyNativeBuilds();
  copyWasmSqlite();
}
