import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/core/clock';
import * as fs from 'node:fs';
import * as path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runLore, type LoreRun } from './runLore';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import type { SarifLog } from '../../../src/core/review/exportSarif';
import { rangeOfText } from '../../fixtures/anchoring/corpus';
import { gitIn } from '../../fixtures/gitCommand';
import { openTestStore, tempDir } from '../store/testStore';

// `lore check` as a CI job runs it: a knowledge base whose snippets were shared from a real git
// repository, checked against that repository after commits changed, moved and deleted code.

const cacheTs = `export class SessionCache {
  private readonly entries = new Map<string, Session>();

  get(id: string): Session | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.expiresAt < Date.now()) return undefined;
    return entry;
  }

  put(session: Session): void {
    this.entries.set(session.id, session);
  }
}
`;
const getBody = '    const entry = this.entries.get(id);\n    if (!entry || entry.expiresAt < Date.now()) return undefined;\n    return entry;\n';
const tokensTs = `export function parseToken(raw: string): Token {
  const [kind, value] = raw.split(':');
  return { kind: kind.trim(), value: value.trim() };
}

export function formatToken(token: Token): string {
  return \`\${token.kind}:\${token.value}\`;
}
`;
const formatBody = 'export function formatToken(token: Token): string {\n  return `${token.kind}:${token.value}`;\n}\n';
const retryTs = `export async function withRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** i));
    }
  }
}

export const RETRY_LIMIT = 3;
`;
const retryLoop = retryTs.slice(0, retryTs.indexOf('\nexport const') );


interface JsonReport {
  failing: number;
  counts: Record<string, number>;
  snippets: Array<{ articleTitle: string; state: string; moved: boolean; path: string; storedPath: string; reason: string; range?: { startLine: number } }>;
}

/** Every file under a folder with its size and modification time. */
function listing(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).sort().map((rel) => {
    const stat = fs.statSync(path.join(root, rel));
    return `${rel} ${stat.size} ${stat.mtimeMs}`;
  });
}

function sarifValidator() {
  const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
}

