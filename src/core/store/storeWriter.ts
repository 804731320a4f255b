import type { Database } from './database';
import type { EntityKind, LoreEvent } from './events';

/**
 * What a part of the store needs to write: the database, who writes, the time, and the one
 * write path. Every local change goes through `write` (one transaction, listeners told once)
 * and `emit` (one event, privacy decided by `privacy.ts`, the record recomputed). The parts
 * (`reviewThreads.ts`, `imageStore.ts`, …) get this from `LoreStore` and never write otherwise.
 */
export interface StoreWriter {
  readonly db: Database;
  /** The name written on new records now. */
  author(): string;
  /** The clock's time as an ISO string. */
  now(): string;
  write(work: () => void, entity?: EntityKind, id?: string): void;
  emit(entity: EntityKind, entityId: string, changes: Record<string, unknown>, seen?: Record<string, string[]>): LoreEvent;
}
