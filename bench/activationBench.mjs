// Activation benchmark (issue 7): Lore in a real VS Code (code-server + headless Chromium, the
// e2e harness) with an empty database and with 50,000 articles, measured the same way in the
// same run, alternating, several runs each:
//
//   - activate(): Lore's own "Lore <version> activated in N ms" (extension.ts), read from its
//     log under the profile's logs/**/exthost*/lore-team.lore/Lore.log;
//   - opening the database: "Opened <file> in N ms (…)" (storeProvider.ts: native driver load,
//     open, migrations check, article count), logged when the Knowledge view first asks;
//   - the Knowledge view, measured in the browser from the click on Lore's activity bar icon
//     (pointerdown) to the first tree row in the Knowledge view (its welcome text when empty),
//     and to the first article row under "Recent" (50,000 only).
//
// Writes bench/activation.json ({ date, machine, seconds, results: [{ name, metrics }] }), which
// `npm run bench` (scripts/bench.mjs) prints as its "activation" section.
//
//   node bench/activationBench.mjs                 3 runs per database: about 2.5 minutes on 2 cores
//                                                  (~20 s per start), +1 minute the first time to
//                                                  build the 50,000-article database (448 MB)
//   node bench/activationBench.mjs --runs 1        quicker look
//   node bench/activationBench.mjs --no-build      reuse out/lore.vsix instead of building Lore (it must
//                                                  be built from the same sources: an older Lore
//                                                  refuses a database of a newer schema)
//   LORE_ACTIVATION_ARTICLES=10000 node bench/activationBench.mjs   another size
//
// The 50,000-article database is built once from real documentation text (bench/corpus.ts,
// the search benchmark's corpus) through LoreStore.createArticle, its search index compacted as
// the extension does when idle, and kept in bench/.work/activation/ for later runs.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/cjs/api';
import {
  ensureHarness, freshRunDir, globalStorageDir, installExtension, launchBrowser, packageVsix, profileDirs,
  startCodeServer, vsixFile, workspaceCopy,
} from '../scripts/harness/api.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workDir = path.join(repoRoot, 'bench', '.work', 'activation');
const outFile = path.join(repoRoot, 'bench', 'activation.json');
const require = createRequire(import.meta.url);

const argv = process.argv.slice(2);
const RUNS = Number(argv.includes('--runs') ? argv[argv.indexOf('--runs') + 1] : (process.env.LORE_ACTIVATION_RUNS ?? 3));
const ARTICLES = Number(process.env.LORE_ACTIVATION_ARTICLES ?? 50_000);
const BUILD = !argv.includes('--no-build');
const TIMEOUT = 180_000;

