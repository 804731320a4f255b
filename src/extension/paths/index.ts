import * as vscode from 'vscode';
import { createAnchor } from '../../core/anchoring/createAnchor';
import { LoreError } from '../../core/errors';
import { exportCodeTour, importCodeTour } from '../../core/paths/codeTour';
import type { NewPathStep } from '../../core/paths/pathModel';
import { resolvePathSteps } from '../../core/paths/stepHealth';
import { plainText } from '../../core/plainText';
import { plural } from '../../core/plural';
import { registerCommand } from '../common/commands';
import { fromVsRange } from '../common/ranges';
import type { LoreServices } from '../common/services';
import { toRelativePath, toWorkspaceUri } from '../common/workspacePaths';
import { articleIdFrom } from '../knowledge/articleArgs';
import { PathPlayer } from './pathPlayer';
import { PathNode, PathsTreeProvider, StepNode, type PathTreeNode } from './pathsTree';
import { stepWorkspace } from './stepWorkspace';

/** What the integration tests reach of learning paths. */
export interface PathsApi {
  tree: PathsTreeProvider;
  view: vscode.TreeView<PathTreeNode>;
  player: PathPlayer;
}

/** Options commands take from code (tests, links) instead of asking. */
interface AddStepOptions {
  pathId?: string;
  note?: string;
}

