import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../../src/cli/cli';

// The `lore` command line, run the way a CI job or a terminal runs it, on the demo workspace's
// sample knowledge (3 articles, 3 review notes anchored to its real code).
const demoWorkspace = path.resolve(__dirname, '..', '..', '..', 'demo', 'workspace');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('lore command line', function () {
  this.timeout(20_000);
  let dir: string;
  let env: Record<string, string>;

  async function lore(...argv: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (text) => { stdout += text; },
      stderr: (text) => { stderr += text; },
      env,
      version: '9.8.7',
    });
    return { code, stdout, stderr };
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-cli-'));
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
});
