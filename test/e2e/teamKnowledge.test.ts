import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { LoreStore } from '../../src/core/store/loreStore';
import { loadSqliteDriver } from '../../src/core/store/sqliteDriverLoader';
import { blockedScriptMessages, cleanUpPeople, startPerson, UI_TIMEOUT, type Person } from './lib/scenarios';

/** A team name that would be markup if it were ever written as HTML. */
const HOSTILE_TEAM = 'Platform <img src=x onerror=alert(1)>';

/**
 * Three people of three teams, written into one database before VS Code starts (each opens the
 * store under their own name; without a team folder the names are the ones the events give):
 * articles, links between them, Helpful votes, a Thank and shared open counts.
 */
function plantTeams(file: string): void {
  const as = (name: string, work: (store: LoreStore) => void) => {
    const store = LoreStore.open(file, { driver: loadSqliteDriver(), author: name });
    try {
      work(store);
    } finally {
      store.close();
    }
  };
  const ids: Record<string, string> = {};
  as('Ada Lovelace', (s) => {
    ids.runbook = s.createArticle({ title: 'Payments runbook', body: 'Restart the worker, then replay the queue.', team: 'Payments', status: 'published' }).id;
    s.createArticle({ title: 'Refund flow', body: 'Refunds follow the [[Payments runbook]].', team: 'Payments', status: 'published' });
  });
  as('Grace Hopper', (s) => {
    ids.indexing = s.createArticle({ title: 'Search indexing', body: 'When refunds fail, see [[Payments runbook]].', team: 'Search', status: 'published' }).id;
    s.voteOnArticle(ids.runbook, { helpful: true });
    s.thankAuthor(ids.runbook);
    for (let i = 0; i < 4; i++) s.recordOpen(ids.runbook, 'tree');
    s.shareUsage();
  });
  as('Linus', (s) => {
    s.createArticle({ title: 'Deploy guide', body: 'Reindex after deploying: [[Search indexing]]. Payments: [[Payments runbook]].', team: HOSTILE_TEAM, status: 'published' });
    s.voteOnArticle(ids.indexing, { helpful: true });
    s.voteOnArticle(ids.runbook, { helpful: true });
    for (let i = 0; i < 2; i++) s.recordOpen(ids.indexing, 'link');
    s.shareUsage();
  });
}

// Issue 13, "Recognition and knowledge flow": the Team Knowledge dashboard.
describe('Team Knowledge dashboard', function () {
  this.timeout(300_000);
  let ada: Person;

  before(async () => {
    ada = await startPerson({ scenario: 'team-knowledge', name: 'Ada Lovelace', prepareStorage: (storage) => plantTeams(path.join(storage, 'lore.db')) });
  });

  cleanUpPeople(() => ada);

  it('draws the per-team bars, the k_ij heat map and E over time, with names as text', async () => {
    const wb = ada.workbench;
    await wb.runCommand('Lore: Show Team Knowledge');
    const view = wb.page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
    await view.locator('h1', { hasText: 'Team Knowledge' }).waitFor({ timeout: UI_TIMEOUT });
    await view.locator('.chart canvas').nth(2).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await view.locator('.chart canvas').count(), 3, 'three charts');
    // Payments' knowledge used by Search: 4 opens + 1 link + 1 vote; by the hostile team: 1 link + 1 vote (E = 1 + 6 + 2 + 4).
    assert.match(await view.locator('.summary').innerText(), /^E = 13 \(within teams 1, between teams 12\)/);
    // The hostile team name is a table cell's text, not an image.
    await view.locator('table.teams th', { hasText: HOSTILE_TEAM }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await view.locator('img').count(), 0, 'no team name became an element');
    await wb.screenshot('1-dashboard');
    await view.locator('section.rules').scrollIntoViewIfNeeded();
    await wb.screenshot('2-tables-and-rules');
    assert.deepEqual(blockedScriptMessages(ada), [], 'the CSP blocked nothing (Chart.js needs no eval)');
  });
});
