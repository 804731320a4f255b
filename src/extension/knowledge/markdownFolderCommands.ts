import * as vscode from 'vscode';
import { exportToFolder, importFromFolder, type ImportReport } from '../../core/articles/markdownFolder';
import { plainMessage, plainText } from '../../core/plainText';
import { plural } from '../../core/plural';
import type { LoreServices } from '../common/services';

/** Import Markdown Folder: a folder of Markdown files (Foam, Obsidian, docs, a Lore export) becomes articles. */
export async function importMarkdownFolder(services: LoreServices): Promise<ImportReport | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
    openLabel: 'Import', title: 'Import Markdown Folder: choose a folder of Markdown files',
  });
  const folder = picked?.[0]?.fsPath;
  if (!folder) return undefined;
  const store = services.stores.get();
  // A first pass that changes nothing says which articles already exist with other content.
  let report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Lore: importing Markdown' },
    async (progress) => importFromFolder(store, folder, { onFile: (file, i, total) => progress.report({ message: `${file} (${i + 1} of ${total})` }) }),
  );
  if (report.notUpdated.length) {
    const titles = report.notUpdated.slice(0, 5).map((t) => `"${t}"`).join(', ') + (report.notUpdated.length > 5 ? `, and ${report.notUpdated.length - 5} more` : '');
    const choice = await vscode.window.showWarningMessage(
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
    const choice = await vscode.window.showWarningMessage(plainMessage`${summary} ${plural(report.skipped.length, 'file')} not imported: ${names}.`, 'Show Why');
    if (choice) services.log.show();
  } else {
    void vscode.window.showInformationMessage(plainText(summary));
  }
  return report;
}

/** Export Articles as Markdown: every non-private article as a Markdown file, for other tools. */
export async function exportMarkdownFolder(services: LoreServices): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
    openLabel: 'Export Here', title: 'Export Articles as Markdown: choose a folder (files with the same names are replaced)',
  });
  const folder = picked?.[0]?.fsPath;
  if (!folder) return undefined;
  const report = exportToFolder(services.stores.get(), folder);
  void vscode.window.showInformationMessage(plainMessage`Exported ${plural(report.articles, 'article')} and ${plural(report.images, 'image')} to ${folder}. Private articles were left out.`);
  return folder;
}
