// What tests, demos and `npm start` use from the harness, in one place (typed by api.d.mts).
export { launchBrowser } from './browser.mjs';
export { buildLore, packageVsix } from './build.mjs';
export { freshRunDir, globalStorageDir, installExtension, profileDirs, startCodeServer } from './codeServer.mjs';
export { ensureHarness } from './install.mjs';
export { demoWorkspace, repoRoot, resultsDir, screenshotsDir, vsixFile } from './paths.mjs';
export { workspaceCopy } from './workspace.mjs';
