import * as vscode from 'vscode';
import { describeStep, orderPaths, stepLabel, type LearningPath, type PathStep } from '../../core/paths/pathModel';
import { resolvePathSteps, type StepHealth } from '../../core/paths/stepHealth';
import { plural } from '../../core/plural';
import type { LoreServices } from '../common/services';
import { stepWorkspace } from './stepWorkspace';
import type { WorkspaceTours } from './workspaceTours';

export class PathNode {
  constructor(readonly path: LearningPath, readonly played: boolean, readonly progressStep: number | undefined) {}
  get id(): string {
    return `path:${this.path.id}`;
  }
  toTreeItem(): vscode.TreeItem {
    const p = this.path;
    const item = new vscode.TreeItem(p.title, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const parts = [plural(p.steps.length, 'step')];
    if (p.startHere) parts.unshift('start here');
    if (this.progressStep !== undefined) parts.push(`at step ${this.progressStep + 1}`);
    if (p.visibility === 'private') parts.push('private');
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(p.startHere && !this.played ? 'star-full' : 'milestone');
    item.contextValue = 'lore.learningPath';
    item.tooltip = p.description ? `${p.title}\n\n${p.description}` : p.title;
    item.command = { command: 'lore.paths.play', title: 'Play', arguments: [p.id] };
    return item;
  }
}

export class StepNode {
  constructor(readonly path: LearningPath, readonly step: PathStep, readonly index: number, readonly health: StepHealth | undefined) {}
  get id(): string {
    return `step:${this.path.id}:${this.step.id}`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`${this.index + 1}. ${stepLabel(this.step)}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const state = this.health?.state;
    const trouble = state === 'changed' ? 'code changed' : state === 'gone' ? 'gone' : state === 'elsewhere' ? 'not in this workspace' : undefined;
    item.description = trouble ? `${describeStep(this.step)} · ${trouble}` : describeStep(this.step);
    item.tooltip = [this.step.note || '(no note)', this.health && this.health.state !== 'current' ? `\n${this.health.reason}` : ''].join('');
    item.iconPath = new vscode.ThemeIcon(trouble ? 'warning' : this.step.kind === 'article' ? 'book' : this.step.kind === 'code' ? 'code' : this.step.kind === 'file' && this.step.directory ? 'folder' : 'file');
    // Re-attach Here is offered on code steps whose code changed or is gone.
    item.contextValue = this.step.kind === 'code' && trouble ? 'lore.pathStep.needsAttention' : 'lore.pathStep';
    item.command = { command: 'lore.paths.play', title: 'Play from here', arguments: [this.path.id, this.index] };
    return item;
  }
}

/** The offer to import the workspace's CodeTour files that are not imported yet (first row). */
export class ToursNode {
  constructor(readonly count: number) {}
  get id(): string {
    return 'workspace-tours';
  }
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Import ${plural(this.count, 'CodeTour tour')} from this workspace`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('cloud-download');
    item.tooltip = 'CodeTour files in .tours, .vscode/tours or .github/tours that are not Lore learning paths yet. Each is imported once.';
    item.contextValue = 'lore.workspaceTours';
    item.command = { command: 'lore.paths.importWorkspaceTours', title: 'Import CodeTour Files from Workspace' };
    return item;
  }
}

export type PathTreeNode = PathNode | StepNode | ToursNode;

const STEP_MIME = 'application/vnd.code.tree.lore.learningpaths';

/**
 * The Learning Paths section of the Lore view: *start here* paths someone has not played first,
 * each path's steps with their health (same states as article snippets). Steps are reordered by
 * drag and drop within their path.
 */
export class PathsTreeProvider implements vscode.TreeDataProvider<PathTreeNode>, vscode.TreeDragAndDropController<PathTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PathTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly dragMimeTypes = [STEP_MIME];
  readonly dropMimeTypes = [STEP_MIME];
  private health = new Map<string, StepHealth>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: LoreServices, private readonly tours?: WorkspaceTours) {
    if (tours) this.subscriptions.push(tours.onDidChange(() => this.refresh()));
    this.subscriptions.push(services.stores.onDidChange((change) => {
      if (change.entities.includes('path') || change.entities.includes('article')) this.refresh();
    }));
    this.subscriptions.push(vscode.workspace.onDidSaveTextDocument(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: PathTreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getParent(node: PathTreeNode): PathTreeNode | undefined {
    return node instanceof StepNode ? this.pathNode(node.path) : undefined;
  }

  getChildren(node?: PathTreeNode): PathTreeNode[] {
    const store = this.services.stores.tryGet();
    if (!store) return [];
    if (!node) {
      const paths = store.listPaths();
      this.health = resolvePathSteps(paths, stepWorkspace(store));
      const played = store.playedPathIds();
      const offer = this.tours?.pending.length ? [new ToursNode(this.tours.pending.length)] : [];
      return [...offer, ...orderPaths(paths, (id) => played.has(id)).map((p) => this.pathNode(p))];
    }
    if (node instanceof PathNode) {
      const path = store.getPath(node.path.id);
      return path ? path.steps.map((step, i) => new StepNode(path, step, i, this.health.get(step.id))) : [];
    }
    return [];
  }

  private pathNode(path: LearningPath): PathNode {
    const store = this.services.stores.tryGet();
    const progress = store?.pathProgress(path.id);
    return new PathNode(path, !!progress, progress?.step);
  }

  /** The health of one step as the tree last computed it. */
  stepHealth(stepId: string): StepHealth | undefined {
    return this.health.get(stepId);
  }

  handleDrag(source: readonly PathTreeNode[], data: vscode.DataTransfer): void {
    const step = source.find((n): n is StepNode => n instanceof StepNode);
    if (step) data.set(STEP_MIME, new vscode.DataTransferItem(JSON.stringify({ pathId: step.path.id, stepId: step.step.id })));
  }

  async handleDrop(target: PathTreeNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const raw = await data.get(STEP_MIME)?.asString();
    if (!raw || !target || target instanceof ToursNode) return;
    const { pathId, stepId } = JSON.parse(raw) as { pathId: string; stepId: string };
    if (target.path.id !== pathId) return;
    const index = target instanceof StepNode ? target.index : 0;
    this.services.stores.get().movePathStepTo(pathId, stepId, index);
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
