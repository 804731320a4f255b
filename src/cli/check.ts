// `lore check`: is every shared snippet of the knowledge base still true of a checkout? For CI:
// exit 0 when nothing matches --fail-on, 1 when something does, 2 when the input is wrong.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeGit } from '../core/anchoring/nodeGit';
import { DEFAULT_REVIEW_AFTER_DAYS, reviewDue } from '../core/articles/articleHealth';
import { checkSnippets } from '../core/articles/checkSnippets';
import { exportFreshnessSarif, type CheckedSnippet } from '../core/articles/freshnessSarif';
import { FRESHNESS_STATES, lineLabel, type FreshnessState } from '../core/articles/snippetFreshness';
import { systemClock } from '../core/clock';
import { describeError, LoreError } from '../core/errors';
import { MAX_REVIEW_AFTER_DAYS, type Snippet } from '../core/model';
import { LoreStore } from '../core/store/loreStore';
import { loadSqliteDriver } from '../core/store/sqliteDriverLoader';
import { createBodyMerger } from '../core/sync/bodyMerge';
import { readTeamFolder } from '../core/sync/folderReader';
import { createNodeSyncFs } from '../core/sync/nodeSyncFs';
import { preflight } from '../core/sync/preflight';
import { printable } from '../core/sync/printable';
import { SyncLedger } from '../core/sync/syncLedger';
import { flag, type ParsedArgs } from './args';
import type { CliIo } from './cli';
import { findDatabase } from './databaseLocation';

export const FAIL_ON = ['changed', 'gone', 'due'] as const;
export const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;

/** Exit codes of `lore check`. */
export const CHECK_EXIT = { ok: 0, matched: 1, badInput: 2 } as const;

/** Bad input to `lore check` (missing root, unreadable database, not a team folder): exit 2. */
class CheckInputError extends LoreError {}

type FailOn = (typeof FAIL_ON)[number];

interface CheckOptions {
  root: string;
  /** What exits 1: snippets changed (or gone), gone, and/or articles past their review date. */
  failOn: Set<FailOn>;
  /** Review period of articles that set none (front matter `review-after:`). */
  reviewAfterDays: number;
  format: (typeof CHECK_FORMATS)[number];
  out?: string;
}

export async function runCheck(args: ParsedArgs, io: CliIo): Promise<number> {
  try {
    const options = checkOptions(args);
    const { snippets: loaded, due } = await loadKnowledge(args, io, options, io.now?.() ?? Date.now());
    const git = new NodeGit({ cwd: options.root });
    const started = process.hrtime.bigint();
    const freshness = await checkSnippets(loaded.map((l) => l.snippet), { readFile: (rel) => readInRoot(options.root, rel), git });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const checked: CheckedSnippet[] = loaded.map((l, i) => ({ freshness: freshness[i], articleId: l.snippet.articleId, articleTitle: l.title, code: l.snippet.code }));
    const counts = stateCounts(checked);
    const failingCount = FRESHNESS_STATES.reduce((sum, state) => sum + (fails(state, options.failOn) ? counts[state] : 0), 0) + (options.failOn.has('due') ? due.length : 0);
    const text = render(checked, counts, due, options, io, failingCount);
    if (options.out) fs.writeFileSync(options.out, text);
    else io.stdout(text);
    const failOn = [...options.failOn].join(',');
    const dueLine = `${due.length} article(s) past their review date`;
    io.stderr(`${summaryLine(checked.length, counts)}; ${dueLine} in ${Math.round(ms)} ms; ${failingCount ? `${failingCount} match --fail-on ${failOn}` : `nothing matches --fail-on ${failOn}`}.\n`);
    return failingCount ? CHECK_EXIT.matched : CHECK_EXIT.ok;
  } catch (error) {
    // Whatever stopped the check, exit 1 must keep meaning "a snippet matched".
    io.stderr(`lore check: ${describeError(error)}\n`);
    return CHECK_EXIT.badInput;
  }
}

