// The command-line front end on Lore's core: the same store, search, exports and sync as the
// extension, for CI jobs and terminals. main.ts runs it on the real process; tests run it with
// their own output sinks.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeError, LoreError } from '../core/errors';
import { exportReviewNotes } from '../core/review/exportReview';
import { EXPORT_FORMATS, type ExportFormat } from '../core/review/exportOptions';
import { LoreStore } from '../core/store/loreStore';
import { loadSqliteDriver } from '../core/store/sqliteDriverLoader';
import { createBodyMerger } from '../core/sync/bodyMerge';
import { createNodeSyncFs } from '../core/sync/nodeSyncFs';
import { uncommittedLoreFiles } from '../core/sync/gitStatus';
import { GitMode } from '../core/sync/gitMode';
import { nodeGitRunner } from '../core/sync/gitRunner';
import { SyncEngine, type HeldDeletion, type SyncSummary } from '../core/sync/syncEngine';
import { printable } from '../core/sync/printable';
import { describeSetAside } from '../core/sync/setAsideText';
import { SyncLedger } from '../core/sync/syncLedger';
import { describeHeldDeletions } from '../core/sync/heldDeletionText';
import { describeVerifyProblem, verifyTeamFolder, type VerifyOptions } from '../core/sync/verifyTeamFolder';
import { systemClock } from '../core/clock';
import { flag, parseArgs, UsageError, USAGE, type ParsedArgs } from './args';
import { findDatabase } from './databaseLocation';
import { runCheck } from './check';
import { exportToFolder, importFromFolder } from '../core/articles/markdownFolder';
import { plural } from '../core/plural';
import { seedDemo } from './demoSeed';
import { pathCommand } from './paths';
import { spaceCommand } from './spaces';
import { loadSpaces } from '../core/spaces/spaceFolder';
import { spaceCodec } from '../core/spaces/spaceCodec';

/** Where the CLI writes and what it runs with. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Lore's version, written into exports. */
  version: string;
  /** Where better-sqlite3 builds shipped with the CLI are (dist/native). */
  nativeDir?: string;
  /** Where to look for the extension's database (tests); default: this machine's. */
  platform?: NodeJS.Platform;
  home?: string;
  /** The time now (tests); default: the system clock. */
  now?: () => number;
}

const HELP = `lore: your team's knowledge base from the command line

Usage: lore <command> [options]

Commands:
  search <query…>            Search articles (same query language as in VS Code)
  list                       List articles (--tag, --status)
  export-review              Export review notes (--format markdown|csv|json|sarif, --out file,
                             --state open|resolved, --path file-or-glob, --root DIR: the
                             workspace the notes' paths are relative to, for SARIF viewers)
  export-articles            Write every article as JSON (--out file) for CI and other tools
  export DIR                 Write every non-private article as a Markdown file in DIR (front
                             matter, [[links]] kept, snippets as fenced code, images in DIR/images)
  import DIR                 Articles from the Markdown files in DIR and its sub-folders (front
                             matter title/tags, else the first heading; relative images). Articles
                             already in Lore (same lore-id, else same title) are left as they are
                             and listed; --update updates them. Exit 1 when a file was not taken
  sync --team-folder DIR     Sync the database with a team folder once (--join the team whose
                             folder it is, or --create a new team there, the first time).
                             Prints warnings, problems and deletions held for you; exits 3 when
                             something needs you. --held lists held deletions; --approve-held
                             applies them, --reject-held restores the records for everyone.
                             --git (a team folder in a git repository whose branch has an
                             upstream): also pull first, then commit this device's new Lore
                             files (nothing else) and push; says why when git cannot
  verify DIR                 Check every file and chain in a team folder; exit 1 on problems
                             (with --db, or $LORE_DB: against the keys and segments that
                             database pinned and read)
  space create NAME          Encrypted spaces in a team folder (--team-folder DIR): create one (this
  space request SPACE        device then shares into it), ask to join one, approve a device's
  space approve SPACE DEVICE request (both machines show a safety number to compare first), remove
  space remove SPACE DEVICE  a device (a new key; it keeps what it had), rotate the key, list the
  space rotate SPACE         spaces with their members, requests and locked changes (--json).
  space list                 lore sync publishes and reads the changes
  path list                  List learning paths (--json)
  path import FILE           A learning path from a CodeTour .tour file (its paths relative to
                             --root DIR, default: the folder holding .tours/ or .vscode/tours/).
                             Prints what Lore dropped; a malformed file imports nothing: exit 1
                             with each problem by file and step
  path export ID FILE        Write a learning path as a .tour file CodeTour plays, code steps
                             where their code is now under --root DIR (default: here)
  seed-demo --workspace DIR  Fill an empty database with the demo workspace's sample knowledge
  stats                      Counts of articles, snippets and notes
  check                      Is every shared snippet still true of a checkout? Resolves each
                             snippet of the team's articles (archived ones aside) against
                             --root DIR (default: here; git history used when it is a repository)
                             from --db or straight from --team-folder DIR. Prints article,
                             snippet place, state (current, changed, gone, not here) and what
                             changed. --fail-on changed|gone|due, or several: gone,due (default
                             gone; changed also fails on gone; due: an article is past its
                             review date, --review-after-days N where it sets none, default
                             180). --format text|json|sarif, --out file. Exit 0: nothing
                             matches; 1: something does; 2: bad input (no such root, unreadable
                             database, not a team folder)

Options (--name value or --name=value):
  --db FILE     The Lore database (default: $LORE_DB, else the Lore extension's database in
                VS Code's or code-server's global storage; read-only commands never create one)
  --author NAME Name written on changes (default: $LORE_AUTHOR, else your user name)
  --json        Machine-readable output where it applies
  --help        This text
`;

