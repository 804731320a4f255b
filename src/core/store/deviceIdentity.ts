import type { Clock } from '../clock';
import { newId } from '../hash';
import { HybridClock } from '../hlc';
import type { Database } from './database';
import { readMeta, writeMeta } from './storeMeta';

/**
 * Who this database writes events as, and when: its device id, its event sequence number and
 * its hybrid logical clock, all kept in `meta` so that every connection to the database (another
 * window, the CLI) continues from the newest of them.
 */
export class DeviceIdentity {
  private readonly hlc: HybridClock;
  private currentId: string;

  constructor(private readonly db: Database, clock: Clock) {
    this.currentId = db.transaction(() => {
      const existing = readMeta(db, 'deviceId');
      if (existing) return existing;
      const id = newId();
      writeMeta(db, 'deviceId', id);
      return id;
    });
    this.hlc = new HybridClock(clock, readMeta(db, 'hlc'));
  }

  /** The id this database writes events under (see renew). */
  get id(): string {
    return this.currentId;
  }

  /**
   * Gives this database a new device id, starting its sequence again. Sync calls it when it finds
   * another machine writing under this id (a copied database or disk image): both histories are
   * kept, and from now on the two machines no longer share an id.
   */
  renew(): string {
    return this.db.transaction(() => {
      const id = newId();
      writeMeta(this.db, 'deviceId', id);
      writeMeta(this.db, 'seq', '0');
      this.currentId = id;
      return id;
    });
  }

  /**
   * Inside a transaction: continues from what another connection may have written since (the
   * newest stamp, a renewed id). Returns the id.
   */
  catchUp(): string {
    this.hlc.receive(readMeta(this.db, 'hlc') ?? this.hlc.current());
    this.currentId = readMeta(this.db, 'deviceId') ?? this.currentId;
    return this.currentId;
  }

  /** Inside a transaction, after catchUp: the next sequence number and stamp of a local event, both kept. */
  stampLocal(): { seq: number; hlc: string } {
    const seq = Number(readMeta(this.db, 'seq') ?? '0') + 1;
    const hlc = this.hlc.tick();
    writeMeta(this.db, 'seq', String(seq));
    writeMeta(this.db, 'hlc', this.hlc.current());
    return { seq, hlc };
  }

  /** Takes another device's stamp into the clock; true when that device's clock is far ahead of ours. */
  receive(hlc: string): boolean {
    return this.hlc.receive(hlc).skewed;
  }

  /** Keeps the clock after stamps were received. */
  saveClock(): void {
    writeMeta(this.db, 'hlc', this.hlc.current());
  }
}
