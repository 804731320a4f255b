import * as vscode from 'vscode';
import type { LoreServices } from '../common/services';

const WARM_UP_DELAY_MS = 2_000;
const COMPACT_AFTER_IDLE_MS = 10_000;

/**
 * Search housekeeping off the typing path: the typo vocabulary is loaded shortly after the
 * database opens, and the full-text index is compacted in small steps once writes settle
 * (saves never merge the index themselves, so they stay fast).
 */
export function registerSearchMaintenance(services: LoreServices): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;
  const compact = () => {
    if (disposed || !services.stores.isOpen) return;
    try {
      if (services.stores.get().compactSearchIndex()) timer = setTimeout(compact, 50);
    } catch (error) {
      services.log.warn(`Search index compaction paused: ${String(error)}`);
    }
  };
  const opened = services.stores.onDidOpen((store) => {
    timer = setTimeout(() => {
      try {
        store.warmUpSearch();
      } catch (error) {
        services.log.warn(`Search warm-up failed: ${String(error)}`);
      }
    }, WARM_UP_DELAY_MS);
  });
  const changed = services.stores.onDidChange(() => {
    clearTimeout(timer);
    timer = setTimeout(compact, COMPACT_AFTER_IDLE_MS);
  });
  return new vscode.Disposable(() => {
    disposed = true;
    clearTimeout(timer);
    opened.dispose();
    changed.dispose();
  });
}
