// Small process helpers for the harness: run a command, find a free port, and stop a
// process tree by its group id (never by name).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/**
 * Runs a command with inherited output; resolves with its exit code (never rejects on a
 * non-zero code, so callers decide what a failure means).
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions & { quiet?: boolean, logFile?: string }} [options]
 * @returns {Promise<number>}
 */
export function run(command, args, options = {}) {
  const { quiet, logFile, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    let stdio = 'inherit';
    let log;
    if (logFile) {
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      log = fs.openSync(logFile, 'a');
      stdio = ['ignore', log, log];
    } else if (quiet) {
      stdio = ['ignore', 'ignore', 'inherit'];
    }
    const child = spawn(command, args, { stdio, ...spawnOptions });
    child.on('error', (error) => {
      if (log !== undefined) fs.closeSync(log);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      if (log !== undefined) fs.closeSync(log);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Like run(), but throws with the command line when the exit code is not 0. */
export async function runOrThrow(command, args, options = {}) {
  const code = await run(command, args, options);
  if (code !== 0) {
    const where = options.logFile ? ` (output in ${options.logFile})` : '';
    throw new Error(`Command failed with exit code ${code}: ${command} ${args.join(' ')}${where}`);
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when something accepts TCP connections on 127.0.0.1:port, or throws after timeoutMs. */
export async function waitForPort(port, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`The process that should listen on port ${port} exited first.`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(200);
  }
  throw new Error(`Nothing listened on 127.0.0.1:${port} within ${Math.round(timeoutMs / 1000)} s.`);
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a process started with `detached: true` and everything it started (its process
 * group): SIGTERM, then SIGKILL after graceMs.
 */
export async function killGroup(pid, graceMs = 5000) {
  if (!pid || !groupAlive(pid)) return;
  try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pid)) await sleep(100);
  if (groupAlive(pid)) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

/** Process groups to stop if this script exits without cleaning up (Ctrl+C, crash). */
const groupsToStop = new Set();
let exitHookInstalled = false;

/** Remembers a detached child so it is killed when this process exits for any reason. */
export function stopOnExit(pid) {
  groupsToStop.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const group of groupsToStop) {
        try { process.kill(-group, 'SIGKILL'); } catch { /* already gone */ }
      }
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.once(signal, () => process.exit(130));
    }
  }
  return () => groupsToStop.delete(pid);
}

/** Seconds since `start` (a Date.now() value), one decimal. */
export function secondsSince(start) {
  return Math.round((Date.now() - start) / 100) / 10;
}
