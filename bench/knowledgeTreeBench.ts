/**
 * Knowledge view, opening one very large group at 50,000 articles: the way the tree did it
 * before (every article's summary through listArticles, sorted by title, paged) against the way
 * it does now (ids and titles through listArticleTitles, sorted and paged the same way, then the
 * summaries of the one page a person opens), measured in the same run on the same database.
 *
 * The database is the search section's bench/.work/lore-50000.db (real documentation, built
 * through LoreStore) when it is there, so after `search` this section adds seconds; alone, it
 * builds bench/.work/knowledge-50000.db once from the same corpus and keeps it.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { compareNames, pageAlphabetically, type Paged } from '../src/core/articles/groupPages';
import { LoreStore, type ArticleFilter } from '../src/core/store/loreStore';
import type { ArticleStatus } from '../src/core/model';
import type { ArticleSummary } from '../src/core/store/rows';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';
import { fmt, knowledgeDatabase, repoRoot } from './benchKit';

interface BenchResult {
  name: string;
  metrics: Record<string, number | string>;
}

const SIZE = 50_000;

interface Timing {
  ms: number;
  cpuMs: number;
}

export async function runKnowledgeTreeBench(log: (line: string) => void = (line) => process.stderr.write(`[knowledgeTree] ${line}\n`)): Promise<BenchResult[]> {
  const file = knowledgeDatabase(SIZE, log);
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  try {
    const loadAtStart = os.loadavg().slice(0, 2).map((l) => l.toFixed(1)).join(' / ');
    const largestTag = store.groupCounts('tag').filter((g) => g.key !== null).sort((a, b) => b.count - a.count)[0];
    const largestStatus = store.groupCounts('status').sort((a, b) => b.count - a.count)[0];
    const total = store.countArticles();
    const results = [
      compare(store, total, `tag "${largestTag.key}"`, { tag: largestTag.key }, largestTag.count, 5, log),
      compare(store, total, `status "${largestStatus.key}"`, { status: largestStatus.key as ArticleStatus }, largestStatus.count, 3, log),
    ];
    results.push(firstLevel(file, 5, log));
    results[0].metrics['machine load average at start / end (1 min)'] = `${loadAtStart.split(' / ')[0]} / ${os.loadavg()[0].toFixed(1)}`;
    results[0].metrics.database = `${path.relative(repoRoot, file)}, ${fmt(total)} articles, ${fmt(store.groupCounts('tag').length)} tags`;
    return results;
  } finally {
    store.close();
  }
}

/**
 * The first level of the view (article count and tag counts) on a window's first open: a fresh
 * connection each time, counted from the rows as before migration 5 and read from the counts the
 * database keeps now, alternating; medians of `reps`.
 */
function firstLevel(file: string, reps: number, log: (line: string) => void): BenchResult {
  log(`first level on a fresh connection: ${reps} opens each way…`);
  const driver = loadSqliteDriver();
  const fresh = <T>(work: (store: LoreStore) => T): { timing: Timing; value: T } => {
    const store = LoreStore.open(file, { driver, author: 'Bench' });
    try {
      let value: T | undefined;
      const timing = timed(() => (value = work(store)));
      return { timing, value: value as T };
    } finally {
      store.close();
    }
  };
  const counted = (store: LoreStore) => {
    const articles = store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM articles WHERE deleted = 0')!.n;
    const tags = store.db.all<{ key: string; count: number }>('SELECT tag AS key, COUNT(*) AS count FROM article_tags GROUP BY tag');
    const tagged = store.db.get<{ n: number }>('SELECT COUNT(DISTINCT article_id) AS n FROM article_tags')!.n;
    return { articles, tags: tags.length, untagged: articles - tagged };
  };
  const kept = (store: LoreStore) => {
    const articles = store.countArticles();
    const groups = store.groupCounts('tag');
    return { articles, tags: groups.filter((g) => g.key !== null).length, untagged: groups.find((g) => g.key === null)?.count ?? 0 };
  };
  const before: Timing[] = [];
  const now: Timing[] = [];
  let same = true;
  let articles = 0;
  for (let rep = 0; rep < reps; rep++) {
    const a = fresh(counted);
    articles = a.value.articles;
    const b = fresh(kept);
    before.push(a.timing);
    now.push(b.timing);
    same &&= JSON.stringify(a.value) === JSON.stringify(b.value);
  }
  if (!same) throw new Error('The kept counts differ from the counted ones: the bench would compare different answers.');
  const beforeMs = median(before.map((t) => t.ms));
  const nowMs = median(now.map((t) => t.ms));
  return {
    name: `Knowledge view: its first level on a window's first open (fresh connection, ${fmt(articles)} articles)`,
    metrics: {
      'before: counted from the rows (COUNT over articles and article_tags), median ms': round(beforeMs),
      'now: counts kept by triggers (migration 5), median ms': round(nowMs),
      'now faster than before': `${round(beforeMs / Math.max(nowMs, 0.001))}×`,
      'same counts both ways': 'checked',
      runs: reps,
    },
  };
}

