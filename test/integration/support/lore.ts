// Shared helpers for integration tests: reach the installed Lore and its manifest.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoreExtensionApi } from '../../../src/extension/extension';

export const LORE_ID = 'lore-team.lore';

export interface LoreManifest {
  activationEvents?: string[];
  contributes: {
    commands: Array<{ command: string; title: string }>;
    viewsContainers: { activitybar: Array<{ id: string; title: string }> };
    views: Record<string, Array<{ id: string; name: string }>>;
    menus: Record<string, Array<{ command: string; when?: string; group?: string }>>;
  };
}

/** Lore as this host sees it (the development copy under test). */
export function loreExtension(): vscode.Extension<LoreExtensionApi> {
  const extension = vscode.extensions.getExtension<LoreExtensionApi>(LORE_ID);
  assert.ok(extension, `${LORE_ID} is not installed in this VS Code`);
  return extension;
}

export function manifest(): LoreManifest {
  return loreExtension().packageJSON as LoreManifest;
}

/** Lore's API, activating it if nothing has yet. */
export async function loreApi(): Promise<LoreExtensionApi> {
  const extension = loreExtension();
  return extension.isActive ? extension.exports : await extension.activate();
}

/** Resolves once `condition()` is true; fails with `what` after timeoutMs. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A team folder of team `teamId` among the temporary folders earlier tests set up. */
export function teamFolderOf(teamId: string): string | undefined {
  return fs.readdirSync(os.tmpdir())
    .filter((name) => name.startsWith('lore-team-'))
    .map((name) => path.join(os.tmpdir(), name))
    .find((folder) => {
      try {
        return (JSON.parse(fs.readFileSync(path.join(folder, 'lore', 'FORMAT.json'), 'utf8')) as { teamId?: string }).teamId === teamId;
      } catch {
        return false;
      }
    });
}
