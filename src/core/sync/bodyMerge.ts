import { diff3MergeRegions, diffIndices } from 'node-diff3';
import type { LoreEvent } from '../store/events';
import type { FieldMerger } from '../store/fieldResolution';

export interface BodyMergeLimits {
  /** Longest text (in lines) merged automatically; longer ones stay a conflict. */
  maxLines: number;
  /** Most ancestor events visited to find the common version. */
  maxWalk: number;
}

const DEFAULT_LIMITS: BodyMergeLimits = { maxLines: 20_000, maxWalk: 2_000 };

/**
 * The three-way line merge of concurrent article bodies (and comment bodies), as a FieldMerger
 * for LoreStore. Heads are merged against their nearest common ancestor, found along `prev`
 * links. A clean merge becomes the shown value on every machine (it is a deterministic function
 * of the same events); anything doubtful returns undefined, and the store keeps both versions as
 * a conflict for the user to resolve in the diff editor. Doubtful means: no single common
 * ancestor within reach, overlapping or touching changes, changes separated only by lines that
 * repeat in the base (blank lines, `---`: diff alignment there is a guess), the same new line
 * added on both sides in different places (a silent duplicate), or texts over the size bound.
 */
export function createBodyMerger(limits: Partial<BodyMergeLimits> = {}): FieldMerger {
  const { maxLines, maxWalk } = { ...DEFAULT_LIMITS, ...limits };
  return (field, heads, lookup) => {
    if (field !== 'body' || heads.length < 2) return undefined;
    const values = heads.map((h) => h.changes.body);
    if (values.some((v) => typeof v !== 'string')) return undefined;
    const base = commonAncestor(heads, lookup, maxWalk);
    if (!base || typeof base.changes.body !== 'string') return undefined;
    const o = base.changes.body;
    let merged = values[0] as string;
    for (const other of values.slice(1) as string[]) {
      const result = mergeLines(merged, o, other, maxLines);
      if (result === undefined) return undefined;
      merged = result;
    }
    return { merged };
  };
}

/**
 * The nearest common ancestor of all heads along `prev.body`: common ancestors that are not an
 * ancestor of another common ancestor. Undefined when there is none in reach, or more than one
 * (a criss-cross history, where picking one would be a guess).
 */
export function commonAncestor(heads: readonly LoreEvent[], lookup: (id: string) => LoreEvent | undefined, maxWalk: number): LoreEvent | undefined {
  const ancestorSets = heads.map((h) => ancestorsOf(h, lookup, maxWalk));
  if (ancestorSets.some((s) => s === undefined)) return undefined;
  const [first, ...rest] = ancestorSets as Array<Map<string, LoreEvent>>;
  const common = [...first.values()].filter((e) => rest.every((s) => s.has(e.id)));
  if (!common.length) return undefined;
  const commonIds = new Set(common.map((e) => e.id));
  const covered = new Set<string>();
  for (const e of common) {
    const above = ancestorsOf(e, lookup, maxWalk);
    if (!above) return undefined;
    for (const id of above.keys()) if (id !== e.id && commonIds.has(id)) covered.add(id);
  }
  const nearest = common.filter((e) => !covered.has(e.id));
  return nearest.length === 1 ? nearest[0] : undefined;
}

/** Every event reachable from `event` through `prev.body` (itself included); undefined past the bound. */
function ancestorsOf(event: LoreEvent, lookup: (id: string) => LoreEvent | undefined, maxWalk: number): Map<string, LoreEvent> | undefined {
  const seen = new Map<string, LoreEvent>([[event.id, event]]);
  const stack = [...(event.prev.body ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    const e = lookup(id);
    if (!e) continue; // not arrived yet: it simply is not a candidate
    seen.set(id, e);
    if (seen.size > maxWalk) return undefined;
    stack.push(...(e.prev.body ?? []));
  }
  return seen;
}

/** A bounded, conservative diff3 of line lists; undefined when any region is doubtful. */
export function mergeLines(aText: string, oText: string, bText: string, maxLines = DEFAULT_LIMITS.maxLines): string | undefined {
  if (aText === bText) return aText;
  if (aText === oText) return bText;
  if (bText === oText) return aText;
  const a = aText.split('\n');
  const o = oText.split('\n');
  const b = bText.split('\n');
  if (a.length > maxLines || o.length > maxLines || b.length > maxLines) return undefined;
  if (!changesWellSeparated(a, o, b)) return undefined;
  const out: string[] = [];
  for (const region of diff3MergeRegions(a, o, b)) {
    if (region.stable) {
      out.push(...region.bufferContent);
    } else if (sameLines(region.aContent, region.bContent)) {
      out.push(...region.aContent); // both made the same change
    } else {
      return undefined;
    }
  }
  if (duplicatesAdditions(a, o, b, out)) return undefined;
  return out.join('\n');
}

/**
 * Between any change of one side and the next change of the other side there must be a line that
 * occurs once in the base and is not blank: an anchor the alignment can trust.
 */
function changesWellSeparated(a: string[], o: string[], b: string[]): boolean {
  const counts = countLines(o);
  const trusted = o.map((line) => line.trim() !== '' && counts.get(line) === 1);
  const hunks = [
    ...diffIndices(o, a).map((h) => ({ side: 'a', start: h.buffer1[0], end: h.buffer1[0] + h.buffer1[1] })),
    ...diffIndices(o, b).map((h) => ({ side: 'b', start: h.buffer1[0], end: h.buffer1[0] + h.buffer1[1] })),
  ].sort((x, y) => x.start - y.start || x.end - y.end);
  for (let i = 1; i < hunks.length; i++) {
    const prev = hunks[i - 1];
    const next = hunks[i];
    if (prev.side === next.side) continue;
    if (next.start <= prev.end) return false; // overlapping or touching
    let anchored = false;
    for (let line = prev.end; line < next.start; line++) {
      if (trusted[line]) {
        anchored = true;
        break;
      }
    }
    if (!anchored) return false;
  }
  return true;
}

/** Both sides added the same non-blank line and the result holds it more often than either side. */
function duplicatesAdditions(a: string[], o: string[], b: string[], merged: string[]): boolean {
  const ca = countLines(a);
  const cb = countLines(b);
  const co = countLines(o);
  const cm = countLines(merged);
  for (const [line, n] of cm) {
    if (!line.trim()) continue;
    const na = ca.get(line) ?? 0;
    const nb = cb.get(line) ?? 0;
    const no = co.get(line) ?? 0;
    if (na > no && nb > no && n > Math.max(na, nb)) return true;
  }
  return false;
}

function countLines(lines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

function sameLines(x: string[], y: string[]): boolean {
  return x.length === y.length && x.every((line, i) => line === y[i]);
}
