// Entry point VS Code's extension host loads as `extensionTestsPath`: runs every bundled
// `*.test.js` next to this file with mocha and rejects when a test fails, so the host exits
// with a non-zero code. A JSON report is also written (LORE_TEST_RESULTS, else results.json
// here) because the process that started the host may not see its exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface TestReport {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

interface SuiteReport {
  host: { vscode: string; node: string; abi: string; appHost: string };
  finished: boolean;
  passed: number;
  failed: number;
  pending: number;
  tests: TestReport[];
}

function resultsFile(): string {
  return process.env.LORE_TEST_RESULTS ?? path.join(__dirname, 'results.json');
}

function testFiles(): string[] {
  return fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(__dirname, file));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

export async function run(): Promise<void> {
  // Required lazily so `vscode` (provided by the host) resolves inside the host only.
  const vscode = require('vscode') as typeof import('vscode');
  const report: SuiteReport = {
    host: { vscode: vscode.version, node: process.versions.node, abi: process.versions.modules, appHost: vscode.env.appHost },
    finished: false,
    passed: 0,
    failed: 0,
    pending: 0,
    tests: [],
  };
  const save = () => fs.writeFileSync(resultsFile(), `${JSON.stringify(report, null, 2)}\n`);
  save();

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.LORE_TEST_GREP) mocha.grep(process.env.LORE_TEST_GREP);
  const files = testFiles();
  for (const file of files) mocha.addFile(file);

  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      report.finished = true;
      save();
      if (files.length === 0) reject(new Error(`No integration tests found next to ${__filename}.`));
      else if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
      else if (report.passed === 0) reject(new Error('No integration test ran (is LORE_TEST_GREP too narrow?).'));
      else resolve();
    });
    runner.on('pass', (test) => {
      report.passed += 1;
      report.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      save();
    });
    runner.on('fail', (test, error) => {
      report.failed += 1;
      report.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: describeError(error) });
      save();
    });
    runner.on('pending', (test) => {
      report.pending += 1;
      report.tests.push({ title: test.fullTitle(), state: 'pending' });
      save();
    });
  });
}