function log(message) {
  process.stderr.write(`[activation] ${message}\n`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (n) => Math.round(n);
const fmt = (n) => n.toLocaleString('en-US');

// --- databases ------------------------------------------------------------------------------

let registered = false;

/** Loads the TypeScript core (store, corpus) on this Node, as scripts/bench.mjs does. */
function core() {
  if (!registered) register();
  registered = true;
  const { LoreStore } = require('../src/core/store/loreStore.ts');
  const { loadSqliteDriver } = require('../src/core/store/sqliteDriverLoader.ts');
  const { compactSearchIndexFully } = require('../src/core/search/searchMaintenance.ts');
  const corpus = require('./corpus.ts');
  return { LoreStore, loadSqliteDriver, compactSearchIndexFully, corpus };
}

function removeDb(file) {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** An empty Lore database (schema only), as a first start would create. */
function emptyDatabase() {
  const file = path.join(workDir, 'lore-empty.db');
  removeDb(file);
  const { LoreStore, loadSqliteDriver } = core();
  LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' }).close();
  return file;
}

/** The big database, built once (kept with a note of how it was made). */
function bigDatabase(size) {
  const file = path.join(workDir, `lore-${size}.db`);
  const noteFile = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(noteFile)) {
    const note = JSON.parse(fs.readFileSync(noteFile, 'utf8'));
    if (note.articles === size && note.tagGroups !== undefined) {
      // Brought to the current schema here, so the extension's first open measures an open, not a migration.
      const { LoreStore, loadSqliteDriver } = core();
      const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
      store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      store.close();
      return { file, note, builtNow: false };
    }
  }
  removeDb(file);
  fs.rmSync(noteFile, { force: true });
  const { LoreStore, loadSqliteDriver, compactSearchIndexFully, corpus } = core();
  log(`building a ${fmt(size)}-article database from real documentation (once; kept in ${path.relative(repoRoot, workDir)})…`);
  const started = Date.now();
  const { pool, sources } = corpus.collectPool(corpus.defaultSources(repoRoot));
  const { articles, poolSize, repeats } = corpus.corpusOfSize(pool, size, sources);
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Bench' });
  const batch = 500;
  for (let i = 0; i < articles.length; i += batch) {
    store.db.transaction(() => {
      for (const a of articles.slice(i, i + batch)) store.createArticle({ title: a.title, tags: a.tags, body: a.body, status: 'published' });
    });
    if ((i / batch) % 20 === 0) log(`  ${fmt(i + batch)} articles`);
  }
  compactSearchIndexFully(store.db);
  // Tags in the corpus: the Knowledge view shows Recent, the 50 largest, and one "more tags" row.
  const tagGroups = store.groupCounts('tag').length;
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  store.close();
  const note = {
    articles: size,
    tagGroups,
    distinctArticles: poolSize,
    repeats,
    megabytes: Math.round(fs.statSync(file).size / 2 ** 20),
    buildSeconds: Math.round((Date.now() - started) / 1000),
    builtAt: new Date().toISOString(),
  };
  fs.writeFileSync(noteFile, `${JSON.stringify(note, null, 2)}\n`);
  log(`  built in ${note.buildSeconds} s (${note.megabytes} MB)`);
  return { file, note, builtNow: true };
}

// --- one measured start ---------------------------------------------------------------------

function findLoreLog(userDataDir) {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return undefined;
  const hit = fs.readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .find((f) => f.endsWith(`${path.sep}lore-team.lore${path.sep}Lore.log`));
  return hit ? path.join(logs, hit) : undefined;
}

async function waitForLogLine(userDataDir, pattern, timeoutMs = TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = findLoreLog(userDataDir);
    const match = file ? pattern.exec(fs.readFileSync(file, 'utf8')) : null;
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`Lore's log never said ${pattern} (log: ${file ?? 'not created'})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Installed in the page before the click: timestamps (page clock) of the click and of what appears. */
function installProbe() {
  const probe = { clickAt: 0, firstRowAt: 0, firstRowText: '', welcomeAt: 0, articleRowAt: 0, articleRowText: '' };
  window.__loreActivationProbe = probe;
  const knowledgeBody = () => {
    for (const pane of document.querySelectorAll('.part.sidebar .pane')) {
      const title = pane.querySelector('.pane-header h3.title');
      if (title && title.textContent.trim().toLowerCase() === 'knowledge') return pane.querySelector('.pane-body');
    }
    return null;
  };
  const check = () => {
    const body = knowledgeBody();
    if (!body || !probe.clickAt) return;
    const now = performance.now();
    const rows = [...body.querySelectorAll('.monaco-list-row')].filter((r) => r.textContent.trim());
    if (rows.length && !probe.firstRowAt) {
      probe.firstRowAt = now;
      probe.firstRowText = rows[0].textContent.trim();
    }
    const article = rows.find((r) => r.getAttribute('aria-level') === '2');
    if (article && !probe.articleRowAt) {
      probe.articleRowAt = now;
      probe.articleRowText = article.textContent.trim();
    }
    const welcome = body.querySelector('.welcome-view-content');
    if (welcome && welcome.textContent.includes('knowledge base is empty') && !probe.welcomeAt) probe.welcomeAt = now;
  };
  document.addEventListener('pointerdown', () => {
    if (!probe.clickAt) probe.clickAt = performance.now();
  }, true);
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}

async function measure(kind, database, extensionsDir, folder) {
  const root = freshRunDir(`activation-${kind}`);
  const profile = profileDirs(`activation-${kind}`, { userDataDir: path.join(root, 'user-data'), extensionsDir });
  const target = path.join(globalStorageDir(profile.userDataDir), 'lore.db');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(database, target);
  const server = await startCodeServer({ label: `activation-${kind}`, userDataDir: profile.userDataDir, extensionsDir });
  let browser;
  try {
    browser = await launchBrowser({ label: `activation-${kind}-browser` });
    const page = browser.page;
    const navigated = Date.now();
    await page.goto(server.urlFor(folder));
    await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
    const activated = await waitForLogLine(profile.userDataDir, /Lore \S+ activated in (\d+) ms/);
    const activatedAfterS = (Date.now() - navigated) / 1000;
    await page.locator('.part.statusbar [id="lore-team.lore.lore.sync"]').waitFor({ timeout: TIMEOUT });
    if (/Opened .* in \d+ ms/.test(fs.readFileSync(findLoreLog(profile.userDataDir), 'utf8'))) {
      throw new Error('Lore opened its database before the Knowledge view was shown: the measurement would miss it');
    }
    await page.evaluate(installProbe);
    await page.locator('.part.activitybar').getByRole('tab', { name: /^Lore\b/ }).click();
    const wantArticles = kind !== 'empty';
    await page.waitForFunction((articles) => {
      const p = window.__loreActivationProbe;
      return articles ? p.firstRowAt && p.articleRowAt : p.welcomeAt;
    }, wantArticles, { timeout: TIMEOUT, polling: 50 }).catch(async (error) => {
      const shot = path.join(workDir, `failed-${kind}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      const probe = await page.evaluate(() => window.__loreActivationProbe).catch(() => undefined);
      throw new Error(`${error.message}\nprobe: ${JSON.stringify(probe)}\nscreenshot: ${shot}`);
    });
    const probe = await page.evaluate(() => window.__loreActivationProbe);
    const opened = await waitForLogLine(profile.userDataDir, /Opened .* in (\d+) ms \((\d+) articles/, TIMEOUT / 3);
    const result = {
      activateMs: Number(activated[1]),
      storeOpenMs: Number(opened[1]),
      articlesSeen: Number(opened[2]),
      firstRowMs: wantArticles ? probe.firstRowAt - probe.clickAt : probe.welcomeAt - probe.clickAt,
      articleRowMs: wantArticles ? probe.articleRowAt - probe.clickAt : undefined,
      firstRowText: wantArticles ? probe.firstRowText : 'welcome text',
      activatedAfterS,
    };
    if (!wantArticles) await page.screenshot({ path: path.join(workDir, 'empty.png') });
    else await page.screenshot({ path: path.join(workDir, `${ARTICLES}.png`) });
    await browser.close();
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
    return result;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    const loreLog = findLoreLog(profile.userDataDir);
    throw new Error(`${error instanceof Error ? error.message : error}\n(run folder kept: ${root})\nLore log:\n${loreLog ? fs.readFileSync(loreLog, 'utf8').slice(-3000) : '(none)'}`);
  }
}

