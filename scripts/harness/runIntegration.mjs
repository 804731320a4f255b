// Runs test/integration inside a real VS Code extension host: code-server (VS Code's server)
// with the smoke-test driver, opened in headless Chromium with the development options in the
// URL. Exits 0 only when the host reports success AND the suite's own report lists passes and
// no failures; a host that never reports is a failure after the timeout.
//
// Usage: node scripts/harness/runIntegration.mjs [--no-build] [--grep TEXT]
// Env:   LORE_INTEGRATION_TIMEOUT_S (default 900: the whole suite takes ~2 min on an idle machine, far longer on a loaded one)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { buildLore } from './build.mjs';
import { buildIntegrationSuite } from './buildIntegration.mjs';
import { startCodeServer } from './codeServer.mjs';
import { ensureHarness } from './install.mjs';
import { repoRoot, resultsDir, screenshotsDir } from './paths.mjs';
import { workspaceCopy } from './workspace.mjs';
import { secondsSince } from './processes.mjs';

function printReport(report) {
  for (const test of report.tests) {
    const mark = test.state === 'passed' ? 'ok  ' : test.state === 'failed' ? 'FAIL' : 'skip';
    console.log(`  ${mark} ${test.title}`);
    if (test.error) console.log(test.error.split('\n').slice(0, 8).map((line) => `         ${line}`).join('\n'));
  }
  console.log(`integration: ${report.passed} passed, ${report.failed} failed, ${report.pending} pending ` +
    `(VS Code ${report.host.vscode}, ${report.host.appHost}, Node ${report.host.node}, ABI ${report.host.abi})`);
}

/**
 * @param {{ build?: boolean, grep?: string, timeoutSeconds?: number }} [options]
 * @returns {Promise<{ code: number, reason: string, seconds: number }>}
 */
export async function runIntegration(options = {}) {
  const start = Date.now();
  const timeoutSeconds = options.timeoutSeconds ?? Number(process.env.LORE_INTEGRATION_TIMEOUT_S ?? 900);
  await ensureHarness();
  if (options.build !== false) await buildLore();
  const suite = await buildIntegrationSuite();
  const workspace = workspaceCopy('integration');
  fs.mkdirSync(resultsDir, { recursive: true });
  const resultsFile = path.join(resultsDir, 'integration.json');
  const hostLog = path.join(resultsDir, 'integration-host.log');
  fs.rmSync(resultsFile, { force: true });
  fs.writeFileSync(hostLog, '');

  // ensureHarness() built better-sqlite3 for code-server's Node and buildLore() copied it into
  // dist/native: the activation test then insists on it instead of accepting a fallback driver
  // (a build that ran before the harness once sent every CI run to node:sqlite unseen).
  const env = { LORE_TEST_RESULTS: resultsFile, LORE_EXPECT_SHIPPED_SQLITE: '1' };
  if (options.grep) env.LORE_TEST_GREP = options.grep;
  // code-server is VS Code for the web, where files.autoSave defaults to afterDelay (1 s). The
  // tests save explicitly, and a save that lands while the auto save of the same edit is running
  // returns false before anything is written (a loaded machine takes about that second between
  // an edit and the test's save). Off, as on the desktop, a test's save is the only one.
  const server = await startCodeServer({ label: 'integration', smokeTestDriver: true, env, settings: { 'files.autoSave': 'off' } });
  console.log(`integration: code-server on ${server.baseUrl} (log: ${path.relative(repoRoot, server.logFile)})`);
  let browser;
  try {
    browser = await launchBrowser({ label: 'integration-browser' });
    const { page } = browser;
    let reportExit;
    const exited = new Promise((resolve) => { reportExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      fs.appendFileSync(hostLog, `[${level}] ${message}\n`);
    });
    page.on('console', (message) => fs.appendFileSync(hostLog, `[console.${message.type()}] ${message.text()}\n`));
    const url = server.urlFor(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(suite)],
    ]);
    await page.goto(url);
    let timer;
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutSeconds * 1000); });
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    fs.mkdirSync(screenshotsDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotsDir, 'integration-end.png') }).catch(() => undefined);

    const report = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
    if (report) printReport(report);
    let code = 0;
    let reason = `${report?.passed ?? 0} passed`;
    if (outcome === 'timeout') {
      code = 1;
      reason = report
        ? `the extension host did not finish within ${timeoutSeconds} s`
        : `the extension host never started the suite within ${timeoutSeconds} s (see ${path.relative(repoRoot, hostLog)})`;
    } else if (outcome !== 0) {
      code = 1;
      reason = report?.failed ? `${report.failed} failed` : `the extension host exited with code ${outcome} (see ${path.relative(repoRoot, hostLog)})`;
    } else if (!report || !report.finished || report.failed > 0 || report.passed === 0) {
      code = 1;
      reason = 'the extension host reported success, but the suite report is missing, unfinished or empty';
    }
    return { code, reason, seconds: secondsSince(start) };
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const grepAt = argv.indexOf('--grep');
  const result = await runIntegration({
    build: !argv.includes('--no-build'),
    grep: grepAt >= 0 ? argv[grepAt + 1] : undefined,
  });
  console.log(`integration: ${result.code === 0 ? 'PASSED' : 'FAILED'} (${result.reason}) in ${result.seconds} s`);
  process.exit(result.code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`integration: FAILED: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  });
}
