import { strict as assert } from 'node:assert';
import { gunzipSync } from 'node:zlib';
import type { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { usageField, type UsageValue } from '../../../src/core/store/usageLog';
import { syncAll, team, type Replica } from './syncTestKit';

/** Every file of the team folder as text (gzipped snapshots unzipped). */
function folderText(fs: MemorySyncFs): string {
  return fs.allFiles('/').map((path) => {
    const data = fs.getFile(path)!;
    const text = data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data).toString('utf8') : new TextDecoder().decode(data);
    return `${path}\n${text}`;
  }).join('\n');
}

/** Bob searches with words nobody wrote, opens Ann's article from search, the tree and a link. */
function bobReads(bob: Replica, id: string): void {
  bob.store.recordSearch('zanzibarquux deploy', [id]);
  bob.store.recordOpen(id, 'search', 'zanzibarquux deploy');
  bob.store.recordBounce(id);
  bob.store.recordOpen(id, 'tree');
  bob.store.recordOpen(id, 'link');
}

describe('Usage counts in the team folder', () => {
  it('carry only per-day opens and bounces per article: no query, no place opened from, no order', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const id = ann.store.createArticle({ title: 'Deploying', body: 'Build, upload, tag.', status: 'published' }).id;
    await syncAll(replicas);
    bobReads(bob, id);
    assert.equal(bob.store.shareUsage(), 1);
    await syncAll(replicas);
    const text = folderText(fs);
    const field = usageField(bob.store.deviceId);
    assert.ok(text.includes(field), 'the counts were shared');
    for (const secret of ['zanzibarquux', 'zanzibarqu', 'search_clicks', '"search"', '"tree"', '"link"', 'forFile', 'bounce']) {
      assert.ok(!text.includes(secret), `the team folder does not contain ${secret}`);
    }
    const shared = [...ann.store.allEvents()].find((e) => field in e.changes)!.changes[field] as UsageValue;
    assert.deepEqual(shared, { days: { '2026-03-01': [3, 1] } }, 'Ann receives the day\'s totals');
    assert.equal(ann.store.getArticle(id)!.updatedAt, bob.store.getArticle(id)!.updatedAt);
    assert.equal(Date.parse(ann.store.getArticle(id)!.updatedAt) <= Date.UTC(2026, 2, 1, 9), true, 'reading is not a change of the article');
  });

  it('nothing of a person\'s use reaches the folder while sharing is off (shareUsage never called)', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const id = ann.store.createArticle({ title: 'Deploying', body: 'Build, upload, tag.', status: 'published' }).id;
    await syncAll(replicas);
    bobReads(bob, id);
    await syncAll(replicas);
    assert.ok(!folderText(fs).includes('usage_'));
    assert.equal(bob.store.unpublishedEvents().length, 0);
  });
});
