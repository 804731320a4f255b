import { sha256Hex } from '../../../src/core/hash';
import type { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import type { Rng } from './syncTestKit';

interface Delivery {
  target: number;
  path: string;
  bytes: Uint8Array;
  /** Still to do for this delivery: partial copies first, then the whole file. */
  stages: Array<{ path: string; cut?: number; mtimeMs?: number; hide?: boolean }>;
}

/**
 * A sync client between machines that behaves as badly as real ones do: files arrive late and
 * out of order, half-copied before whole, twice, under conflicted-copy names, with old
 * timestamps, and listings that miss files for a while. It never deletes or alters a whole file.
 */
export class SloppyNetwork {
  private readonly origin = new Map<string, string>(); // path → content hash, first writer wins
  private readonly queue: Delivery[] = [];
  private readonly hidden: Array<{ target: number; path: string }> = [];
  private readonly received: Array<Map<string, string>>;
  stats = { deliveries: 0, partial: 0, conflictedCopies: 0, duplicates: 0, oldTimestamps: 0, staleListings: 0 };

  constructor(private readonly machines: MemorySyncFs[], private readonly rng: Rng, private readonly chaos = true) {
    this.received = machines.map(() => new Map());
  }

  /** Notices files a machine wrote and queues them for every other machine. */
  scan(from: number): void {
    const fs = this.machines[from];
    for (const path of fs.allFiles()) {
      const bytes = fs.getFile(path)!;
      const hash = sha256Hex(bytes);
      if (this.received[from].get(path) === hash || this.origin.get(path) === hash) continue;
      if (this.origin.has(path) && !path.includes('/.staging/')) continue; // a later partial copy of a known file
      this.origin.set(path, hash);
      for (let target = 0; target < this.machines.length; target++) {
        if (target !== from) this.queue.push({ target, path, bytes, stages: this.plan(path, bytes) });
      }
    }
  }

  private plan(path: string, bytes: Uint8Array): Delivery['stages'] {
    const stages: Delivery['stages'] = [];
    if (!this.chaos) return [{ path }];
    const r = this.rng;
    if (bytes.byteLength > 1 && r.chance(0.25)) {
      stages.push({ path, cut: r.int(bytes.byteLength) });
      this.stats.partial++;
    }
    const old = r.chance(0.2) ? Date.UTC(2020, 0, 1) + r.int(1e9) : undefined;
    if (old) this.stats.oldTimestamps++;
    const hide = r.chance(0.15);
    if (hide) this.stats.staleListings++;
    if (r.chance(0.15) && path.includes('.ndjson')) {
      const copy = r.chance(0.5)
        ? path.replace(/\.ndjson$/, ' (Bob\'s conflicted copy 2026-03-01).ndjson')
        : path.replace(/\.ndjson$/, '.sync-conflict-20260301-101010-ABCDEF7.ndjson');
      stages.push({ path: copy, mtimeMs: old });
      this.stats.conflictedCopies++;
    }
    stages.push({ path, mtimeMs: old, hide });
    if (r.chance(0.1)) {
      stages.push({ path });
      this.stats.duplicates++;
    }
    return stages;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Performs one random stage of one random queued delivery. */
  deliverOne(): boolean {
    if (this.rng.chance(0.3) && this.hidden.length) {
      const h = this.hidden.splice(this.rng.int(this.hidden.length), 1)[0];
      this.machines[h.target].unhide(h.path);
    }
    if (!this.queue.length) return false;
    const index = this.chaos ? this.rng.int(this.queue.length) : 0;
    const delivery = this.queue[index];
    const stage = delivery.stages.shift()!;
    this.apply(delivery, stage);
    if (!delivery.stages.length) this.queue.splice(index, 1);
    return true;
  }

  /** Delivers everything still queued, whole, and ends every stale listing. */
  deliverAll(): void {
    while (this.queue.length) {
      const delivery = this.queue.shift()!;
      for (const stage of delivery.stages) this.apply(delivery, { ...stage, hide: false });
    }
    for (const h of this.hidden.splice(0)) this.machines[h.target].unhide(h.path);
  }

  private apply(delivery: Delivery, stage: Delivery['stages'][number]): void {
    const fs = this.machines[delivery.target];
    const bytes = stage.cut !== undefined ? delivery.bytes.subarray(0, stage.cut) : delivery.bytes;
    fs.putFile(stage.path, bytes, stage.mtimeMs);
    this.received[delivery.target].set(stage.path, sha256Hex(bytes));
    if (stage.hide) {
      fs.hide(stage.path);
      this.hidden.push({ target: delivery.target, path: stage.path });
    }
    this.stats.deliveries++;
  }
}