function checkOptions(args: ParsedArgs): CheckOptions {
  const failOn = new Set<FailOn>();
  for (const word of (flag(args, 'fail-on') ?? 'gone').split(',').map((w) => w.trim())) {
    if (!(FAIL_ON as readonly string[]).includes(word)) {
      throw new CheckInputError(`--fail-on must be changed, gone or due (or several: gone,due); got "${word}".`,
        'changed fails on code that changed or is gone; gone (the default) only on code that is gone; due on articles past their review date.');
    }
    failOn.add(word as FailOn);
  }
  const days = flag(args, 'review-after-days') ?? String(DEFAULT_REVIEW_AFTER_DAYS);
  const reviewAfterDays = Number(days);
  if (!/^\d+$/.test(days) || reviewAfterDays < 1 || reviewAfterDays > MAX_REVIEW_AFTER_DAYS) {
    throw new CheckInputError(`--review-after-days must be a number of days from 1 to ${MAX_REVIEW_AFTER_DAYS}; got "${days}".`, 'It is the review period of articles whose front matter sets no review-after (VS Code\'s lore.knowledge.reviewAfterDays).');
  }
  const format = flag(args, 'format') ?? 'text';
  if (!(CHECK_FORMATS as readonly string[]).includes(format)) throw new CheckInputError(`--format must be one of ${CHECK_FORMATS.join(', ')}; got "${format}".`);
  const root = path.resolve(flag(args, 'root') ?? '.');
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(root);
  } catch {
    stat = undefined;
  }
  if (!stat?.isDirectory()) {
    throw new CheckInputError(`--root ${root} is not a folder.`, 'Give the checkout the snippets\' paths are relative to (default: the current folder).');
  }
  if (flag(args, 'db') !== undefined && flag(args, 'team-folder') !== undefined) {
    throw new CheckInputError('Give either --db or --team-folder, not both.', '--team-folder reads the team\'s knowledge straight from the folder; --db uses a database that synced with it.');
  }
  return { root, failOn, reviewAfterDays, format: format as CheckOptions['format'], out: flag(args, 'out') };
}

/** `changed` fails on anything no longer true of the checkout (changed or gone); `gone` only on gone. */
function fails(state: FreshnessState, failOn: CheckOptions['failOn']): boolean {
  return (state === 'gone' && (failOn.has('gone') || failOn.has('changed'))) || (failOn.has('changed') && state === 'changed');
}

/** A team article past its review date (from when it was last verified, else created). */
interface DueArticle {
  articleId: string;
  articleTitle: string;
  dueAt: string;
  from: 'verified' | 'created';
  /** The review period that applied. */
  days: number;
  owner?: string;
}

interface LoadedSnippet {
  snippet: Snippet;
  title: string;
}

/**
 * Every snippet of every team article that is not archived, from --team-folder or the database,
 * and the team articles past their review date at `now`, oldest due first.
 */
async function loadKnowledge(args: ParsedArgs, io: CliIo, options: CheckOptions, now: number): Promise<{ snippets: LoadedSnippet[]; due: DueArticle[] }> {
  const folder = flag(args, 'team-folder');
  const store = folder ? await storeFromTeamFolder(path.resolve(folder), io) : openDatabase(args, io);
  try {
    const snippets = store.teamSnippets().map(({ snippet, articleTitle }) => ({ snippet, title: articleTitle }));
    const candidates = store.summariesOf(store.reviewCandidateIds(options.reviewAfterDays, now)).filter((a) => a.visibility !== 'private');
    const due = candidates
      .map((a) => ({ a, when: reviewDue(a, options.reviewAfterDays) }))
      .filter(({ when }) => now >= when.at)
      .sort((x, y) => x.when.at - y.when.at || x.a.title.localeCompare(y.a.title))
      .map(({ a, when }) => ({ articleId: a.id, articleTitle: a.title, dueAt: new Date(when.at).toISOString(), from: when.from, days: when.days, ...(a.owner ? { owner: a.owner } : {}) }));
    return { snippets, due };
  } finally {
    store.close();
  }
}

function openDatabase(args: ParsedArgs, io: CliIo): LoreStore {
  let file: string;
  try {
    file = findDatabase({ dbPath: flag(args, 'db'), env: io.env, platform: io.platform ?? process.platform, home: io.home ?? os.homedir() }, 'read');
  } catch (error) {
    throw new CheckInputError(describeError(error));
  }
  try {
    const driver = loadSqliteDriver({ nativeDir: io.nativeDir, host: 'cli' });
    return LoreStore.open(file, { driver, author: 'lore-check', mergers: [createBodyMerger()] });
  } catch (error) {
    throw new CheckInputError(`Lore cannot read the database ${file}: ${describeError(error)}`, 'Give a Lore database with --db (or $LORE_DB), or the team folder with --team-folder.');
  }
}

/**
 * The team's knowledge read straight from its folder into a database in memory: the same reader
 * as sync (signatures checked, keys pinned on first sight), nothing written to the folder.
 */
