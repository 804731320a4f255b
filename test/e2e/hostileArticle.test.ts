import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshRunDir } from '../../scripts/harness/api.mjs';
import { createAnchor } from '../../src/core/anchoring/createAnchor';
import { LoreStore } from '../../src/core/store/loreStore';
import { loadSqliteDriver } from '../../src/core/store/sqliteDriverLoader';
import { createNodeSyncFs } from '../../src/core/sync/nodeSyncFs';
import { SyncEngine } from '../../src/core/sync/syncEngine';
import { demoFolder } from './lib/session';
import {
  activeEditorTab, articleTab, articleView, blockedScriptMessages, openFile, quickInputTitle, cleanUpPeople, loreLog, selectLines, setUpTeamFolder,
  showArticleTab, showLoreViews, startPerson, UI_TIMEOUT, viewRow, waitForArticleView, type Person,
} from './lib/scenarios';
import type { Workbench } from './lib/workbench';

// Issue 4: article content is untrusted (it comes from teammates through the team folder).
// Someone shares HTML code and writes an article full of script tags, event handlers and
// javascript:/command: links; opening it must run nothing and leave nothing that could run.

const hostileTitle = `<img src=x onerror=alert('title')> Hostile article`;

/** A file in the workspace whose code is HTML with scripts: shared as a snippet, it must show as text. */
const hostileFile = [
  '<!-- Sharing this as a snippet must show it as code, never run it. -->',
  `<script>alert('snippet script')</script>`,
  `<img src="x" onerror="alert('snippet img')">`,
  `<a href="javascript:alert('snippet link')">snippet link</a>`,
].join('\n');