/**
 * Runs one CLI command and returns its exit code: 0 done, 1 failed (the reason is written to
 * stderr in one line, with what to do), 2 bad usage.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`lore: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (!args.command || args.flags.has('help') || args.command === 'help') {
    io.stdout(HELP);
    return args.command || args.flags.has('help') ? 0 : 2;
  }
  const command = COMMANDS[args.command];
  if (!command) {
    io.stderr(`lore: unknown command "${args.command}". Run lore --help.\n`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`lore: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`lore: ${describeError(error)}\n`);
    return 1;
  }
}

type Command = (args: ParsedArgs, io: CliIo) => Promise<number> | number;

/** The one folder a command works on (its first word after the command). */
function folderArgument(args: ParsedArgs, command: string): string {
  const [folder, ...rest] = args.positional;
  if (!folder || rest.length) throw new UsageError(`lore ${command} takes one folder: lore ${command} DIR.`, USAGE);
  return folder;
}

/** Commands that change the database may create it; the others only read one that exists. */
const WRITING_COMMANDS = new Set(['sync', 'seed-demo', 'import', 'space']);

function openStore(args: ParsedArgs, io: CliIo): LoreStore {
  const writes = WRITING_COMMANDS.has(args.command ?? '') || (args.command === 'path' && args.positional[0] === 'import');
  const mode = writes ? 'write' : 'read';
  const file = findDatabase({ dbPath: flag(args, 'db'), env: io.env, platform: io.platform ?? process.platform, home: io.home ?? os.homedir() }, mode);
  if (mode === 'write') fs.mkdirSync(path.dirname(file), { recursive: true });
  const author = flag(args, 'author') ?? io.env.LORE_AUTHOR ?? (os.userInfo().username || 'lore-cli');
  const driver = loadSqliteDriver({ nativeDir: io.nativeDir, host: 'cli' });
  return LoreStore.open(file, { driver, author, mergers: [createBodyMerger()] });
}

