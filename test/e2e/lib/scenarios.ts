// What the longer e2e scenarios (share snippet, hostile article, review notes, team sync) need
// on top of session.ts and workbench.ts: a person with their own settings (their name, editor
// options), and the few gestures those scenarios repeat: open a file, select lines, read the
// status bar, read the article view, find comment threads in the gutter.
// Everything goes through what is on screen; nothing calls into the extension.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import {
  globalStorageDir, installExtension, launchBrowser, profileDirs, startCodeServer, type CodeServer,
} from '../../../scripts/harness/api.mjs';
import { demoFolder, packagedLore } from './session';
import { Workbench } from './workbench';

/** Generous: two code-servers and two Chromiums share 2 cores in the team scenario. */
export const UI_TIMEOUT = 60_000;

/** Settings every scenario profile gets on top of the harness's quiet ones. */
const scenarioSettings = {
  // The Comments panel would open on the first note and cover half the editor in screenshots.
  'comments.openView': 'never',
  'workbench.editor.enablePreview': false,
};

export interface Person {
  readonly name: string;
  readonly server: CodeServer;
  readonly workbench: Workbench;
  readonly page: Page;
  /** The folder this person opened. */
  readonly folder: string;
  /** This person's Lore database (globalStorage of the extension). */
  readonly databaseFile: string;
  /** The user-data folder (logs are under logs/). */
  readonly userDataDir: string;
  /** Messages of every alert/confirm/prompt any frame of the page opened (they are dismissed). */
  readonly dialogs: string[];
  /** Every console message of the page and its frames (webviews included), as `type: text`. */
  readonly console: string[];
  stop(): Promise<void>;
}

export interface PersonOptions {
  /** Names the run folders and the screenshots: `<scenario>-<step>.png`, or `<scenario>-<person>-<step>.png`. */
  scenario: string;
  /** Shown as the author of what this person writes (`lore.authorName`). */
  name: string;
  /** A short label for folders and screenshots when a scenario has several people. */
  person?: string;
  /** The folder to open; a fresh copy of demo/workspace by default. */
  folder?: string;
  /** More user settings. */
  settings?: Record<string, unknown>;
  /** Wait for Lore to finish activating (its status bar item) before returning. Default true. */
  waitForLore?: boolean;
  /** Prepares Lore's storage folder (globalStorage) before VS Code starts, e.g. to plant a database. */
  prepareStorage?: (globalStorageDir: string) => void;
  /** The .vsix to install; Lore as the test run packaged it by default. */
  vsix?: string;
  /** More environment for code-server and its extension host (tests-only switches such as LORE_SQLITE_UNAVAILABLE). */
  env?: Record<string, string>;
}

function mergeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...current, ...settings }, null, 2)}\n`);
}

/**
 * One person at their own VS Code: a profile with their settings,
 * the packaged Lore installed, code-server started and a browser showing `folder`.
 */
export async function startPerson(options: PersonOptions): Promise<Person> {
  const label = options.person ? `${options.scenario}-${options.person}` : options.scenario;
  const vsix = options.vsix ?? (await packagedLore());
  const profile = profileDirs(label);
  mergeUserSettings(profile.userDataDir, { ...scenarioSettings, 'lore.authorName': options.name, ...options.settings });
  await installExtension(vsix, profile);
  if (options.prepareStorage) {
    const storage = globalStorageDir(profile.userDataDir);
    fs.mkdirSync(storage, { recursive: true });
    options.prepareStorage(storage);
  }
  const server = await startCodeServer({ label, userDataDir: profile.userDataDir, extensionsDir: profile.extensionsDir, env: options.env });
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    browser = await launchBrowser({ label: `${label}-browser` });
    const page = browser.page;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    const consoleMessages: string[] = [];
    page.on('console', (message) => consoleMessages.push(`${message.type()}: ${message.text()}`));
    const folder = options.folder ?? demoFolder(label);
    const workbench = new Workbench(page, label);
    // Two code-servers and two Chromiums start at once in the team scenario: give the first load time.
    await page.goto(server.urlFor(folder), { timeout: UI_TIMEOUT * 2 });
    await workbench.waitUntilReady(UI_TIMEOUT * 2);
    if (options.waitForLore ?? true) await waitForLore(workbench);
    const opened = browser;
    return {
      name: options.name,
      server,
      workbench,
      page,
      folder,
      databaseFile: path.join(globalStorageDir(server.userDataDir), 'lore.db'),
      userDataDir: server.userDataDir,
      dialogs,
      console: consoleMessages,
      async stop() {
        await opened.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

/**
 * Several people started at once. If one cannot start, the others are stopped before the error
 * is thrown: a code-server left running keeps mocha's process alive, and the run never ends.
 */
export async function startPeople(...options: PersonOptions[]): Promise<Person[]> {
  const started = await Promise.allSettled(options.map((o) => startPerson(o)));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw failed.reason;
  }
  return started.map((r) => (r as PromiseFulfilledResult<Person>).value);
}

/** Everything Lore's log (its LogOutputChannel) holds so far for this person's windows. */
export function loreLog(person: Person): string {
  const logs = path.join(person.userDataDir, 'logs');
  return fs.readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('Lore.log'))
    .map((file) => fs.readFileSync(path.join(logs, file), 'utf8'))
    .join('\n');
}

/** Lore's sync item in the status bar: there once the extension has activated. */
export function loreStatusItem(wb: Workbench): Locator {
  return wb.page.locator('.part.statusbar [id="lore-team.lore.lore.sync"]');
}

export async function waitForLore(wb: Workbench): Promise<void> {
  await loreStatusItem(wb).waitFor({ timeout: UI_TIMEOUT * 2 });
}

/** The title of the open quick input (input box or quick pick). */
export function quickInputTitle(wb: Workbench, text: string | RegExp): Locator {
  return wb.page.locator('.quick-input-widget .quick-input-title', { hasText: text });
}

/** Rows of the open quick pick whose text contains `text`. */
export function quickInputRows(wb: Workbench, text?: string | RegExp): Locator {
  const rows = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  return text === undefined ? rows : rows.filter({ hasText: text });
}

/**
 * Opens "Lore: Search Knowledge" (from the command palette, or by its keybinding Ctrl+Alt+L as
 * the README says), types `query` as a person would, and waits for a result row containing
 * `expected`; returns that row (the search is left open).
 *
 * From an article view, use the keybinding: when the command palette closes, VS Code gives the
 * focus back to the active editor, and a webview takes it a moment later, which can close the
 * quick pick the command has just opened (microsoft/vscode#75209). A search that closes by
 * itself fails the test with what the screen showed, rather than being opened again.
 */
export async function searchKnowledge(
  wb: Workbench, query: string, expected: string | RegExp, { via = 'palette' }: { via?: 'palette' | 'keybinding' } = {},
): Promise<Locator> {
  if (via === 'palette') await wb.runCommand('Lore: Search Knowledge', { opens: 'Search Knowledge' });
  else await wb.page.keyboard.press('Control+Alt+L');
  await quickInputTitle(wb, 'Search Knowledge').waitFor({ timeout: UI_TIMEOUT });
  await wb.quickInputBox().pressSequentially(query, { delay: 40 });
  const row = quickInputRows(wb, expected).first();
  // Closed: no quick input is showing any more (there can be more than one widget in the page).
  const closed = wb.page.waitForFunction(
    "![...document.querySelectorAll('.quick-input-widget')].some((w) => w.offsetParent !== null && getComputedStyle(w).display !== 'none')",
    undefined, { timeout: UI_TIMEOUT, polling: 100 },
  ).then(() => 'closed' as const, () => 'still open' as const);
  const outcome = await Promise.race([row.waitFor({ timeout: UI_TIMEOUT }).then(() => 'shown' as const), closed]);
  if (outcome === 'closed') throw new Error(`The search for "${query}" closed by itself before its results showed (the focus left it).`);
  if (outcome !== 'shown') await row.waitFor({ timeout: UI_TIMEOUT });
  return row;
}

/** An editor tab by the file (or webview) name VS Code gives it. */
export function editorTab(wb: Workbench, name: string): Locator {
  return wb.page.locator(`.part.editor .tabs-container .tab[data-resource-name="${name.replace(/"/g, '\\"')}"]`);
}

export function activeEditorTab(wb: Workbench): Locator {
  return wb.page.locator('.part.editor .tabs-container .tab.active');
}

