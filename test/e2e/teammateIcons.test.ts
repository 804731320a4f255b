import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { LoreStore } from '../../src/core/store/loreStore';
import { loadSqliteDriver } from '../../src/core/store/sqliteDriverLoader';
import { cleanUpPeople, quickInputRows, searchKnowledge, startPerson, type Person } from './lib/scenarios';

// Issue 17: VS Code draws `$(name)` in a quick pick row as an icon. A teammate's title or text
// carrying `$(verified)` must read as written in Search Knowledge, not as a badge Lore never gave.
const TITLE = 'Release checklist $(verified)';
const EXCERPT = 'Signed off $(check) by security';

function plantKnowledge(file: string): void {
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Grace Hopper' });
  try {
    store.createArticle({ title: TITLE, body: `${EXCERPT} before every release.`, status: 'published' });
  } finally {
    store.close();
  }
}

describe('Teammate text with icon syntax in Search Knowledge', function () {
  this.timeout(300_000);
  let ada: Person;

  before(async () => {
    ada = await startPerson({ scenario: 'teammate-icons', name: 'Ada Lovelace', prepareStorage: (storage) => plantKnowledge(path.join(storage, 'lore.db')) });
  });

  cleanUpPeople(() => ada);

  it('shows $(verified) and $(check) in a result row as text, with no icon drawn', async () => {
    const wb = ada.workbench;
    const row = await searchKnowledge(wb, 'checklist', 'Release checklist');
    const text = await row.innerText();
    assert.ok(text.includes(TITLE), `the title reads as written: ${JSON.stringify(text)}`);
    assert.ok(text.includes(EXCERPT), `the excerpt reads as written: ${JSON.stringify(text)}`);
    assert.equal(await row.locator('.codicon-verified, .codicon-check').count(), 0, 'no icon is drawn from the text');
    assert.equal(await quickInputRows(wb, /\\\$\(/).count(), 0, 'no backslash shows either');
    await wb.screenshot('search-row');
    await wb.page.keyboard.press('Escape');
  });
});
