import type { Clock } from '../clock';
import type { LoreStore } from '../store/loreStore';

const LEASE_KEY = 'sync.lease';

interface LeaseRow {
  owner: string;
  until: number;
  /** What holds it, for the user: "lore sync (process 4242)", "a VS Code window (process 17)". */
  holder?: string;
}

/** Who else holds the lease, and until when (ms). */
export interface LeaseHeld {
  until: number;
  holder?: string;
}

/**
 * One publisher per machine at a time. Every VS Code window runs its own extension host on the
 * same local database; the window holding this lease (a row in the database, taken in a write
 * transaction) writes to the team folder, the others only add to the shared outbox. A lease that
 * is not renewed expires, so a crashed window hands over by itself. No lock file in the shared
 * folder: the lease lives in the local database, which SQLite locks correctly.
 */
export class FlushLease {
  constructor(
    private readonly store: LoreStore,
    private readonly clock: Clock,
    /** A different id per window (per SyncEngine). */
    readonly owner: string,
    private readonly durationMs = 180_000,
    /** What this is, for the user of another window or process that finds the lease taken. */
    private readonly holderName?: string,
  ) {}

  /** Takes or renews the lease. Returns false while another window holds it. */
  acquire(): boolean {
    return this.store.db.transaction(() => {
      const now = this.clock.now();
      const current = this.read();
      // A lease far in the future (the clock went backwards) is treated as expired.
      const valid = current && current.until > now && current.until <= now + 2 * this.durationMs;
      if (valid && current.owner !== this.owner) return false;
      const row: LeaseRow = { owner: this.owner, until: now + this.durationMs, ...(this.holderName ? { holder: this.holderName } : {}) };
      this.store.setMeta(LEASE_KEY, JSON.stringify(row));
      return true;
    });
  }

  /** Gives the lease up (window closing) so another window can publish at once. */
  release(): void {
    this.store.db.transaction(() => {
      if (this.read()?.owner === this.owner) this.store.setMeta(LEASE_KEY, '');
    });
  }

  /** Until when another window or process holds the lease (ms), and what it is, or undefined when nobody else does. */
  heldByOther(): LeaseHeld | undefined {
    const current = this.read();
    const now = this.clock.now();
    if (!current || current.owner === this.owner || current.until <= now || current.until > now + 2 * this.durationMs) return undefined;
    return { until: current.until, ...(typeof current.holder === 'string' && current.holder ? { holder: current.holder.slice(0, 200) } : {}) };
  }

  holder(): string | undefined {
    const current = this.read();
    return current && current.until > this.clock.now() ? current.owner : undefined;
  }

  private read(): LeaseRow | undefined {
    const raw = this.store.getMeta(LEASE_KEY);
    if (!raw) return undefined;
    try {
      const row = JSON.parse(raw) as LeaseRow;
      return typeof row.owner === 'string' && typeof row.until === 'number' ? row : undefined;
    } catch {
      return undefined;
    }
  }
}
