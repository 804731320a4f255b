/**
 * Related articles and backlinks at 50,000 articles (issue 11): `relatedArticles()` per article
 * and the backlink lookup (`articlesLinkingTo`, what "Linked from" and the link evidence of
 * related articles read, from the link index of migration 8) and the title lookup of a `[[link]]`
 * (`articleIdsByTitle`), each beside a baseline measured in the same run on the same database:
 * a plain SELECT of one article by id. Figures are reported as p50 / p95 and as multiples of
 * that baseline, since absolute milliseconds on a shared 2-core machine move with its load.
 *
 * The database is a copy of the search section's (or knowledgeTree's) 50,000-article database of
 * real documentation, to which this section adds what real knowledge bases have and the corpus
 * has not: snippets (1–2 each in 5,000 articles, over 800 files, a symbol on most) and
 * `[[Title]]` links (2,000 articles link to one or two others, some both ways). Seeded: the same
 * additions every run. Kept as bench/.work/related-50000.db.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { relatedArticles } from '../src/core/articles/relatedArticles';
import { findWikiLinks } from '../src/core/articles/wikiLinks';
import { compactSearchIndexFully } from '../src/core/search/searchMaintenance';
import { articlesLinkingToByScan } from '../src/core/store/linkQueries';
import { LoreStore } from '../src/core/store/loreStore';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';
import { articlesIn, fmt, knowledgeDatabase, repoRoot, seededRandom, workDir } from './benchKit';

interface BenchResult {
  name: string;
  metrics: Record<string, number | string>;
}

const SIZE = 50_000;
const SAMPLE = 300;
const GOALS = { relatedP95Ms: 20, backlinksP95Ms: 1 };

interface Timing {
  ms: number;
  cpuMs: number;
}

export async function runRelatedBench(log: (line: string) => void = (line) => process.stderr.write(`[related] ${line}\n`)): Promise<BenchResult[]> {
  const file = relatedDatabase(log);
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  try {
    const loadAtStart = os.loadavg()[0].toFixed(1);
    const all = store.db.all<{ id: string; title: string }>('SELECT id, title FROM articles WHERE deleted = 0 ORDER BY rowid');
    const step = Math.max(1, Math.floor(all.length / SAMPLE));
    // Two thirds spread over the whole base, one third articles that others link to (else few would have backlinks).
    const spread = all.filter((_, i) => i % (step * 3 >> 1) === 0).slice(0, (SAMPLE * 2) / 3);
    const linkers = store.db.all<{ body: string }>("SELECT body FROM articles WHERE deleted = 0 AND body LIKE '%See also [[%' ORDER BY rowid LIMIT ?", SAMPLE);
    const targetIds = new Set(store.articleIdsByTitle(linkers.flatMap((l) => findWikiLinks(l.body).map((w) => w.target))).values());
    const titles = new Map(all.map((a) => [a.id, a.title]));
    const sample = [...spread, ...[...targetIds].slice(0, SAMPLE / 3).map((id) => ({ id, title: titles.get(id)! }))];
    const counts = {
      snippets: store.db.get<{ n: number }>('SELECT count(*) AS n FROM snippets WHERE deleted = 0')!.n,
      linking: store.db.get<{ n: number }>("SELECT count(*) AS n FROM articles WHERE deleted = 0 AND body LIKE '%[[%]]%'")!.n,
    };
    log(`${sample.length} articles: related, backlinks and the baseline, interleaved…`);
    const byId = (id: string) => store.db.get('SELECT id, title, body, tags FROM articles WHERE id = ?', id);
    // One untimed pass: every timed call then reads a database in the page cache.
    for (const a of sample.slice(0, 20)) {
      relatedArticles(store.db, a.id);
      store.articlesLinkingTo(a);
    }
    const baseline: Timing[] = [];
    const related: Timing[] = [];
    const backlinks: Timing[] = [];
    const scans: Timing[] = [];
    const titleLookups: Timing[] = [];
    let withReasons = 0;
    let linked = 0;
    const kinds = new Map<string, number>();
    for (const a of sample) {
      baseline.push(timed(() => byId(a.id)));
      let answer: ReturnType<typeof relatedArticles> = [];
      related.push(timed(() => (answer = relatedArticles(store.db, a.id))));
      let fromIndex: Array<{ id: string }> = [];
      let fromScan: Array<{ id: string }> = [];
      backlinks.push(timed(() => (fromIndex = store.articlesLinkingTo(a))));
      scans.push(timed(() => (fromScan = articlesLinkingToByScan(store.db, a))));
      // What a [[link]] in the editor, the article view or a code file asks: which article has this title (or none).
      let named: Map<string, string> = new Map();
      titleLookups.push(timed(() => (named = store.articleIdsByTitle([a.title.toUpperCase(), `${a.title} (missing)`]))));
      if (named.size !== 1) throw new Error(`"${a.title}": the title lookup found ${named.size} of 1`);
      if (JSON.stringify(fromIndex) !== JSON.stringify(fromScan)) throw new Error(`Backlinks of "${a.title}": the index and the scan differ`);
      if (fromIndex.length) linked++;
      if (answer.length) withReasons++;
      for (const r of answer) for (const reason of r.reasons) {
        const kind = reason.split(':')[0].replace(/^\d+ shared tags/, 'shared tags').replace(/^shared tag$/, 'shared tags').replace(/^snippets in .*/, 'snippets');
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    }
    const base = stats(baseline.map((t) => t.ms));
    const rel = stats(related.map((t) => t.ms));
    const back = stats(backlinks.map((t) => t.ms));
    const scan = stats(scans.map((t) => t.ms));
    const lookup = stats(titleLookups.map((t) => t.ms));
    return [{
      name: `related articles and backlinks at ${fmt(all.length)} articles (${sample.length} articles, one call each)`,
      metrics: {
        'machine load average at start / end (1 min)': `${loadAtStart} / ${os.loadavg()[0].toFixed(1)}`,
        database: `${path.relative(repoRoot, file)}: ${fmt(all.length)} articles, ${fmt(counts.snippets)} snippets, ${fmt(counts.linking)} articles with [[links]]`,
        'baseline: SELECT one article by id, p50 / p95 ms': pair(base),
        'relatedArticles (top 5, with reasons) p50 / p95 ms': pair(rel),
        'relatedArticles, CPU time p50 / p95 ms': pair(stats(related.map((t) => t.cpuMs))),
        'relatedArticles ÷ baseline (p50 / p95)': `${ratio(rel.p50, base.p50)} / ${ratio(rel.p95, base.p95)}`,
        'goal ≤ 20 ms (p95)': `${verdict(rel.p95 <= GOALS.relatedP95Ms)}; CPU time: ${verdict(stats(related.map((t) => t.cpuMs)).p95 <= GOALS.relatedP95Ms)}`,
        'backlink lookup (articlesLinkingTo) p50 / p95 ms': pair(back),
        'backlinks, CPU time p50 / p95 ms': pair(stats(backlinks.map((t) => t.cpuMs))),
        'backlinks ÷ baseline (p50 / p95)': `${ratio(back.p50, base.p50)} / ${ratio(back.p95, base.p95)}`,
        'goal ≤ 1 ms (p95)': `${verdict(back.p95 <= GOALS.backlinksP95Ms)}; CPU time: ${verdict(stats(backlinks.map((t) => t.cpuMs)).p95 <= GOALS.backlinksP95Ms)}`,
        'before: backlinks by a LIKE over every body (articlesLinkingToByScan) p50 / p95 ms': pair(scan),
        'scan ÷ baseline (p50 / p95)': `${ratio(scan.p50, base.p50)} / ${ratio(scan.p95, base.p95)}`,
        'title lookup, one title found and one missing (articleIdsByTitle) p50 / p95 ms': pair(lookup),
        'title lookup ÷ baseline (p50 / p95)': `${ratio(lookup.p50, base.p50)} / ${ratio(lookup.p95, base.p95)}`,
        'sampled articles with backlinks (same answers both ways: checked)': `${linked} of ${sample.length}`,
        'articles with at least one related article': `${withReasons} of ${sample.length}`,
        'reasons given, by kind': [...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', '),
      },
    }];
  } finally {
    store.close();
  }
}