/** Opens the store for one command and closes it afterwards, whatever happens. */
async function withStore<T>(args: ParsedArgs, io: CliIo, use: (store: LoreStore) => T | Promise<T>): Promise<T> {
  const store = openStore(args, io);
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

function write(args: ParsedArgs, io: CliIo, text: string): void {
  const out = flag(args, 'out');
  if (out) fs.writeFileSync(out, text);
  else io.stdout(text.endsWith('\n') ? text : `${text}\n`);
}

const COMMANDS: Record<string, Command> = {
  export: (args, io) => {
    const folder = folderArgument(args, 'export');
    return withStore(args, io, (store) => {
      const report = exportToFolder(store, path.resolve(folder));
      io.stdout(`Exported ${plural(report.articles, 'article')} and ${plural(report.images, 'image')} to ${report.folder}.\n`);
      return 0;
    });
  },

  import: (args, io) => {
    const folder = path.resolve(folderArgument(args, 'import'));
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new LoreError(`There is no folder at ${folder}: give the path of a folder of Markdown files.`);
    return withStore(args, io, (store) => {
      const report = importFromFolder(store, folder, { update: args.flags.has('update') });
      for (const title of report.created) io.stdout(`created  ${printable(title)}\n`);
      for (const title of report.updated) io.stdout(`updated  ${printable(title)}\n`);
      for (const title of report.notUpdated) io.stdout(`kept     ${printable(title)} (already in Lore with other content; --update replaces it)\n`);
      for (const { file, reason } of report.skipped) io.stderr(`skipped  ${printable(file)}: ${printable(reason)}\n`);
      io.stdout(`Imported from ${folder}: ${report.created.length} created, ${report.updated.length} updated, ${report.notUpdated.length} kept as they were, ${report.unchanged} unchanged, ${report.skipped.length} skipped.\n`);
      return report.skipped.length ? 1 : 0;
    });
  },

  search: (args, io) => withStore(args, io, (store) => {
    const response = store.search(args.positional.join(' '), { limit: Number(flag(args, 'limit') ?? 20) });
    if (args.flags.has('json')) write(args, io, JSON.stringify(response, null, 2));
    else {
      if (response.warning) io.stderr(`${response.warning}\n`);
      const lines = response.results.map((r) => `${r.title}  [${r.tags.join(', ')}]  ${r.articleId}\n    ${r.excerpt.replace(/\s+/g, ' ').slice(0, 160)}`);
      write(args, io, lines.length ? lines.join('\n') : 'No articles match.');
    }
    return 0;
  }),

  list: (args, io) => withStore(args, io, (store) => {
    const articles = store.listArticles({ tag: flag(args, 'tag'), status: flag(args, 'status') as never });
    write(args, io, args.flags.has('json')
      ? JSON.stringify(articles, null, 2)
      : articles.map((a) => `${a.status.padEnd(9)} ${a.title}  [${a.tags.join(', ')}]`).join('\n') || 'No articles.');
    return 0;
  }),

  'export-review': (args, io) => {
    const format = (flag(args, 'format') ?? 'markdown') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) throw new LoreError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`);
    const root = flag(args, 'root');
    if (root !== undefined && !fs.existsSync(root)) throw new LoreError(`--root ${root} does not exist: give the workspace folder the notes' paths are relative to.`);
    return withStore(args, io, (store) => {
      const state = flag(args, 'state');
      const file = flag(args, 'path');
      const output = exportReviewNotes(store.listThreads(), {
        format,
        generatedAt: new Date().toISOString(),
        toolVersion: io.version,
        ...(root !== undefined ? { workspaceFolders: [workspaceFolderRef(root)], projectName: path.basename(path.resolve(root)) } : {}),
        filter: { ...(state === 'open' || state === 'resolved' ? { status: state } : {}), ...(file ? { files: [file] } : {}) },
      });
      write(args, io, output.text);
      io.stderr(`${output.count} review note(s) exported.\n`);
      return 0;
    });
  },

  'export-articles': (args, io) => withStore(args, io, (store) => {
    const articles = store.listArticles().map((a) => store.getArticle(a.id));
    write(args, io, JSON.stringify({ exportedAt: new Date().toISOString(), articles }, null, 2));
    return 0;
  }),

  sync: (args, io) => {
    const folder = flag(args, 'team-folder');
    if (!folder) throw new LoreError('Give the team folder: lore sync --team-folder DIR');
    return withStore(args, io, async (store) => {
      // --git: the team folder is in a git repository with a remote; commit Lore's files, pull and push.
      const git = args.flags.has('git') ? new GitMode({ runner: nodeGitRunner(), required: true }) : undefined;
      const engine = new SyncEngine({
        store, fs: createNodeSyncFs(), folder: path.resolve(folder), uncommittedFiles: uncommittedLoreFiles, git, leaseHolder: `lore sync (process ${process.pid})`,
      });
      try {
        const setUp = args.flags.has('create') ? 'create' : args.flags.has('join') ? 'join' : undefined;
        if (setUp) {
          const { teamId } = await engine.setUp(path.resolve(folder), setUp);
          io.stderr(`${setUp === 'create' ? 'Started' : 'Joined'} team ${teamId} in ${folder}.\n`);
        }
        if (args.flags.has('held')) {
          const held = engine.heldDeletions();
          write(args, io, args.flags.has('json') ? JSON.stringify(held, null, 2) : describeHeld(held, folder) || 'No deletions are held.');
          return held.length ? ATTENTION : 0;
        }
        if (args.flags.has('approve-held') || args.flags.has('reject-held')) {
          const approve = args.flags.has('approve-held');
          const count = approve ? engine.approveHeldDeletions() : engine.rejectHeldDeletions();
          io.stderr(count
            ? `${approve ? 'Applied' : 'Refused'} ${count} held deletion(s)${approve ? '' : '; the records are restored and the restore is shared with the team'}.\n`
            : 'No deletions were held.\n');
        }
        const summary = await engine.syncNow((p) => io.stderr(`${printable(p.message)}\n`));
        if (summary.stopped) {
          const hint = summary.stopped.code === 'not-set-up'
            ? `Join the team whose folder it is with: lore sync --team-folder ${folder} --join (or --create to start a new team there).`
            : summary.stopped.hint;
          io.stderr(`Sync stopped: ${printable(summary.stopped.reason)} ${hint}\n`);
          return 1;
        }
        if (args.flags.has('json')) write(args, io, JSON.stringify(summary, null, 2));
        else {
          write(args, io, `Published ${summary.published}, received ${summary.ingested} change(s); ${summary.pending.length} file(s) pending, ${summary.conflicts} conflict(s).`);
          // Git mode's trouble is a warning below; its success is one line here.
          if (summary.git?.state === 'synced') io.stderr(`Git: ${printable(summary.git.message)}\n`);
          for (const alarm of summary.alarms) io.stderr(`Problem: ${printable(alarm)}\n`);
          for (const warning of summary.warnings.filter((w) => !summary.alarms.includes(w))) io.stderr(`Warning: ${printable(warning)}\n`);
          for (const waiting of summary.waitingFor) io.stderr(`Waiting for ${waiting.author ? `${printable(waiting.author)}'s device` : 'device'} ${printable(waiting.device)}: ${printable(waiting.reason)}. Until it arrives, this copy of the team's knowledge is incomplete.\n`);
          for (const file of summary.pending) io.stderr(`Not readable yet: ${printable(file.path)}: ${printable(file.reason)}\n`);
          for (const l of summary.locked ?? []) io.stderr(`Locked: ${l.segments} change file(s) of space ${l.space}, which this device cannot read (not a member, or not given the key yet).\n`);
          // Listed on every sync while they last, but not a failure (everything else was applied): no exit code of their own.
          for (const change of summary.setAside) io.stderr(`Set aside: ${printable(describeSetAside(change))}\n`);
          const held = describeHeld(engine.heldDeletions(), folder);
          if (held) io.stderr(`${held}\n`);
        }
        return needsAttention(summary) ? ATTENTION : 0;
      } finally {
        engine.dispose();
      }
    });
  },

  verify: async (args, io) => {
    const folder = args.positional[0] ?? flag(args, 'team-folder');
    if (!folder) throw new LoreError('Give the team folder: lore verify DIR');
    // With a database (--db or $LORE_DB) that synced with this team, keys are checked against the
    // ones it pinned and every segment it read must still be there.
    const dbFile = flag(args, 'db') ?? io.env.LORE_DB;
    const check = async (options: VerifyOptions) => verifyTeamFolder(createNodeSyncFs(), path.resolve(folder), options);
    const report = dbFile
      ? await withStore(args, io, async (store) => {
        const ledger = new SyncLedger(store, systemClock);
        // A member's database opens what is sealed for its spaces: their content is checked too.
        const codec = await loadSpaces(createNodeSyncFs(), path.resolve(folder), store, ledger).then(spaceCodec, () => undefined);
        return check({ pinnedKeys: ledger.pinnedKeys(), knownSegments: ledger.allSegments(), codec });
      })
      : await check({});
    // Everything printed comes from the folder: escape control characters and terminal sequences.
    if (args.flags.has('json')) write(args, io, JSON.stringify(report, null, 2));
    else {
      write(args, io, [
        report.summary,
        ...report.problems.map((p) => `  ${printable(describeVerifyProblem(p))}`),
        ...report.unchecked.map((u) => `  Not checked: ${printable(u)}`),
      ].join('\n'));
    }
    return report.ok ? 0 : 1;
  },

  'seed-demo': (args, io) => {
    const workspace = flag(args, 'workspace');
    if (!workspace) throw new LoreError('Give the demo workspace: lore seed-demo --workspace DIR --db FILE');
    return withStore(args, io, (store) => {
      const seeded = seedDemo(store, path.resolve(workspace));
      write(args, io, `Seeded ${seeded.articles} article(s) and ${seeded.notes} review note(s).`);
      return 0;
    });
  },

  check: (args, io) => runCheck(args, io),

  path: (args, io) => withStore(args, io, (store) => pathCommand(args, io, store)),

  space: (args, io) => withStore(args, io, (store) => spaceCommand(args, io, store)),

  stats: (args, io) => withStore(args, io, (store) => {
    const threads = store.listThreads();
    write(args, io, `${store.countArticles()} article(s), ${threads.length} review note(s) (${threads.filter((t) => t.state === 'open').length} open), device ${store.deviceId}, driver ${store.driverName}`);
    return 0;
  }),
};

/** Exit code of `lore sync` when it ran but something needs the user (warnings, problems, held deletions, changes not shared). */
const ATTENTION = 3;

function needsAttention(summary: SyncSummary): boolean {
  return summary.alarms.length > 0 || summary.warnings.length > 0 || summary.heldDeletions > 0 || summary.queued > 0;
}

function describeHeld(held: HeldDeletion[], folder: string): string {
  if (!held.length) return '';
  // Titles, notes and authors come from the team: escape control characters and terminal sequences.
  const { headline, lines } = describeHeldDeletions(held, 20);
  return [
    printable(headline),
    ...lines.map((line) => `  ${printable(line)}`),
    `Apply them: lore sync --team-folder ${folder} --approve-held; refuse them (restores the records for everyone): lore sync --team-folder ${folder} --reject-held`,
  ].join('\n');
}

function workspaceFolderRef(root: string): { name: string; uri: string } {
  const full = path.resolve(root);
  return { name: path.basename(full), uri: pathToFileURL(full).href };
}
