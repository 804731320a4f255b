import * as vscode from 'vscode';
import { LoreError } from '../../core/errors';
import { EXPORT_FORMATS, FORMAT_INFO, type ExportFormat } from '../../core/review/exportOptions';
import { exportReviewNotes } from '../../core/review/exportReview';
import { filterThreads, type ReviewFilter } from '../../core/review/reviewFilter';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import { toRelativePath } from '../common/workspacePaths';
import { plainMessage } from '../../core/plainText';
import { labelText } from '../../core/labelText';

/** Arguments for running the export without questions (tests, other features). */
export interface ExportArgs {
  format: ExportFormat;
  filter?: ReviewFilter;
  /** Where to write; a `file:` URI. */
  uri: vscode.Uri | string;
}

export interface ExportDone {
  uri: string;
  count: number;
}

/**
 * `lore.exportReviewNotes`: asks for a format, which notes, and where to save, writes the
 * file and offers to open it. With arguments it asks nothing (and returns what it wrote).
 */
export function registerExportCommand(services: LoreServices): vscode.Disposable[] {
  return [registerCommand(services.log, 'lore.exportReviewNotes', async (args?: ExportArgs): Promise<ExportDone | undefined> => {
    const store = services.stores.get();
    const threads = store.listThreads();
    const me = store.author;
    let format: ExportFormat;
    let filter: ReviewFilter;
    let target: vscode.Uri;
    // Tests and other features pass a format and a file and want no questions; every other way
    // in (palette, the view's title button, which passes its own argument) asks and confirms.
    const unattended = Boolean(args?.format && args.uri);
    if (args?.format && args.uri) {
      if (!EXPORT_FORMATS.includes(args.format)) throw new LoreError(`Lore exports ${EXPORT_FORMATS.join(', ')}; got "${args.format}".`);
      format = args.format;
      filter = args.filter ?? {};
      target = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    } else {
      if (threads.length === 0) {
        void vscode.window.showInformationMessage('There are no review notes to export yet. Select code and run Lore: Add Review Note.');
        return undefined;
      }
      const pickedFormat = await vscode.window.showQuickPick(
        EXPORT_FORMATS.map((f) => ({ label: FORMAT_INFO[f].title, detail: FORMAT_INFO[f].description, value: f })),
        { title: 'Export Review Notes (1/3)', placeHolder: 'Export as…' },
      );
      if (!pickedFormat) return undefined;
      format = pickedFormat.value;
      const pickedFilter = await pickFilter(threads, me);
      if (!pickedFilter) return undefined;
      filter = pickedFilter;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `review-notes.${FORMAT_INFO[format].extension}`;
      const chosen = await vscode.window.showSaveDialog({
        title: 'Export Review Notes (3/3)',
        saveLabel: 'Export',
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: { [FORMAT_INFO[format].title]: [FORMAT_INFO[format].extension] },
      });
      if (!chosen) return undefined;
      target = chosen;
    }

    const output = exportReviewNotes(threads, {
      format,
      filter,
      generatedAt: new Date().toISOString(),
      toolVersion: String(services.context.extension.packageJSON.version ?? '0.0.0'),
      projectName: vscode.workspace.name,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => ({ name: f.name, uri: f.uri.toString() })),
    }, me);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(output.text));
    services.log.info(`Exported ${output.count} review notes as ${format} to ${target.toString()}`);
    if (!unattended) {
      const label = vscode.workspace.asRelativePath(target);
      void vscode.window.showInformationMessage(plainMessage`Exported ${output.count} review note${output.count === 1 ? '' : 's'} to ${label}.`, 'Open').then((choice) => {
        if (choice === 'Open') void vscode.window.showTextDocument(target);
      });
    }
    return { uri: target.toString(), count: output.count };
  })];
}

/** Asks which notes to export: all, open, resolved, mine, this file, or files matching patterns. */
async function pickFilter(threads: Parameters<typeof filterThreads>[0], me: string): Promise<ReviewFilter | undefined> {
  const count = (filter: ReviewFilter) => filterThreads(threads, filter).length;
  const activePath = vscode.window.activeTextEditor ? toRelativePath(vscode.window.activeTextEditor.document.uri) : undefined;
  type Item = vscode.QuickPickItem & { filter?: ReviewFilter; askFiles?: boolean };
  const options: Array<{ label: string; filter: ReviewFilter }> = [
    { label: 'All notes', filter: {} },
    { label: 'Open notes', filter: { status: 'open' } },
    { label: 'Resolved notes', filter: { status: 'resolved' } },
    { label: 'My notes', filter: { author: me } },
    { label: 'Notes whose code changed or is gone', filter: { outdatedOnly: true } },
  ];
  if (activePath) options.push({ label: `Notes in ${labelText(activePath)}`, filter: { files: [activePath] } });
  const items: Item[] = options.map((o) => ({ label: o.label, description: `${count(o.filter)}`, filter: o.filter }));
  items.push({ label: 'Notes in files matching…', detail: 'Paths, folders or globs such as src/store/ or **/*.ts', askFiles: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Export Review Notes (2/3)', placeHolder: 'Which notes?' });
  if (!picked) return undefined;
  if (!picked.askFiles) return picked.filter;
  const text = await vscode.window.showInputBox({
    title: 'Export Review Notes (2/3)',
    prompt: 'Files to include: paths, folders or globs, separated by commas',
    placeHolder: 'src/store/, **/*.test.ts',
    validateInput: (value) => (value.trim() ? undefined : 'Name at least one file, folder or pattern.'),
  });
  if (!text) return undefined;
  const status = await vscode.window.showQuickPick(
    [
      { label: 'Open and resolved', value: 'all' as const },
      { label: 'Open only', value: 'open' as const },
      { label: 'Resolved only', value: 'resolved' as const },
    ],
    { title: 'Export Review Notes (2/3)', placeHolder: 'Which states?' },
  );
  if (!status) return undefined;
  return { status: status.value, files: text.split(',').map((s) => s.trim()).filter(Boolean) };
}
