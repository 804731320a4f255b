/**
 * Ranking benchmark (issue 13): does blending text with helpfulness and use find the article a
 * person is looking for sooner than text alone, and does it stay fast?
 *
 * Judged queries (known-item, reproducible from the corpus and a fixed seed): for articles
 * drawn at random, two words of the article's body that are not in its title, each in 3–300
 * articles, the two together in 3–60 (so text alone cannot always tell which one is meant), and
 * the article among the first 50 by text (findable). The article is the one relevant answer.
 *
 * Simulated use (one machine: use is learnt locally, never shared): each step a judged query is
 * searched with the blend (what users see), its first 10 are recorded as shown, and
 *   - a careful searcher looks down the list with position bias (looks at position i with
 *     probability 0.8^i), opens the wanted article when they see it (90%) and stays, and
 *     opens another one now and then (8%) but comes straight back (85%);
 *   - a noisy searcher (NOISE of the searches) opens one of the 10 at random and stays half the time;
 *   - after staying on the wanted article, 15% of teammates vote it Helpful; after a wrong one,
 *     5% vote Not helpful (unclear). Votes are team-wide, as in Lore.
 * nDCG@10 (one relevant article: 1/log2(rank + 1)) and MRR (1/rank within the first 50) are
 * measured for text-only and blend, before and after the simulated searches, with 0% and 30%
 * noisy searches. A new article (no history) equally relevant to a learnt query (the wanted
 * article's body under another title) gets its average rank reported against text-only.
 * Speed: the search section's queries at 50,000 articles, text-only vs blend (with history).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LoreStore } from '../src/core/store/loreStore';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';
import { BENCH_QUERIES } from './searchBench';
import { fmt, knowledgeDatabase, seededRandom, workDir } from './benchKit';

interface BenchResult {
  name: string;
  metrics: Record<string, number | string>;
}

interface Judged {
  query: string;
  targetId: string;
}

const QUALITY_SIZE = Number(process.env.LORE_BENCH_RANKING_SIZE ?? 10_000);
const SPEED_SIZE = Number(process.env.LORE_BENCH_RANKING_SPEED_SIZE ?? 50_000);
const JUDGED = 200;
const STEPS = [1_000, 3_000];
const USERS = 40;

export async function runRankingBench(log = (line: string) => process.stderr.write(`[ranking] ${line}\n`)): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const source = knowledgeDatabase(QUALITY_SIZE, log);
  const judged = buildJudgedQueries(source, log);
  results.push({
    name: 'ranking: judged queries',
    metrics: {
      corpus: `${fmt(QUALITY_SIZE)} articles of real documentation (the search section's corpus)`,
      'judged known-item queries': judged.length,
      'how made': 'seed 13: two body words not in the title, each in 3–300 articles, together in 3–60; target in the first 50 by text',
      examples: judged.slice(0, 3).map((j) => `"${j.query}"`).join(', '),
    },
  });
  for (const noise of [0, 0.3]) {
    const file = copyDatabase(source, `ranking-${QUALITY_SIZE}-noise${noise}.db`);
    const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
    try {
      const metrics: Record<string, number | string> = {};
      const text = evaluate(store, judged, 'text');
      const before = evaluate(store, judged, 'blend');
      metrics['text-only nDCG@10 / MRR'] = pair(text);
      metrics['blend before any use nDCG@10 / MRR'] = pair(before);
      const random = seededRandom(1300 + noise * 10);
      let done = 0;
      let votes = 0;
      for (const steps of STEPS) {
        log(`noise ${noise * 100}%: ${fmt(steps)} simulated searches…`);
        votes += simulate(store, judged, steps - done, noise, random);
        done = steps;
        const after = evaluate(store, judged, 'blend');
        metrics[`blend after ${fmt(steps)} searches nDCG@10 / MRR`] = pair(after);
        metrics[`  after ${fmt(steps)}: change against text-only (nDCG@10)`] = `${after.ndcg >= text.ndcg ? '+' : ''}${round(100 * (after.ndcg / text.ndcg - 1))}%`;
      }
      const final = evaluate(store, judged, 'blend');
      metrics['votes cast in the simulation'] = votes;
      metrics['text-only after (unchanged by use)'] = pair(evaluate(store, judged, 'text'));
      if (noise === 0) metrics['goal: blend ≥ text-only + 10% nDCG@10 after learning'] = verdict(final.ndcg >= 1.1 * text.ndcg);
      else metrics['goal: with 30% random clicks, blend no worse than text-only'] = verdict(final.ndcg >= text.ndcg);
      const fresh = newArticleRanks(store, judged.slice(0, 30));
      metrics['new article (no history, same text as a learnt answer): average rank text-only / blend'] = `${round(fresh.text)} / ${round(fresh.blend)}`;
      results.push({ name: `ranking: ${noise * 100}% noisy searches`, metrics });
    } finally {
      store.close();
    }
  }
  results.push(speed(log));
  return results;
}

/** Surface words of a text: lower case, letters only, 4–20 long. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]{4,20}/g) ?? [];
}

function buildJudgedQueries(file: string, log: (line: string) => void): Judged[] {
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  try {
    const rows = store.db.all<{ id: string; title: string; body: string }>('SELECT id, title, body FROM articles WHERE deleted = 0 ORDER BY rowid');
    const postings = new Map<string, number[]>();
    rows.forEach((row, i) => {
      for (const w of new Set(words(`${row.title} ${row.body}`))) {
        let list = postings.get(w);
        if (!list) postings.set(w, list = []);
        list.push(i);
      }
    });
    const random = seededRandom(13);
    const judged: Judged[] = [];
    const used = new Set<number>();
    let tries = 0;
    while (judged.length < JUDGED && tries++ < 20_000) {
      const i = Math.floor(random() * rows.length);
      if (used.has(i)) continue;
      const row = rows[i];
      const inTitle = new Set(words(row.title));
      const candidates = [...new Set(words(row.body))].filter((w) => !inTitle.has(w) && between(postings.get(w)!.length, 3, 300));
      if (candidates.length < 2) continue;
      const a = candidates[Math.floor(random() * candidates.length)];
      const b = candidates[Math.floor(random() * candidates.length)];
      if (a === b || a.startsWith(b) || b.startsWith(a)) continue;
      const both = intersect(postings.get(a)!, postings.get(b)!);
      if (!between(both, 3, 60)) continue;
      const query = `${a} ${b}`;
      const rank = store.search(query, { ranking: 'text', limit: 50 }).results.findIndex((r) => r.articleId === row.id);
      if (rank < 0) continue;
      used.add(i);
      judged.push({ query, targetId: row.id });
    }
    log(`${judged.length} judged queries (${tries} draws)`);
    return judged;
  } finally {
    store.close();
  }
}

function between(n: number, lo: number, hi: number): boolean {
  return n >= lo && n <= hi;
}

function intersect(a: number[], b: number[]): number {
  const set = new Set(a);
  return b.filter((x) => set.has(x)).length;
}

function copyDatabase(source: string, name: string): string {
  const file = path.join(workDir, name);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const store = LoreStore.open(source, { driver: loadSqliteDriver(), author: 'Bench' });
  store.db.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
  store.close();
  return file;
}

function rankOf(store: LoreStore, query: string, id: string, ranking: 'text' | 'blend'): number {
  const index = store.search(query, { ranking, limit: 50 }).results.findIndex((r) => r.articleId === id);
  return index < 0 ? Infinity : index + 1;
}

function evaluate(store: LoreStore, judged: Judged[], ranking: 'text' | 'blend'): { ndcg: number; mrr: number } {
  let ndcg = 0;
  let mrr = 0;
  for (const j of judged) {
    const rank = rankOf(store, j.query, j.targetId, ranking);
    if (rank <= 10) ndcg += 1 / Math.log2(rank + 1);
    if (rank <= 50) mrr += 1 / rank;
  }
  return { ndcg: ndcg / judged.length, mrr: mrr / judged.length };
}

/** `steps` simulated searches; returns the votes cast. */
function simulate(store: LoreStore, judged: Judged[], steps: number, noise: number, random: () => number): number {
  let votes = 0;
  const voted = new Set<string>();
  const vote = (user: number, id: string, helpful: boolean) => {
    const key = `${user}:${id}`;
    if (voted.has(key)) return;
    voted.add(key);
    store.author = `Teammate ${user}`;
    try {
      store.voteOnArticle(id, helpful ? { helpful: true } : { helpful: false, reason: 'unclear' });
      votes++;
    } finally {
      store.author = 'Bench';
    }
  };
  for (let s = 0; s < steps; s++) {
    const j = judged[Math.floor(random() * judged.length)];
    const user = Math.floor(random() * USERS);
    const shown = store.search(j.query, { limit: 10 }).results.map((r) => r.articleId);
    store.recordSearch(j.query, shown);
    if (!shown.length) continue;
    if (random() < noise) {
      const id = shown[Math.floor(random() * shown.length)];
      store.recordOpen(id, 'search', j.query);
      if (random() < 0.5) store.recordBounce(id);
      else if (random() < 0.05) vote(user, id, true);
      continue;
    }
    for (let i = 0; i < shown.length; i++) {
      if (random() >= 0.8 ** i) continue; // not looked at
      const id = shown[i];
      if (id === j.targetId) {
        if (random() < 0.9) {
          store.recordOpen(id, 'search', j.query);
          if (random() < 0.15) vote(user, id, true);
          break;
        }
      } else if (random() < 0.08) {
        store.recordOpen(id, 'search', j.query);
        if (random() < 0.85) store.recordBounce(id);
        else if (random() < 0.05) vote(user, id, false);
      }
    }
  }
  return votes;
}

