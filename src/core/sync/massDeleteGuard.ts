import type { EntityKind, LoreEvent } from '../store/events';
import type { LoreStore } from '../store/loreStore';

/**
 * Incoming deletions above a threshold wait for the user instead of being applied: a teammate's
 * broken sync client, or a script gone wrong, must not empty everyone's knowledge base.
 */
export interface MassDeletePolicy {
  /** Hold when at least this many articles and review notes would be deleted at once. */
  maxCount: number;
  /** …or when at least this share of them would be (with at least `minCountForFraction`). */
  maxFraction: number;
  minCountForFraction: number;
}

export const DEFAULT_MASS_DELETE_POLICY: MassDeletePolicy = { maxCount: 50, maxFraction: 0.1, minCountForFraction: 10 };

const TABLES: Partial<Record<EntityKind, string>> = { article: 'articles', thread: 'review_threads' };

export function isDeleteEvent(event: LoreEvent): boolean {
  return event.changes.deleted === true;
}

/** The articles and review notes, live here now, that these events would delete. */
export function liveRecordsDeletedBy(store: LoreStore, events: readonly LoreEvent[]): Array<{ entity: EntityKind; id: string }> {
  const found = new Map<string, { entity: EntityKind; id: string }>();
  for (const event of events) {
    const table = TABLES[event.entity];
    if (!table || !isDeleteEvent(event)) continue;
    const key = `${event.entity}:${event.entityId}`;
    if (found.has(key)) continue;
    if (store.db.get(`SELECT 1 FROM ${table} WHERE id = ? AND deleted = 0`, event.entityId)) found.set(key, { entity: event.entity, id: event.entityId });
  }
  return [...found.values()];
}

export function liveRecordCount(store: LoreStore): number {
  const articles = store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM articles WHERE deleted = 0')!.n;
  const threads = store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM review_threads WHERE deleted = 0')!.n;
  return articles + threads;
}

export function exceedsPolicy(deletions: number, live: number, policy: MassDeletePolicy): boolean {
  if (deletions >= policy.maxCount) return true;
  return deletions >= policy.minCountForFraction && deletions >= live * policy.maxFraction;
}
