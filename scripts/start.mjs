// `npm start`: Lore in a real VS Code on a copy of the demo workspace, with sample articles
// and review notes, until Ctrl+C.
//  - With VS Code desktop (`code` on PATH): opens it with --extensionDevelopmentPath.
//  - Otherwise: builds the .vsix, installs it into code-server (as a user would) and serves
//    the workbench on 127.0.0.1, printing its address.
// The demo state lives in .lore-demo-state/ (git-ignored) and is fresh at every start.
//
// Options:
//   --port N            code-server port (default: a free one)
//   --screenshot        also open the workbench in headless Chromium, show the Lore views and
//                       save test-results/screenshots/npm-start.png
//   --exit              stop after the screenshot instead of serving until Ctrl+C
//   --code-server       use code-server even when `code` is on PATH
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './harness/browser.mjs';
import { buildLore, packageVsix } from './harness/build.mjs';
import { globalStorageDir, installExtension, profileDirs, startCodeServer } from './harness/codeServer.mjs';
import { cleanEnv, hostNode } from './harness/environment.mjs';
import { ensureHarness } from './harness/install.mjs';
import { demoWorkspace, repoRoot, screenshotsDir } from './harness/paths.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};

const stateDir = path.join(repoRoot, '.lore-demo-state');

/** A fresh copy of the demo workspace, so the demo never changes files under git. */
function freshDemoWorkspace() {
  fs.rmSync(stateDir, { recursive: true, force: true });
  const workspace = path.join(stateDir, 'workspace');
  fs.cpSync(demoWorkspace, workspace, { recursive: true });
  return workspace;
}

/** Fills the database with the sample knowledge when the CLI offers `seed-demo`; true if it did. */
function seedDemo(databaseFile, workspace) {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const help = spawnSync(hostNode(), [cli, '--help'], { encoding: 'utf8', env: cleanEnv() });
  if (!`${help.stdout}${help.stderr}`.includes('seed-demo')) {
    console.log('start: this build of the CLI has no seed-demo command; the demo starts empty.');
    return false;
  }
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  const seeded = spawnSync(hostNode(), [cli, 'seed-demo', '--workspace', workspace, '--db', databaseFile, '--author', 'Demo Team'], {
    encoding: 'utf8',
    env: cleanEnv(),
  });
  if (seeded.status !== 0) throw new Error(`seed-demo failed: ${seeded.stderr || seeded.stdout}`);
  console.log(`start: ${seeded.stdout.trim()}`);
  return true;
}

function hasDesktopCode() {
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

async function startDesktop(workspace) {
  await buildLore();
  const userDataDir = path.join(stateDir, 'desktop-user-data');
  seedDemo(path.join(globalStorageDir(userDataDir), 'lore.db'), workspace);
  console.log('start: opening VS Code desktop with Lore in development mode');
  const code = spawn('code', ['--new-window', '--user-data-dir', userDataDir, `--extensionDevelopmentPath=${repoRoot}`, workspace], {
    stdio: 'inherit',
    env: cleanEnv(),
  });
  await new Promise((resolve) => code.on('exit', resolve));
}

/** Shows the Lore views in headless Chromium and saves a screenshot of them. */
async function screenshotWorkbench(url, seeded) {
  const browser = await launchBrowser({ label: 'npm-start-browser' });
  try {
    const { page } = browser;
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    const lore = page.locator('.part.activitybar').getByRole('tab', { name: /^Lore\b/ });
    await lore.waitFor({ timeout: 90_000 });
    if ((await lore.getAttribute('aria-selected')) !== 'true') await lore.click();
    const knowledge = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: /^Knowledge$/i }) });
    // Seeded articles show as tree rows once Lore has activated; an empty store shows the
    // welcome text (which is also what the view shows before activation).
    await knowledge.locator(seeded ? '.monaco-list-row' : '.welcome-view-content').first().waitFor({ timeout: 90_000 });
    await page.waitForTimeout(1000);
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, 'npm-start.png');
    await page.screenshot({ path: file });
    const rows = await knowledge.locator('.monaco-list-row').count();
    console.log(`start: screenshot ${path.relative(repoRoot, file)} (Knowledge view shows ${rows} row(s))`);
  } finally {
    await browser.close();
  }
}

async function startCodeServerDemo(workspace) {
  await ensureHarness();
  const vsix = await packageVsix();
  const profile = profileDirs('npm-start', {
    userDataDir: path.join(stateDir, 'code-server', 'user-data'),
    extensionsDir: path.join(stateDir, 'code-server', 'extensions'),
  });
  await installExtension(vsix, profile);
  const seeded = seedDemo(path.join(globalStorageDir(profile.userDataDir), 'lore.db'), workspace);
  const port = option('--port') ? Number(option('--port')) : undefined;
  const server = await startCodeServer({ label: 'npm-start', userDataDir: profile.userDataDir, extensionsDir: profile.extensionsDir, port });
  const url = server.urlFor(workspace);
  console.log(`\nLore is running in VS Code (code-server) at:\n\n  ${url}\n\nServer log: ${path.relative(repoRoot, server.logFile)}`);
  try {
    if (flag('--screenshot')) await screenshotWorkbench(url, seeded);
  } catch (error) {
    console.error(`start: screenshot failed: ${error instanceof Error ? error.message : error}`);
    if (flag('--exit')) {
      await server.stop();
      process.exit(1);
    }
  }
  if (flag('--exit')) {
    await server.stop();
    return;
  }
  // Ctrl+C ends this process; the harness then stops code-server's whole process group.
  console.log('Press Ctrl+C to stop.');
  setInterval(() => undefined, 60_000);
  await new Promise(() => undefined);
}

async function main() {
  const workspace = freshDemoWorkspace();
  if (hasDesktopCode() && !flag('--code-server') && !flag('--screenshot')) await startDesktop(workspace);
  else await startCodeServerDemo(workspace);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