async function storeFromTeamFolder(folder: string, io: CliIo): Promise<LoreStore> {
  const fsPort = createNodeSyncFs();
  const check = await preflight(fsPort, folder, undefined);
  if (!check.ok) throw new CheckInputError(check.code === 'not-a-team-folder' ? `${folder} is not a Lore team folder (it has no lore/FORMAT.json).` : check.reason, check.code === 'not-a-team-folder' ? 'Give the folder the team syncs with (the one holding lore/FORMAT.json).' : check.hint);
  const driver = loadSqliteDriver({ nativeDir: io.nativeDir, host: 'cli' });
  const store = LoreStore.open(':memory:', { driver, author: 'lore-check', mergers: [createBodyMerger()] });
  try {
    const ledger = new SyncLedger(store, systemClock);
    ledger.setTeamId(check.format.teamId);
    const read = await readTeamFolder({
      fs: fsPort,
      root: folder,
      store,
      ledger,
      // Reading for a check holds nothing back: there is no one to ask, and nothing is deleted here.
      policy: { maxCount: Number.POSITIVE_INFINITY, maxFraction: Number.POSITIVE_INFINITY, minCountForFraction: Number.POSITIVE_INFINITY, windowMs: 0 },
      now: () => systemClock.now(),
      batchEvents: 5_000,
    });
    for (const warning of [...check.warnings, ...read.warnings]) io.stderr(`Warning: ${printable(warning)}\n`);
    return store;
  } catch (error) {
    store.close();
    throw error;
  }
}

/** A snippet's file, read from the checkout; undefined when it is missing or not a readable file. */
async function readInRoot(root: string, rel: string): Promise<string | undefined> {
  const full = path.resolve(root, rel);
  // Paths come from teammates: never read outside the checkout.
  if (full !== root && !full.startsWith(root + path.sep)) return undefined;
  try {
    return await fs.promises.readFile(full, 'utf8');
  } catch {
    return undefined;
  }
}

/** How many snippets are in each state (one pass). */
function stateCounts(checked: readonly CheckedSnippet[]): Record<FreshnessState, number> {
  const counts = Object.fromEntries(FRESHNESS_STATES.map((s) => [s, 0])) as Record<FreshnessState, number>;
  for (const c of checked) counts[c.freshness.state]++;
  return counts;
}

function render(checked: CheckedSnippet[], counts: Record<FreshnessState, number>, due: DueArticle[], options: CheckOptions, io: CliIo, failing: number): string {
  // SARIF results point at code; a review date is about an article, so it is in text and JSON only.
  if (options.format === 'sarif') {
    return exportFreshnessSarif(checked, { toolVersion: io.version, generatedAt: new Date().toISOString(), rootUri: pathToFileURL(options.root).href });
  }
  if (options.format === 'json') {
    return `${JSON.stringify({
      root: options.root,
      failOn: [...options.failOn].join(','),
      failing,
      counts,
      due,
      snippets: checked.map(({ freshness: f, articleId, articleTitle }) => ({
        articleId,
        articleTitle,
        snippetId: f.snippetId,
        state: f.state,
        moved: f.moved,
        path: f.path,
        range: f.range,
        storedPath: f.storedPath,
        storedRange: f.storedRange,
        reason: f.reason,
        ...(f.changes !== undefined ? { changes: f.changes } : {}),
      })),
    }, null, 2)}\n`;
  }
  return table(checked) + dueTable(due);
}

/** Articles past their review date: title, due since, counted from, owner. */
function dueTable(due: DueArticle[]): string {
  if (!due.length) return '';
  const rows = due.map((d) => `  ${printable(truncate(d.articleTitle, 60))}: due ${d.dueAt.slice(0, 10)} (${d.days} days after it was ${d.from === 'verified' ? 'last verified' : 'written'})${d.owner ? `, owner ${printable(d.owner)}` : ''}`);
  return `\nPast their review date (${due.length}):\n${rows.join('\n')}\n`;
}

/** Article, snippet place, state, what changed: one row per snippet, the ones that need work first. */
function table(checked: CheckedSnippet[]): string {
  if (!checked.length) return 'No shared snippets to check.\n';
  const order: Record<FreshnessState, number> = { gone: 0, changed: 1, elsewhere: 2, current: 3 };
  const rows = [...checked]
    .sort((a, b) => order[a.freshness.state] - order[b.freshness.state] || a.articleTitle.localeCompare(b.articleTitle))
    .map(({ freshness: f, articleTitle }) => [
      // Titles and paths come from teammates: escape control characters and terminal sequences.
      printable(truncate(articleTitle, 40)),
      printable(`${f.path}:${lineLabel(f.range ?? f.storedRange).replace(/^lines? /, '')}`),
      f.state === 'current' && f.moved ? 'current (moved)' : f.state === 'elsewhere' ? 'not here' : f.state,
      printable(f.reason),
    ]);
  const header = ['ARTICLE', 'SNIPPET', 'STATE', 'WHAT CHANGED'];
  const widths = header.slice(0, 3).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

function summaryLine(total: number, counts: Record<FreshnessState, number>): string {
  return `Checked ${total} snippet(s): ${counts.current} current, ${counts.changed} changed, ${counts.gone} gone, ${counts.elsewhere} not in this checkout`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
