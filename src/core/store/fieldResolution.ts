import { compareStamps, parseHlc } from '../hlc';
import type { LoreEvent } from './events';

/** A version of a field that lost to a concurrent one and is kept for the user to resolve. */
export interface FieldVersion {
  eventId: string;
  value: unknown;
  author: string;
  hlc: string;
  device: string;
}

/** When a kept version was written, by its writer's clock (undefined for a malformed stamp). */
export function writtenAt(version: FieldVersion): Date | undefined {
  try {
    return new Date(parseHlc(version.hlc).ms);
  } catch {
    return undefined;
  }
}

export interface FieldConflict {
  field: string;
  /** The version shown now (the winner) first, then the others. */
  versions: FieldVersion[];
}

export interface ResolvedRecord {
  values: Record<string, unknown>;
  conflicts: FieldConflict[];
  /** A delete lost to an edit made without seeing it: the record was kept and the user should be told. */
  deleteOverridden: boolean;
  /** Newest clock stamp among the current values. */
  lastHlc: string;
}

/** Merges concurrent versions of a field when it can be done without losing anything. */
export type FieldMerger = (field: string, heads: LoreEvent[], lookup: (id: string) => LoreEvent | undefined) => { merged: unknown } | undefined;

/** Fields whose concurrent versions are shown to the user as a conflict instead of silently losing one. */
export const CONFLICT_FIELDS = new Set(['title', 'body', 'code']);

/** Fields that name who made the change: shown as the name the signing device registered. */
const AUTHOR_FIELDS = new Set(['author', 'verifiedBy', 'acceptedBy']);

/**
 * One person's review, Report Outdated or vote, or one discussion comment (`review_…`,
 * `report_…`, `vote_…`, `discussion_…`, see articles/reviewWorkflow.ts and articleFeedback.ts):
 * an object whose `by` is added here, from the device that signed it, like an author.
 */
const PERSON_FIELD = /^(review|report|vote|discussion|thanks)_[0-9a-f]{16}$/;

/** Fields readers write about an article (articles/articleFeedback.ts, search/usageShare.ts). */
const READER_FIELD = /^(vote|discussion|usage|thanks)_[0-9a-f]{16}$/;

const latestFirst = (a: LoreEvent, b: LoreEvent): number => -compareStamps(a, b);

/**
 * Computes a record's current state from the head events of each of its fields.
 * Deterministic: the same set of events gives the same state on every machine.
 */
export function resolveRecord(
  heads: Map<string, LoreEvent[]>,
  lookup: (id: string) => LoreEvent | undefined,
  mergers: FieldMerger[] = [],
  /** The name the signing device registered with: shown instead of the free text an event claims. */
  registeredAuthor?: (device: string) => string | undefined,
): ResolvedRecord {
  const values: Record<string, unknown> = {};
  const conflicts: FieldConflict[] = [];
  let lastHlc = '';
  for (const [field, events] of heads) {
    const sorted = events.length > 1 ? [...events].sort(latestFirst) : events;
    const winner = sorted[0];
    // Readers' votes, comments and usage counts are not changes to the article: they leave its
    // "updated" time (the knowledge lists' order, freshness) as it was.
    if (winner.hlc > lastHlc && !READER_FIELD.test(field)) lastHlc = winner.hlc;
    if (field === 'tags' && sorted.length > 1) {
      values.tags = mergeTagSets(sorted, lookup);
      continue;
    }
    values[field] = AUTHOR_FIELDS.has(field) ? registeredAuthor?.(winner.device) ?? winner.changes[field] : winner.changes[field];
    const value = values[field];
    if (PERSON_FIELD.test(field) && value && typeof value === 'object' && !Array.isArray(value)) {
      values[field] = { ...value, by: registeredAuthor?.(winner.device) ?? winner.author };
    }
    if (sorted.length === 1) continue; // one version: nothing concurrent to merge or show
    const distinct = sorted.filter((e, i) => sorted.findIndex((o) => sameValue(o.changes[field], e.changes[field])) === i);
    if (distinct.length > 1) {
      const merged = mergers.map((m) => m(field, sorted, lookup)).find((r) => r !== undefined);
      if (merged) {
        values[field] = merged.merged;
      } else if (CONFLICT_FIELDS.has(field)) {
        conflicts.push({
          field,
          versions: distinct.map((e) => ({ eventId: e.id, value: e.changes[field], author: registeredAuthor?.(e.device) ?? e.author, hlc: e.hlc, device: e.device })),
        });
      }
    }
  }
  let deleteOverridden = false;
  if (values.deleted === true) {
    const deleteEvent = [...(heads.get('deleted') ?? [])].sort(latestFirst)[0];
    // An edit the deleter had not seen wins over the delete (nothing is lost; the user is told).
    for (const [field, events] of heads) {
      if (field === 'deleted') continue;
      const seen = new Set(deleteEvent.prev[field] ?? []);
      if (events.some((e) => !seen.has(e.id) && compareCausal(e, deleteEvent, lookup) !== 'before')) {
        values.deleted = false;
        deleteOverridden = true;
        break;
      }
    }
  }
  return { values, conflicts, deleteOverridden, lastHlc };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether `e` is an ancestor of `target` along any field's prev links. Bounded walk: records
 * have short histories, and a missing ancestor just means "not known to be before".
 */
function compareCausal(e: LoreEvent, target: LoreEvent, lookup: (id: string) => LoreEvent | undefined): 'before' | 'unknown' {
  const stack = Object.values(target.prev).flat();
  const seen = new Set<string>();
  while (stack.length && seen.size < 10_000) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (id === e.id) return 'before';
    const ancestor = lookup(id);
    if (ancestor) stack.push(...Object.values(ancestor.prev).flat());
  }
  return 'unknown';
}

/**
 * Tags are an add-wins set: a tag is in the result if any concurrent version added it, or if
 * it was there and no concurrent version removed it.
 */
function mergeTagSets(heads: LoreEvent[], lookup: (id: string) => LoreEvent | undefined): string[] {
  const present = new Set<string>();
  const added = new Set<string>();
  const removed = new Set<string>();
  for (const head of heads) {
    const now = new Set(asTags(head.changes.tags));
    const base = new Set<string>();
    for (const id of head.prev.tags ?? []) for (const tag of asTags(lookup(id)?.changes.tags)) base.add(tag);
    for (const tag of now) {
      present.add(tag);
      if (!base.has(tag)) added.add(tag);
    }
    for (const tag of base) if (!now.has(tag)) removed.add(tag);
  }
  return [...present].filter((tag) => added.has(tag) || !removed.has(tag)).concat([...added].filter((t) => !present.has(t))).sort();
}

function asTags(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
}
