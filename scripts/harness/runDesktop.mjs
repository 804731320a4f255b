// Runs test/integration in VS Code desktop (Electron) through @vscode/test-electron, when this
// machine can: it needs VS Code desktop (downloaded from update.code.visualstudio.com, or
// already in .vscode-test/) and a display (DISPLAY, or xvfb-run to make one). Otherwise it
// prints one `SKIPPED: VS Code desktop host (<reason>)` line; it never passes silently.
// In VS Code desktop Lore runs on Electron's ABI: without a better-sqlite3 build for it the
// store uses node:sqlite (the activation test checks which one is expected).
//
// Usage: node scripts/harness/runDesktop.mjs [--no-build]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildLore } from './build.mjs';
import { buildIntegrationSuite } from './buildIntegration.mjs';
import { freshRunDir } from './codeServer.mjs';
import { harnessDir, repoRoot, resultsDir } from './paths.mjs';
import { secondsSince } from './processes.mjs';
import { workspaceCopy } from './workspace.mjs';

const updateServer = 'https://update.code.visualstudio.com/api/releases/stable';

/** A VS Code desktop that @vscode/test-electron downloaded earlier into .vscode-test/. */
function cachedDesktop() {
  if (!fs.existsSync(harnessDir)) return undefined;
  for (const entry of fs.readdirSync(harnessDir).filter((name) => name.startsWith(`vscode-${process.platform}`)).sort().reverse()) {
    const executable = path.join(harnessDir, entry, process.platform === 'linux' ? 'code' : 'Code');
    if (fs.existsSync(executable)) return executable;
  }
  return undefined;
}

async function canReach(url) {
  try {
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(8000) });
    return response.status < 500 ? undefined : `${url} answered ${response.status}`;
  } catch (error) {
    return `cannot reach ${new URL(url).host}: ${error?.cause?.code ?? error?.message ?? error}`;
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Why the desktop host cannot run here, or undefined when it can.
 * @returns {Promise<string | undefined>}
 */
export async function desktopUnavailableReason() {
  const reasons = [];
  if (!cachedDesktop()) {
    const unreachable = await canReach(updateServer);
    if (unreachable) reasons.push(`VS Code desktop is not in .vscode-test/ and ${unreachable}`);
  }
  if (!process.env.DISPLAY && !hasCommand('xvfb-run')) reasons.push('no display: set DISPLAY or install xvfb');
  return reasons.length ? reasons.join('; ') : undefined;
}

/**
 * @returns {Promise<{ status: 'passed' | 'failed' | 'skipped', reason: string, seconds: number }>}
 */
export async function runDesktop({ build = true } = {}) {
  const start = Date.now();
  const unavailable = await desktopUnavailableReason();
  if (unavailable) return { status: 'skipped', reason: unavailable, seconds: secondsSince(start) };
  if (!process.env.DISPLAY) {
    // Run this same script again inside a virtual X server.
    const code = spawnSync('xvfb-run', ['-a', process.execPath, path.join(repoRoot, 'scripts', 'harness', 'runDesktop.mjs'), ...(build ? [] : ['--no-build'])], {
      stdio: 'inherit',
      cwd: repoRoot,
    }).status;
    return { status: code === 0 ? 'passed' : 'failed', reason: `exit code ${code}`, seconds: secondsSince(start) };
  }
  if (build) await buildLore();
  const suite = await buildIntegrationSuite();
  const { runTests } = await import('@vscode/test-electron');
  const results = path.join(resultsDir, 'integration-desktop.json');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.rmSync(results, { force: true });
  const run = freshRunDir('desktop');
  try {
    const code = await runTests({
      ...(cachedDesktop() ? { vscodeExecutablePath: cachedDesktop() } : { cachePath: harnessDir }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suite,
      extensionTestsEnv: { LORE_TEST_RESULTS: results },
      launchArgs: [
        workspaceCopy('desktop'),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir', path.join(run, 'user-data'),
        '--extensions-dir', path.join(run, 'extensions'),
      ],
    });
    return { status: code === 0 ? 'passed' : 'failed', reason: `exit code ${code}`, seconds: secondsSince(start) };
  } catch (error) {
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error), seconds: secondsSince(start) };
  }
}

async function main() {
  const result = await runDesktop({ build: !process.argv.includes('--no-build') });
  if (result.status === 'skipped') console.log(`SKIPPED: VS Code desktop host (${result.reason})`);
  else console.log(`desktop: ${result.status.toUpperCase()} (${result.reason}) in ${result.seconds} s`);
  process.exit(result.status === 'failed' ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`desktop: FAILED: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  });
}
