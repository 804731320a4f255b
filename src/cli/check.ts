// `lore check`: is every shared snippet of the knowledge base still true of a checkout? For CI:
// exit 0 when nothing matches --fail-on, 1 when something does, 2 when the input is wrong.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeGit } from '../core/anchoring/nodeGit';
import { checkSnippets } from '../core/articles/checkSnippets';
import { exportFreshnessSarif, type CheckedSnippet } from '../core/articles/freshnessSarif';
import { FRESHNESS_STATES, lineLabel, type FreshnessState } from '../core/articles/snippetFreshness';
import { systemClock } from '../core/clock';
import { describeError, LoreError } from '../core/errors';
import type { Snippet } from '../core/model';
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

interface CheckOptions {
  root: string;
  failOn: 'changed' | 'gone';
  format: (typeof CHECK_FORMATS)[number];
  out?: string;
}

export async function runCheck(args: ParsedArgs, io: CliIo): Promise<number> {
  try {
    const options = checkOptions(args);
    const loaded = await loadKnowledge(args, io);
    const git = new NodeGit({ cwd: options.root });
    const started = process.hrtime.bigint();
    const freshness = await checkSnippets(loaded.map((l) => l.snippet), { readFile: (rel) => readInRoot(options.root, rel), git });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const checked: CheckedSnippet[] = loaded.map((l, i) => ({ freshness: freshness[i], articleId: l.snippet.articleId, articleTitle: l.title, code: l.snippet.code }));
    const failing = checked.filter((c) => fails(c.freshness.state, options.failOn));
    const text = render(checked, options, io, failing.length);
    if (options.out) fs.writeFileSync(options.out, text);
    else io.stdout(text);
    io.stderr(`${summaryLine(checked)} in ${Math.round(ms)} ms; ${failing.length ? `${failing.length} match --fail-on ${options.failOn}` : `nothing matches --fail-on ${options.failOn}`}.\n`);
    return failing.length ? CHECK_EXIT.matched : CHECK_EXIT.ok;
  } catch (error) {
    // Whatever stopped the check, exit 1 must keep meaning "a snippet matched".
    io.stderr(`lore check: ${describeError(error)}\n`);
    return CHECK_EXIT.badInput;
  }
}

function checkOptions(args: ParsedArgs): CheckOptions {
  const failOn = flag(args, 'fail-on') ?? 'gone';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new CheckInputError(`--fail-on must be changed or gone; got "${failOn}".`, 'changed fails on code that changed or is gone; gone (the default) only on code that is gone.');
  }
  if (failOn === 'due') {
    throw new CheckInputError(
      '--fail-on due is not available yet: Lore does not record review dates for articles.',
      'Use --fail-on changed or --fail-on gone.',
    );
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
  return { root, failOn: failOn as CheckOptions['failOn'], format: format as CheckOptions['format'], out: flag(args, 'out') };
}

/** `changed` fails on anything no longer true of the checkout (changed or gone); `gone` only on gone. */
function fails(state: FreshnessState, failOn: CheckOptions['failOn']): boolean {
  return state === 'gone' || (failOn === 'changed' && state === 'changed');
}

interface LoadedSnippet {
  snippet: Snippet;
  title: string;
}

/** Every snippet of every team article that is not archived, from --team-folder or the database. */
async function loadKnowledge(args: ParsedArgs, io: CliIo): Promise<LoadedSnippet[]> {
  const folder = flag(args, 'team-folder');
  const store = folder ? await storeFromTeamFolder(path.resolve(folder), io) : openDatabase(args, io);
  try {
    return store.teamSnippets().map(({ snippet, articleTitle }) => ({ snippet, title: articleTitle }));
  } finally {
    store.close();
  }
}

function openDatabase(args: ParsedArgs, io: CliIo): LoreStore {
  let file: string;
  try {
    file = findDatabase({ db: flag(args, 'db'), env: io.env, platform: io.platform ?? process.platform, home: io.home ?? os.homedir() }, 'read');
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

function render(checked: CheckedSnippet[], options: CheckOptions, io: CliIo, failing: number): string {
  if (options.format === 'sarif') {
    return exportFreshnessSarif(checked, { toolVersion: io.version, generatedAt: new Date().toISOString(), rootUri: pathToFileURL(options.root).href });
  }
  if (options.format === 'json') {
    const counts = Object.fromEntries(FRESHNESS_STATES.map((s) => [s, checked.filter((c) => c.freshness.state === s).length]));
    return `${JSON.stringify({
      root: options.root,
      failOn: options.failOn,
      failing,
      counts,
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
  return table(checked);
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

function summaryLine(checked: CheckedSnippet[]): string {
  const count = (s: FreshnessState) => checked.filter((c) => c.freshness.state === s).length;
  return `Checked ${checked.length} snippet(s): ${count('current')} current, ${count('changed')} changed, ${count('gone')} gone, ${count('elsewhere')} not in this checkout`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
