// Starts and stops code-server (VS Code's server and web UI) for tests, demos and `npm start`:
// bound to 127.0.0.1 on a free port, no auth, no telemetry, no marketplace, and a fresh
// user-data and extensions folder per run unless the caller passes its own (two instances
// with separate folders act as two people on one team).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv } from './environment.mjs';
import { codeServerEntry, node24Bin, runsDir } from './paths.mjs';
import { freePort, killGroup, runOrThrow, stopOnExit, waitForPort } from './processes.mjs';

/** Run folders older than this are removed when a new one is made (a run lasts minutes). */
const RUN_FOLDER_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * A new, empty folder under .vscode-test/runs/ named after what it is for. Folders of runs
 * more than a day old go first, so the harness does not fill the disk over weeks of test
 * runs, while a run still in progress (or one just failed, to look at) is kept.
 */
export function freshRunDir(label) {
  fs.mkdirSync(runsDir, { recursive: true });
  removeOldRunDirs(Date.now() - RUN_FOLDER_MAX_AGE_MS);
  return fs.mkdtempSync(path.join(runsDir, `${label.replace(/[^\w.-]+/g, '-')}-`));
}

function removeOldRunDirs(olderThanMs) {
  for (const entry of fs.readdirSync(runsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(runsDir, entry.name);
    try {
      if (fs.statSync(dir).mtimeMs < olderThanMs) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another run removed it or still holds a file open: leave it for next time.
    }
  }
}

/** The environment code-server and its extension host run with: no marketplace, clean npm/PATH. */
function serverEnv(extra) {
  return cleanEnv({ EXTENSIONS_GALLERY: '{}', ...extra });
}

function baseArgs({ userDataDir, extensionsDir, configFile }) {
  return [
    codeServerEntry,
    '--config', configFile,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
}

/**
 * User settings of a fresh profile: a workbench without the welcome page, chat panel and
 * tips, so screenshots show Lore and nothing waits on services this machine cannot reach.
 */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off',
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Folders for one code-server profile: a user-data dir, an extensions dir and a config file.
 * A new profile's settings are the quiet ones, plus `given.settings`.
 * @param {string} label
 * @param {{ userDataDir?: string, extensionsDir?: string, settings?: Record<string, unknown> }} [given]
 */
export function profileDirs(label, given = {}) {
  const root = given.userDataDir && given.extensionsDir ? path.dirname(given.userDataDir) : freshRunDir(label);
  const userDataDir = given.userDataDir ?? path.join(root, 'user-data');
  const extensionsDir = given.extensionsDir ?? path.join(root, 'extensions');
  const configFile = path.join(root, 'config.yaml');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  // An explicit config keeps code-server away from ~/.config/code-server/config.yaml.
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, `${JSON.stringify({ ...quietSettings, ...given.settings }, null, 2)}\n`);
  }
  return { root, userDataDir, extensionsDir, configFile };
}

/**
 * Installs a packaged extension into a profile the way a user would (`--install-extension`).
 * @param {string} vsix
 * @param {{ userDataDir: string, extensionsDir: string, configFile: string, root: string }} profile
 */
export async function installExtension(vsix, profile) {
  await runOrThrow(node24Bin, [...baseArgs(profile), '--install-extension', vsix, '--force'], {
    env: serverEnv(),
    logFile: path.join(profile.root, 'install-extension.log'),
  });
}

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {number} pid          leader of the server's process group
 * @property {string} baseUrl      http://127.0.0.1:PORT
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {string} logFile
 * @property {(folder: string, payload?: Array<[string, string]>) => string} urlFor
 * @property {(absolutePath: string) => string} remoteUri   vscode-remote:// URI of a local path
 * @property {() => Promise<void>} stop
 */

/**
 * Starts code-server and resolves once it accepts connections.
 * @param {object} options
 * @param {string} options.label                 names the run folder and log
 * @param {string} [options.userDataDir]         reuse a profile (else a fresh one)
 * @param {string} [options.extensionsDir]
 * @param {number} [options.port]              default: a free port
 * @param {boolean} [options.smokeTestDriver]    allow `payload=` development options in the URL
 * @param {Record<string, string>} [options.env] extra environment for the server and extension host
 * @param {Record<string, unknown>} [options.settings] user settings over the quiet ones (a fresh profile only)
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options) {
  const profile = profileDirs(options.label, options);
  const port = options.port ?? (await freePort());
  const logFile = path.join(profile.root, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [...baseArgs(profile), '--bind-addr', `127.0.0.1:${port}`];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const child = spawn(node24Bin, args, {
    detached: true, // its own process group, so stop() ends the extension host and watchers too
    stdio: ['ignore', log, log],
    env: serverEnv(options.env ?? {}),
    cwd: profile.root,
  });
  fs.closeSync(log);
  let exited = false;
  child.on('exit', () => { exited = true; });
  const forget = stopOnExit(child.pid);
  try {
    await waitForPort(port, 60_000, () => !exited);
  } catch (error) {
    await killGroup(child.pid);
    throw new Error(`code-server did not start: ${error.message} See ${logFile}`);
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    port,
    pid: child.pid,
    baseUrl,
    userDataDir: profile.userDataDir,
    extensionsDir: profile.extensionsDir,
    logFile,
    remoteUri: (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath}`,
    urlFor(folder, payload) {
      let url = `${baseUrl}/?folder=${encodeURIComponent(folder)}`;
      if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    async stop() {
      await killGroup(child.pid);
      forget();
    },
  };
}

/** Where code-server keeps an extension's globalStorage (Lore's database lives there). */
export function globalStorageDir(userDataDir, extensionId = 'lore-team.lore') {
  return path.join(userDataDir, 'User', 'globalStorage', extensionId);
}
