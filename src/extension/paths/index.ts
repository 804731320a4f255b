import * as vscode from 'vscode';
import { createAnchor } from '../../core/anchoring/createAnchor';
import { LoreError } from '../../core/errors';
import { exportCodeTour, importCodeTour } from '../../core/paths/codeTour';
import type { LearningPath, NewPathStep } from '../../core/paths/pathModel';
import { planPathVisibility } from '../../core/paths/pathVisibility';
import { toursToImport, workspaceTourId } from '../../core/paths/workspaceTours';
import type { Visibility } from '../../core/model';
import { resolvePathSteps } from '../../core/paths/stepHealth';
import { plainText } from '../../core/plainText';
import { plural } from '../../core/plural';
import { registerCommand } from '../common/commands';
import type { LoreFileSystem } from '../common/loreFileSystem';
import { fromVsRange } from '../common/ranges';
import type { LoreServices } from '../common/services';
import { toRelativePath, toWorkspaceUri } from '../common/workspacePaths';
import { articleIdFrom } from '../knowledge/articleArgs';
import { PathFileSystem, pathDescriptionUri, stepNoteUri } from './pathFileSystem';
import { PathPlayer } from './pathPlayer';
import { PathNode, PathsTreeProvider, StepNode, type PathTreeNode } from './pathsTree';
import { stepWorkspace } from './stepWorkspace';
import { WorkspaceTours } from './workspaceTours';
import { labelText } from '../../core/labelText';

/** What the integration tests reach of learning paths. */
export interface PathsApi {
  tree: PathsTreeProvider;
  view: vscode.TreeView<PathTreeNode>;
  player: PathPlayer;
  /** The workspace's CodeTour files not imported yet. */
  tours: WorkspaceTours;
}

/** Options commands take from code (tests, links) instead of asking. */
interface AddStepOptions {
  pathId?: string;
  note?: string;
}

