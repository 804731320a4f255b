import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportToFolder, importFromFolder, type ExportReport, type ImportReport } from '../../core/articles/markdownFolder';
import { LoreError } from '../../core/errors';
import { plainMessage, plainText } from '../../core/plainText';
import { plural } from '../../core/plural';
import type { LoreServices } from '../common/services';

/**
 * The folder a command was given (a path or a `file:` URI), for scripts, tasks and keybindings;
 * undefined when none was, so the command asks. A relative path is read from the first
 * workspace folder.
 */
export function folderArgument(arg: unknown): string | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (arg instanceof vscode.Uri) {
    if (arg.scheme !== 'file') throw new LoreError(`Lore can only use a folder on this computer, not ${arg.scheme}: addresses.`, 'Give the path of a local folder.');
    return arg.fsPath;
  }
  if (typeof arg === 'string' && arg.trim()) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return base ? path.resolve(base, arg.trim()) : path.resolve(arg.trim());
  }
  throw new LoreError('This command takes the path of a folder.', 'Give the folder as a path or a file URI, or run the command without one to choose it.');
}

/** What Import Markdown Folder takes besides the folder: `replace` says what to do with articles that differ. */
export interface ImportArguments {
  /** Replace articles already in Lore that differ from the folder's (given a folder, the default is to keep them). */
  replace?: boolean;
}

/**
 * Import Markdown Folder: a folder of Markdown files (Foam, Obsidian, docs, a Lore export)
 * becomes articles. Given a folder (`lore.importMarkdown`, '<path>'), it asks nothing: articles
 * that differ are kept as they are unless `{ replace: true }` is given too, and the summary says so.
 */
export async function importMarkdownFolder(services: LoreServices, folderArg?: unknown, args?: ImportArguments): Promise<ImportReport | undefined> {
  const given = folderArgument(folderArg);
  const picked = given ? undefined : await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
    openLabel: 'Import', title: 'Import Markdown Folder: choose a folder of Markdown files',
  });
  const folder = given ?? picked?.[0]?.fsPath;
  if (!folder) return undefined;
  const store = services.stores.get();
  // A first pass that changes nothing says which articles already exist with other content.
  let report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Lore: importing Markdown' },
    async (progress) => importFromFolder(store, folder, { onFile: (file, i, total) => progress.report({ message: `${file} (${i + 1} of ${total})` }) }),
  );
  if (report.notUpdated.length && (given === undefined || args?.replace)) {
    const titles = report.notUpdated.slice(0, 5).map((t) => `"${t}"`).join(', ') + (report.notUpdated.length > 5 ? `, and ${report.notUpdated.length - 5} more` : '');
    const choice = given !== undefined ? 'Replace' : await vscode.window.showWarningMessage(
      plainMessage`${plural(report.notUpdated.length, 'article')} from this folder already ${report.notUpdated.length === 1 ? 'is' : 'are'} in Lore with other content: ${titles}. Replace ${report.notUpdated.length === 1 ? 'it' : 'them'} with the folder's version?`,
      { modal: true }, 'Replace',
    );
    if (choice === 'Replace') {
      const second = importFromFolder(store, folder, { update: true });
      report = { ...report, updated: second.updated, notUpdated: [] };
    }
  }
  for (const { file, reason } of report.skipped) services.log.warn(`[import] skipped ${file}: ${reason}`);
  const summary = `Imported ${plural(report.created.length, 'new article')}, updated ${report.updated.length}, ${report.unchanged} already up to date` +
    (report.notUpdated.length ? `, ${report.notUpdated.length} kept as ${report.notUpdated.length === 1 ? 'it was' : 'they were'}` : '') + '.';
  if (report.skipped.length) {
    const names = report.skipped.slice(0, 3).map((s) => s.file).join(', ') + (report.skipped.length > 3 ? '…' : '');
    const shown = vscode.window.showWarningMessage(plainMessage`${summary} ${plural(report.skipped.length, 'file')} not imported: ${names}.`, 'Show Why');
    // Given a folder (a script), the command returns its report at once; the notification stays.
    const showWhy = shown.then((choice) => { if (choice) services.log.show(); });
    if (given === undefined) await showWhy;
    else void showWhy; // cannot reject: showing the log does not fail
  } else {
    void vscode.window.showInformationMessage(plainText(summary));
  }
  return report;
}

/**
 * Export Articles as Markdown: every non-private article as a Markdown file, for other tools.
 * Given a folder (`lore.exportMarkdown`, '<path>'), it writes there (made if missing) without asking.
 */
export async function exportMarkdownFolder(services: LoreServices, folderArg?: unknown): Promise<ExportReport | undefined> {
  const given = folderArgument(folderArg);
  const picked = given ? undefined : await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
    openLabel: 'Export Here', title: 'Export Articles as Markdown: choose a folder (files with the same names are replaced)',
  });
  const folder = given ?? picked?.[0]?.fsPath;
  if (!folder) return undefined;
  const report = exportToFolder(services.stores.get(), folder);
  void vscode.window.showInformationMessage(plainMessage`Exported ${plural(report.articles, 'article')} and ${plural(report.images, 'image')} to ${folder}. Private articles were left out.`);
  return report;
}