describe('lore check against a real git repository', function () {
  this.timeout(30_000);
  let dir: string;
  let repo: string;
  let db: string;
  const git = (...args: string[]): string => gitIn(repo, ...args);
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    fs.writeFileSync(path.join(repo, rel), text);
  };

  /** The time `lore` runs at (undefined: the system clock). */
  let now: number | undefined;

  async function lore(...argv: string[]): Promise<LoreRun> {
    return runLore(argv, {
      env: { LORE_AUTHOR: 'Ada Lovelace' },
      version: '9.8.7',
      platform: 'linux',
      home: path.join(dir, 'home'),
      ...(now !== undefined ? { now: () => now! } : {}),
    });
  }

  const check = (...argv: string[]) => lore('check', '--db', db, '--root', repo, ...argv);
  const json = async (...argv: string[]): Promise<JsonReport> => {
    const run = await check('--format', 'json', ...argv);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    return JSON.parse(run.stdout) as JsonReport;
  };
  const stateOf = (report: JsonReport, title: string) => report.snippets.find((s) => s.articleTitle === title)?.state;

  beforeEach(() => {
    dir = tempDir('lore-check-');
    repo = path.join(dir, 'repo');
    fs.mkdirSync(repo);
    git('init', '-q', '-b', 'main');
    write('src/cache.ts', cacheTs);
    write('src/tokens.ts', tokensTs);
    write('src/retry.ts', retryTs);
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    const commit = git('rev-parse', 'HEAD').trim();
    db = path.join(dir, 'lore.db');
    const store = openTestStore(db);
    const share = (title: string, file: string, text: string, code: string, visibility: 'team' | 'private' = 'team', status: 'published' | 'archived' = 'published') => {
      const anchor = createAnchor(text, rangeOfText(text, code), { path: file, commit });
      store.createArticle({ title, body: `About ${title}.`, visibility, status, snippets: [{ code: anchor.text, language: 'typescript', anchor }] });
    };
    share('Session cache design', 'src/cache.ts', cacheTs, getBody);
    share('Token format', 'src/tokens.ts', tokensTs, formatBody);
    share('Retrying flaky calls', 'src/retry.ts', retryTs, retryLoop);
    share('My private notes on retry', 'src/retry.ts', retryTs, retryLoop, 'private');
    share('Retries before the rewrite', 'src/retry.ts', retryTs, retryLoop, 'team', 'archived');
    store.close();
  });

  afterEach(() => {
    now = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--fail-on due: exit 1 once a team article is past its review date (from verified, else created), 0 before', async () => {
    const day = 24 * 60 * 60 * 1000;
    const created = Date.UTC(2026, 0, 1); // the test store's clock
    now = created + 180 * day - 1;
    const early = await check('--fail-on', 'due');
    assert.equal(early.code, 0, early.stderr);
    assert.match(early.stderr, /0 article\(s\) past their review date.*nothing matches --fail-on due/);
    now = created + 180 * day;
    const late = await check('--fail-on', 'due');
    assert.equal(late.code, 1, late.stderr);
    assert.match(late.stdout, /^Past their review date \(3\):$/m, 'the three team articles, not the private or archived one');
    assert.match(late.stdout, /^  Session cache design: due 2026-06-30 \(180 days after it was written\)$/m);
    assert.equal((await check('--fail-on', 'due', '--review-after-days', '181')).code, 0, 'a longer default period');
    assert.equal((await check()).code, 0, 'the default --fail-on gone does not look at review dates');
    assert.equal((await check('--fail-on', 'gone,due')).code, 1, 'several at once');

    // Verified since, or a longer period of its own: not due.
    const store = openTestStore(db, { clock: new ManualClock(created + 100 * day) });
    for (const a of store.listArticles()) {
      if (a.title === 'Session cache design') store.markVerified(a.id);
      if (a.title === 'Token format') store.updateArticle(a.id, { reviewAfterDays: 365, owner: 'Platform' });
    }
    store.close();
    const report = JSON.parse((await check('--fail-on', 'due', '--format', 'json')).stdout) as { due: Array<{ articleTitle: string; from: string }>; failing: number };
    assert.deepEqual(report.due.map((d) => d.articleTitle), ['Retrying flaky calls']);
    assert.equal(report.failing, 1);
    now = created + 280 * day;
    const text = await check('--fail-on', 'due');
    assert.match(text.stdout, /^  Session cache design: due 2026-10-08 \(180 days after it was last verified\)$/m);
    assert.doesNotMatch(text.stdout, /Token format: due/);
  });

  it('an untouched checkout: every team snippet is current, exit 0 whatever --fail-on says', async () => {
    const run = await check();
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ARTICLE\s+SNIPPET\s+STATE\s+WHAT CHANGED$/m);
    assert.match(run.stdout, /^Session cache design\s+src\/cache\.ts:5–7\s+current\s+unchanged since it was shared$/m);
    assert.doesNotMatch(run.stdout, /private/, 'private articles never leave their machine, so CI does not check them');
    assert.doesNotMatch(run.stdout, /before the rewrite/, 'archived articles are not checked');
    assert.match(run.stderr, /Checked 3 snippet\(s\): 3 current, 0 changed, 0 gone, 0 not in this checkout/);
    assert.equal((await check('--fail-on', 'changed')).code, 0);
  });

  it('code changed in a commit: --fail-on gone passes (exit 0), --fail-on changed fails (exit 1) and says what changed', async () => {
    write('src/cache.ts', cacheTs.replace('entry.expiresAt < Date.now()', 'entry.expiresAt <= this.clock.now()'));
    git('commit', '-q', '-am', 'use the injected clock');

    const gone = await check('--fail-on', 'gone');
    assert.equal(gone.code, 0, gone.stderr);
    assert.match(gone.stdout, /^Session cache design\s+src\/cache\.ts:5–7\s+changed\s+1 line changed since it was shared$/m);
    assert.match(gone.stderr, /nothing matches --fail-on gone/);

    const changed = await check('--fail-on', 'changed');
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /1 match --fail-on changed/);
  });

  it('with git history, code edited in place while a copy was pasted elsewhere is changed, not "moved" to the copy', async () => {
    const edited = cacheTs.replace('entry.expiresAt < Date.now()', 'entry.expiresAt < this.clock.now()');
    write('src/cache.ts', `${edited}\nfunction legacyGet(this: SessionCache, id: string) {\n${getBody}}\n`);
    git('commit', '-q', '-am', 'injected clock; keep the old lookup for now');
    const report = await json();
    const cache = report.snippets.find((s) => s.articleTitle === 'Session cache design')!;
    assert.deepEqual([cache.state, cache.moved, cache.reason], ['changed', false, '1 line changed since it was shared']);
  });

  it('code deleted in a commit: gone, and the default --fail-on gone fails (exit 1)', async () => {
    write('src/retry.ts', 'export const RETRY_LIMIT = 3;\n');
    git('commit', '-q', '-am', 'drop withRetry');
    const run = await check();
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^Retrying flaky calls\s+src\/retry\.ts:1–10\s+gone\s+src\/retry\.ts no longer contains this code \(it was at lines 1–10\)$/m);
    // Gone rows come first: they are what needs work.
    assert.ok(run.stdout.indexOf('gone') < run.stdout.indexOf('current'));
  });

  it('a file renamed by git and code moved down: current and moved, not a failure', async () => {
    fs.mkdirSync(path.join(repo, 'src/auth'));
    git('mv', 'src/tokens.ts', 'src/auth/tokens.ts');
    fs.writeFileSync(path.join(repo, 'src/auth/tokens.ts'), `// Tokens of the auth service.\n${tokensTs}`);
    git('commit', '-q', '-am', 'move tokens under auth');
    write('src/cache.ts', `import type { Session } from './session';\n\n${cacheTs}`);

    const report = await json('--fail-on', 'changed');
    assert.equal(report.failing, 0);
    const token = report.snippets.find((s) => s.articleTitle === 'Token format')!;
    assert.deepEqual([token.state, token.moved, token.path, token.storedPath], ['current', true, 'src/auth/tokens.ts', 'src/tokens.ts']);
    assert.equal(token.reason, 'moved from src/tokens.ts lines 6–8 to src/auth/tokens.ts lines 7–9');
    const cache = report.snippets.find((s) => s.articleTitle === 'Session cache design')!;
    assert.deepEqual([cache.state, cache.moved, cache.reason], ['current', true, 'moved from lines 5–7 to 7–9']);
  });

  it('a file deleted in a commit is gone; a file this checkout never had is "not here" and fails nothing', async () => {
    git('rm', '-q', 'src/retry.ts');
    git('commit', '-q', '-m', 'retry moved to a shared library');
    let report = await json();
    assert.equal(stateOf(report, 'Retrying flaky calls'), 'gone');
    assert.match(report.snippets.find((s) => s.articleTitle === 'Retrying flaky calls')!.reason, /^src\/retry\.ts was deleted/);

    // Another repository altogether (its commits are unknown here): the file is elsewhere.
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    gitIn(other, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(other, 'README.md'), 'other\n');
    gitIn(other, 'add', '.');
    gitIn(other, 'commit', '-q', '-m', 'other');
    const run = await lore('check', '--db', db, '--root', other, '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.counts, { current: 0, changed: 0, gone: 0, elsewhere: 3 });
    assert.equal(report.snippets[0].reason.endsWith('is not in this workspace'), true);
  });

  it('works without git: a plain copy of the files is checked by the code itself', async () => {
    const plain = path.join(dir, 'plain');
    fs.mkdirSync(path.join(plain, 'src'), { recursive: true });
    fs.writeFileSync(path.join(plain, 'src/cache.ts'), cacheTs.replace('return entry;', 'return { ...entry };'));
    fs.writeFileSync(path.join(plain, 'src/tokens.ts'), `\n\n${tokensTs}`);
    fs.writeFileSync(path.join(plain, 'src/retry.ts'), 'export const RETRY_LIMIT = 3;\n');
    const run = await lore('check', '--db', db, '--root', plain, '--format', 'json', '--fail-on', 'changed');
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.counts, { current: 1, changed: 1, gone: 1, elsewhere: 0 });
    assert.equal(report.failing, 2, '--fail-on changed fails on gone snippets too');
  });

  it('SARIF: validates against the SARIF 2.1.0 schema, with stable rule ids and results on the code', async () => {
    write('src/cache.ts', `// header\n${cacheTs.replace('entry.expiresAt < Date.now()', 'entry.expiresAt <= now')}`);
    write('src/retry.ts', 'export const RETRY_LIMIT = 3;\n');
    git('commit', '-q', '-am', 'changes');
    const out = path.join(dir, 'check.sarif');
    const run = await check('--format', 'sarif', '--out', out, '--fail-on', 'changed');
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(fs.readFileSync(out, 'utf8')) as SarifLog;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results;
    assert.deepEqual(results.map((r) => r.ruleId).sort(), ['lore/snippet-changed', 'lore/snippet-gone']);
    const changed = results.find((r) => r.ruleId === 'lore/snippet-changed')!;
    assert.match(changed.message.text, /^This code is documented in “Session cache design”, which shows an older version: 1 line changed since it was shared; moved from lines 5–7 to 6–8\.$/);
    const at = changed.locations[0].physicalLocation;
    assert.deepEqual([at.artifactLocation.uri, at.artifactLocation.uriBaseId, at.region.startLine], ['src/cache.ts', 'SRCROOT', 6], 'the result is where the code is now');
    const gone = results.find((r) => r.ruleId === 'lore/snippet-gone')!;
    assert.equal(gone.locations[0].physicalLocation.region.startLine, 1, 'a gone snippet is reported where it was');
    assert.equal(gone.level, 'error');
    assert.equal(log.runs[0].originalUriBaseIds?.SRCROOT.uri, `${new URL(`file://${repo}`).href}/`);
  });

  it('reads the knowledge straight from a team folder, without a synced database', async () => {
    const team = path.join(dir, 'team');
    fs.mkdirSync(team);
    const published = await lore('sync', '--team-folder', team, '--create', '--db', db);
    assert.equal(published.code, 0, published.stderr);
    write('src/retry.ts', 'export const RETRY_LIMIT = 3;\n');
    const before = listing(team);
    const run = await lore('check', '--team-folder', team, '--root', repo, '--format', 'json');
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.counts, { current: 2, changed: 0, gone: 1, elsewhere: 0 });
    assert.deepEqual(listing(team), before, 'checking writes nothing into the team folder');
  });

  it('bad input: exit 2 with a message that says what to do', async () => {
    const bogus = await check('--fail-on', 'sometimes');
    assert.equal(bogus.code, 2);
    assert.match(bogus.stderr, /--fail-on must be changed, gone or due \(or several: gone,due\); got "sometimes"/);
    const period = await check('--fail-on', 'due', '--review-after-days', 'soon');
    assert.equal(period.code, 2);
    assert.match(period.stderr, /--review-after-days must be a number of days from 1 to 3650; got "soon"/);

    const noRoot = await lore('check', '--db', db, '--root', path.join(dir, 'nowhere'));
    assert.equal(noRoot.code, 2);
    assert.match(noRoot.stderr, /--root .*nowhere is not a folder/);

    const noDb = await lore('check', '--db', path.join(dir, 'missing.db'), '--root', repo);
    assert.equal(noDb.code, 2);
    assert.match(noDb.stderr, /There is no Lore database at/);

    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'this is not a database, just text that is long enough to be read as a header '.repeat(20));
    const unreadable = await lore('check', '--db', junk, '--root', repo);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /Lore cannot read the database .*junk\.db/);

    const notTeam = path.join(dir, 'not-a-team');
    fs.mkdirSync(notTeam);
    const folder = await lore('check', '--team-folder', notTeam, '--root', repo);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /not-a-team is not a Lore team folder \(it has no lore\/FORMAT\.json\)/);

    const format = await check('--format', 'xml');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of text, json, sarif/);
  });
});
