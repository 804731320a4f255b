import { ValidationError } from '../errors';
import { isObjectMemberName } from '../model';
import { canonicalJson, sha256Hex } from '../hash';
import { isHlc } from '../hlc';

/** The kinds of record that change through events. */
/** `path`: a learning path (migration 9); older versions set such events aside as unknown. */
export const ENTITY_KINDS = ['article', 'snippet', 'thread', 'comment', 'path'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/**
 * One change to one record: the unit that the store applies and that sync publishes.
 *
 * `id` is the SHA-256 of the canonical JSON of every other field, so the same change has the
 * same id on every machine and ingesting it twice is a no-op. `prev` lists, for each changed
 * field, the ids of the events whose value the writer was looking at: the current value of a
 * field is among the events that no other event lists (the heads), so a user's edit always
 * overrides what they saw, and two edits that saw the same thing are concurrent.
 */
export interface LoreEvent {
  id: string;
  entity: EntityKind;
  entityId: string;
  /** The device (one Lore database) that made the change. */
  device: string;
  /** Per-device sequence number, from 1, without gaps. */
  seq: number;
  author: string;
  /** Hybrid-logical-clock stamp (see hlc.ts). */
  hlc: string;
  /** Field name → new value (JSON). */
  changes: Record<string, unknown>;
  /** Field name → ids of the events the writer had seen for that field. */
  prev: Record<string, string[]>;
}

export type UnsignedEvent = Omit<LoreEvent, 'id'>;

export function eventId(event: UnsignedEvent): string {
  const { entity, entityId, device, seq, author, hlc, changes, prev } = event;
  return sha256Hex(canonicalJson({ entity, entityId, device, seq, author, hlc, changes, prev }));
}

export function sealEvent(event: UnsignedEvent): LoreEvent {
  const prev: Record<string, string[]> = {};
  for (const [field, ids] of Object.entries(event.prev)) prev[field] = [...new Set(ids)].sort();
  const sealed = { ...event, prev };
  return { id: eventId(sealed), ...sealed };
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Checks an event that came from outside (the team folder): shape, sizes and that its id
 * matches its content. Throws ValidationError naming what is wrong.
 */
export function validateEvent(raw: unknown): LoreEvent {
  const e = raw as Partial<LoreEvent> | null;
  if (!e || typeof e !== 'object') throw new ValidationError('event', 'An event must be a JSON object.');
  if (!ENTITY_KINDS.includes(e.entity as EntityKind)) throw new ValidationError('entity', `Unknown record kind ${JSON.stringify(e.entity)}.`);
  for (const key of ['entityId', 'device'] as const) {
    if (typeof e[key] !== 'string' || !ID_PATTERN.test(e[key] as string)) {
      throw new ValidationError(key, `Event ${key} ${JSON.stringify(e[key])} is not a valid id.`);
    }
  }
  if (typeof e.seq !== 'number' || !Number.isSafeInteger(e.seq) || e.seq < 1) throw new ValidationError('seq', 'Event sequence numbers start at 1.');
  if (typeof e.author !== 'string' || e.author.length > 200) throw new ValidationError('author', 'Event author must be a short text.');
  if (!isHlc(e.hlc)) throw new ValidationError('hlc', `Event clock stamp ${JSON.stringify(e.hlc)} is malformed.`);
  if (!e.changes || typeof e.changes !== 'object' || Array.isArray(e.changes)) throw new ValidationError('changes', 'Event changes must be an object.');
  if (!e.prev || typeof e.prev !== 'object' || Array.isArray(e.prev)) throw new ValidationError('prev', 'Event prev must be an object.');
  for (const field of Object.keys(e.changes)) {
    if (!FIELD_PATTERN.test(field) || isObjectMemberName(field)) throw new ValidationError('changes', `Field name ${JSON.stringify(field)} is not allowed.`);
  }
  for (const [field, ids] of Object.entries(e.prev)) {
    if (!FIELD_PATTERN.test(field) || isObjectMemberName(field)) throw new ValidationError('prev', `Field name ${JSON.stringify(field)} is not allowed.`);
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id))) {
      throw new ValidationError('prev', `prev.${field} must list event ids.`);
    }
  }
  const event: LoreEvent = {
    id: String(e.id),
    entity: e.entity as EntityKind,
    entityId: e.entityId as string,
    device: e.device as string,
    seq: e.seq,
    author: e.author,
    hlc: e.hlc,
    changes: e.changes,
    prev: e.prev,
  };
  const expected = eventId(event);
  if (event.id !== expected) throw new ValidationError('id', `Event ${String(e.id).slice(0, 12)}… does not match its content (altered or damaged).`);
  return event;
}
