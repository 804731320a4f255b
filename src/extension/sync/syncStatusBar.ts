import * as vscode from 'vscode';
import type { SyncStatus } from '../../core/sync/syncEngine';
import { syncTooltip } from '../../core/sync/syncTooltip';

const ICONS: Record<SyncStatus['state'], string> = {
  off: '$(cloud)',
  idle: '$(check)',
  syncing: '$(sync~spin)',
  attention: '$(warning)',
  stopped: '$(debug-pause)',
  error: '$(error)',
};

/** The status bar item: sync state, last sync and conflicts at a glance; a click syncs. */
export function createSyncStatusBar(initial: SyncStatus, onDidChange: vscode.Event<SyncStatus>): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('lore.sync', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Lore Sync';
  const render = (status: SyncStatus) => {
    const conflicts = status.lastSummary?.conflicts ?? 0;
    const queued = status.lastSummary?.queued ?? 0;
    item.text = `${ICONS[status.state]} Lore${conflicts ? ` · ${conflicts} conflict${conflicts > 1 ? 's' : ''}` : ''}${queued ? ` · ${queued} to share` : ''}`;
    const { markdown, commands } = syncTooltip(status);
    const tooltip = new vscode.MarkdownString(markdown, true);
    // The links run Lore's own commands; no other command can run from this tooltip.
    tooltip.isTrusted = { enabledCommands: commands };
    item.tooltip = tooltip;
    item.command = status.state === 'off' ? 'lore.setupTeamFolder' : 'lore.syncNow';
    item.backgroundColor = status.state === 'error' || status.state === 'stopped' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  render(initial);
  const subscription = onDidChange(render);
  return vscode.Disposable.from(item, subscription);
}
