import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeError } from '../core/errors';
import { exportReviewNotes } from '../core/review/exportReview';
import { EXPORT_FORMATS, type ExportFormat } from '../core/review/exportOptions';
import { searchArticles } from '../core/search/searchArticles';
import { LoreStore } from '../core/store/loreStore';
import { loadSqliteDriver } from '../core/store/sqliteDriverLoader';
import { createBodyMerger } from '../core/sync/bodyMerge';
import { createNodeSyncFs } from '../core/sync/nodeSyncFs';
import { SyncEngine } from '../core/sync/syncEngine';
import { verifyTeamFolder } from '../core/sync/verifyTeamFolder';
import { flag, parseArgs, type ParsedArgs } from './args';
import { seedDemo } from './demoSeed';

const HELP = `lore: your team's knowledge base from the command line

Usage: lore <command> [options]

Commands:
  search <query…>            Search articles (same query language as in VS Code)
  list                       List articles (--tag, --status)
  export-review              Export review notes (--format markdown|csv|json|sarif, --out file,
                             --state open|resolved, --path file-or-glob)
  export-articles            Write every article as JSON (--out file) for CI and other tools
  sync --team-folder DIR     Sync the database with a team folder once
  verify DIR                 Check every file and chain in a team folder; exit 1 on problems
  seed-demo --workspace DIR  Fill an empty database with the demo workspace's sample knowledge
  stats                      Counts of articles, snippets and notes

Options:
  --db FILE     The Lore database (default: $LORE_DB, else ~/.lore/lore.db)
  --author NAME Name written on changes (default: $LORE_AUTHOR, else your user name)
  --json        Machine-readable output where it applies
  --help        This text
`;

function openStore(args: ParsedArgs): LoreStore {
  const file = flag(args, 'db') ?? process.env.LORE_DB ?? path.join(os.homedir(), '.lore', 'lore.db');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const author = flag(args, 'author') ?? process.env.LORE_AUTHOR ?? (os.userInfo().username || 'lore-cli');
  const driver = loadSqliteDriver({ nativeDir: path.join(__dirname, 'native') });
  return LoreStore.open(file, { driver, author, mergers: [createBodyMerger()] });
}

function write(args: ParsedArgs, text: string): void {
  const out = flag(args, 'out');
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!args.command || args.flags.has('help') || args.command === 'help') {
    process.stdout.write(HELP);
    return args.command || args.flags.has('help') ? 0 : 2;
  }
  switch (args.command) {
    case 'search': {
      const store = openStore(args);
      const response = searchArticles(store.db, args.positional.join(' '), { limit: Number(flag(args, 'limit') ?? 20) });
      if (args.flags.has('json')) write(args, JSON.stringify(response, null, 2));
      else {
        if (response.warning) process.stderr.write(`${response.warning}\n`);
        const lines = response.results.map((r) => `${r.title}  [${r.tags.join(', ')}]  ${r.articleId}\n    ${r.excerpt.replace(/\s+/g, ' ').slice(0, 160)}`);
        write(args, lines.length ? lines.join('\n') : 'No articles match.');
      }
      store.close();
      return 0;
    }
    case 'list': {
      const store = openStore(args);
      const articles = store.listArticles({ tag: flag(args, 'tag'), status: flag(args, 'status') as never });
      write(args, args.flags.has('json') ? JSON.stringify(articles, null, 2) : articles.map((a) => `${a.status.padEnd(9)} ${a.title}  [${a.tags.join(', ')}]`).join('\n') || 'No articles.');
      store.close();
      return 0;
    }
    case 'export-review': {
      const format = (flag(args, 'format') ?? 'markdown') as ExportFormat;
      if (!EXPORT_FORMATS.includes(format)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`);
      const store = openStore(args);
      const state = flag(args, 'state');
      const file = flag(args, 'path');
      const output = exportReviewNotes(store.listThreads(), {
        format,
        generatedAt: new Date().toISOString(),
        toolVersion: '0.1.0',
        filter: { ...(state === 'open' || state === 'resolved' ? { status: state } : {}), ...(file ? { files: [file] } : {}) },
      });
      write(args, output.text);
      process.stderr.write(`${output.count} review note(s) exported.\n`);
      store.close();
      return 0;
    }
    case 'export-articles': {
      const store = openStore(args);
      const articles = store.listArticles().map((a) => store.getArticle(a.id));
      write(args, JSON.stringify({ exportedAt: new Date().toISOString(), articles }, null, 2));
      store.close();
      return 0;
    }
    case 'sync': {
      const folder = flag(args, 'team-folder');
      if (!folder) throw new Error('Give the team folder: lore sync --team-folder DIR');
      const store = openStore(args);
      const engine = new SyncEngine({ store, fs: createNodeSyncFs(), folder: path.resolve(folder) });
      try {
        const summary = await engine.syncNow((p) => process.stderr.write(`${p.message}\n`));
        if (summary.stopped) {
          process.stderr.write(`Sync stopped: ${summary.stopped.reason} ${summary.stopped.hint}\n`);
          return 1;
        }
        write(args, args.flags.has('json') ? JSON.stringify(summary, null, 2)
          : `Published ${summary.published}, received ${summary.ingested} change(s); ${summary.pending.length} file(s) pending, ${summary.conflicts} conflict(s).`);
        return 0;
      } finally {
        engine.dispose();
        store.close();
      }
    }
    case 'verify': {
      const folder = args.positional[0] ?? flag(args, 'team-folder');
      if (!folder) throw new Error('Give the team folder: lore verify DIR');
      const report = await verifyTeamFolder(createNodeSyncFs(), path.resolve(folder));
      if (args.flags.has('json')) write(args, JSON.stringify(report, null, 2));
      else write(args, [report.summary, ...report.problems.map((p) => `  ${p.file ? `${p.file}: ` : ''}${p.message}`)].join('\n'));
      return report.ok ? 0 : 1;
    }
    case 'seed-demo': {
      const workspace = flag(args, 'workspace');
      if (!workspace) throw new Error('Give the demo workspace: lore seed-demo --workspace DIR --db FILE');
      const store = openStore(args);
      const seeded = seedDemo(store, path.resolve(workspace));
      write(args, `Seeded ${seeded.articles} article(s) and ${seeded.notes} review note(s).`);
      store.close();
      return 0;
    }
    case 'stats': {
      const store = openStore(args);
      const threads = store.listThreads();
      write(args, `${store.countArticles()} article(s), ${threads.length} review note(s) (${threads.filter((t) => t.state === 'open').length} open), device ${store.deviceId}, driver ${store.driverName}`);
      store.close();
      return 0;
    }
    default:
      process.stderr.write(`lore: unknown command "${args.command}". Run lore --help.\n`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`lore: ${describeError(error)}\n`);
    process.exit(1);
  },
);
