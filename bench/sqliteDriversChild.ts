/**
 * One driver's figures for bench/sqliteDriversBench.ts, in its own process (node:sqlite needs
 * Node 24, and a cold start is only cold in a fresh process). Prints JSON on stdout.
 * Usage: node --require tsx/cjs bench/sqliteDriversChild.ts <database> <reps>, with the driver
 * chosen by LORE_SQLITE_DRIVER / LORE_SQLITE_UNAVAILABLE as in the tests.
 */
import { searchArticles } from '../src/core/search/searchArticles';
import { LoreStore } from '../src/core/store/loreStore';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';
import { seededRandom } from './benchKit';
import { BENCH_QUERIES } from './searchBench';

const [file, repsText] = process.argv.slice(2);
const reps = Number(repsText);

const p95 = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
};

// Cold start: loading the driver, opening the database and the first search, as on activation.
const coldStarted = performance.now();
const store = LoreStore.open(file!, { driver: loadSqliteDriver(), author: 'Bench' });
searchArticles(store.db, BENCH_QUERIES[0]!.lore);
const coldStartMs = performance.now() - coldStarted;

const search: number[] = [];
for (let r = 0; r < reps; r++) {
  for (const q of BENCH_QUERIES) {
    const t = performance.now();
    searchArticles(store.db, q.lore);
    search.push(performance.now() - t);
  }
}

const ids = store.db.all<{ id: string }>('SELECT id FROM articles ORDER BY id').map((r) => r.id);
const random = seededRandom(14);
const update: number[] = [];
for (let i = 0; i < 60; i++) {
  const id = ids[Math.floor(random() * ids.length)]!;
  const body = `${store.getArticle(id)!.body}\n\nEdited in the driver bench, round ${i}.`;
  const t = performance.now();
  store.updateArticle(id, { body });
  update.push(performance.now() - t);
}
const driver = store.driverName;
store.close();
process.stdout.write(JSON.stringify({ driver, coldStartMs, searchP95Ms: p95(search), searchMedianMs: [...search].sort((a, b) => a - b)[search.length >> 1], updateP95Ms: p95(update) }));
