import type { Database } from './database';
import type { EntityKind, LoreEvent } from './events';

export interface EventFlags {
  /** Made on this device. */
  local: boolean;
  /** Never leaves this machine (private articles and their snippets). */
  private: boolean;
}

/**
 * Adds an event to the log and keeps the heads table right, whatever order events arrive in:
 * an event that some already-stored event lists in `prev` (for a field both change) never
 * becomes a head. Returns false when the event was already there (ingest is idempotent).
 */
export function insertEvent(db: Database, event: LoreEvent, flags: EventFlags): boolean {
  const inserted = db.run(
    `INSERT OR IGNORE INTO events (id, entity, entity_id, device, seq, hlc, json, local, private)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    event.id, event.entity, event.entityId, event.device, event.seq, event.hlc,
    JSON.stringify(event), flags.local ? 1 : 0, flags.private ? 1 : 0,
  );
  if (inserted === 0) return false;
  const changed = new Set(Object.keys(event.changes));
  for (const [field, ids] of Object.entries(event.prev)) {
    for (const prevId of ids) {
      db.run('INSERT OR IGNORE INTO event_prev (event_id, field, prev_id, replaces) VALUES (?, ?, ?, ?)',
        event.id, field, prevId, changed.has(field) ? 1 : 0);
      if (changed.has(field)) {
        db.run('DELETE FROM heads WHERE entity = ? AND entity_id = ? AND field = ? AND event_id = ?',
          event.entity, event.entityId, field, prevId);
      }
    }
  }
  // Fields for which an event already stored names this one in prev and changes them too (it
  // arrived earlier, out of order): this event is not their head. One query for all fields.
  const superseded = new Set(db.all<{ field: string }>('SELECT field FROM event_prev WHERE prev_id = ? AND replaces = 1', event.id).map((r) => r.field));
  for (const field of changed) {
    if (!superseded.has(field)) {
      db.run('INSERT OR IGNORE INTO heads (entity, entity_id, field, event_id) VALUES (?, ?, ?, ?)',
        event.entity, event.entityId, field, event.id);
    }
  }
  return true;
}

/**
 * Adds many events at once (events from the team folder): the same log and heads as insertEvent
 * one event after the other, in any order, but each head row is written once. An event that
 * another event of the same batch replaces (its parent, arriving in the same segment) is never
 * written as a head only to be deleted again: one new segment of 250 events wrote ~700 head rows
 * and deleted ~160 of them, a join four times more. Returns the events that were not there yet,
 * in the order given.
 */
export function insertEvents(db: Database, events: readonly LoreEvent[], flags: (event: LoreEvent) => EventFlags): LoreEvent[] {
  const added: LoreEvent[] = [];
  const addedIds = new Set<string>();
  for (const event of events) {
    if (addedIds.has(event.id)) continue;
    const { local, private: isPrivate } = flags(event);
    const inserted = db.run(
      `INSERT OR IGNORE INTO events (id, entity, entity_id, device, seq, hlc, json, local, private)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      event.id, event.entity, event.entityId, event.device, event.seq, event.hlc,
      JSON.stringify(event), local ? 1 : 0, isPrivate ? 1 : 0,
    );
    if (inserted === 0) continue;
    added.push(event);
    addedIds.add(event.id);
    const changed = new Set(Object.keys(event.changes));
    for (const [field, ids] of Object.entries(event.prev)) {
      for (const prevId of ids) {
        db.run('INSERT OR IGNORE INTO event_prev (event_id, field, prev_id, replaces) VALUES (?, ?, ?, ?)',
          event.id, field, prevId, changed.has(field) ? 1 : 0);
      }
    }
  }
  // Heads stored before this batch that a new event replaces. A replaced event of this batch has
  // no head row to delete: the query below leaves it out.
  for (const event of added) {
    const changed = new Set(Object.keys(event.changes));
    for (const [field, ids] of Object.entries(event.prev)) {
      if (!changed.has(field)) continue;
      for (const prevId of ids) {
        if (!addedIds.has(prevId)) {
          db.run('DELETE FROM heads WHERE entity = ? AND entity_id = ? AND field = ? AND event_id = ?', event.entity, event.entityId, field, prevId);
        }
      }
    }
  }
  // Every event of the batch is in event_prev now: a field some stored event (of this batch or
  // an earlier one) replaces is not this event's to head.
  for (const event of added) {
    const superseded = new Set(db.all<{ field: string }>('SELECT field FROM event_prev WHERE prev_id = ? AND replaces = 1', event.id).map((r) => r.field));
    for (const field of Object.keys(event.changes)) {
      if (!superseded.has(field)) {
        db.run('INSERT OR IGNORE INTO heads (entity, entity_id, field, event_id) VALUES (?, ?, ?, ?)', event.entity, event.entityId, field, event.id);
      }
    }
  }
  return added;
}

/**
 * The head events of every field of one record. An event that changed several fields is head
 * of each of them (the creating event usually is of most): its JSON is read and parsed once.
 * `lookup` finds an event by id (default: read from the log); ingest passes one that knows the
 * events it was given, so those are not read back and parsed again.
 */
export function headsOf(db: Database, entity: EntityKind, entityId: string, lookup: (id: string) => LoreEvent | undefined = (id) => getEvent(db, id)): Map<string, LoreEvent[]> {
  // In no particular order of time: which version wins is decided once, by compareStamps (hlc.ts).
  const rows = db.all<{ field: string; event_id: string }>(
    'SELECT field, event_id FROM heads WHERE entity = ? AND entity_id = ? ORDER BY field, event_id',
    entity, entityId,
  );
  const events = new Map<string, LoreEvent>();
  const heads = new Map<string, LoreEvent[]>();
  for (const row of rows) {
    let event = events.get(row.event_id);
    if (!event) {
      event = lookup(row.event_id)!;
      events.set(row.event_id, event);
    }
    const list = heads.get(row.field);
    if (list) list.push(event);
    else heads.set(row.field, [event]);
  }
  return heads;
}

/** The ids of the current heads of every field of a record: what a new local event has "seen". */
export function headIdsOf(db: Database, entity: EntityKind, entityId: string): Record<string, string[]> {
  const rows = db.all<{ field: string; event_id: string }>(
    'SELECT field, event_id FROM heads WHERE entity = ? AND entity_id = ? ORDER BY field, event_id', entity, entityId,
  );
  const prev: Record<string, string[]> = {};
  for (const row of rows) (prev[row.field] ??= []).push(row.event_id);
  return prev;
}

export function getEvent(db: Database, id: string): LoreEvent | undefined {
  const row = db.get<{ json: string }>('SELECT json FROM events WHERE id = ?', id);
  return row ? (JSON.parse(row.json) as LoreEvent) : undefined;
}
