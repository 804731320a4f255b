// What every e2e scenario starts from: Lore packaged once per run as a user would get it, and a
// fresh copy of the demo workspace to open. scenarios.ts starts a person's VS Code with them.
import * as fs from 'node:fs';
import { ensureHarness, packageVsix, workspaceCopy } from '../../../scripts/harness/api.mjs';

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