/** The tab of an article view (a webview: its resource name starts with webview-lore.article). */
export function articleTab(wb: Workbench, title: string): Locator {
  return wb.page.locator('.part.editor .tabs-container .tab[data-resource-name^="webview-lore.article"]', { hasText: title });
}

/**
 * The content of the visible article view. Webviews are drawn in an overlay above the editor
 * (outside `.part.editor`), two iframes deep.
 */
export function articleView(wb: Workbench): FrameLocator {
  return wb.page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
}

/** Waits until the visible article view shows the article with this title; returns the view. */
export async function waitForArticleView(wb: Workbench, title: string): Promise<FrameLocator> {
  await articleTab(wb, title).and(activeEditorTab(wb)).waitFor({ timeout: UI_TIMEOUT });
  const view = articleView(wb);
  await view.locator('h1.title', { hasText: title }).waitFor({ timeout: UI_TIMEOUT });
  return view;
}

/**
 * Clicks the tab of an open article view and waits until the view shows the article and holds
 * the keyboard focus. VS Code focuses a webview a moment after its tab is clicked; a quick input
 * opened before that would close as the focus moves.
 */
export async function showArticleTab(wb: Workbench, title: string): Promise<FrameLocator> {
  await articleTab(wb, title).click();
  const view = await waitForArticleView(wb, title);
  await wb.page.waitForFunction(
    () => !!document.activeElement?.matches('iframe.webview.ready'),
    undefined, { timeout: UI_TIMEOUT, polling: 50 },
  ).catch(async () => {
    const focused = await wb.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing');
    throw new Error(`The article view "${title}" did not take the keyboard focus after its tab was clicked (focus: ${focused}).`);
  });
  return view;
}

/**
 * Opens a workspace file the way a person does without the keyboard focus mattering: a click
 * on the search box in the title bar (Quick Open), the path typed, Enter.
 */
