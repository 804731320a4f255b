import * as vscode from 'vscode';
import type { SyncStatus } from '../../core/sync/syncEngine';
import { syncStatusText } from '../../core/sync/syncStatusText';
import { syncTooltip } from '../../core/sync/syncTooltip';

/** The status bar item: sync state, last sync and conflicts at a glance; a click syncs. */
export function createSyncStatusBar(initial: SyncStatus, onDidChange: vscode.Event<SyncStatus>): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('lore.sync', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Lore Sync';
  const render = (status: SyncStatus) => {
    item.text = syncStatusText(status);
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
