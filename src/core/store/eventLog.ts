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
  return insertEvents(db, [event], () => flags).length === 1;
}

/**
 * Adds many events at once, with the same log and heads whatever their order and however they
 * are split into calls. Returns the events that were not there yet, in the order given.
 *
 * What a page costs decides the cost of a sync here: event ids are hashes, so each row written
 * into an index keyed by them lands on a page of its own. So:
 * - a head row is written once per call: an event replaced by another of the same call (its
 *   parent, in the same segment) is never written as a head only to be deleted again (one new
 *   segment of 250 events wrote ~700 head rows and deleted ~160 of them);
 * - `event_prev` holds only the replacements still waiting for the event they replace (a child
 *   that arrived before its parent, in an earlier call): the only thing ever read from it. It
 *   used to hold every prev link, ~40% of the pages one new segment wrote; the links themselves
 *   are in each event's JSON. Rows written by earlier versions are kept and read the same way;
 * - rows are written in the order of the index they go into.
 */
export function insertEvents(db: Database, events: readonly LoreEvent[], flags: (event: LoreEvent) => EventFlags): LoreEvent[] {
  const addedIds = new Set<string>();
  for (const event of [...events].sort(byId)) {
    if (addedIds.has(event.id)) continue;
    const { local, private: isPrivate } = flags(event);
    const inserted = db.run(
      `INSERT OR IGNORE INTO events (id, entity, entity_id, device, seq, hlc, json, local, private)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      event.id, event.entity, event.entityId, event.device, event.seq, event.hlc,
      JSON.stringify(event), local ? 1 : 0, isPrivate ? 1 : 0,
    );
    if (inserted > 0) addedIds.add(event.id);
  }
  const seen = new Set<string>();
  const added = events.filter((e) => addedIds.has(e.id) && !seen.has(e.id) && !!seen.add(e.id));
  // What the new events replace (a prev of a field they change): a head stored before is
  // deleted; an event of this call is not written as a head; one not stored yet is noted.
  const replacedHere = new Set<string>();
  const replacedBefore: Array<HeadRow & { by: string }> = [];
  for (const event of added) {
    const changed = new Set(Object.keys(event.changes));
    for (const [field, ids] of Object.entries(event.prev)) {
      if (!changed.has(field)) continue;
      for (const prevId of ids) {
        if (addedIds.has(prevId)) replacedHere.add(`${prevId}\u0000${field}`);
        else replacedBefore.push({ ...headRow(event, field, prevId), by: event.id });
      }
    }
  }
  for (const row of replacedBefore.sort(byKey)) {
    const deleted = db.run('DELETE FROM heads WHERE entity = ? AND entity_id = ? AND field = ? AND event_id = ?', row.entity, row.entityId, row.field, row.eventId);
    if (deleted === 0 && !db.get('SELECT 1 AS stored FROM events WHERE id = ?', row.eventId)) {
      db.run('INSERT OR IGNORE INTO event_prev (event_id, field, prev_id, replaces) VALUES (?, ?, ?, 1)', row.by, row.field, row.eventId);
    }
  }
  const heads: HeadRow[] = [];
  for (const event of [...added].sort(byId)) {
    // Fields an event stored earlier replaces (it arrived first, out of order): not this one's to head.
    const replacedEarlier = new Set(db.all<{ field: string }>('SELECT field FROM event_prev WHERE prev_id = ? AND replaces = 1', event.id).map((r) => r.field));
    for (const field of Object.keys(event.changes)) {
      if (!replacedEarlier.has(field) && !replacedHere.has(`${event.id}\u0000${field}`)) heads.push(headRow(event, field, event.id));
    }
  }
  for (const row of heads.sort(byKey)) {
    db.run('INSERT OR IGNORE INTO heads (entity, entity_id, field, event_id) VALUES (?, ?, ?, ?)', row.entity, row.entityId, row.field, row.eventId);
  }
  return added;
}

interface HeadRow {
  entity: string;
  entityId: string;
  field: string;
  eventId: string;
  /** The row's primary key as one string, to sort by. */
  key: string;
}

function headRow(event: LoreEvent, field: string, eventId: string): HeadRow {
  return { entity: event.entity, entityId: event.entityId, field, eventId, key: `${event.entity}\u0000${event.entityId}\u0000${field}\u0000${eventId}` };
}

/** Code-unit order of strings (SQLite's order for the ASCII of ids and fields), not the locale's. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const byId = (a: LoreEvent, b: LoreEvent): number => compareText(a.id, b.id);
const byKey = (a: HeadRow, b: HeadRow): number => compareText(a.key, b.key);

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
