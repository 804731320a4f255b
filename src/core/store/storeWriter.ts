import type { Clock } from '../clock';
import type { Database } from './database';
import type { DeviceIdentity } from './deviceIdentity';
import { headIdsOf, insertEvent } from './eventLog';
import { sealEvent, type EntityKind, type LoreEvent } from './events';
import { isPrivateEvent, visibilityBefore } from './privacy';
import type { ChangeListeners } from './storeChanges';

/**
 * What a part of the store needs to write: the database, who writes, the time, and the one
 * write path. Every local change goes through `write` (one transaction, listeners told once)
 * and `emit` (one event, privacy decided by `privacy.ts`, the record recomputed). The parts
 * (`articleRecords.ts`, `reviewThreads.ts`, …) get this from `LoreStore` and never write otherwise.
 */
export interface StoreWriter {
  readonly db: Database;
  /** The name written on new records now. */
  author(): string;
  /** The clock's time as an ISO string. */
  now(): string;
  write(work: () => void, entity?: EntityKind, id?: string | readonly string[]): void;
  emit(entity: EntityKind, entityId: string, changes: Record<string, unknown>, seen?: Record<string, string[]>): LoreEvent;
}

export interface LocalWriterParts {
  identity: DeviceIdentity;
  clock: Clock;
  /** The name written on new records now (the store's author can change). */
  author: () => string;
  /** Recomputes a record from its events after one was added. */
  recompute: (entity: EntityKind, id: string) => void;
  listeners: ChangeListeners;
}

/** The store's one local write path: the only code that appends local events. */
export class LocalWriter implements StoreWriter {
  private pending: Array<{ entity: EntityKind; id: string }> | undefined;

  constructor(readonly db: Database, private readonly parts: LocalWriterParts) {}

  author(): string {
    return this.parts.author();
  }

  now(): string {
    return new Date(this.parts.clock.now()).toISOString();
  }

  /** Runs a local write in a transaction and tells listeners what it touched. */
  write(work: () => void, entity?: EntityKind, id?: string | readonly string[]): void {
    const touched: Array<{ entity: EntityKind; id: string }> = [];
    this.pending = touched;
    try {
      this.db.transaction(work);
    } finally {
      this.pending = undefined;
    }
    if (entity && id) for (const one of typeof id === 'string' ? [id] : id) touched.push({ entity, id: one });
    if (touched.length) {
      this.parts.listeners.fire({ entities: [...new Set(touched.map((t) => t.entity))], ids: [...new Set(touched.map((t) => t.id))], origin: 'local', deletesOverridden: [] });
    }
  }

  /** Appends a local event (inside a transaction) and recomputes its record. */
  emit(entity: EntityKind, entityId: string, changes: Record<string, unknown>, seen: Record<string, string[]> = {}): LoreEvent {
    const isPrivate = isPrivateEvent(visibilityBefore(this.db, entity, entityId, changes), changes);
    // Another window may have written since: continue from the newest stamp and sequence number.
    const device = this.parts.identity.catchUp();
    const heads = headIdsOf(this.db, entity, entityId);
    // A delete cites every field it saw, so an edit it did not see can win over it.
    const prev: Record<string, string[]> = changes.deleted === true ? heads : {};
    for (const field of Object.keys(changes)) prev[field] = seen[field] ?? heads[field] ?? [];
    const { seq, hlc } = this.parts.identity.stampLocal();
    const event = sealEvent({ entity, entityId, device, seq, author: this.author(), hlc, changes, prev });
    insertEvent(this.db, event, { local: true, private: isPrivate });
    this.parts.recompute(entity, entityId);
    this.pending?.push({ entity, id: entityId });
    return event;
  }
}
