/**
 * How the Knowledge view lays out its groups (tags, teams or statuses) when there are many:
 * the largest groups at the top level, the rest behind one "N more tags" row, split into
 * alphabetical pages ("a – c") so that no level of the tree has thousands of rows.
 * Pure: the tree in src/extension/knowledge turns this into tree items.
 */

import { ARTICLE_STATUSES } from '../model';

export type GroupBy = 'tag' | 'team' | 'status';

/** How many articles one group has; `key` null is the group of articles without a tag (or team). */
export interface GroupCount {
  key: string | null;
  count: number;
}

/** The label of the group of articles without a tag (or team). */
export const UNNAMED_GROUP: Record<'tag' | 'team', string> = { tag: '(no tag)', team: '(no team)' };

/** The most groups shown at the top level before the rest goes behind "N more tags". */
export const ROOT_GROUP_LIMIT = 50;
/** The most rows one page (or the "more" row) opens to. */
export const PAGE_SIZE = 200;

/** The workflow order (model.ts ARTICLE_STATUSES): draft, in review, published, outdated, archived. */
const STATUS_ORDER: readonly string[] = ARTICLE_STATUSES;
const collator = new Intl.Collator();

/** The order groups are shown in: names alphabetically (statuses in workflow order), the unnamed group last. */
export function compareGroups(by: GroupBy): (a: GroupCount, b: GroupCount) => number {
  return (a, b) => {
    if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
    return by === 'status' ? STATUS_ORDER.indexOf(a.key) - STATUS_ORDER.indexOf(b.key) : collator.compare(a.key, b.key);
  };
}

/** Alphabetical order of names, the same order the tree shows groups in. */
export const compareNames = (a: string, b: string): number => collator.compare(a, b);

export interface BoundedGroups {
  /** The groups for the top level, in display order: at most `limit` named ones, then the unnamed one. */
  shown: GroupCount[];
  /** The groups that did not fit, alphabetically; empty when every group is shown. */
  hidden: GroupCount[];
}

/**
 * Splits groups into those shown at the top level and the rest. When there are at most `limit`
 * named groups, all are shown exactly as before; otherwise the `limit` with the most articles
 * (ties alphabetically), in the usual order. The unnamed group is always shown: it is one row.
 */
export function boundGroups(counts: readonly GroupCount[], by: GroupBy, limit = ROOT_GROUP_LIMIT): BoundedGroups {
  const order = compareGroups(by);
  const named = counts.filter((g) => g.key !== null);
  const unnamed = counts.filter((g) => g.key === null);
  if (named.length <= limit) return { shown: [...counts].sort(order), hidden: [] };
  const bySize = [...named].sort((a, b) => b.count - a.count || order(a, b));
  return {
    shown: [...bySize.slice(0, limit), ...unnamed].sort(order),
    hidden: bySize.slice(limit).sort(order),
  };
}

/** A run of neighbouring items shown as one row, labelled like a dictionary's guide words ("a – c"). */
export interface Page<T> {
  label: string;
  /** The full names of its first and last item, for a tooltip. */
  first: string;
  last: string;
  items: readonly T[];
}

/** What a row with many items opens to: the items themselves when few enough, else pages of them. */
export type Paged<T> = { items: readonly T[] } | { pages: Array<Page<T>> };

/**
 * Splits items that are already in alphabetical order into at most `pageSize` pages of nearly
 * equal size. A page holds at most `pageSize` items, or, when there are more than
 * `pageSize`² items, a multiple that its own pages split again, so every level stays bounded.
 */
export function pageAlphabetically<T>(sorted: readonly T[], nameOf: (item: T) => string, pageSize = PAGE_SIZE): Paged<T> {
  if (pageSize < 2) throw new Error(`A page must hold at least 2 items; got ${pageSize}.`);
  if (sorted.length <= pageSize) return { items: sorted };
  let capacity = pageSize;
  while (Math.ceil(sorted.length / capacity) > pageSize) capacity *= pageSize;
  const count = Math.ceil(sorted.length / capacity);
  const base = Math.floor(sorted.length / count);
  const extra = sorted.length % count;
  const runs: Array<readonly T[]> = [];
  for (let i = 0, start = 0; i < count; i++) {
    const size = base + (i < extra ? 1 : 0);
    runs.push(sorted.slice(start, start + size));
    start += size;
  }
  const names = runs.map((run) => ({ first: nameOf(run[0]), last: nameOf(run[run.length - 1]) }));
  return {
    pages: runs.map((items, i) => {
      const { first, last } = names[i];
      const from = prefix(first, i > 0 ? names[i - 1].last : undefined);
      const to = prefix(last, i < count - 1 ? names[i + 1].first : undefined);
      return { label: sameText(from, to) ? from : `${from} – ${to}`, first, last, items };
    }),
  };
}

/** The shortest start of `name` that tells it apart from its neighbour across a page boundary (one character without one). */
function prefix(name: string, neighbour: string | undefined): string {
  const chars = characters(name);
  if (neighbour === undefined) return chars.slice(0, 1).join('');
  const other = characters(neighbour);
  let common = 0;
  while (common < chars.length && common < other.length && sameText(chars[common], other[common])) common++;
  return chars.slice(0, common + 1).join('');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** What a person sees as characters: an emoji or a letter with its accent is one. */
function characters(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

function sameText(a: string, b: string): boolean {
  return a.toLocaleLowerCase() === b.toLocaleLowerCase();
}

const NOUNS: Record<GroupBy, [string, string]> = { tag: ['tag', 'tags'], team: ['team', 'teams'], status: ['status', 'statuses'] };

/** "1 tag", "5,463 tags". */
export function countOf(n: number, by: GroupBy): string {
  const [one, many] = NOUNS[by];
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The label of the row that holds the groups not shown at the top level: "5,463 more tags". */
export function moreLabel(hidden: number, by: GroupBy): string {
  const [one, many] = NOUNS[by];
  return `${hidden.toLocaleString('en-US')} more ${hidden === 1 ? one : many}`;
}

/** "1 article", "15,854 articles". */
export function articleCount(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'article' : 'articles'}`;
}