/** For learnt queries, a new article with the wanted article's text under another title: its average rank. */
function newArticleRanks(store: LoreStore, judged: Judged[]): { text: number; blend: number } {
  let text = 0;
  let blend = 0;
  for (const j of judged) {
    const target = store.getArticle(j.targetId)!;
    const fresh = store.createArticle({ title: `Notes ${j.targetId.slice(0, 6)}`, body: target.body, status: 'published' });
    text += Math.min(51, rankOf(store, j.query, fresh.id, 'text'));
    blend += Math.min(51, rankOf(store, j.query, fresh.id, 'blend'));
    store.deleteArticle(fresh.id);
  }
  return { text: text / judged.length, blend: blend / judged.length };
}

function speed(log: (line: string) => void): BenchResult {
  const source = knowledgeDatabase(SPEED_SIZE, log);
  const file = copyDatabase(source, `ranking-speed-${SPEED_SIZE}.db`);
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  try {
    // Text-only and blend one after the other on each query, so both see the same machine load.
    const time = () => {
      const samples = { text: [] as number[], blend: [] as number[], textCpu: [] as number[], blendCpu: [] as number[] };
      for (let r = 0; r < 8; r++) {
        for (const q of BENCH_QUERIES) {
          for (const ranking of ['text', 'blend'] as const) {
            const t = performance.now();
            const c = cpu();
            store.search(q.lore, { limit: 20, ranking });
            samples[ranking].push(performance.now() - t);
            samples[`${ranking}Cpu`].push(cpu() - c);
          }
        }
      }
      return { text: percentiles(samples.text), blend: percentiles(samples.blend), textCpu: percentiles(samples.textCpu), blendCpu: percentiles(samples.blendCpu) };
    };
    for (const q of BENCH_QUERIES) store.search(q.lore, { limit: 20 }); // warm up (typo vocabulary)
    const fresh = time();
    log(`${fmt(SPEED_SIZE)} articles: learning from 1,080 searches…`);
    // History: every bench query searched 40 times, a random one of its first 10 opened each time.
    const random = seededRandom(7);
    for (let r = 0; r < 40; r++) {
      for (const q of BENCH_QUERIES) {
        const shown = store.search(q.lore, { limit: 10 }).results.map((x) => x.articleId);
        store.recordSearch(q.lore, shown);
        if (shown.length) store.recordOpen(shown[Math.floor(random() * shown.length)], 'search', q.lore);
      }
    }
    const learnt = time();
    const p = (x: { p50: number; p95: number }) => `${round(x.p50)} / ${round(x.p95)}`;
    return {
      name: `ranking: speed at ${fmt(SPEED_SIZE)} articles (in-process, the search section's ${BENCH_QUERIES.length} queries × 8, text-only and blend alternating)`,
      metrics: {
        'machine load average (1 min)': os.loadavg()[0].toFixed(1),
        'no history: text-only p50 / p95 ms': p(fresh.text),
        'no history: blend p50 / p95 ms': p(fresh.blend),
        'no history: CPU time text-only / blend p95 ms': `${round(fresh.textCpu.p95)} / ${round(fresh.blendCpu.p95)}`,
        '1,080 searches learnt: text-only p50 / p95 ms': p(learnt.text),
        '1,080 searches learnt: blend p50 / p95 ms': p(learnt.blend),
        '1,080 searches learnt: CPU time text-only / blend p95 ms': `${round(learnt.textCpu.p95)} / ${round(learnt.blendCpu.p95)}`,
        'blend / text-only (p95, learnt; wall / CPU)': `${round(learnt.blend.p95 / learnt.text.p95)}× / ${round(learnt.blendCpu.p95 / learnt.textCpu.p95)}×`,
        'goal p95 ≤ 10 ms at 50,000 (blend, learnt)': `${verdict(learnt.blend.p95 <= 10)}; CPU time: ${verdict(learnt.blendCpu.p95 <= 10)}`,
      },
    };
  } finally {
    store.close();
  }
}

function percentiles(values: number[]): { p50: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95) };
}

function pair(m: { ndcg: number; mrr: number }): string {
  return `${m.ndcg.toFixed(3)} / ${m.mrr.toFixed(3)}`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}
