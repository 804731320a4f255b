import { serveLayouts } from './layoutWorker';

// Entry of the layout worker's bundle (see layoutWorker.ts; built by scripts/graphWorker.mjs).
serveLayouts(self as unknown as Parameters<typeof serveLayouts>[0]);
