// Types of api.mjs for the TypeScript tests (test/e2e) that drive the harness.
import type { BrowserContext, Page } from 'playwright-core';

export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
}

export interface CodeServer {
  port: number;
  pid: number;
  baseUrl: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  urlFor(folder: string, payload?: Array<[string, string]>): string;
  remoteUri(absolutePath: string): string;
  stop(): Promise<void>;
}

export function launchBrowser(options?: {
  label?: string;
  profileDir?: string;
  viewport?: { width: number; height: number };
}): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }>;

export function buildLore(): Promise<void>;
export function packageVsix(options?: { build?: boolean }): Promise<string>;

export function freshRunDir(label: string): string;
export function globalStorageDir(userDataDir: string, extensionId?: string): string;
export function installExtension(vsix: string, profile: Profile): Promise<void>;
export function profileDirs(label: string, given?: { userDataDir?: string; extensionsDir?: string; settings?: Record<string, unknown> }): Profile;
export function startCodeServer(options: {
  label: string;
  userDataDir?: string;
  extensionsDir?: string;
  port?: number;
  smokeTestDriver?: boolean;
  env?: Record<string, string>;
  /** User settings over the quiet ones, for a fresh profile. */
  settings?: Record<string, unknown>;
}): Promise<CodeServer>;

export function ensureHarness(options?: { force?: boolean }): Promise<{
  node24: string;
  codeServer: string;
  betterSqlite137: string;
  seconds: number;
}>;

export const demoWorkspace: string;
export const repoRoot: string;
export const resultsDir: string;
export const screenshotsDir: string;
export const vsixFile: string;

export function workspaceCopy(label: string): string;
