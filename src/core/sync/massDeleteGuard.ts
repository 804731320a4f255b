import type { EntityKind, LoreEvent } from '../store/events';
import type { LoreStore } from '../store/loreStore';

/**
 * Incoming deletions above a threshold wait for the user instead of being applied: a teammate's
 * broken sync client, or a script gone wrong, must not empty everyone's knowledge base.
 *
 * What counts is every article or review note a device's changes would take away: deleting it,
 * emptying an article's body, deleting one of its snippets or comments. Each device is counted
 * over a window (24 hours, kept across syncs and restarts), so deletions trickled in small
 * batches add up; and a small knowledge base is protected by the fraction alone.
 */
export interface MassDeletePolicy {
  /** Hold when a device's changes would take away at least this many articles and review notes… */
  maxCount: number;
  /** …or at least this share of them (with at least `minCountForFraction`). */
  maxFraction: number;
  minCountForFraction: number;
  /** How long a device's deletions keep counting. */
  windowMs: number;
}

export const DEFAULT_MASS_DELETE_POLICY: MassDeletePolicy = { maxCount: 50, maxFraction: 0.1, minCountForFraction: 3, windowMs: 24 * 60 * 60 * 1000 };

const TABLES: Partial<Record<EntityKind, string>> = { article: 'articles', thread: 'review_threads' };

export function isDeleteEvent(event: LoreEvent): boolean {
  return event.changes.deleted === true;
}

/** An edit that leaves an article's body empty (not the creation of an article without one). */
export function isEmptyingEvent(event: LoreEvent): boolean {
  return event.entity === 'article' && typeof event.changes.body === 'string' && event.changes.body.trim() === '' && !('createdAt' in event.changes);
}

/** A change that can take knowledge away: counted by the guard and held above its threshold. */
export function isDestructiveEvent(event: LoreEvent): boolean {
  return isDeleteEvent(event) || isEmptyingEvent(event);
}

/**
 * The live articles and review notes (as `entity:id`) these events would take away here: those
 * deleted, whose body is emptied, or one of whose snippets or comments is deleted.
 */
export function recordsTakenBy(store: LoreStore, events: readonly LoreEvent[]): Set<string> {
  const found = new Set<string>();
  const live = (entity: EntityKind, id: string): boolean => !!store.db.get(`SELECT 1 FROM ${TABLES[entity]} WHERE id = ? AND deleted = 0`, id);
  for (const event of events) {
    if (isDeleteEvent(event)) {
      if (TABLES[event.entity]) {
        if (live(event.entity, event.entityId)) found.add(`${event.entity}:${event.entityId}`);
      } else if (event.entity === 'snippet') {
        const row = store.db.get<{ article_id: string }>('SELECT article_id FROM snippets WHERE id = ? AND deleted = 0', event.entityId);
        if (row && live('article', row.article_id)) found.add(`article:${row.article_id}`);
      } else if (event.entity === 'comment') {
        const row = store.db.get<{ thread_id: string }>('SELECT thread_id FROM review_comments WHERE id = ? AND deleted = 0', event.entityId);
        if (row && live('thread', row.thread_id)) found.add(`thread:${row.thread_id}`);
      }
    } else if (isEmptyingEvent(event)) {
      if (store.db.get("SELECT 1 FROM articles WHERE id = ? AND deleted = 0 AND trim(body) <> ''", event.entityId)) found.add(`article:${event.entityId}`);
    }
  }
  return found;
}

export function liveRecordCount(store: LoreStore): number {
  const articles = store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM articles WHERE deleted = 0')!.n;
  const threads = store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM review_threads WHERE deleted = 0')!.n;
  return articles + threads;
}

/** `taken` records of a base of `base` (counted before they were taken): hold them? */
export function exceedsPolicy(taken: number, base: number, policy: MassDeletePolicy): boolean {
  if (taken >= policy.maxCount) return true;
  return taken >= policy.minCountForFraction && taken >= base * policy.maxFraction;
}
