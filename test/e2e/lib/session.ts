// One person's VS Code: a code-server with its own profile (user data + extensions) with the
// packaged Lore installed as a user would, and a browser page showing a folder. Two sessions
// on one shared folder act as two teammates.
import * as fs from 'node:fs';
import {
  ensureHarness, globalStorageDir, installExtension, launchBrowser, packageVsix, profileDirs,
  startCodeServer, workspaceCopy, type CodeServer,
} from '../../../scripts/harness/api.mjs';
import { Workbench } from './workbench';

export interface LoreSession {
  readonly server: CodeServer;
  readonly workbench: Workbench;
  /** The folder this session opened. */
  readonly folder: string;
  /** Where this person's Lore database lives (globalStorage of the extension). */
  readonly databaseFile: string;
  stop(): Promise<void>;
}

let packaged: Promise<string> | undefined;

/**
 * Lore's .vsix for this run: LORE_VSIX when the runner already built it, else built and
 * packaged once per test process.
 */
export function packagedLore(): Promise<string> {
  const given = process.env.LORE_VSIX;
  if (given && fs.existsSync(given)) return Promise.resolve(given);
  packaged ??= ensureHarness().then(() => packageVsix());
  return packaged;
}

/** A fresh copy of demo/workspace to open (or to share between two sessions). */
export function demoFolder(label: string): string {
  return workspaceCopy(label);
}

/**
 * Starts code-server with Lore installed and opens `folder` in a new browser profile.
 * @param scenario names the run folders and the screenshots
 */
export async function startLoreSession(scenario: string, options: { folder?: string; person?: string } = {}): Promise<LoreSession> {
  const label = options.person ? `${scenario}-${options.person}` : scenario;
  const vsix = await packagedLore();
  const profile = profileDirs(label);
  await installExtension(vsix, profile);
  const server = await startCodeServer({ label, userDataDir: profile.userDataDir, extensionsDir: profile.extensionsDir });
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    browser = await launchBrowser({ label: `${label}-browser` });
    const folder = options.folder ?? demoFolder(label);
    const workbench = new Workbench(browser.page, label);
    await browser.page.goto(server.urlFor(folder));
    await workbench.waitUntilReady();
    const opened = browser;
    return {
      server,
      workbench,
      folder,
      databaseFile: `${globalStorageDir(server.userDataDir)}/lore.db`,
      async stop() {
        await opened.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw error;
  }
}