/** Typed into the article's Markdown, one paragraph per entry. */
const hostileBody = [
  'Hostile content below. None of it may run.',
  `<script>alert('body script')</script>`,
  `<img src="x" onerror="alert('body img')">`,
  `<svg onload="alert('body svg')"></svg> <iframe src="javascript:alert('body iframe')"></iframe>`,
  `<a href="javascript:alert('raw anchor')">raw javascript anchor</a> and <a href="command:workbench.action.quit">raw command anchor</a>`,
  `[javascript link](javascript:alert('md link')) and [mixed case link](JaVaScRiPt:alert('md link 2'))`,
  '[command link](command:workbench.action.closeWindow) and [encoded command link](command:lore.deleteArticle?%5B%22x%22%5D)',
  `![image with javascript](javascript:alert('md img')) ![data html](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `<command:workbench.action.quit> and <javascript:alert('autolink')>`,
  '[safe link](https://example.com/docs)',
  'End of hostile content.',
];

// Issue 17: VS Code turns `[label](command:…)` in a notification into a link that runs the
// command. A teammate's article title and snippet path (and a review note's path) carry such
// links; every message Lore shows with them must show them as text.
const sendToTerminal = 'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D';
const linkTitle = `Deploy checklist [click me](${sendToTerminal})`;
const linkPath = `src/[open the file](${sendToTerminal}).ts`;

/**
 * Grace, a teammate (Lore's core in this process, as the CLI would run it), starts a team
 * folder holding her article with a snippet and a review note, all about `linkPath`, a file
 * Ada's workspace does not have.
 */
async function teammateSharesLinkArticle(teamFolder: string): Promise<void> {
  const store = LoreStore.open(path.join(freshRunDir('hostile-article-grace'), 'lore.db'), { driver: loadSqliteDriver(), author: 'Grace Hopper' });
  try {
    const code = 'export function deploy(): void {\n  release();\n}\n';
    const anchor = createAnchor(code, { startLine: 0, startCharacter: 0, endLine: 2, endCharacter: 1 }, { path: linkPath });
    store.createArticle({ title: linkTitle, body: 'Run the snippet before each release.', status: 'published', snippets: [{ code, language: 'typescript', anchor }] });
    store.createThread({ anchor, kind: 'question', body: 'Who runs this on Fridays?' });
    const engine = new SyncEngine({ store, fs: createNodeSyncFs(), folder: teamFolder });
    try {
      await engine.setUp(teamFolder, 'create');
      const summary = await engine.syncNow();
      assert.equal(summary.stopped, undefined, summary.stopped?.reason);
    } finally {
      engine.dispose();
    }
  } finally {
    store.close();
  }
}

/**
 * Links in the text of any notification or dialog (Lore's own messages have none), and any
 * anchor with a target there (buttons and toolbar actions are anchors without one).
 */
async function messageLinks(wb: Workbench): Promise<string[]> {
  const where = ['.notifications-toasts', '.notifications-center', '.monaco-dialog-box'];
  return wb.page.locator([...where.map((w) => `${w} a[href]`), '.notification-list-item-message a', '.dialog-message-container a'].join(', '))
    .evaluateAll((links) => links.map((a) => `${a.textContent ?? ''} -> ${a.getAttribute('href') ?? ''}`));
}

/** What is in the article view's document that could run or navigate (read inside the frame). */
interface ActiveContent {
  scripts: string[];
  dangerousElements: string[];
  eventAttributes: string[];
  dangerousUrls: string[];
  links: Array<{ text: string; href: string | null }>;
}

/**
 * Reads the article view's document from inside its frame. (A string, so the test runner's
 * TypeScript transform cannot add helpers the frame does not have.)
 */
const READ_ACTIVE_CONTENT = `(html) => ({
  scripts: [...html.querySelectorAll('script')].map((s) => s.getAttribute('src') || 'inline: ' + (s.textContent || '').slice(0, 80)),
  dangerousElements: [...html.querySelectorAll('#root :is(script, iframe, frame, object, embed, svg, math, style, link, meta, base, form, input, textarea)')]
    .map((e) => e.outerHTML.slice(0, 120)),
  eventAttributes: [...html.querySelectorAll('*')].flatMap((e) => [...e.attributes]
    .filter((a) => /^on/i.test(a.name))
    .map((a) => e.tagName.toLowerCase() + ' ' + a.name + '="' + a.value + '"')),
  dangerousUrls: [...html.querySelectorAll('*')].flatMap((e) => [...e.attributes]
    .filter((a) => /^(href|src|action|formaction|xlink:href|srcdoc|data|background|poster)$/i.test(a.name)
      && /^(javascript|command|vbscript|vscode|data:text)/i.test(a.value.replace(/[\\u0000-\\u0020]/g, '')))
    .map((a) => e.tagName.toLowerCase() + ' ' + a.name + '="' + a.value + '"')),
  links: [...html.querySelectorAll('#root a')].map((a) => ({ text: (a.textContent || '').trim(), href: a.getAttribute('href') })),
})`;

// Issues 17 and 19: an image from another host is a tracking pixel (its host learns who read
// what, when, from where); links within an article, table alignment and code blocks must work.
const remoteTitle = 'Reading an article with a remote image';
const remoteBody = [
  '[Jump to the table](#the-table) or [a relative link](./setup.md) or [a link to the hostile article](LORE_LINK).',
  '![tracking pixel](https://tracker.example/pixel.png?reader=ada)',
  '```ts\nconst first = 1;\nconst second = 2;\nconst third = 3;\n```',
  ...Array.from({ length: 24 }, (_, i) => `Filler paragraph ${i + 1}, so that the table is below the fold.`),
  '## The table',
  '| left | center | right |\n|:--|:-:|--:|\n| l | c | r |',
  'The end.',
];
/** An image as https://tracker.example would serve it (a 96×24 orange PNG). */
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAGAAAAAYCAIAAACKi2/DAAAAOklEQVR42u3QAQ0AAAgDoIcwrInNYQMDODYSkOniEAWCBAkSJEiQIEEIEiRIkCBBggQhSJAgQYIEfbDpUALE9dPCrgAAAABJRU5ErkJggg==', 'base64');

/** Whether the element is below the visible part of the view (a string: see READ_ACTIVE_CONTENT). */
const BELOW_THE_FOLD = `(h) => h.getBoundingClientRect().top >= window.innerHeight`;

/** Resolves once the view has scrolled and the element is in sight (a string: see READ_ACTIVE_CONTENT). */
const WAIT_UNTIL_SCROLLED_TO = `(h) => new Promise((resolve, reject) => {
  const deadline = Date.now() + 10000;
  const check = () => {
    const box = h.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight && window.scrollY > 0) resolve();
    else if (Date.now() > deadline) reject(new Error('heading at ' + box.top + ', scrolled ' + window.scrollY));
    else requestAnimationFrame(check);
  };
  check();
})`;

function pageFunction<T, R>(source: string): (element: T) => Promise<R> {
  return new Function(`return (${source})(arguments[0]);`) as (element: T) => Promise<R>;
}

/** The img-src of the article view's Content Security Policy, as a list of sources. */
async function imageSources(person: Person): Promise<string[]> {
  const csp = await articleView(person.workbench).locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  return (/img-src ([^;]*)/.exec(csp ?? '')?.[1] ?? '').trim().split(/\s+/);
}

async function activeContent(person: Person): Promise<ActiveContent> {
  const read = new Function(`return (${READ_ACTIVE_CONTENT})(arguments[0]);`) as (html: HTMLElement) => ActiveContent;
  return articleView(person.workbench).locator('html').evaluate(read);
}

describe('A hostile article', function () {
  this.timeout(300_000);
  let ada: Person;
  let teamFolder: string;

  before(async () => {
    teamFolder = path.join(freshRunDir('hostile-article-team'), 'team');
    fs.mkdirSync(teamFolder);
    await teammateSharesLinkArticle(teamFolder);
    const folder = demoFolder('hostile-article');
    fs.writeFileSync(path.join(folder, 'src', 'hostile.html'), `${hostileFile}\n`);
    ada = await startPerson({
      scenario: 'hostile-article',
      name: 'Ada Lovelace',
      folder,
      // Typed text lands exactly as typed: no auto-closed brackets and quotes, no suggestion accepted by Enter.
      settings: {
        'editor.autoClosingBrackets': 'never',
        'editor.autoClosingQuotes': 'never',
        'editor.autoClosingOvertype': 'never',
        'editor.autoSurround': 'never',
        'editor.acceptSuggestionOnEnter': 'off',
        'editor.suggestOnTriggerCharacters': false,
        'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
      },
    });
  });

  cleanUpPeople(() => ada);

  it('is written like any article: HTML code shared as a snippet, then Markdown typed and saved', async () => {
    const wb = ada.workbench;
    await openFile(wb, 'src/hostile.html');
    await selectLines(wb, 1, 4);
    await wb.runCommand('Lore: Share Snippet as Knowledge');
    await quickInputTitle(wb, 'Share Snippet as Knowledge (1/2): title').waitFor({ timeout: UI_TIMEOUT });
    await wb.quickInputBox().fill(hostileTitle);
    await wb.page.keyboard.press('Enter');
    await quickInputTitle(wb, 'Share Snippet as Knowledge (2/2): tags').waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.press('Enter');
    const view = await waitForArticleView(wb, hostileTitle);

    await view.getByRole('button', { name: 'Edit' }).click();
    await wb.page.locator('.part.editor .tabs-container .tab.active[data-resource-name$=".md"]').waitFor({ timeout: UI_TIMEOUT });
    const editor = wb.page.locator('.part.editor .editor-group-container.active .editor-container .monaco-editor').first();
    await editor.locator('.view-lines').getByText('Explain what this code does').waitFor({ timeout: UI_TIMEOUT });
    await editor.locator('.view-lines').click();
    await wb.page.keyboard.press('Control+End');
    for (const paragraph of hostileBody) {
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.type(paragraph);
    }
    await editor.locator('.view-lines').getByText('End of hostile content.').waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('1-markdown-typed');
    await wb.page.keyboard.press('Control+S');
    await showLoreViews(wb);
    const row = viewRow(wb, 'Knowledge', 'Hostile article');
    await row.waitFor({ timeout: UI_TIMEOUT });
    // The title is text in the row and in the row's tooltip (Markdown that VS Code also turns
    // into plain text to draw the row: an <img> in it once reached the page as HTML).
    await wb.hoverUntilTooltip(row, hostileTitle, UI_TIMEOUT);
    await wb.screenshot('1b-row-tooltip');
    await wb.page.mouse.move(700, 600);
    // Nothing tried to run anywhere in VS Code while the article was written, listed and hovered.
    assert.deepEqual(blockedScriptMessages(ada), []);
    assert.deepEqual(ada.dialogs, []);
  });

  it('opens from the Knowledge view without running anything, and keeps nothing that could run', async () => {
    const wb = ada.workbench;
    const blockedBefore = blockedScriptMessages(ada).length;
    await viewRow(wb, 'Knowledge', 'Hostile article').click();
    await articleTab(wb, 'Hostile article').and(activeEditorTab(wb)).waitFor({ timeout: UI_TIMEOUT });
    const view = await waitForArticleView(wb, hostileTitle);
    await view.locator('article.body').getByText('End of hostile content.').waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('2-article-open');

    // What was typed is shown as text (so the test is looking at the right content).
    const bodyText = await view.locator('article.body').innerText();
    assert.match(bodyText, /<script>alert\('body script'\)<\/script>/);
    assert.match(bodyText, /<img src="x" onerror="alert\('body img'\)">/);
    const code = await view.locator('.snippet pre code').innerText();
    assert.match(code, /<script>alert\('snippet script'\)<\/script>/);
    assert.equal(await view.locator('h1.title').innerText(), hostileTitle);

    const content = await activeContent(ada);
    // Only Lore's bundle and the acquireVsCodeApi preamble VS Code puts into every webview.
    const strangers = content.scripts.filter((src) => !/\/dist\/webview\/article\.js$/.test(src) && !/^inline: \s*globalThis\.acquireVsCodeApi = /.test(src));
    assert.deepEqual(strangers, []);
    assert.equal(content.scripts.filter((src) => src.endsWith('/dist/webview/article.js')).length, 1);
    assert.deepEqual(content.dangerousElements, []);
    assert.deepEqual(content.eventAttributes, []);
    assert.deepEqual(content.dangerousUrls, []);
    // Links that could act lose their target; the web link keeps it.
    for (const text of ['command link', 'encoded command link', 'raw command anchor', 'raw javascript anchor']) {
      const link = content.links.find((l) => l.text === text);
      assert.ok(!link || link.href === null, `${text}: ${JSON.stringify(link)}`);
    }
    assert.deepEqual(content.links.find((l) => l.text === 'safe link'), { text: 'safe link', href: 'https://example.com/docs' });
    // Nothing tried to run and was stopped by the view's CSP or sandbox either.
    assert.deepEqual(blockedScriptMessages(ada).slice(blockedBefore), []);
    assert.deepEqual(ada.dialogs, []);
  });

  it('does nothing when its links are clicked', async () => {
    const wb = ada.workbench;
    const blockedBefore = blockedScriptMessages(ada).length;
    const view = articleView(wb);
    const links = view.locator('article.body a').filter({ hasNotText: 'safe link' });
    const count = await links.count();
    assert.deepEqual(await links.allInnerTexts(), ['command link', 'encoded command link', 'command:workbench.action.quit']);
    for (let i = 0; i < count; i++) await links.nth(i).click();
    // Markdown links markdown-it refused are plain text; click them too.
    for (const text of ['[javascript link]', '[mixed case link]', '![image with javascript]']) {
      await view.locator('article.body').getByText(text).first().click();
    }
    // The view's messages are handled in order: once "Edit" has opened the Markdown, every
    // click before it has been handled too.
    await view.getByRole('button', { name: 'Edit' }).click();
    await wb.page.locator('.part.editor .tabs-container .tab.active[data-resource-name$=".md"]').waitFor({ timeout: UI_TIMEOUT });
    await articleTab(wb, 'Hostile article').click();
    await waitForArticleView(wb, hostileTitle);
    // Still here: no window closed, the article not deleted, nothing ran.
    await viewRow(wb, 'Knowledge', 'Hostile article').waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('3-after-clicking-links');
    assert.deepEqual(blockedScriptMessages(ada).slice(blockedBefore), []);
    assert.deepEqual(ada.dialogs, []);
  });

  it('shows an image from another host as a placeholder naming the host, fetches nothing from it, and loads it on a click', async () => {
    const wb = ada.workbench;
    const requests: string[] = [];
    // The "other host": every request any frame makes to it is seen here (and answered with a PNG).
    await ada.page.context().route(/^https:\/\/tracker\.example\//, async (route) => {
      requests.push(route.request().url());
      await route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL_PNG });
    });
    // A link to the hostile article, as "Copy Article Link" gives it (its id is in the Markdown editor's path).
    // Its article view's Edit button (a context menu opened on the row was once left open
    // without the click on "Edit Article" landing).
    await viewRow(wb, 'Knowledge', 'Hostile article').click();
    const hostileView = await waitForArticleView(wb, hostileTitle);
    await hostileView.getByRole('button', { name: 'Edit' }).click();
    const hostileTab = wb.page.locator('.part.editor .tabs-container .tab.active[data-resource-name$=".md"]');
    await hostileTab.waitFor({ timeout: UI_TIMEOUT });
    // The tab and breadcrumbs show the title (lore:/articles/hostile-article.md); the id is in the
    // document's URI query (lore:/articles/hostile-article.md?id=<id>), which the editor carries.
    const hostileEditor = wb.page.locator('.part.editor .editor-group-container.active .monaco-editor[data-uri^="lore:"]').first();
    await hostileEditor.waitFor({ timeout: UI_TIMEOUT });
    const uri = decodeURIComponent((await hostileEditor.getAttribute('data-uri')) ?? '');
    const hostileId = /[?&]id=([A-Za-z0-9_-]{6,})/.exec(uri)?.[1];
    assert.ok(hostileId, `the id of the hostile article from its editor's URI: ${uri}`);
    assert.doesNotMatch((await hostileTab.innerText()), new RegExp(hostileId), 'the tab shows the title, not the id');

    await wb.runCommand('Lore: New Article', { opens: 'New Article' });
    await wb.quickInputBox().fill(remoteTitle);
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.part.editor .tabs-container .tab.active[data-resource-name$=".md"]', { hasText: /remote-image/i }).waitFor({ timeout: UI_TIMEOUT });
    const editor = wb.page.locator('.part.editor .editor-group-container.active .editor-container .monaco-editor').first();
    await editor.locator('.view-lines').click();
    await wb.page.keyboard.press('Control+End');
    for (const paragraph of remoteBody) {
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.press('Enter');
      const lines = paragraph.replace('LORE_LINK', `code-oss://lore-team.lore/article/${hostileId}`).split('\n');
      for (const [i, line] of lines.entries()) {
        if (i > 0) await wb.page.keyboard.press('Enter');
        // Markdown's list and table continuation must not add anything: type the line from column 1.
        await wb.page.keyboard.press('Home');
        await wb.page.keyboard.press('Shift+End');
        await wb.page.keyboard.type(line);
      }
    }
    await editor.locator('.view-lines').getByText('The end.').waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.press('Control+S');
    await viewRow(wb, 'Knowledge', remoteTitle).click();
    const view = await waitForArticleView(wb, remoteTitle);
    await view.locator('article.body').getByText('The end.').waitFor({ timeout: UI_TIMEOUT });

    // The placeholder names the host; no image element, nothing asked of the host, and the CSP would not allow it either.
    const placeholder = view.locator('article.body button.remote-image');
    assert.match(await placeholder.innerText(), /Image "tracking pixel" from tracker\.example not loaded: click to load/);
    assert.equal(await view.locator('article.body img').count(), 0);
    assert.deepEqual(await imageSources(ada), ['data:']);
    await wb.screenshot('4-remote-image-placeholder');
    assert.deepEqual(requests, []);

    // Code blocks are one block: no band per line (VS Code's webview styles give <code> a background).
    const code = await view.locator('article.body pre code').evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, display: getComputedStyle(el).display }));
    assert.deepEqual(code, { background: 'rgba(0, 0, 0, 0)', display: 'block' });
    // Table columns keep their alignment.
    const aligns = await view.locator('article.body tbody td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c).textAlign));
    assert.deepEqual(aligns, ['left', 'center', 'right']);

    // A #section link scrolls to the heading; a relative link does nothing; neither shows an error.
    const tableHeading = view.locator('h2', { hasText: 'The table' });
    assert.equal(await tableHeading.evaluate(pageFunction<HTMLElement, boolean>(BELOW_THE_FOLD)), true, 'the heading starts out of sight');
    await view.getByRole('link', { name: 'Jump to the table' }).click();
    await tableHeading.evaluate(pageFunction<HTMLElement, void>(WAIT_UNTIL_SCROLLED_TO));
    await wb.screenshot('5-scrolled-to-the-table');
    await view.getByRole('link', { name: 'a relative link' }).click();
    // Messages are handled in order: once "Edit" has opened the Markdown, the clicks before it have been handled.
    await view.getByRole('button', { name: 'Edit' }).click();
    await wb.page.locator('.part.editor .tabs-container .tab.active[data-resource-name$=".md"]', { hasText: /remote-image/i }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await wb.page.locator('.notifications-toasts .notification-toast').count(), 0, 'no error for in-article or relative links');
    assert.doesNotMatch(loreLog(ada), /Scheme is missing/);

    // A click on the placeholder loads this host's images in this view (and only then).
    const again = await showArticleTab(wb, remoteTitle);
    await again.locator('article.body button.remote-image').click();
    const image = again.locator('article.body img[alt="tracking pixel"]');
    await image.waitFor({ timeout: UI_TIMEOUT });
    await image.evaluate((img: HTMLImageElement) => (img.complete ? undefined : new Promise((resolve) => img.addEventListener('load', resolve))));
    assert.ok((await image.evaluate((img: HTMLImageElement) => img.naturalWidth)) > 0, 'the image loaded');
    assert.deepEqual(await imageSources(ada), ['data:', 'https://tracker.example']);
    assert.deepEqual(requests, ['https://tracker.example/pixel.png?reader=ada']);
    await wb.screenshot('6-remote-image-loaded');
    assert.deepEqual(blockedScriptMessages(ada), []);
  });

  it("opens Lore's own article link in Lore", async () => {
    const wb = ada.workbench;
    const view = articleView(wb);
    await view.getByRole('link', { name: 'a link to the hostile article' }).click();
    await waitForArticleView(wb, hostileTitle);
    await wb.screenshot('7-lore-link-opened');
    assert.equal(await wb.page.locator('.notifications-toasts .notification-toast').count(), 0);
  });

  it('would have noticed content trying to run (control: the checks above can fail)', async () => {
    const blockedBefore = blockedScriptMessages(ada).length;
    // Done from the test (DevTools protocol, not subject to the CSP): what a sanitiser bug would let in.
    await articleView(ada.workbench).locator('#root').evaluate((root) => {
      const img = document.createElement('img');
      img.setAttribute('src', 'x');
      img.setAttribute('onerror', 'void 0');
      root.appendChild(img);
      window.alert('control');
    });
    const deadline = Date.now() + UI_TIMEOUT;
    while (blockedScriptMessages(ada).length < blockedBefore + 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seen = blockedScriptMessages(ada).slice(blockedBefore).join('\n');
    assert.match(seen, /inline event handler/);
    assert.match(seen, /Ignored call to 'alert\(\)'/);
    const content = await activeContent(ada);
    assert.ok(content.eventAttributes.some((a) => a.startsWith('img onerror')), 'the DOM check sees event handlers');
  });

  it('from a teammate, with command links in its title and snippet path, arrives through the team folder', async () => {
    const wb = ada.workbench;
    const synced = await setUpTeamFolder(wb, teamFolder, 'Join my team');
    assert.match(synced, /received [1-9]\d* changes?/);
    await viewRow(wb, 'Knowledge', 'Deploy checklist').waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('4-teammate-article-synced');
    assert.deepEqual(await messageLinks(wb), []);
  });

  it('says its snippet\'s file is missing with the path as text, not as a link', async () => {
    const wb = ada.workbench;
    await wb.clearNotifications();
    const row = viewRow(wb, 'Knowledge', 'Deploy checklist');
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    await viewRow(wb, 'Knowledge', 'src/[open the file]').click();
    const message = await wb.waitForNotification('is not in this workspace any more', UI_TIMEOUT);
    assert.ok(message.includes('src/[open the file] (command:workbench.action.terminal.sendSequence'), message);
    await wb.screenshot('5-open-snippet-message');
    assert.deepEqual(await messageLinks(wb), []);
  });

  it('shows the error about its review note\'s missing file (through the command wrapper) without a link', async () => {
    const wb = ada.workbench;
    await wb.clearNotifications();
    await viewRow(wb, 'Review Notes', 'Who runs this on Fridays?').click();
    const message = await wb.waitForNotification('is not there any more', UI_TIMEOUT);
    assert.ok(message.startsWith('Lore: src/[open the file] (command:'), message);
    await wb.screenshot('6-review-note-error');
    assert.deepEqual(await messageLinks(wb), []);
  });

  it('asks before deleting it with the title as text, and nothing ran', async () => {
    const wb = ada.workbench;
    await wb.clearNotifications();
    await viewRow(wb, 'Knowledge', 'Deploy checklist').click();
    const view = await waitForArticleView(wb, linkTitle);
    await view.getByRole('button', { name: 'Delete' }).click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'Delete "Deploy checklist [click me] (command:' }).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('7-delete-dialog');
    assert.deepEqual(await messageLinks(wb), []);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await viewRow(wb, 'Knowledge', 'Deploy checklist').waitFor({ timeout: UI_TIMEOUT });
    // Nothing ran: no terminal was opened to type into, no dialog of the page opened.
    assert.equal(await wb.page.locator('.xterm').count(), 0);
    assert.deepEqual(ada.dialogs, []);
  });
});