export async function openFile(wb: Workbench, relativePath: string): Promise<void> {
  const name = path.basename(relativePath);
  await wb.page.locator('.part.titlebar .command-center .command-center-center').click();
  const input = wb.quickInputBox();
  await input.waitFor({ timeout: UI_TIMEOUT });
  await fillQuickInput(wb, relativePath);
  // The row for the typed path (Quick Open also lists recently opened files before it searches).
  const row = wb.page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="${name}"]`).first();
  await row.waitFor({ timeout: UI_TIMEOUT });
  await row.click();
  await editorTab(wb, name).and(activeEditorTab(wb)).waitFor({ timeout: UI_TIMEOUT });
  await wb.page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: UI_TIMEOUT });
}

/**
 * Types into the quick input and waits until the box really holds the text: a quick input
 * that has just opened may still reset its value, which would swallow what was typed.
 */
export async function fillQuickInput(wb: Workbench, text: string): Promise<void> {
  const input = wb.quickInputBox();
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    await input.fill(text);
    try {
      await wb.page.waitForFunction(
        (expected) => (document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null)?.value === expected,
        text,
        { timeout: 2_000 },
      );
      // Still there a moment later (not reset by the quick input finishing to open).
      await wb.page.waitForTimeout(100);
      if ((await input.inputValue()) === text) return;
    } catch {
      // Reset while typing: type again.
    }
    if (Date.now() > deadline) throw new Error(`The quick input did not keep the text ${JSON.stringify(text)}`);
  }
}

/** The status bar's cursor position, e.g. "Ln 21, Col 4 (390 selected)". */
export function selectionStatus(wb: Workbench): Locator {
  return wb.page.locator('.part.statusbar [id="status.editor.selection"]');
}

/**
 * Moves the cursor with Go to Line (Ctrl+G, `line:1`), then selects down to the end of line
 * `last` with Shift+Down and Shift+End. Lines count from 1, as on screen; line `last` must
 * not be empty. Each key's effect is awaited in the status bar before the next step, so a
 * status read between Shift+Down and Shift+End is never taken for the finished selection.
 */
export async function selectLines(wb: Workbench, first: number, last: number): Promise<string> {
  await goToLine(wb, first, 1);
  for (let line = first; line < last; line++) await wb.page.keyboard.press('Shift+ArrowDown');
  if (last > first) {
    await selectionStatus(wb).filter({ hasText: new RegExp(`^Ln ${last}, Col 1 \\(\\d+ selected\\)$`) }).waitFor({ timeout: UI_TIMEOUT });
  }
  await wb.page.keyboard.press('Shift+End');
  // End of a non-empty line: any column but 1.
  const status = selectionStatus(wb).filter({ hasText: new RegExp(`^Ln ${last}, Col (?!1 )\\d+ \\(\\d+ selected\\)$`) });
  await status.waitFor({ timeout: UI_TIMEOUT });
  return (await status.innerText()).trim();
}

/** Go to Line (Ctrl+G) in the active editor: the status bar then shows that position. */
export async function goToLine(wb: Workbench, line: number, column = 1): Promise<void> {
  await wb.page.keyboard.press('Control+G');
  const input = wb.quickInputBox();
  await input.waitFor({ timeout: UI_TIMEOUT });
  await fillQuickInput(wb, `:${line}:${column}`);
  await wb.page.keyboard.press('Enter');
  await selectionStatus(wb).filter({ hasText: new RegExp(`^Ln ${line}, Col ${column}$`) }).waitFor({ timeout: UI_TIMEOUT });
}

/** The text of a line of the active editor as drawn on screen (the line must be visible). */
export async function editorLineText(wb: Workbench, line: number): Promise<string> {
  const editor = wb.page.locator('.part.editor .editor-group-container.active .editor-container .monaco-editor').first();
  return editor.evaluate((root, wanted) => {
    const margin = [...root.querySelectorAll<HTMLElement>('.margin-view-overlays > div')]
      .find((row) => row.querySelector('.line-numbers')?.textContent?.trim() === String(wanted));
    if (!margin) return '';
    const line = [...root.querySelectorAll<HTMLElement>('.view-lines > .view-line')].find((l) => l.style.top === margin.style.top);
    return (line?.textContent ?? '').replace(/\u00a0/g, ' ');
  }, line);
}

/**
 * Lines (as numbered on screen) where the active editor's gutter shows a comment thread
 * (a review note). Only visible lines are drawn.
 */
export async function commentThreadLines(wb: Workbench): Promise<number[]> {
  const editor = wb.page.locator('.part.editor .editor-group-container.active .editor-container .monaco-editor').first();
  return editor.evaluate((root) => [...root.querySelectorAll<HTMLElement>('.margin-view-overlays > div')]
    .filter((row) => row.querySelector('.comment-range-glyph:is(.comment-thread, .comment-thread-unresolved)'))
    .map((row) => Number(row.querySelector('.line-numbers')?.textContent?.trim()))
    .filter((n) => Number.isFinite(n)));
}

/** Waits until the gutter shows exactly one comment thread, on `line`. */
export async function waitForCommentThreadOn(wb: Workbench, line: number): Promise<void> {
  await wb.page.waitForFunction((wanted) => {
    const root = document.querySelector('.part.editor .editor-group-container.active .editor-container .monaco-editor');
    if (!root) return false;
    const lines = [...root.querySelectorAll<HTMLElement>('.margin-view-overlays > div')]
      .filter((row) => row.querySelector('.comment-range-glyph:is(.comment-thread, .comment-thread-unresolved)'))
      .map((row) => row.querySelector('.line-numbers')?.textContent?.trim());
    return lines.length === 1 && lines[0] === String(wanted);
  }, line, { timeout: UI_TIMEOUT });
}

/** The expanded comment thread widget (review note) in the active editor. */
export function commentWidget(wb: Workbench): Locator {
  return wb.page.locator('.part.editor .review-widget').first();
}

/** Types into the comment box of the open comment widget (new note or reply). */
export async function typeComment(wb: Workbench, text: string): Promise<void> {
  const widget = commentWidget(wb);
  await widget.waitFor({ timeout: UI_TIMEOUT });
  await widget.locator('.comment-form .monaco-editor').first().click();
  await wb.page.keyboard.type(text);
}

/**
 * "Lore: Set Up Team Folder" as a person does it: the folder dialog (in the browser, a path
 * box) gets the path, then Create or Join. Returns the message of the first sync.
 */
export async function setUpTeamFolder(wb: Workbench, folder: string, choice: 'Create a new team folder' | 'Join my team'): Promise<string> {
  await wb.runCommand('Lore: Set Up Team Folder');
  await quickInputTitle(wb, 'Choose the folder your team shares').waitFor({ timeout: UI_TIMEOUT });
  // VS Code's folder dialog opens empty, then lists its start folder and writes that folder's
  // path into the box: a path typed before the list shows is overwritten, and Enter then picks
  // the start folder (the workspace). A person sees the list first; so does this test.
  await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT });
  // Without a trailing slash: Enter accepts the path as typed. With one, the dialog first
  // opens the folder (a file-system round trip), and an Enter during it only navigates.
  await fillQuickInput(wb, folder);
  await wb.page.keyboard.press('Enter');
  await quickInputTitle(wb, `Team folder: ${folder}`).waitFor({ timeout: UI_TIMEOUT });
  await quickInputRows(wb, choice).click();
  return wb.waitForNotification('Lore synced:', UI_TIMEOUT * 2);
}

/** The tree row in a side bar view whose text contains `text` (title or description). */
export function viewRow(wb: Workbench, view: string, text: string | RegExp): Locator {
  return wb.viewBody(view).locator('.monaco-list-row').filter({ hasText: text }).first();
}

/**
 * The rows directly under a top-level group of a side bar tree ("Needs Attention" in Knowledge),
 * as drawn: each row's text (label and description) and its place in the list. VS Code draws a
 * tree as one flat list of rows with levels, so what is under a group is read in order.
 * A string, so that the TypeScript loader adds no helper the page does not have.
 */
function rowsUnderGroupScript(view: string, group: string): string {
  return `(() => {
    const view = ${JSON.stringify(view.toLowerCase())};
    const group = ${JSON.stringify(group)};
    const pane = [...document.querySelectorAll('.part.sidebar .pane')]
      .find((p) => (p.querySelector('.pane-header h3.title')?.textContent ?? '').trim().toLowerCase() === view);
    if (!pane) return [];
    const rows = [...pane.querySelectorAll('.pane-body .monaco-list-row')]
      .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')));
    const under = [];
    let inGroup = false;
    for (const row of rows) {
      const level = Number(row.getAttribute('aria-level'));
      const text = (row.textContent || '').replace(/\\s+/g, ' ').trim();
      if (level === 1) inGroup = text.startsWith(group);
      else if (inGroup && level === 2) under.push({ index: row.getAttribute('data-index'), text });
    }
    return under;
  })()`;
}

/** The texts of the rows directly under a top-level group of a tree view, in order. */
export async function rowsUnderGroup(wb: Workbench, view: string, group: string): Promise<string[]> {
  const rows = (await wb.page.evaluate(rowsUnderGroupScript(view, group))) as Array<{ text: string }>;
  return rows.map((row) => row.text);
}

/**
 * Waits until a row containing `text` is directly under the top-level `group` of a tree view
 * and returns that row. A timeout says what the group showed instead.
 */
export async function waitForRowUnderGroup(wb: Workbench, view: string, group: string, text: string): Promise<Locator> {
  // The row's place in the list, read in the same turn that found it.
  const found = `${rowsUnderGroupScript(view, group)}.find((row) => row.text.includes(${JSON.stringify(text)}))?.index`;
  const index = await waitUnderGroup(wb, view, group, text, found, 'No row');
  return wb.viewBody(view).locator(`.monaco-list-row[data-index="${String(index)}"]`);
}

/** Waits until no row containing `text` is directly under the top-level `group` (the group may be gone). */
export async function waitForNoRowUnderGroup(wb: Workbench, view: string, group: string, text: string): Promise<void> {
  await waitUnderGroup(wb, view, group, text, `!${rowsUnderGroupScript(view, group)}.some((row) => row.text.includes(${JSON.stringify(text)}))`, 'Still a row');
}

async function waitUnderGroup(wb: Workbench, view: string, group: string, text: string, condition: string, failure: string): Promise<unknown> {
  try {
    const handle = await wb.page.waitForFunction(condition, undefined, { timeout: UI_TIMEOUT, polling: 100 });
    return await handle.jsonValue();
  } catch (error) {
    const shown = await rowsUnderGroup(wb, view, group).catch(() => ['(could not read the view)']);
    throw new Error(`${failure} with "${text}" under "${group}" in ${view}; it shows ${shown.length ? shown.map((s) => `"${s}"`).join(', ') : 'no rows'} (${String(error)})`);
  }
}

/** Brings the Lore side bar up with all three views expanded. */
export async function showLoreViews(wb: Workbench): Promise<void> {
  await wb.clickActivityBar('Lore');
  for (const view of ['Knowledge', 'For This File', 'Review Notes']) {
    await wb.viewHeader(view).waitFor({ timeout: UI_TIMEOUT });
    await wb.expandView(view);
  }
}

/**
 * Console messages that say a page tried to run something and the browser stopped it: the
 * webview's Content Security Policy refusing a script, an event handler or a javascript: URL,
 * or the webview sandbox ignoring alert()/confirm()/prompt() (webviews may not open dialogs,
 * so a `dialog` event never fires for them).
 */
export function blockedScriptMessages(person: Person): string[] {
  return person.console.filter((m) => /Content Security Policy|Ignored call to '(alert|confirm|prompt|print)\(\)'/.test(m));
}

/**
 * What is on screen, in a few lines: focus, quick input, active tab, notifications, status bar.
 * A string, so that the TypeScript loader adds no helper the page does not have.
 */
const DESCRIBE_SCREEN = `(() => {
  const text = (el) => (el && (el.innerText ?? el.textContent) || '').replace(/\\s+/g, ' ').trim().slice(0, 200);
  const active = document.activeElement;
  const quickInput = document.querySelector('.quick-input-widget');
  const open = !!quickInput && quickInput.offsetParent !== null && getComputedStyle(quickInput).display !== 'none';
  const box = document.querySelector('.quick-input-widget .quick-input-box input');
  const rows = [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].slice(0, 5).map((r) => '"' + text(r) + '"');
  const toasts = [...document.querySelectorAll('.notifications-toasts .notification-toast')].map((t) => '"' + text(t) + '"');
  return [
    'focus: ' + (active ? active.tagName.toLowerCase() + '.' + [...active.classList].join('.') : 'none'),
    open ? 'quick input: "' + text(document.querySelector('.quick-input-widget .quick-input-title')) + '", box "' + (box ? box.value : '') + '", rows: ' + rows.join(', ') : 'quick input: closed',
    'active tab: "' + text(document.querySelector('.part.editor .tabs-container .tab.active')) + '"',
    'notifications: ' + (toasts.join(', ') || 'none'),
    'status bar: "' + text(document.querySelector('.part.statusbar')) + '"',
  ];
})()`;

async function describeScreen(wb: Workbench): Promise<string[]> {
  return wb.page.evaluate(DESCRIBE_SCREEN) as Promise<string[]>;
}

/**
 * After a failed test: saves a screenshot named after it and prints what the screen shows (CI
 * keeps only the output), then closes a quick input the test left open (it hides the title
 * bar's search box and takes the keyboard), so one failure does not make the next tests fail too.
 */
async function afterFailure(wb: Workbench | undefined, test: Mocha.Test | undefined): Promise<void> {
  if (!wb || !test || test.state !== 'failed') return;
  const step = `failed-${test.title.replace(/[^\w]+/g, '-').slice(0, 60)}`;
  await wb.screenshot(step).catch(() => undefined);
  // CI keeps only the output: say in words what the screenshot shows.
  const screen = await describeScreen(wb).catch((error: unknown) => [`(could not read the screen: ${String(error)})`]);
  console.log(screen.map((line) => `      screen: ${line}`).join('\n'));
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!(await wb.page.locator('.quick-input-widget').isVisible().catch(() => false))) break;
    await wb.page.keyboard.press('Escape').catch(() => undefined);
    await wb.page.waitForTimeout(200);
  }
}

/**
 * The hooks every scenario needs around the people it starts (call it in the describe block):
 * after a failed test, afterFailure for each person; after the last test, every person stopped.
 * `people` are read when the hooks run, after `before` has started them.
 */
export function cleanUpPeople(...people: Array<() => Person | undefined>): void {
  afterEach(async function () {
    for (const person of people) await afterFailure(person()?.workbench, this.currentTest);
  });
  after(async () => {
    await Promise.all(people.map((person) => person()?.stop()));
  });
}
