import * as vscode from 'vscode';
import { LoreError } from '../../core/errors';
import { checkCanRequestReview, checkReview } from '../../core/articles/reviewWorkflow';
import { sameName, MAX_REVIEW_TEXT, type Article } from '../../core/model';
import { plainMessage, plainText } from '../../core/plainText';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import { commandArticle } from './articleArgs';
import type { ArticlePanels } from './articlePanel';
import { labelText } from '../../core/labelText';

/**
 * Review before publishing and Report Outdated in VS Code: Request Review, Approve Article,
 * Request Changes, Report Outdated and Withdraw My Report act on the article given (a row, an id) or else the
 * article view that is active. Called with an id, a second argument answers the question the
 * command would ask (Request Review: a list of names; Request Changes, Report Outdated: the text),
 * for keybindings and other extensions. Who may do what is decided in core (reviewWorkflow.ts); a refusal
 * is thrown from there and shown by the command wrapper, with the reason, before anything is asked.
 */
export function registerReviewCommands(services: LoreServices, panels: ArticlePanels): vscode.Disposable[] {
  const { log, stores } = services;
  const target = (arg: unknown): Article => commandArticle(stores, panels, arg);

  return [
    registerCommand(log, 'lore.requestReview', async (arg: unknown, names?: unknown) => {
      const article = target(arg);
      const store = stores.get();
      checkCanRequestReview(article, store.author);
      const given = Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : undefined;
      const chosen = given ?? await pickReviewers(article, store.knownNames().filter((n) => !sameName(n, store.author)));
      if (!chosen) return undefined;
      const updated = store.requestReview(article.id, chosen);
      log.info(`Requested review of article ${article.id} from ${updated.reviewers?.length ?? 0} teammates`);
      void vscode.window.showInformationMessage(plainMessage`Review requested from ${listOfNames(updated.reviewers ?? [])}.`);
      return updated.id;
    }),

    registerCommand(log, 'lore.approveArticle', (arg: unknown) => {
      const article = target(arg);
      const updated = stores.get().reviewArticle(article.id, 'approved');
      void vscode.window.showInformationMessage(plainMessage`Approved "${updated.title}". Its author can publish it.`);
      return updated.id;
    }),

    registerCommand(log, 'lore.requestChanges', async (arg: unknown, text?: unknown) => {
      const article = target(arg);
      const store = stores.get();
      checkReview(article, store.author, 'changesRequested');
      const comment = typeof text === 'string' ? text : await vscode.window.showInputBox({
        title: plainText(`Request Changes: what should change in "${article.title}"?`),
        prompt: 'The author sees this in the article view; it cannot be published until a new revision is saved.',
        placeHolder: 'Say when the cache is warmed, and by what.',
        ignoreFocusOut: true,
        validateInput: (value) => (!value.trim() ? 'Say what should change: a comment is needed.' : value.length > MAX_REVIEW_TEXT ? `At most ${MAX_REVIEW_TEXT.toLocaleString('en-US')} characters.` : undefined),
      });
      if (comment === undefined) return undefined;
      const updated = store.reviewArticle(article.id, 'changesRequested', comment);
      void vscode.window.showInformationMessage(plainMessage`Requested changes to "${updated.title}".`);
      return updated.id;
    }),

    registerCommand(log, 'lore.reportOutdated', async (arg: unknown, text?: unknown) => {
      const article = target(arg);
      const store = stores.get();
      if (sameName(article.author, store.author)) throw new LoreError('You wrote this article: change it, or set its status to Outdated.');
      const reason = typeof text === 'string' ? text : await vscode.window.showInputBox({
        title: plainText(`Report Outdated: what is no longer true in "${article.title}"?`),
        prompt: 'Optional. The article shows under Needs Attention until it is verified or revised.',
        placeHolder: 'We moved from Jenkins to GitHub Actions.',
        ignoreFocusOut: true,
        validateInput: (value) => (value.length > MAX_REVIEW_TEXT ? `At most ${MAX_REVIEW_TEXT.toLocaleString('en-US')} characters.` : undefined),
      });
      if (reason === undefined) return undefined;
      const updated = store.reportOutdated(article.id, reason);
      void vscode.window.showInformationMessage(plainMessage`Reported "${updated.title}" outdated: it needs attention until it is verified or revised.`);
      return updated.id;
    }),

    registerCommand(log, 'lore.withdrawReport', (arg: unknown) => {
      const article = target(arg);
      const updated = stores.get().withdrawReport(article.id);
      void vscode.window.showInformationMessage(plainMessage`Withdrew your outdated report on "${updated.title}".`);
      return updated.id;
    }),
  ];
}

/** What the integration tests read about the reviewer pick being shown (through the extension's exports). */
export interface ReviewerPickSnapshot {
  title: string;
  items: string[];
  active?: string;
  ticked: string[];
}

let shownPick: ReviewerPickSnapshot | undefined;

export function pendingReviewerPick(): ReviewerPickSnapshot | undefined {
  return shownPick;
}

/** "Grace Hopper", "Grace Hopper and Bo", "Ann, Bo and Cy". */
function listOfNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A multi-select of the names Lore knows (the user left out), the current reviewers ticked. The
 * items and ticks are set before show(), so an Enter pressed as it opens accepts what is shown.
 */
async function pickReviewers(article: Article, names: string[]): Promise<string[] | undefined> {
  if (!names.length) {
    throw new LoreError('Lore knows no teammates yet to ask.', 'Names come from articles, review notes and the team folder: set up the team folder (Lore: Set Up Team Folder) and sync once.');
  }
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { name: string }>();
  pick.title = plainText(`Request Review: who should review "${article.title}"?`);
  pick.placeholder = 'Tick the teammates to ask, then press Enter';
  pick.canSelectMany = true;
  pick.ignoreFocusOut = true;
  pick.items = names.map((name) => ({ label: labelText(name), name }));
  pick.selectedItems = pick.items.filter((item) => (article.reviewers ?? []).some((r) => sameName(r, item.name)));
  const snapshot = (): void => {
    shownPick = { title: pick.title ?? '', items: pick.items.map((i) => i.name), active: pick.activeItems[0]?.name, ticked: pick.selectedItems.map((i) => i.name) };
  };
  return new Promise((resolve) => {
    let chosen: string[] | undefined;
    pick.onDidChangeActive(snapshot);
    pick.onDidChangeSelection(snapshot);
    pick.onDidAccept(() => {
      chosen = pick.selectedItems.map((item) => item.name);
      pick.hide();
    });
    pick.onDidHide(() => {
      shownPick = undefined;
      pick.dispose();
      resolve(chosen?.length ? chosen : undefined);
    });
    pick.show();
    snapshot();
  });
}
