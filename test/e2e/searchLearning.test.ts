import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { LoreStore } from '../../src/core/store/loreStore';
import { loadSqliteDriver } from '../../src/core/store/sqliteDriverLoader';
import { cleanUpPeople, fillQuickInput, quickInputRows, quickInputTitle, startPerson, UI_TIMEOUT, waitForArticleView, type Person } from './lib/scenarios';
import type { Locator } from 'playwright-core';
import type { Workbench } from './lib/workbench';

const FIRST = 'Retry budgets';
const WANTED = 'Dead letter queues';

/** Ada's knowledge before VS Code starts: two articles about retries, the first a better text match. */
function plantKnowledge(file: string): void {
  const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: 'Ada Lovelace' });
  try {
    store.createArticle({ title: FIRST, body: 'retry retry retry: how many retries a client may make.', status: 'published' });
    store.createArticle({ title: WANTED, body: 'A dead letter queue holds the messages left after the last retry.', status: 'published' });
  } finally {
    store.close();
  }
}

/** The titles of the search's result rows, top first. */
async function resultTitles(rows: ReturnType<typeof quickInputRows>): Promise<string[]> {
  const texts = await rows.allInnerTexts();
  return texts.map((t) => (t.includes(WANTED) ? WANTED : t.includes(FIRST) ? FIRST : t));
}

/** The highlighted parts of a result row's excerpt (the row's second line), as drawn. */
async function excerptHighlights(row: Locator): Promise<string[]> {
  return row.locator('.quick-input-list-row').nth(1).locator('.highlight').allInnerTexts();
}

/**
 * Searches for "retry" with the whole word put in at once, so the results are drawn once (typed
 * letter by letter, a later letter's results could replace the rows under the pointer), and
 * waits for both articles. From an article view by the keybinding (see searchKnowledge).
 */
async function searchRetry(wb: Workbench, via: 'palette' | 'keybinding'): Promise<void> {
  if (via === 'palette') await wb.runCommand('Lore: Search Knowledge');
  else await wb.page.keyboard.press('Control+Alt+L');
  await quickInputTitle(wb, 'Search Knowledge').waitFor({ timeout: UI_TIMEOUT });
  await fillQuickInput(wb, 'retry');
  await quickInputRows(wb, WANTED).first().waitFor({ timeout: UI_TIMEOUT });
  await quickInputRows(wb, FIRST).first().waitFor({ timeout: UI_TIMEOUT });
}

// Issue 13: search learns from use, on this machine.
describe('Search that learns from use', function () {
  this.timeout(300_000);
  let ada: Person;

  before(async () => {
    ada = await startPerson({ scenario: 'search-learning', name: 'Ada Lovelace', prepareStorage: (storage) => plantKnowledge(path.join(storage, 'lore.db')) });
  });

  cleanUpPeople(() => ada);

  it('after searches that open the second result, that result comes first for the same words', async () => {
    const wb = ada.workbench;
    await searchRetry(wb, 'palette');
    assert.deepEqual(await resultTitles(quickInputRows(wb)), [FIRST, WANTED], 'by text, the other one first');
    // Issue 19: the searched word is highlighted in the top row's excerpt (its second line), the
    // way VS Code highlights what was typed in its title; and that row has the focus, for Enter.
    const top = quickInputRows(wb).first();
    assert.match(await top.getAttribute('class') ?? '', /\bfocused\b/, 'the top row has the focus');
    assert.deepEqual(await excerptHighlights(top), ['retry'], 'the matched word in the excerpt is highlighted');
    await wb.screenshot('1-before');
    for (let i = 0; i < 3; i++) {
      if (i > 0) await searchRetry(wb, 'keybinding');
      await quickInputRows(wb, WANTED).first().click();
      await waitForArticleView(wb, WANTED);
    }
    await searchRetry(wb, 'keybinding');
    await quickInputRows(wb).first().filter({ hasText: WANTED }).waitFor({ timeout: UI_TIMEOUT });
    assert.deepEqual(await resultTitles(quickInputRows(wb)), [WANTED, FIRST]);
    await wb.screenshot('2-after-learning');
    await wb.page.keyboard.press('Escape');
  });
});