/** Learning paths: the tree in the Lore view, authoring commands, the player, CodeTour import and export. */
export function registerPaths(services: LoreServices, documents: LoreFileSystem): { disposables: vscode.Disposable[]; api: PathsApi } {
  const { log, stores } = services;
  const tours = new WorkspaceTours(services);
  const tree = new PathsTreeProvider(services, tours);
  const view = vscode.window.createTreeView('lore.learningPaths', { treeDataProvider: tree, dragAndDropController: tree, showCollapseAll: true });
  // The workspace is searched for CodeTour files when someone first looks at Learning Paths.
  if (view.visible) tours.ensureScanned();
  const player = new PathPlayer(services);
  const fileSystem = new PathFileSystem(services);

  const pickPath = async (given: unknown): Promise<string | undefined> => {
    if (typeof given === 'string') return given;
    if (given instanceof PathNode || given instanceof StepNode) return given.path.id;
    const store = stores.get();
    const NEW = 'New learning path…';
    const items = [...store.listPaths().map((p) => ({ label: labelText(p.title), description: plural(p.steps.length, 'step'), id: p.id })), { label: NEW, description: '', id: '' }];
    const picked = await vscode.window.showQuickPick(items, { title: 'Add Step Here', placeHolder: 'Which learning path gets this step?' });
    if (!picked) return undefined;
    return picked.id || (await newPath());
  };

  /** An existing path: the row's, the id given, else asked (rename, description, visibility). */
  const existingPath = async (given: unknown, title: string): Promise<LearningPath | undefined> => {
    const store = stores.get();
    if (typeof given === 'string' || given instanceof PathNode || given instanceof StepNode) {
      const path = store.getPath(typeof given === 'string' ? given : given.path.id);
      if (!path) throw new LoreError('This learning path is not here any more.', 'A teammate may have deleted it; the Learning Paths view shows the paths there are.');
      return path;
    }
    const paths = store.listPaths();
    if (!paths.length) throw new LoreError('There are no learning paths yet.', 'Make one with "Lore: New Learning Path" or import a CodeTour file.');
    const picked = await vscode.window.showQuickPick(
      paths.map((p) => ({ label: labelText(p.title), description: [plural(p.steps.length, 'step'), p.visibility === 'private' ? 'private' : ''].filter(Boolean).join(' · '), path: p })),
      { title, placeHolder: 'Which learning path?' });
    return picked?.path;
  };

  const openDocument = async (uri: vscode.Uri): Promise<void> => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  };

  const rename = async (arg?: unknown, titleArg?: unknown): Promise<void> => {
    const path = await existingPath(arg, 'Rename Learning Path');
    if (!path) return;
    const title = typeof titleArg === 'string' ? titleArg : await vscode.window.showInputBox({
      title: 'Rename Learning Path', value: path.title, prompt: 'The new title of the learning path', ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'A learning path needs a title.'),
    });
    if (title === undefined) return;
    stores.get().updatePath(path.id, { title });
  };

  const editDescription = async (arg?: unknown, text?: unknown): Promise<void> => {
    const path = await existingPath(arg, 'Edit Learning Path Description');
    if (!path) return;
    if (typeof text === 'string') stores.get().updatePath(path.id, { description: text });
    else await openDocument(pathDescriptionUri(path));
  };

  /** Private or shared with the team; a third argument `true` stands for the author's confirmation (tests, scripts). */
  const changeVisibility = async (arg?: unknown, to?: unknown, confirmed?: unknown): Promise<void> => {
    const path = await existingPath(arg, 'Change Learning Path Visibility');
    if (!path) return;
    let visibility: Visibility | undefined = to === 'private' || to === 'team' ? to : undefined;
    if (!visibility) {
      const picked = await vscode.window.showQuickPick([
        { label: 'Team', description: path.visibility === 'team' ? '(now)' : '', detail: 'Shared with your team through the team folder.', value: 'team' as const },
        { label: 'Private', description: path.visibility === 'private' ? '(now)' : '', detail: 'Only on this machine; never reaches the team folder.', value: 'private' as const },
      ], { title: plainText(`Who sees "${path.title}"?`) });
      if (!picked || picked.value === path.visibility) return;
      visibility = picked.value;
    }
    const store = stores.get();
    const plan = planPathVisibility(path, visibility, (id) => store.getArticle(id)?.visibility);
    if (plan.confirm && confirmed !== true) {
      const choice = await vscode.window.showWarningMessage(plainText(plan.confirm.message), { modal: true, detail: plainText(plan.confirm.detail) }, plainText(plan.confirm.button));
      if (choice !== plainText(plan.confirm.button)) return;
    }
    store.updatePath(path.id, { visibility: plan.visibility }, { share: plan.share });
    void vscode.window.showInformationMessage(plainText(plan.done));
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
    // A workspace tour gets the id the workspace import gives it, so that import does not bring it in twice.
    const store = stores.get();
    const relative = toRelativePath(uri);
    const onceId = relative && workspaceTourId(relative, result.path.title);
    const path = store.createPath({ ...result.path, ...(onceId && !store.pathIdTaken(onceId) ? { id: onceId } : {}) });
    if (result.summary.length) log.info(`Imported ${name} as "${path.title}":\n${result.summary.join('\n')}`);
    tree.refresh();
    void vscode.window.showInformationMessage(plainText(`Imported "${path.title}" with ${plural(path.steps.length, 'step')}${result.summary.length ? `; ${plural(result.summary.length, 'thing')} Lore cannot represent were dropped (see the log)` : ''}.`));
    return path.id;
  };

  /**
   * Import CodeTour Files from Workspace: every tour in .tours, .vscode/tours and .github/tours
   * not imported before (workspaceTours.ts says how that is decided). Returns the new paths' ids.
   */
  const importWorkspaceTours = async (): Promise<string[]> => {
    const files = await tours.scan();
    const store = stores.get();
    const { pending, imported, unreadable } = toursToImport(files, (id) => store.pathIdTaken(id));
    if (!files.length) {
      void vscode.window.showInformationMessage('No CodeTour files in this workspace: Lore looks in .tours, .vscode/tours and .github/tours for *.tour files.');
      return [];
    }
    const made: string[] = [];
    const problems: string[] = [];
    const dropped: string[] = [];
    const fileText = stepWorkspace(store).fileText;
    for (const tour of [...pending, ...unreadable]) {
      const file = files.find((f) => f.file === tour.file)!;
      const result = importCodeTour(tour.file, file.text, fileText);
      if (!result.ok) {
        problems.push(...result.problems);
        continue;
      }
      const path = store.createPath({ ...result.path, ...(tour.pathId ? { id: tour.pathId } : {}) });
      made.push(path.id);
      if (result.summary.length) dropped.push(`${tour.file} → "${path.title}":`, ...result.summary);
    }
    if (dropped.length) log.info(`Imported CodeTour files; what Lore cannot represent was dropped:\n${dropped.join('\n')}`);
    if (problems.length) log.warn(`CodeTour files not imported:\n${problems.join('\n')}`);
    const parts = [
      made.length ? `Imported ${plural(made.length, 'CodeTour tour')} as learning paths` : 'No new CodeTour tours to import',
      imported.length ? `${plural(imported.length, 'tour')} imported before ${imported.length === 1 ? 'was' : 'were'} skipped` : '',
      problems.length ? `${plural(unreadable.length + pending.length - made.length, 'file')} could not be read (see the log)` : '',
    ].filter(Boolean);
    if (problems.length) {
      void vscode.window.showWarningMessage(plainText(`${parts.join('; ')}.`), 'Show Log').then((choice) => {
        if (choice === 'Show Log') log.show();
      });
    } else void vscode.window.showInformationMessage(plainText(`${parts.join('; ')}.`));
    tree.refresh();
    return made;
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
    tours,
    tree,
    view,
    view.onDidChangeVisibility((e) => {
      if (e.visible) tours.ensureScanned();
    }),
    player,
    fileSystem,
    documents.mount('paths', fileSystem),
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
    // The note opens as a Markdown document (lore:/paths/…); a second argument sets it without one (scripts, tests).
    registerCommand(log, 'lore.paths.editStepNote', async (arg?: unknown, noteArg?: unknown) => {
      const node = stepArg(arg);
      if (typeof noteArg === 'string') stores.get().updatePathStep(node.path.id, node.step.id, { note: noteArg });
      else await openDocument(stepNoteUri(stores.get().getPath(node.path.id) ?? node.path, node.step.id));
    }),
    registerCommand(log, 'lore.paths.rename', (arg?: unknown, title?: unknown) => rename(arg, title)),
    registerCommand(log, 'lore.paths.editDescription', (arg?: unknown, text?: unknown) => editDescription(arg, text)),
    registerCommand(log, 'lore.paths.changeVisibility', (arg?: unknown, to?: unknown, confirmed?: unknown) => changeVisibility(arg, to, confirmed)),
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
    registerCommand(log, 'lore.paths.importWorkspaceTours', () => importWorkspaceTours()),
    registerCommand(log, 'lore.paths.exportCodeTour', (arg?: unknown, target?: unknown) => exportTour(arg, target instanceof vscode.Uri ? target : undefined)),
  ];
  return { disposables, api: { tree, view, player, tours } };
}
