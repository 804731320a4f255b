// The graph view's layout worker (src/webview/graph/workerMain.ts), bundled to a string that the
// graph view's own bundle carries (as LORE_LAYOUT_WORKER) and starts from a blob: URL: a VS Code
// webview may start a worker only from a blob: or data: URL. Used by esbuild.mjs and the bench.
import { fileURLToPath } from 'node:url';

/** The `define` that gives the graph view's bundle its worker's code. */
export async function graphWorkerDefine(esbuild, options = {}) {
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('../src/webview/graph/workerMain.ts', import.meta.url))],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
    legalComments: 'none',
    ...options,
  });
  return { LORE_LAYOUT_WORKER: JSON.stringify(result.outputFiles[0].text) };
}
