import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLore, type LoreRun } from './runLore';
import { LoreStore } from '../../../src/core/store/loreStore';
import { loadSqliteDriver } from '../../../src/core/store/sqliteDriverLoader';

// `lore space …` (issue 15): create a space, ask to join, compare the safety number, approve.
describe('lore space: encrypted spaces from the command line', function () {
  this.timeout(60_000);
  let dir: string;
  let team: string;

  async function lore(who: string, ...argv: string[]): Promise<LoreRun> {
    return runLore(argv, { env: { LORE_DB: path.join(dir, `${who}.db`), LORE_AUTHOR: who }, version: '9.8.7' });
  }

  function titles(who: string): string[] {
    const store = LoreStore.open(path.join(dir, `${who}.db`), { driver: loadSqliteDriver(), author: who });
    try {
      return store.listArticles().map((a) => a.title);
    } finally {
      store.close();
    }
  }

  function write(who: string, title: string): void {
    const store = LoreStore.open(path.join(dir, `${who}.db`), { driver: loadSqliteDriver(), author: who });
    try {
      store.createArticle({ title, body: 'In the space.', status: 'published' });
    } finally {
      store.close();
    }
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-cli-space-'));
    team = path.join(dir, 'team');
    fs.mkdirSync(team);
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a space, shows the same safety number on request and approval, and the approved device reads the space', async () => {
    await lore('ann', 'sync', '--team-folder', team, '--create');
    await lore('bob', 'sync', '--team-folder', team, '--join');
    await lore('eve', 'sync', '--team-folder', team, '--join');
    const created = await lore('ann', 'space', 'create', 'security', '--team-folder', team);
    assert.equal(created.code, 0, created.stderr);
    const space = /\(([0-9a-f]{32})\)/.exec(created.stdout)?.[1];
    assert.ok(space, created.stdout);
    write('ann', 'Incident review');
    await lore('ann', 'sync', '--team-folder', team);

    const request = await lore('bob', 'space', 'request', space!, '--team-folder', team);
    assert.equal(request.code, 0, request.stderr);
    const asked = /with ann \(device [^)]+\): (\d{5} \d{5} \d{5} \d{5})/.exec(request.stdout)?.[1];
    assert.ok(asked, request.stdout);
    await lore('bob', 'sync', '--team-folder', team);
    const listed = await lore('ann', 'space', 'list', '--team-folder', team);
    assert.match(listed.stdout, /"security"/);
    assert.match(listed.stdout, /asks to join {2}bob/);

    const approved = await lore('ann', 'space', 'approve', space!, 'bob', '--team-folder', team);
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, new RegExp(`Safety number with bob \\(device [^)]+\\): ${asked}`), 'both machines show the same number');
    await lore('ann', 'sync', '--team-folder', team);
    await lore('bob', 'sync', '--team-folder', team);
    await lore('eve', 'sync', '--team-folder', team);

    assert.deepEqual(titles('bob'), ['Incident review']);
    assert.deepEqual(titles('eve'), []);
    const eveSync = await lore('eve', 'sync', '--team-folder', team);
    assert.match(eveSync.stderr, /Locked: 1 change file\(s\) of space/);
    const eveList = await lore('eve', 'space', 'list', '--team-folder', team);
    assert.match(eveList.stdout, /\(locked: the name shows to members only\)/);
    assert.doesNotMatch(eveList.stdout, /security/);
    const bobList = await lore('bob', 'space', 'list', '--team-folder', team);
    assert.match(bobList.stdout, /member {2}bob/);

    // Without a member's database, lore verify checks signatures and says what it could not open; with one, it opens them.
    const outside = await lore('eve', 'verify', team);
    assert.equal(outside.code, 0, outside.stdout);
    assert.match(outside.stdout, /encrypted for spaces this machine holds no key for/);
    const inside = await runLore(['verify', team, '--db', path.join(dir, 'bob.db')], { env: {}, version: '9.8.7' });
    assert.equal(inside.code, 0, inside.stdout);
    assert.doesNotMatch(inside.stdout, /encrypted for spaces/);
  });
});
