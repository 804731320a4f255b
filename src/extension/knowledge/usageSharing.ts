import * as vscode from 'vscode';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';

/** How often this device's per-day open counts are published (UsageLog.shareUsage). */
const SHARE_EVERY_MS = 24 * 60 * 60 * 1000;
const FIRST_SHARE_AFTER_MS = 2 * 60 * 1000;
const LAST_SHARED = 'usageSharedAt';

/** Whether `lore.usage.share` allows publishing the per-article, per-day open counts. */
export function usageSharingOn(): boolean {
  return vscode.workspace.getConfiguration('lore').get<boolean>('usage.share', true) !== false;
}

/**
 * Once a day (and a little after the window opens, when a day has passed), publishes this
 * device's per-article, per-day open counts, unless `lore.usage.share` is off. Lore: Forget My
 * Usage deletes what this machine recorded (what search learnt from it too).
 */
export function registerUsageSharing(services: LoreServices): vscode.Disposable[] {
  const { log, stores } = services;
  const share = () => {
    const store = stores.tryGet();
    if (!store || !usageSharingOn()) return;
    const last = Date.parse(store.getMeta(LAST_SHARED) ?? '');
    if (Date.now() - last < SHARE_EVERY_MS - 60_000) return;
    try {
      const articles = store.shareUsage();
      store.setMeta(LAST_SHARED, new Date().toISOString());
      if (articles) log.info(`Shared the open counts of ${articles} articles (per day; no queries)`);
    } catch (error) {
      log.warn(`Could not share usage counts: ${String(error)}`);
    }
  };
  const first = setTimeout(share, FIRST_SHARE_AFTER_MS);
  const daily = setInterval(share, SHARE_EVERY_MS);
  return [
    { dispose: () => { clearTimeout(first); clearInterval(daily); } },
    registerCommand(log, 'lore.forgetUsage', () => {
      stores.get().clearUsage();
      void vscode.window.showInformationMessage('Lore forgot what you opened and searched on this machine. Counts already shared stay shared.');
    }),
  ];
}