/** bench/.work/related-50000.db: the 50,000-article database with snippets and links added (built once, kept). */
function relatedDatabase(log: (line: string) => void): string {
  const file = path.join(workDir, `related-${SIZE}.db`);
  if (fs.existsSync(file) && articlesIn(file) >= SIZE) return file;
  const base = knowledgeDatabase(SIZE, log);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  // The base is checkpointed when closed: the .db file alone is the whole database.
  fs.copyFileSync(base, file);
  log('adding snippets and [[links]] (once; kept in bench/.work)…');
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  try {
    const articles = store.db.all<{ id: string; title: string; body: string }>('SELECT id, title, body FROM articles WHERE deleted = 0 ORDER BY rowid');
    const random = seededRandom(11);
    const pick = () => articles[Math.floor(random() * articles.length)];
    const symbols = ['load', 'save', 'parse', 'render', 'connect', 'retry', 'validate', 'flush'];
    const withSnippets = new Set<string>();
    store.db.transaction(() => {
      while (withSnippets.size < 5_000) {
        const article = pick();
        if (withSnippets.has(article.id)) continue;
        withSnippets.add(article.id);
        for (let n = random() < 0.3 ? 2 : 1; n > 0; n--) {
          const filePath = `src/module${Math.floor(random() * 800)}/file.ts`;
          const symbol = random() < 0.7 ? `Service > ${symbols[Math.floor(random() * symbols.length)]}` : undefined;
          const line = Math.floor(random() * 300);
          const code = `function ${symbol?.split(' > ')[1] ?? 'helper'}() {\n  return ${line};\n}`;
          store.addSnippet(article.id, {
            code, language: 'typescript',
            anchor: { path: filePath, range: { startLine: line, startCharacter: 0, endLine: line + 2, endCharacter: 1 }, text: code, contextBefore: '', contextAfter: '', hash: 'bench', ...(symbol ? { symbolPath: symbol } : {}) },
          });
        }
      }
    });
    const linking = new Set<string>();
    for (let batch = 0; batch < 8; batch++) {
      store.db.transaction(() => {
        for (let i = 0; i < 250; i++) {
          const article = pick();
          if (linking.has(article.id)) continue;
          linking.add(article.id);
          const targets = random() < 0.4 ? [pick(), pick()] : [pick()];
          const body = `${article.body}\n\nSee also ${targets.map((t) => `[[${t.title}]]`).join(' and ')}.`;
          store.updateArticle(article.id, { body });
          // Some links go both ways.
          const back = targets[0];
          if (random() < 0.2 && !linking.has(back.id)) {
            linking.add(back.id);
            const current = store.getArticle(back.id)!;
            store.updateArticle(back.id, { body: `${current.body}\n\nBack to [[${article.title}]].` });
          }
        }
      });
    }
    compactSearchIndexFully(store.db);
  } finally {
    store.close();
  }
  return file;
}

function timed(work: () => unknown): Timing {
  const cpu = process.cpuUsage();
  const t = performance.now();
  work();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

function stats(values: number[]): { p50: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p95: at(0.95) };
}

function pair(s: { p50: number; p95: number }): string {
  return `${round(s.p50)} / ${round(s.p95)}`;
}

function ratio(value: number, baseline: number): string {
  return `${round(value / Math.max(baseline, 0.0001))}×`;
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

function round(value: number): number {
  if (Math.abs(value) >= 100) return Math.round(value);
  if (Math.abs(value) >= 10) return Math.round(value * 10) / 10;
  return Math.round(value * 1000) / 1000;
}

if (require.main === module) {
  void runRelatedBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
