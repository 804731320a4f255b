import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extensionDatabasePaths } from '../../../src/cli/databaseLocation';

// The README's CLI examples (every block, CI steps included), run as written (through tsx from src
// rather than dist/cli.js, like the other CLI tests) on a
// fresh machine: a home with the extension's database (the demo knowledge) and a team folder.
const repo = path.resolve(__dirname, '..', '..', '..');

/** How the README calls the CLI: the built file (here or copied into a CI's tools/), or `lore` on the PATH. */
const CLI_CALL = /^(?:-\s+run:\s+)?(?:node\s+(?:\S*\/)?dist\/cli\.js|npx\s+lore|lore)(?=\s|$)/;

/**
 * Every CLI call in the README's bash and yaml blocks (a CI step's `- run:` included), with its
 * comment and the block's language. A line that calls anything else (npm, npx vsce…) is not one.
 */
export function readmeCliExamples(readme: string): Array<{ line: string; argv: string[]; comment: string; block: string }> {
  const examples: Array<{ line: string; argv: string[]; comment: string; block: string }> = [];
  for (const block of readme.matchAll(/^```(bash|yaml|sh|shell)\n([\s\S]*?)^```/gm)) {
    for (const raw of block[2].split('\n')) {
      const line = raw.trim();
      const call = CLI_CALL.exec(line);
      if (!call) continue;
      const argv: string[] = [];
      let comment = '';
      const token = /"([^"]*)"|'([^']*)'|(#.*)$|(\S+)/g;
      const rest = line.slice(call[0].length);
      for (let m = token.exec(rest); m; m = token.exec(rest)) {
        if (m[3] !== undefined) {
          comment = m[3].slice(1).trim();
          break;
        }
        argv.push(m[1] ?? m[2] ?? m[4]);
      }
      examples.push({ line, argv, comment, block: block[1] });
    }
  }
  return examples;
}

/** Exit codes the README's comment allows besides 0 ("exit 3: something needs you", "exit 1 if…"). */
function documentedExitCodes(comment: string): number[] {
  return [0, ...[...comment.matchAll(/\bexit (\d)\b/g)].map((m) => Number(m[1]))];
}

describe('The README\'s CLI examples, run as written', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-readme-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the CLI block', () => {
    const examples = readmeCliExamples(fs.readFileSync(path.join(repo, 'README.md'), 'utf8'));
    const lines = examples.map((e) => e.line).join('\n');
    assert.ok(examples.length >= 15, `README CLI examples: ${lines}`);
    assert.ok(examples.some((e) => e.block === 'yaml' && e.argv[0] === 'check'), `the GitHub Actions step is one: ${lines}`);
    assert.ok(examples.some((e) => e.line.startsWith('node tools/lore/dist/cli.js')), `the plain CI step is one: ${lines}`);
    assert.deepEqual(examples.find((e) => e.argv[0] === 'search')?.argv, ['search', 'cache invalid*'], 'quotes are read as a shell reads them');
  });

  it('every example does what it says, with the exit code it documents', () => {
    const home = path.join(dir, 'home');
    const cwd = path.join(dir, 'checkout');
    const team = path.join(dir, 'team');
    fs.mkdirSync(cwd, { recursive: true });
    fs.mkdirSync(team, { recursive: true });
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, USERPROFILE: home };
    const extensionDb = extensionDatabasePaths({ env: {}, platform: process.platform, home })[0];
    const run = (argv: string[], author = 'Ada Lovelace') => spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(repo, 'src', 'cli', 'main.ts'), ...argv], {
      cwd, env: { ...env, LORE_AUTHOR: author }, encoding: 'utf8', timeout: 60_000,
    });
    // The extension's database, as VS Code leaves it after `npm start` (the demo knowledge).
    fs.mkdirSync(path.dirname(extensionDb), { recursive: true });
    const seeded = run(['seed-demo', '--workspace', path.join(repo, 'demo', 'workspace'), '--db', extensionDb]);
    assert.equal(seeded.status, 0, seeded.stderr);
    // A teammate made the team folder, so that "--join" has a team to join.
    const created = run(['sync', '--team-folder', team, '--create', '--db', path.join(dir, 'teammate.db')], 'Grace Hopper');
    assert.equal(created.status, 0, created.stderr);

    // The README's placeholders: its team folder and database paths, and the CI examples' names
    // for the team folder kept in the repository and a database that synced from it.
    const places: Record<string, string> = { '/mnt/team/lore-folder': team, '/path/to/lore.db': extensionDb };
    const names: Record<string, string> = { 'lore-team': team, 'lore.db': extensionDb };
    const examples = readmeCliExamples(fs.readFileSync(path.join(repo, 'README.md'), 'utf8'));
    for (const example of examples) {
      const argv = example.argv.map((arg) => names[arg] ?? Object.entries(places).reduce((a, [from, to]) => a.split(from).join(to), arg));
      const result = run(argv);
      const said = `${example.line}\n→ exit ${result.status}\n${result.stdout}${result.stderr}`;
      assert.ok(documentedExitCodes(example.comment).includes(result.status ?? -1), said);
      // On a fresh machine and team nothing needs the user: every example succeeds.
      assert.equal(result.status, 0, said);
      assert.doesNotMatch(result.stderr, /Usage:|unknown option|found no database/i, said);
      if (argv[0] === 'search') assert.match(result.stdout, /session|cache/i, `finds the demo's article: ${said}`);
      if (argv.includes('--out')) assert.ok(fs.existsSync(path.join(cwd, argv[argv.indexOf('--out') + 1])), `writes its file: ${said}`);
    }
  });
});
