import { strict as assert } from 'node:assert';
import type { SyncStatus, SyncSummary } from '../../../src/core/sync/syncEngine';
import { syncStatusText } from '../../../src/core/sync/syncStatusText';

describe('The sync status bar text', () => {
  const after = (summary: Partial<SyncSummary>, state: SyncStatus['state'] = 'attention'): SyncStatus =>
    ({ state, message: '', lastSummary: { conflicts: 0, queued: 0, ...summary } as SyncSummary });

  it('counts conflicts and changes waiting to be shared, and says nothing of none', () => {
    assert.equal(syncStatusText(after({ conflicts: 1 })), '$(warning) Lore · 1 conflict');
    assert.equal(syncStatusText(after({ conflicts: 2, queued: 3 })), '$(warning) Lore · 2 conflicts · 3 to share');
    assert.equal(syncStatusText(after({}, 'idle')), '$(check) Lore');
    assert.equal(syncStatusText({ state: 'off', message: 'No team folder set up' }), '$(cloud) Lore');
  });
});
