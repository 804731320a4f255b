import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Database } from '../../src/core/store/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/core/store/migrations';
import { loadSqliteDriver } from '../../src/core/store/sqliteDriverLoader';
import {
  cleanUpPeople, loreLog, searchKnowledge, showLoreViews, startPerson, UI_TIMEOUT, viewRow, type Person,
} from './lib/scenarios';

const ARTICLES = 30_000;

/**
 * What an earlier Lore (schema 3: before the code of snippets was searchable) left in this
 * profile: ARTICLES articles, one of them with a snippet.
 */
function plantSchema3Database(file: string): void {
  const db = Database.open(file, loadSqliteDriver(), { migrations: MIGRATIONS.filter((m) => m.version <= 3) });
  db.transaction(() => {
    for (let n = 0; n < ARTICLES; n++) {
      db.run(
        `INSERT INTO articles (id, title, body, tags, author, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'Grace Hopper', 'published', '2026-01-01', '2026-01-01')`,
        `a${n}`, n === 7 ? 'Creating accounts' : `Note ${n}`, `Written with an earlier Lore, number ${n}.`, JSON.stringify([n % 2 ? 'odd' : 'even']),
      );
    }
    db.run(`INSERT INTO snippets (id, article_id, code, language, path, anchor) VALUES ('s7', 'a7', 'export function registerAccount(email: string) {}', 'typescript', 'src/accounts.ts', '{}')`);
  });
  db.close();
}

// Lore's update rebuilds the search index of a large database: the window stays usable, a
// progress notification says what is happening, the views say why they are empty, and then
// everything is there, the code of snippets searchable.
describe('A large database from an earlier Lore', function () {
  this.timeout(300_000);
  let ada: Person;
  let databaseFile = '';

  before(async () => {
    ada = await startPerson({
      scenario: 'older-database',
      name: 'Ada Lovelace',
      prepareStorage: (storage) => {
        databaseFile = path.join(storage, 'lore.db');
        plantSchema3Database(databaseFile);
      },
    });
  });

  cleanUpPeople(() => ada);

  it('shows the upgrade in a progress notification, and the views say why they are empty meanwhile', async () => {
    const wb = ada.workbench;
    await showLoreViews(wb);
    const progress = await wb.waitForNotification('Lore is upgrading its database for this version', UI_TIMEOUT);
    assert.match(progress, /search index/);
    await wb.viewBody('Knowledge').getByText('Lore is upgrading its database').waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('1-upgrading');
    assert.equal(await wb.viewBody('Knowledge').getByText("Your team's knowledge base is empty.").count(), 0);
  });

  it('fills the views when it is done, and finds the code of an old snippet', async () => {
    const wb = ada.workbench;
    await viewRow(wb, 'Knowledge', 'even').waitFor({ timeout: UI_TIMEOUT * 3 });
    await viewRow(wb, 'Knowledge', 'odd').waitFor({ timeout: UI_TIMEOUT });
    await wb.notification('Lore is upgrading its database').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await wb.screenshot('2-upgraded');
    await searchKnowledge(wb, 'registerAccount', 'Creating accounts');
    await wb.screenshot('3-code-found');
    await wb.page.keyboard.press('Escape');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  });

  it('leaves the database at the new schema with every article, and says in the log how long it took', () => {
    const db = Database.open(databaseFile, loadSqliteDriver(), { migrate: false });
    try {
      assert.equal(db.pragmaNumber('user_version'), LATEST_SCHEMA_VERSION);
      assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM articles')?.n, ARTICLES);
    } finally {
      db.close();
    }
    const logText = loreLog(ada);
    assert.match(logText, new RegExp(`Upgrading .*lore\\.db \\(${ARTICLES} articles\\)`));
    assert.match(logText, /Upgraded the database in \d+\.\d s/);
  });
});