// --- main -----------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  fs.mkdirSync(workDir, { recursive: true });
  await ensureHarness();
  const vsix = BUILD || !fs.existsSync(vsixFile) ? await packageVsix() : vsixFile;
  const empty = emptyDatabase();
  const big = bigDatabase(ARTICLES);

  const shared = profileDirs('activation-extensions');
  await installExtension(vsix, shared);
  const folder = workspaceCopy('activation-workspace');

  const runs = { empty: [], big: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const kind of i % 2 ? ['big', 'empty'] : ['empty', 'big']) {
      const label = kind === 'empty' ? 'empty' : String(ARTICLES);
      log(`run ${i + 1}/${RUNS}: ${kind === 'empty' ? 'empty database' : `${fmt(ARTICLES)} articles`}…`);
      const result = await measure(label, kind === 'empty' ? empty : big.file, shared.extensionsDir, folder);
      if (kind === 'big' && result.articlesSeen !== ARTICLES) throw new Error(`Lore saw ${result.articlesSeen} articles, not ${ARTICLES}`);
      log(`  activate ${result.activateMs} ms · open ${result.storeOpenMs} ms · first row ${round(result.firstRowMs)} ms${result.articleRowMs ? ` · Recent articles ${round(result.articleRowMs)} ms` : ''}`);
      runs[kind].push(result);
    }
  }
  fs.rmSync(shared.root, { recursive: true, force: true });
  fs.rmSync(path.dirname(folder), { recursive: true, force: true });

  const m = (kind, key) => round(median(runs[kind].map((r) => r[key])));
  const list = (kind, key) => runs[kind].map((r) => round(r[key])).join(', ');
  const ratio = (key) => (m('empty', key) ? `${(median(runs.big.map((r) => r[key])) / median(runs.empty.map((r) => r[key]))).toFixed(2)}×` : 'n/a');
  const n = fmt(ARTICLES);
  const metrics = {
    'runs per database (alternating, fresh profile each)': RUNS,
    [`database: ${n} articles`]: `${big.note.megabytes} MB, ${fmt(big.note.distinctArticles)} distinct articles of real documentation${big.note.repeats > 1 ? `, repeated up to ${big.note.repeats}×` : ''}, ${fmt(big.note.tagGroups)} tags (the Knowledge view's first level shows ${Math.min(big.note.tagGroups, 50) + 1 + (big.note.tagGroups > 50 ? 1 : 0)} rows: Recent, the largest tags${big.note.tagGroups > 50 ? ', "more tags"' : ''})${big.builtNow ? `, built in ${big.note.buildSeconds} s this run` : ', built earlier'}`,
    'activate() ms, empty (median)': m('empty', 'activateMs'),
    [`activate() ms, ${n} articles (median)`]: m('big', 'activateMs'),
    [`activate() ${n} / empty`]: ratio('activateMs'),
    'database open ms (driver load + open + count), empty (median)': m('empty', 'storeOpenMs'),
    [`database open ms, ${n} articles (median)`]: m('big', 'storeOpenMs'),
    [`database open ${n} / empty`]: ratio('storeOpenMs'),
    'Knowledge view: click → welcome text, empty (median ms)': m('empty', 'firstRowMs'),
    [`Knowledge view: click → first tree row, ${n} articles (median ms)`]: m('big', 'firstRowMs'),
    [`Knowledge view: first render ${n} / empty`]: ratio('firstRowMs'),
    [`Knowledge view: click → first article under Recent, ${n} articles (median ms)`]: m('big', 'articleRowMs'),
    'all runs, empty: activate / open / view ms': `${list('empty', 'activateMs')} / ${list('empty', 'storeOpenMs')} / ${list('empty', 'firstRowMs')}`,
    [`all runs, ${n}: activate / open / first row / Recent ms`]: `${list('big', 'activateMs')} / ${list('big', 'storeOpenMs')} / ${list('big', 'firstRowMs')} / ${list('big', 'articleRowMs')}`,
    'page load → Lore activated, s (median, empty / big)': `${median(runs.empty.map((r) => r.activatedAfterS)).toFixed(1)} / ${median(runs.big.map((r) => r.activatedAfterS)).toFixed(1)}`,
    'machine load (1-min average) before / after': `${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)}`,
  };
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    seconds: Math.round((Date.now() - started) / 1000),
    results: [{ name: `activation: empty database vs ${n} articles, in code-server`, metrics }],
  };
  fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${report.results[0].name}`);
  for (const [key, value] of Object.entries(metrics)) console.log(`  ${key.padEnd(78)} ${value}`);
  console.log(`\nWritten to ${path.relative(repoRoot, outFile)} in ${report.seconds} s.`);
}

main().catch((error) => {
  console.error(`activation bench failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