/** Learning paths: the tree in the Lore view, authoring commands, the player, CodeTour import and export. */
export function registerPaths(services: LoreServices): { disposables: vscode.Disposable[]; api: PathsApi } {
  const { log, stores } = services;
  const tree = new PathsTreeProvider(services);
  const view = vscode.window.createTreeView('lore.learningPaths', { treeDataProvider: tree, dragAndDropController: tree, showCollapseAll: true });
  const player = new PathPlayer(services);

  const pickPath = async (given: unknown): Promise<string | undefined> => {
    if (typeof given === 'string') return given;
    if (given instanceof PathNode || given instanceof StepNode) return given.path.id;
    const store = stores.get();
    const NEW = 'New learning path…';
    const items = [...store.listPaths().map((p) => ({ label: p.title, description: plural(p.steps.length, 'step'), id: p.id })), { label: NEW, description: '', id: '' }];
    const picked = await vscode.window.showQuickPick(items, { title: 'Add Step Here', placeHolder: 'Which learning path gets this step?' });
    if (!picked) return undefined;
    return picked.id || (await newPath());
  };

  const newPath = async (titleArg?: unknown): Promise<string | undefined> => {
    const title = typeof titleArg === 'string' && titleArg.trim() ? titleArg : await vscode.window.showInputBox({
      title: 'New Learning Path', prompt: 'Title of the learning path (e.g. "Your first week on the billing service")', ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'A learning path needs a title.'),
    });
    if (!title) return undefined;
    const path = stores.get().createPath({ title: title.trim() });
    await view.reveal(new PathNode(path, false, undefined), { select: true, focus: false }).then(undefined, () => undefined);
    return path.id;
  };

  const askNote = async (given: string | undefined): Promise<string | undefined> => given ?? vscode.window.showInputBox({
    title: 'Step note', prompt: 'What should the reader notice here? (Markdown; you can edit it later)', ignoreFocusOut: true,
  });

  /** Add Step Here: the editor's selection (a code step), an article (from the Knowledge view), or a file or folder (Explorer). */
  const addStepHere = async (target?: unknown, options: AddStepOptions = {}): Promise<string | undefined> => {
    const step = await stepFrom(target);
    const pathId = await pickPath(options.pathId);
    if (!pathId) return undefined;
    const note = await askNote(options.note);
    if (note === undefined) return undefined;
    const { path, stepId } = stores.get().addPathStep(pathId, { ...step, note } as NewPathStep);
    tree.refresh();
    void vscode.window.setStatusBarMessage(plainText(`Added step ${path.steps.length} to "${path.title}".`), 4000);
    return stepId;
  };

  type Place = { kind: 'article'; articleId: string; articleTitle: string } | { kind: 'file'; path: string; directory: boolean } | { kind: 'code'; anchor: ReturnType<typeof createAnchor> };
  const stepFrom = async (target: unknown): Promise<Place> => {
    const articleId = target instanceof vscode.Uri ? undefined : articleIdFrom(target);
    if (articleId) {
      const article = stores.get().getArticle(articleId);
      if (!article) throw new LoreError('That article is not here any more.');
      return { kind: 'article', articleId, articleTitle: article.title };
    }
    const editor = vscode.window.activeTextEditor;
    if (target instanceof vscode.Uri && (!editor || editor.document.uri.toString() !== target.toString())) {
      const relative = toRelativePath(target);
      if (!relative) throw new LoreError('Lore can add steps only for files inside the workspace.');
      const stat = await vscode.workspace.fs.stat(target);
      return { kind: 'file', path: relative, directory: stat.type === vscode.FileType.Directory };
    }
    if (!editor) throw new LoreError('Select some code in an editor first, or pick an article or a file.', 'Add Step Here works from the editor, the Explorer and the Knowledge view.');
    const relative = toRelativePath(editor.document.uri);
    if (!relative) throw new LoreError('Lore can add steps only for files inside the workspace.');
    return { kind: 'code', anchor: createAnchor(editor.document.getText(), fromVsRange(editor.selection), { path: relative }) };
  };

  const stepArg = (arg: unknown): StepNode => {
    if (arg instanceof StepNode) return arg;
    const selected = view.selection.find((n): n is StepNode => n instanceof StepNode);
    if (selected) return selected;
    throw new LoreError('Pick a step in Learning Paths first.');
  };

  const importTour = async (arg?: unknown): Promise<string | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({
      title: 'Import CodeTour File', canSelectMany: false, filters: { CodeTour: ['tour'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    }))?.[0];
    if (!uri) return undefined;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const name = uri.path.split('/').pop() ?? 'tour';
    const result = importCodeTour(name, text, stepWorkspace(stores.get()).fileText);
    if (!result.ok) {
      log.warn(`Nothing imported from ${name}:\n${result.problems.join('\n')}`);
      // Not awaited: the command is done when it has said so; the message stays until dismissed.
      void vscode.window.showErrorMessage(plainText(`Nothing imported from ${name}: ${result.problems[0]}${result.problems.length > 1 ? ` (and ${plural(result.problems.length - 1, 'more problem')})` : ''}`), 'Show Log')
        .then((choice) => {
          if (choice === 'Show Log') log.show();
        });
      return undefined;
    }
    const path = stores.get().createPath(result.path);
    if (result.summary.length) log.info(`Imported ${name} as "${path.title}":\n${result.summary.join('\n')}`);
    tree.refresh();
    void vscode.window.showInformationMessage(plainText(`Imported "${path.title}" with ${plural(path.steps.length, 'step')}${result.summary.length ? `; ${plural(result.summary.length, 'thing')} Lore cannot represent were dropped (see the log)` : ''}.`));
    return path.id;
  };

  const exportTour = async (arg?: unknown, target?: vscode.Uri): Promise<void> => {
    const pathId = await pickPath(arg);
    if (!pathId) return;
    const store = stores.get();
    const path = store.getPath(pathId);
    if (!path) throw new LoreError('This learning path is not here any more.');
    const file = target ?? await vscode.window.showSaveDialog({
      title: 'Export as CodeTour File', filters: { CodeTour: ['tour'] },
      defaultUri: toWorkspaceUri(`.tours/${path.title.replace(/[^\w-]+/g, '-').toLowerCase()}.tour`),
    });
    if (!file) return;
    const health = resolvePathSteps([path], stepWorkspace(store));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(exportCodeTour(path, health)));
  };

  const disposables: vscode.Disposable[] = [
    tree,
    view,
    player,
    registerCommand(log, 'lore.paths.new', (title?: unknown) => newPath(title)),
    registerCommand(log, 'lore.paths.addStepHere', (target?: unknown, options?: AddStepOptions) => addStepHere(target, options)),
    registerCommand(log, 'lore.paths.play', async (arg?: unknown, index?: unknown) => {
      const pathId = await pickPath(arg);
      if (pathId) await player.play(pathId, typeof index === 'number' ? index : arg instanceof StepNode ? arg.index : undefined);
    }),
    registerCommand(log, 'lore.paths.next', () => player.next()),
    registerCommand(log, 'lore.paths.previous', () => player.previous()),
    registerCommand(log, 'lore.paths.stop', () => player.stop()),
    registerCommand(log, 'lore.paths.moveStepUp', (arg?: unknown) => {
      const node = stepArg(arg);
      stores.get().movePathStep(node.path.id, node.step.id, -1);
    }),
    registerCommand(log, 'lore.paths.moveStepDown', (arg?: unknown) => {
      const node = stepArg(arg);
      stores.get().movePathStep(node.path.id, node.step.id, +1);
    }),
    registerCommand(log, 'lore.paths.deleteStep', async (arg?: unknown, confirmed?: unknown) => {
      const node = stepArg(arg);
      if (confirmed !== true) {
        const ok = await vscode.window.showWarningMessage(plainText(`Delete step ${node.index + 1} of "${node.path.title}"?`), { modal: true }, 'Delete');
        if (ok !== 'Delete') return;
      }
      stores.get().removePathStep(node.path.id, node.step.id);
    }),
    registerCommand(log, 'lore.paths.editStepNote', async (arg?: unknown, noteArg?: unknown) => {
      const node = stepArg(arg);
      const note = typeof noteArg === 'string' ? noteArg : await vscode.window.showInputBox({
        title: `Step ${node.index + 1} note`, value: node.step.note, prompt: 'Markdown shown beside the step while playing', ignoreFocusOut: true,
      });
      if (note !== undefined) stores.get().updatePathStep(node.path.id, node.step.id, { note });
    }),
    registerCommand(log, 'lore.paths.reattachStepHere', (arg?: unknown) => {
      const node = stepArg(arg);
      const editor = vscode.window.activeTextEditor;
      const relative = editor && toRelativePath(editor.document.uri);
      if (!editor || !relative || node.step.kind !== 'code') throw new LoreError('Select the code this step is about in an editor, then run Re-attach Step Here.');
      stores.get().updatePathStep(node.path.id, node.step.id, { anchor: createAnchor(editor.document.getText(), fromVsRange(editor.selection), { path: relative }) });
    }),
    registerCommand(log, 'lore.paths.deletePath', async (arg?: unknown) => {
      const pathId = await pickPath(arg);
      const path = pathId ? stores.get().getPath(pathId) : undefined;
      if (!path) return;
      const ok = await vscode.window.showWarningMessage(plainText(`Delete the learning path "${path.title}" for everyone on the team?`), { modal: true }, 'Delete');
      if (ok === 'Delete') stores.get().deletePath(path.id);
    }),
    registerCommand(log, 'lore.paths.toggleStartHere', async (arg?: unknown) => {
      const pathId = await pickPath(arg);
      const path = pathId ? stores.get().getPath(pathId) : undefined;
      if (path) stores.get().updatePath(path.id, { startHere: !path.startHere });
    }),
    registerCommand(log, 'lore.paths.importCodeTour', (arg?: unknown) => importTour(arg)),
    registerCommand(log, 'lore.paths.exportCodeTour', (arg?: unknown, target?: unknown) => exportTour(arg, target instanceof vscode.Uri ? target : undefined)),
  ];
  return { disposables, api: { tree, view, player } };
}
