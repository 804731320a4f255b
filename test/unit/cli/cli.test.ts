import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runLore, type LoreRun } from './runLore';
import { extensionDatabasePaths } from '../../../src/cli/databaseLocation';
import { noDriverError } from '../../../src/core/store/sqliteDriverLoader';
import { openTestStore } from '../store/testStore';

// The `lore` command line, run the way a CI job or a terminal runs it, on the demo workspace's
// sample knowledge (3 articles, 3 review notes anchored to its real code).
const demoWorkspace = path.resolve(__dirname, '..', '..', '..', 'demo', 'workspace');


describe('lore command line', function () {
  this.timeout(20_000);
  let dir: string;
  let env: Record<string, string>;
  let home: string;

  async function lore(...argv: string[]): Promise<LoreRun> {
    return runLore(argv, {
      env,
      version: '9.8.7',
      platform: 'linux',
      home,
    });
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-cli-'));
    home = path.join(dir, 'home');
    env = { LORE_DB: path.join(dir, 'lore.db'), LORE_AUTHOR: 'Ada Lovelace' };
    const seeded = await lore('seed-demo', '--workspace', demoWorkspace);
    assert.equal(seeded.code, 0, seeded.stderr);
    assert.match(seeded.stdout, /Seeded 3 article\(s\) and 3 review note\(s\)/);
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts what the database holds', async () => {
    const run = await lore('stats');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^3 article\(s\), 3 review note\(s\) \(\d open\)/);
  });

  it('searches with the same query language as VS Code, typos included', async () => {
    const plain = await lore('search', 'sessoin', 'cache', '--json');
    assert.equal(plain.code, 0, plain.stderr);
    const response = JSON.parse(plain.stdout) as { results: Array<{ title: string }>; correctedQuery?: string; warning?: string };
    assert.ok(response.results.length > 0, 'the typo still finds the session cache article');
    assert.match(response.results[0].title, /session/i);

    const none = await lore('search', 'zzqqxxnothing');
    assert.equal(none.code, 0);
    assert.match(none.stdout, /No articles match\./);

    const malformed = await lore('search', 'title:', '"unclosed', '+');
    assert.equal(malformed.code, 0, 'a malformed query is not an error');
  });

  it('exports review notes as SARIF whose locations resolve inside --root', async () => {
    const out = path.join(dir, 'notes.sarif');
    const run = await lore('export-review', '--format', 'sarif', '--root', demoWorkspace, '--out', out);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /3 review note\(s\) exported/);
    const log = JSON.parse(fs.readFileSync(out, 'utf8'));
    const sarifRun = log.runs[0];
    assert.equal(sarifRun.tool.driver.version, '9.8.7');
    const base = sarifRun.originalUriBaseIds.SRCROOT.uri as string;
    assert.equal(base, `${pathToFileURL(demoWorkspace).href}/`);
    assert.equal(sarifRun.results.length, 3);
    for (const result of sarifRun.results) {
      const location = result.locations[0].physicalLocation.artifactLocation;
      assert.equal(location.uriBaseId, 'SRCROOT');
      assert.ok(fs.existsSync(new URL(location.uri, base)), `${location.uri} is a file of the workspace`);
    }
  });

  it('filters the export by state and writes CSV a spreadsheet will not run', async () => {
    const run = await lore('export-review', '--format', 'csv', '--state', 'open');
    assert.equal(run.code, 0, run.stderr);
    const rows = run.stdout.trim().split('\n');
    assert.ok(rows.length >= 2, 'a header and at least one open note');
    assert.doesNotMatch(run.stdout, /(^|,)[=+@]/m, 'no cell starts a formula');
  });

  it('exports only the notes in the --state asked for, in every format', async () => {
    const store = openTestStore(env.LORE_DB);
    const [resolved] = store.listThreads();
    store.setThreadState(resolved.id, 'resolved');
    store.close();
    for (const state of ['open', 'resolved'] as const) {
      const run = await lore('export-review', '--format', 'json', '--state', state);
      assert.equal(run.code, 0, run.stderr);
      const states = (JSON.parse(run.stdout) as { threads: Array<{ state: string }> }).threads.map((t) => t.state);
      assert.deepEqual(states, state === 'open' ? ['open', 'open'] : ['resolved']);
    }
    const sarif = await lore('export-review', '--format=sarif', '--state=open');
    assert.equal(sarif.code, 0, sarif.stderr);
    const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ properties: { threadId: string } }> }> }).runs[0].results;
    assert.equal(results.length, 2);
    assert.ok(!results.some((r) => r.properties.threadId === resolved.id), 'the resolved note is left out of the SARIF log');
  });

  it('reads --name=value like --name value, and never takes a search word as the value of a switch', async () => {
    const inline = await lore('export-review', '--format=csv', '--state=open');
    assert.equal(inline.code, 0, inline.stderr);
    assert.match(inline.stdout.split('\n')[0], /,/, 'CSV, not the default Markdown');
    assert.doesNotMatch(inline.stdout, /^#/m);

    const cache = await lore('search', '--json', 'cache');
    assert.equal(cache.code, 0, cache.stderr);
    const titles = (run: LoreRun) => (JSON.parse(run.stdout) as { results: Array<{ title: string }> }).results.map((r) => r.title);
    assert.ok(titles(cache).length > 0, '"cache" was searched for');
    assert.deepEqual(titles(cache), titles(await lore('search', 'cache', '--json')));
  });

  it('rejects unknown options and missing values with the usage line, exit code 2', async () => {
    const unknown = await lore('search', '--jsno', 'cache');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option --jsno/);
    assert.match(unknown.stderr, /Usage: lore <command> \[options\]/);
    const missing = await lore('list', '--tag');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--tag needs a value/);
    const valued = await lore('search', '--json=yes', 'cache');
    assert.equal(valued.code, 2);
    assert.match(valued.stderr, /--json takes no value/);
  });

  it('finds the extension\'s database by default, and a read-only command never creates one', async () => {
    env = { LORE_AUTHOR: 'Ada Lovelace' };
    const missing = await lore('stats');
    assert.equal(missing.code, 1);
    const vscodeDb = path.join(home, '.config', 'Code', 'User', 'globalStorage', 'lore-team.lore', 'lore.db');
    const codeServerDb = path.join(home, '.local', 'share', 'code-server', 'User', 'globalStorage', 'lore-team.lore', 'lore.db');
    assert.ok(missing.stderr.includes(vscodeDb) && missing.stderr.includes(codeServerDb), `says where it looked: ${missing.stderr}`);
    assert.ok(!fs.existsSync(home), 'nothing was created');

    const explicit = await lore('search', 'cache', '--db', path.join(dir, 'nowhere.db'));
    assert.equal(explicit.code, 1);
    assert.match(explicit.stderr, /no Lore database at .*nowhere\.db/);
    assert.ok(!fs.existsSync(path.join(dir, 'nowhere.db')));

    const seeded = await lore('seed-demo', '--workspace', demoWorkspace, '--db', codeServerDb);
    assert.equal(seeded.code, 0, seeded.stderr);
    const found = await lore('stats');
    assert.equal(found.code, 0, found.stderr);
    assert.match(found.stdout, /^3 article\(s\)/, 'the code-server database was found without --db');
  });

  it('knows where VS Code keeps the extension\'s database on macOS and Windows', () => {
    const mac = extensionDatabasePaths({ env: {}, platform: 'darwin', home: '/Users/ada' });
    assert.equal(mac[0], '/Users/ada/Library/Application Support/Code/User/globalStorage/lore-team.lore/lore.db');
    const win = extensionDatabasePaths({ env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\ada' });
    assert.equal(win[0], 'C:\\Users\\ada\\AppData\\Roaming\\Code\\User\\globalStorage\\lore-team.lore\\lore.db');
  });

  it('tells a CLI user whose Node loads no SQLite driver to use Node 22.5 or later, not a VS Code version', () => {
    const repo = path.resolve(__dirname, '..', '..', '..');
    const run = spawnSync(process.execPath, [
      '--require', require.resolve('tsx/cjs'), '--require', path.join(repo, 'test', 'fixtures', 'noSqliteDrivers.cjs'),
      path.join(repo, 'src', 'cli', 'main.ts'), 'stats', '--db', env.LORE_DB,
    ], { encoding: 'utf8', timeout: 30_000, env: withoutDriverChoice() });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /^lore: Lore cannot open its database: no SQLite driver loads in this runtime \(Node /);
    assert.match(run.stderr, /Node 22\.5 or later/);
    assert.doesNotMatch(run.stderr, /VS Code/);
    assert.match(run.stderr, /better-sqlite3: .*disabled by the test.*; node:sqlite: .*; SQLite on WebAssembly \(node-sqlite3-wasm\): /, 'all three attempts are named');
    assert.match(noDriverError('vscode', []).hint ?? '', /a VS Code whose runtime has the built-in node:sqlite/, 'the extension still names VS Code');
  });

  it('says what is wrong with bad options, and exits non-zero', async () => {
    const format = await lore('export-review', '--format', 'xml');
    assert.equal(format.code, 1);
    assert.match(format.stderr, /--format must be one of markdown, csv, json, sarif/);

    const root = await lore('export-review', '--format', 'sarif', '--root', path.join(dir, 'no-such-folder'));
    assert.equal(root.code, 1);
    assert.match(root.stderr, /--root .*no-such-folder does not exist/);

    const unknown = await lore('publish');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "publish"\. Run lore --help/);

    const help = await lore('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /export-review/);
  });

  it('sets up a team folder with --create, syncs, and a teammate --joins and receives the articles', async () => {
    const team = path.join(dir, 'team');
    fs.mkdirSync(team);

    const notJoined = await lore('sync', '--team-folder', team);
    assert.equal(notJoined.code, 1);
    assert.match(notJoined.stderr, /has not joined the team folder/);
    assert.match(notJoined.stderr, /--join/, 'the hint is for the command line, not a VS Code command');

    const created = await lore('sync', '--team-folder', team, '--create');
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Published [1-9]\d*/);

    const verified = await lore('verify', team);
    assert.equal(verified.code, 0, verified.stdout);

    const grace = { LORE_DB: path.join(dir, 'grace.db'), LORE_AUTHOR: 'Grace Hopper' };
    env = grace;
    const joined = await lore('sync', '--team-folder', team, '--join');
    assert.equal(joined.code, 0, joined.stderr);
    const stats = await lore('stats');
    assert.match(stats.stdout, /^3 article\(s\), 3 review note\(s\)/);
  });

  it('verify explains a folder that is not a team folder', async () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    const run = await lore('verify', empty);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /lore\/FORMAT\.json is missing: this is not a Lore team folder/);
  });

  it('exports the demo knowledge base as a folder of Markdown files that an empty database imports back', async () => {
    const folder = path.join(dir, 'exported');
    const exported = await lore('export', folder);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /Exported 3 articles and 0 images to /);
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.md'));
    assert.equal(files.length, 3);
    const listed = (await lore('list', '--json')).stdout;
    const titles = (JSON.parse(listed) as Array<{ title: string }>).map((a) => a.title).sort();
    for (const file of files) assert.match(fs.readFileSync(path.join(folder, file), 'utf8'), /^---\ntitle: /, `${file} starts with its front matter`);
    const linking = 'How session invalidation reaches every instance';
    assert.match(fs.readFileSync(path.join(folder, 'how-session-invalidation-reaches-every-instance.md'), 'utf8'), /\[\[Redis connection settings\]\]/, 'its link stays a [[link]]');

    env.LORE_DB = path.join(dir, 'empty.db');
    const imported = await lore('import', folder);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /3 created, 0 updated, 0 kept as they were, 0 unchanged, 0 skipped/);
    const back = JSON.parse((await lore('list', '--json')).stdout) as Array<{ title: string }>;
    assert.deepEqual(back.map((a) => a.title).sort(), titles);
    const bodies = JSON.parse((await lore('export-articles')).stdout) as { articles: Array<{ title: string; body: string }> };
    assert.match(bodies.articles.find((a) => a.title === linking)!.body, /\[\[Redis connection settings\]\]/, 'the link comes back');

    const again = await lore('import', folder);
    assert.match(again.stdout, /0 created, 0 updated, 0 kept as they were, 3 unchanged, 0 skipped/, 'importing again duplicates nothing');
    const usage = await lore('import');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /lore import takes one folder/);
    const missing = await lore('import', path.join(dir, 'nowhere'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /There is no folder at .*nowhere/);
  });
});

