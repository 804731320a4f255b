/**
 * What several bench sections share: the 50,000-article database of real documentation, a seeded
 * random generator and number formatting. One copy here, so the sections measure the same thing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compactSearchIndexFully } from '../src/core/search/searchMaintenance';
import { LoreStore } from '../src/core/store/loreStore';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';
import { collectPool, corpusOfSize, defaultSources } from './corpus';

export const repoRoot = path.resolve(__dirname, '..');
export const workDir = path.join(repoRoot, 'bench', '.work');

/** 12,345 → "12,345". */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** A small seeded generator (mulberry32): the same sequence on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many articles a bench database holds; 0 when it cannot be opened. */
export function articlesIn(file: string): number {
  try {
    const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
    try {
      return store.countArticles();
    } finally {
      store.close();
    }
  } catch {
    return 0;
  }
}

/**
 * The search section's database of `size` articles when it is there; else one built here once
 * from the same corpus (about a minute at 50,000) and kept in bench/.work.
 */
export function knowledgeDatabase(size: number, log: (line: string) => void): string {
  for (const name of [`lore-${size}.db`, `knowledge-${size}.db`]) {
    const file = path.join(workDir, name);
    // The search section adds 100 articles to its database when it measures adding one.
    if (fs.existsSync(file) && articlesIn(file) >= size) return file;
  }
  const file = path.join(workDir, `knowledge-${size}.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.mkdirSync(workDir, { recursive: true });
  log(`building a ${fmt(size)}-article database from real documentation (once; kept in bench/.work)…`);
  const { pool, sources } = collectPool(defaultSources(repoRoot));
  const { articles } = corpusOfSize(pool, size, sources);
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  for (let i = 0; i < articles.length; i += 500) {
    store.db.transaction(() => {
      for (const a of articles.slice(i, i + 500)) store.createArticle({ title: a.title, tags: a.tags, body: a.body, status: 'published' });
    });
  }
  compactSearchIndexFully(store.db);
  store.close();
  return file;
}
