import * as vscode from 'vscode';
import { Debouncer } from '../../core/debouncer';
import type { LoreServices } from '../common/services';

const WARM_UP_DELAY_MS = 2_000;
const COMPACT_AFTER_IDLE_MS = 10_000;
const COMPACT_STEP_PAUSE_MS = 50;

/**
 * Search housekeeping off the typing path: the typo vocabulary is loaded shortly after the
 * database opens, and the full-text index is compacted in small steps once writes settle
 * (saves never merge the index themselves, so they stay fast).
 */
export function registerSearchMaintenance(services: LoreServices): vscode.Disposable[] {
  const compact: Debouncer = new Debouncer(COMPACT_AFTER_IDLE_MS, () => {
    if (!services.stores.isOpen) return;
    try {
      if (services.stores.get().compactSearchIndex()) compact.schedule(COMPACT_STEP_PAUSE_MS);
    } catch (error) {
      services.log.warn(`Search index compaction paused: ${String(error)}`);
    }
  });
  const warmUp = new Debouncer(WARM_UP_DELAY_MS, () => {
    try {
      services.stores.tryGet()?.warmUpSearch();
    } catch (error) {
      services.log.warn(`Search warm-up failed: ${String(error)}`);
    }
  });
  const opened = services.stores.onDidOpen(() => warmUp.schedule());
  const changed = services.stores.onDidChange(() => compact.schedule());
  return [opened, changed, compact, warmUp];
}