/** The environment without a forced or hidden SQLite driver, so the CLI tries them all as a user's Node would. */
function withoutDriverChoice(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.LORE_SQLITE_DRIVER;
  delete env.LORE_SQLITE_UNAVAILABLE;
  return env;
}

describe('lore path', function () {
  this.timeout(20_000);
  const tours = path.resolve(__dirname, '..', '..', 'fixtures', 'tours');
  let dir: string;
  let env: Record<string, string>;
  const lore = (...argv: string[]) => runLore(argv, { env, version: '9.8.7', platform: 'linux', home: path.join(dir, 'home') });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-cli-path-'));
    env = { LORE_DB: path.join(dir, 'lore.db'), LORE_AUTHOR: 'Ada Lovelace' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a .tour, lists it, and exports it as a .tour CodeTour plays', async () => {
    const imported = await lore('path', 'import', path.join(tours, 'workspace', '.tours', 'routing-deep-dive.tour'));
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /note {5}routing-deep-dive.tour, step 2: 1 command link dropped/);
    assert.match(imported.stdout, /Imported "Routing deep dive" \(([0-9a-f]+)\) with 2 steps/);
    const id = /\(([0-9a-f]{32})\)/.exec(imported.stdout)![1];
    const listed = await lore('path', 'list');
    assert.match(listed.stdout, new RegExp(`${id}  Routing deep dive  2 steps`));
    const out = path.join(dir, 'out.tour');
    const exported = await lore('path', 'export', id, out, '--root', path.join(tours, 'workspace'));
    assert.equal(exported.code, 0, exported.stderr);
    const tour = JSON.parse(fs.readFileSync(out, 'utf8')) as { title: string; steps: Array<{ file: string; line: number }> };
    assert.equal(tour.title, 'Routing deep dive');
    assert.deepEqual(tour.steps.map((s) => `${s.file}:${s.line}`), ['src/api/router.ts:7', 'src/api/router.ts:10']);
  });

  it('imports nothing from a malformed file and names each problem by file and step', async () => {
    const run = await lore('path', 'import', path.join(tours, 'malformed', 'bad-steps.tour'), '--root', path.join(tours, 'workspace'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /problem {2}bad-steps.tour, step 2: "line" must be a whole number/);
    assert.match(run.stderr, /Nothing imported/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    assert.match((await lore('path', 'list')).stdout, /No learning paths yet/);
  });
});