/** One group opened both ways, alternating so both see the same machine load; medians of `reps`. */
function compare(store: LoreStore, total: number, group: string, filter: ArticleFilter, count: number, reps: number, log: (line: string) => void): BenchResult {
  const name = `${group}, ${fmt(count)} articles`;
  log(`${name}: ${reps} opens each way…`);
  // One untimed open each way first: both then read a database in the page cache.
  const before = openTheOldWay(store, filter);
  const now = openTheNewWay(store, filter);
  const samePages = JSON.stringify(shape(before.paged)) === JSON.stringify(shape(now.paged))
    && JSON.stringify(before.firstLeaf.map((a) => a.id)) === JSON.stringify(now.firstLeaf.map((a) => a.id));
  if (!samePages) throw new Error(`${name}: the pages opened from titles differ from those opened from summaries`);
  const old: Timing[] = [];
  const titles: Timing[] = [];
  const page: Timing[] = [];
  // Alternating which way goes first, so neither always pays for the other's garbage.
  const openNew = () => {
    const t = openTheNewWay(store, filter);
    titles.push(t.group);
    page.push(t.page);
  };
  for (let i = 0; i < reps; i++) {
    if (i % 2) openNew();
    old.push(timed(() => openTheOldWay(store, filter)));
    if (!(i % 2)) openNew();
  }
  const oldMs = median(old.map((t) => t.ms));
  const newMs = median(titles.map((t, i) => t.ms + page[i].ms));
  return {
    name: `Knowledge view: open the largest group by ${group.split(' ')[0]} at ${fmt(total)} articles (${name})`,
    metrics: {
      'before: every summary (listArticles) + sort + pages, median ms': round(oldMs),
      'before, CPU time ms': round(median(old.map((t) => t.cpuMs))),
      'now: ids and titles (listArticleTitles) + sort + pages, median ms': round(median(titles.map((t) => t.ms))),
      [`now: then one page, its ${now.firstLeaf.length} summaries (summariesOf), median ms`]: round(median(page.map((t) => t.ms))),
      'now, group + page, median ms': round(newMs),
      'now, CPU time ms': round(median(titles.map((t, i) => t.cpuMs + page[i].cpuMs))),
      'now faster than before (group + page)': `${round(oldMs / newMs)}×`,
      'article rows read: before / now': `${fmt(before.summaries)} / ${fmt(now.firstLeaf.length)}`,
      'tree: pages and rows': `${describe(now.paged)}; the same labels and ids both ways (checked)`,
      runs: reps,
    },
  };
}

/** What opening the group did before: every article's summary, sorted and paged. */
function openTheOldWay(store: LoreStore, filter: ArticleFilter) {
  const articles = store.listArticles(filter).sort((a, b) => compareNames(a.title, b.title));
  const paged = pageAlphabetically(articles, (a) => a.title);
  return { paged, firstLeaf: firstLeaf(paged), summaries: articles.length };
}

/** What it does now: ids and titles sorted and paged; then the first page opened reads its summaries. */
function openTheNewWay(store: LoreStore, filter: ArticleFilter) {
  let paged: Paged<{ id: string; title: string }> | undefined;
  const group = timed(() => {
    const titles = store.listArticleTitles(filter).sort((a, b) => compareNames(a.title, b.title));
    paged = pageAlphabetically(titles, (a) => a.title);
  });
  let leaf: ArticleSummary[] = [];
  const page = timed(() => {
    leaf = store.summariesOf(firstLeaf(paged!).map((a) => a.id));
  });
  return { group, page, paged: paged!, firstLeaf: leaf };
}

/** The items of the first page a person reaches by opening the first row at each level (nested pages above 40,000). */
function firstLeaf<T extends { title: string }>(paged: Paged<T>): readonly T[] {
  let level = paged;
  while ('pages' in level) level = pageAlphabetically(level.pages[0].items, (a) => a.title);
  return level.items;
}

function shape(paged: Paged<{ id: string }>) {
  return 'pages' in paged ? paged.pages.map((p) => [p.label, p.items[0].id, p.items[p.items.length - 1].id, p.items.length]) : paged.items.map((a) => a.id);
}

function describe(paged: Paged<unknown>): string {
  if (!('pages' in paged)) return `${fmt(paged.items.length)} rows`;
  const sizes = paged.pages.map((p) => p.items.length);
  return `${paged.pages.length} pages of ${fmt(Math.min(...sizes))}–${fmt(Math.max(...sizes))} articles`;
}

function timed(work: () => unknown): Timing {
  const cpu = process.cpuUsage();
  const t = performance.now();
  work();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1];
}

function round(value: number): number {
  if (Math.abs(value) >= 100) return Math.round(value);
  if (Math.abs(value) >= 10) return Math.round(value * 10) / 10;
  return Math.round(value * 100) / 100;
}

if (require.main === module) {
  void runKnowledgeTreeBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
