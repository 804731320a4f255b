// Drives the VS Code workbench in the browser the way a person does: clicks, keys, reading
// what is on screen. Selectors are VS Code's own DOM classes (stable across recent versions).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { screenshotsDir } from '../../../scripts/harness/api.mjs';

const DEFAULT_TIMEOUT = 30_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Workbench {
  constructor(
    readonly page: Page,
    /** Names screenshots: test-results/screenshots/<scenario>-<step>.png */
    readonly scenario: string,
  ) {}

  /** Waits until the workbench is drawn and Lore's activity bar entry is there (extensions scanned). */
  async waitUntilReady(timeoutMs = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.activityBarItem('Lore').waitFor({ timeout: timeoutMs });
  }

  /** The activity bar entry with this title (e.g. "Lore", "Explorer"). */
  activityBarItem(title: string): Locator {
    return this.page.locator('.part.activitybar').getByRole('tab', { name: new RegExp(`^${escapeRegExp(title)}\\b`) });
  }

  /** Clicks an activity bar entry; opens its side bar unless it was already open. */
  async clickActivityBar(title: string): Promise<void> {
    const item = this.activityBarItem(title);
    if ((await item.getAttribute('aria-selected')) !== 'true') await item.click();
    await this.page.locator('.part.sidebar').waitFor();
  }

  /** A view in the side bar (header and body), by the view's name ("Knowledge"). */
  view(name: string): Locator {
    const title = this.page.locator('.pane-header h3.title', { hasText: new RegExp(`^${escapeRegExp(name)}$`, 'i') });
    return this.page.locator('.part.sidebar .pane').filter({ has: title });
  }

  /** The header of a view in the side bar, by its name. */
  viewHeader(name: string): Locator {
    return this.view(name).locator('.pane-header');
  }

  /** The body of a view (tree or welcome content), by the view's name. */
  viewBody(name: string): Locator {
    return this.view(name).locator('.pane-body');
  }

  /** Expands a collapsed view in the side bar. */
  async expandView(name: string): Promise<void> {
    const header = this.viewHeader(name);
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  }

  /**
   * Hovers `target` until a hover (tooltip) containing `text` shows, and returns it. A tree that
   * refreshes under the mouse (a save, a sync) re-renders the row and cancels the hover it was
   * about to show, so one hover is not enough: move away and hover again until it shows.
   */
  async hoverUntilTooltip(target: Locator, text: string | RegExp, timeoutMs = DEFAULT_TIMEOUT): Promise<Locator> {
    const tooltip = this.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: text }).first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await target.hover({ timeout: Math.max(1, deadline - Date.now()) });
      try {
        await tooltip.waitFor({ timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) });
        return tooltip;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await this.page.mouse.move(0, 0);
      }
    }
  }

  /** A tree row in a view (or anywhere in the side bar) whose label contains `label`. */
  treeItem(label: string, view?: string): Locator {
    const scope = view ? this.viewBody(view) : this.page.locator('.part.sidebar');
    return scope.locator('.monaco-list-row').filter({ hasText: label }).first();
  }

  async clickTreeItem(label: string, view?: string): Promise<void> {
    const row = this.treeItem(label, view);
    await row.waitFor({ timeout: DEFAULT_TIMEOUT });
    await row.click();
  }

  /**
   * Opens the command palette (F1), types the command's title and runs it with Enter.
   * `opens`: the title of the input box or quick pick the command shows. A quick input closes
   * when it loses the focus, and a webview that finishes loading takes the focus (seen in CI:
   * New Article's title box opened and closed before anything was typed), so when the command's
   * input is not there within a few seconds the command is run again, as a person would, up to
   * three times.
   */
  async runCommand(title: string, { opens }: { opens?: string | RegExp } = {}): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.runCommandOnce(title);
      if (!opens) return;
      const shown = await this.page
        .locator('.quick-input-widget:visible .quick-input-title', { hasText: opens })
        .waitFor({ timeout: 8_000 })
        .then(() => true, () => false);
      if (shown) return;
      if (attempt === 3) throw new Error(`"${title}" did not show its input "${String(opens)}" after three runs.`);
      console.log(`      (the input of "${title}" was not there; running the command again)`);
    }
  }

  private async runCommandOnce(title: string): Promise<void> {
    await this.openCommandPalette();
    await this.quickInputBox().fill(`>${title}`);
    const row = this.quickInputRow(title);
    await row.waitFor({ timeout: DEFAULT_TIMEOUT });
    // Enter runs the focused row; click the exact match instead when another one is first.
    const focused = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused');
    const focusedLabel = (await focused.count()) ? await focused.first().getAttribute('aria-label') : null;
    if (focusedLabel?.startsWith(title)) await this.page.keyboard.press('Enter');
    else await row.click();
  }

  /**
   * Presses F1 until the command palette is open. A quick input that is still closing (the
   * input box of the previous step) is waited out first, so typing never goes into it.
   */
  async openCommandPalette(): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    if (!(await widget.isHidden())) {
      await widget.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => this.page.keyboard.press('Escape'));
    }
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      const opened = await this.page
        .waitForFunction(() => {
          const input = document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input');
          return !!input && input.offsetParent !== null && input.value.startsWith('>');
        }, undefined, { timeout: 5000 })
        .then(() => true, () => false);
      if (opened) return;
      if (attempt === 3) throw new Error('The command palette did not open after pressing F1 three times.');
    }
  }

  /** The quick input's text box (command palette, input boxes, quick picks). */
  quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** A visible row of the quick input whose text contains `label` (icons are not part of it). */
  quickInputRow(label: string): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: label }).first();
  }

  /**
   * Waits for a quick input (input box, quick pick, file dialog) whose title contains `title`.
   * Use it after a command that opens one: the command palette closes first, and typing
   * before the new widget is there would go into the old one.
   */
  async waitForQuickInput(title: string | RegExp, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    await this.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: timeoutMs });
  }

  /** Types into an open input box or quick pick and, unless told not to, presses Enter. */
  async typeIntoQuickInput(text: string, { submit = true }: { submit?: boolean } = {}): Promise<void> {
    const input = this.quickInputBox();
    await input.waitFor({ timeout: DEFAULT_TIMEOUT });
    await input.fill(text);
    if (submit) await this.page.keyboard.press('Enter');
  }

  /** Picks an item of an open quick pick by its label. */
  async pickQuickInputItem(label: string): Promise<void> {
    const row = this.quickInputRow(label);
    await row.waitFor({ timeout: DEFAULT_TIMEOUT });
    await row.click();
  }

  /** The message of a notification toast that contains `text`. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  }

  /** Waits for a notification containing `text`; returns its full message. */
  async waitForNotification(text: string | RegExp, timeoutMs = DEFAULT_TIMEOUT): Promise<string> {
    const toast = this.notification(text);
    await toast.waitFor({ timeout: timeoutMs });
    return (await toast.locator('.notification-list-item-message').innerText()).trim();
  }

  /** Clicks a button (e.g. "Set Up Team Folder") on the notification containing `text`. */
  async clickNotificationButton(text: string | RegExp, button: string): Promise<void> {
    await this.notification(text).getByRole('button', { name: button }).click();
  }

  /** Closes every notification toast (so the next screenshot shows only what follows). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /**
   * The content of the visible webview (VS Code draws webviews in an overlay above the editor,
   * two iframes deep). Use it like a page: `wb.activeWebview().getByRole('heading', { name })`.
   */
  activeWebview(): FrameLocator {
    return this.page.locator('iframe.webview.ready:visible').last().contentFrame().locator('#active-frame').contentFrame();
  }

  /** Saves test-results/screenshots/<scenario>-<step>.png; returns its path. */
  async screenshot(step: string): Promise<string> {
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, `${this.scenario}-${step}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
