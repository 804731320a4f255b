import * as vscode from 'vscode';
import { toursToImport, type WorkspaceTour } from '../../core/paths/workspaceTours';
import type { LoreServices } from '../common/services';
import { toRelativePath } from '../common/workspacePaths';

/** Where CodeTour keeps a workspace's tours. */
const TOUR_GLOB = '{.tours,.vscode/tours,.github/tours}/*.tour';

export interface TourFile {
  file: string;
  uri: vscode.Uri;
  text: string;
}

/**
 * The CodeTour files of the open workspace and which of them are not imported yet, for the
 * Learning Paths view's "Import … CodeTour tours" row. Files are read when the view is shown and
 * when a tour file changes (a watcher), never from the tree's getChildren; a store change
 * (an import here, a teammate's) only recomputes which are pending from the files last read.
 */
export class WorkspaceTours implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private files: TourFile[] = [];
  private pendingTours: WorkspaceTour[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private scanned = false;

  constructor(private readonly services: LoreServices) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${TOUR_GLOB}`);
    const rescan = () => void this.scan().catch((error: unknown) => services.log.warn(`Could not look for CodeTour files: ${String(error)}`));
    this.subscriptions.push(
      watcher, watcher.onDidCreate(rescan), watcher.onDidChange(rescan), watcher.onDidDelete(rescan),
      vscode.workspace.onDidChangeWorkspaceFolders(rescan),
      services.stores.onDidChange((change) => {
        if (change.entities.includes('path')) this.recompute();
      }),
    );
  }

  /** Tours found and not imported yet (as of the last scan). */
  get pending(): readonly WorkspaceTour[] {
    return this.pendingTours;
  }

  /** Scans once, the first time someone looks (the view shown); later scans follow the watcher. */
  ensureScanned(): void {
    if (this.scanned) return;
    this.scanned = true;
    void this.scan().catch((error: unknown) => this.services.log.warn(`Could not look for CodeTour files: ${String(error)}`));
  }

  /** Reads the workspace's tour files again; returns them all. */
  async scan(): Promise<TourFile[]> {
    this.scanned = true;
    const found: TourFile[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, TOUR_GLOB))) {
        const file = toRelativePath(uri);
        if (!file) continue;
        found.push({ file, uri, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
      }
    }
    this.files = found.sort((a, b) => a.file.localeCompare(b.file));
    this.recompute();
    return this.files;
  }

  private recompute(): void {
    const store = this.services.stores.tryGet();
    const before = this.pendingTours.map((t) => t.pathId).join();
    this.pendingTours = store ? toursToImport(this.files, (id) => store.pathIdTaken(id)).pending : [];
    if (this.pendingTours.map((t) => t.pathId).join() !== before) this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
