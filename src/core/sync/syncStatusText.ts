import type { SyncStatus } from './syncEngine';

const ICONS: Record<SyncStatus['state'], string> = {
  off: '$(cloud)',
  idle: '$(check)',
  syncing: '$(sync~spin)',
  attention: '$(warning)',
  stopped: '$(debug-pause)',
  error: '$(error)',
};

/**
 * The sync status bar item's text: an icon for the state, then the conflicts left to resolve and
 * the changes waiting to be shared, if any ("$(warning) Lore · 1 conflict · 2 to share").
 */
export function syncStatusText(status: SyncStatus): string {
  const conflicts = status.lastSummary?.conflicts ?? 0;
  const queued = status.lastSummary?.queued ?? 0;
  return `${ICONS[status.state]} Lore${conflicts ? ` · ${conflicts} conflict${conflicts > 1 ? 's' : ''}` : ''}${queued ? ` · ${queued} to share` : ''}`;
}
