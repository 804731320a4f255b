/** See graphWorker.mjs. */
export function graphWorkerDefine(esbuild: typeof import('esbuild'), options?: import('esbuild').BuildOptions): Promise<{ LORE_LAYOUT_WORKER: string }>;
