import * as vscode from 'vscode';
import type { SyncStatus } from '../../core/sync/syncEngine';

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
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Lore team sync**: ${status.message.replace(/[[\]*_`]/g, '\\$&')}\n\n`);
    if (status.folder) tooltip.appendMarkdown(`Folder: \`${status.folder}\`\n\n`);
    if (status.lastSync) tooltip.appendMarkdown(`Last sync: ${new Date(status.lastSync).toLocaleString()}\n\n`);
    tooltip.appendMarkdown(status.state === 'off' ? '[Set up a team folder](command:lore.setupTeamFolder)' : '[Sync now](command:lore.syncNow) · [Verify folder](command:lore.verifyTeamFolder)');
    item.tooltip = tooltip;
    item.command = status.state === 'off' ? 'lore.setupTeamFolder' : 'lore.syncNow';
    item.backgroundColor = status.state === 'error' || status.state === 'stopped' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  render(initial);
  const subscription = onDidChange(render);
  return vscode.Disposable.from(item, subscription);
}
