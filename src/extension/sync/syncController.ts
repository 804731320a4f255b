import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoreStore } from '../../core/store/loreStore';
import { uncommittedLoreFiles } from '../../core/sync/gitStatus';
import { GitMode, type GitModeSetting } from '../../core/sync/gitMode';
import { nodeGitRunner } from '../../core/sync/gitRunner';
import { describeHeldDeletions } from '../../core/sync/heldDeletionText';
import { createNodeSyncFs } from '../../core/sync/nodeSyncFs';
import { incompleteNotice } from '../../core/sync/incompleteText';
import { setAsideNotices } from '../../core/sync/setAsideText';
import { SyncEngine, type SyncProgress, type SyncStatus, type SyncSummary } from '../../core/sync/syncEngine';
import { showFailure } from '../common/commands';
import type { LoreServices } from '../common/services';
import { loreMessage } from '../../core/loreMessage';
import { plainMessage, plainText } from '../../core/plainText';
import { describeError } from '../../core/errors';
import { Debouncer } from '../../core/debouncer';

const LOCAL_CHANGE_DEBOUNCE_MS = 3_000;
const INTERVAL_MS = 60_000;
const WATCH_DEBOUNCE_MS = 1_500;

export function configuredTeamFolder(): string | undefined {
  const folder = vscode.workspace.getConfiguration('lore').get<string>('teamFolder')?.trim();
  return folder ? path.resolve(folder.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~')) : undefined;
}

/** `lore.sync.gitMode`: `auto` syncs a team folder in a git repository with a remote through git. */
function configuredGitMode(): GitMode | undefined {
  const mode = vscode.workspace.getConfiguration('lore').get<GitModeSetting>('sync.gitMode');
  return mode === 'auto' ? new GitMode({ runner: nodeGitRunner() }) : undefined;
}

/**
 * Drives the core sync engine from VS Code: after local changes (debounced), when files in the
 * team folder change (a watcher, only a hint: the engine always lists the folder), on an
 * interval, on window focus, and on demand. Tells the user what needs them, once.
 */
export class SyncController implements vscode.Disposable {
  private engine: SyncEngine | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly statusEmitter = new vscode.EventEmitter<SyncStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly afterLocalChange = new Debouncer(LOCAL_CHANGE_DEBOUNCE_MS, () => void this.syncInBackground());
  private readonly afterFolderChange = new Debouncer(WATCH_DEBOUNCE_MS, () => void this.syncInBackground());
  private interval: NodeJS.Timeout | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private lastStopReason: string | undefined;
  private askingAboutDeletions = false;
  /** Alarms and gaps already shown as notifications in this window: each is shown once. */
  private readonly told = new Set<string>();

  constructor(private readonly services: LoreServices) {
    this.disposables.push(
      services.stores.onDidChange((change) => {
        // A resolved conflict shows in the status bar now, not at the next sync.
        this.engine?.refreshConflictCount();
        if (change.origin === 'local') this.schedule('local');
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) this.schedule('watch');
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lore.teamFolder')) this.configure();
        if (e.affectsConfiguration('lore.sync.gitMode')) this.engine?.setGit(configuredGitMode());
      }),
    );
    this.configure();
  }

  get status(): SyncStatus {
    return this.engine?.status ?? (configuredTeamFolder() ? { state: 'idle', folder: configuredTeamFolder(), message: 'Not synced yet' } : { state: 'off', message: 'No team folder set up' });
  }

  /** The engine, made on first use (it needs the database). */
  engineFor(store: LoreStore = this.services.stores.get()): SyncEngine {
    if (!this.engine) {
      this.engine = new SyncEngine({
        store, fs: createNodeSyncFs(), folder: configuredTeamFolder(), uncommittedFiles: uncommittedLoreFiles, git: configuredGitMode(), log: (m) => this.services.log.info(`[sync] ${m}`),
        leaseHolder: `a VS Code window (${vscode.workspace.name ?? 'no folder open'}, process ${process.pid})`,
      });
      this.engine.onDidChangeStatus((s) => this.statusEmitter.fire(s));
    }
    return this.engine;
  }

  private configure(): void {
    const folder = configuredTeamFolder();
    this.engine?.setFolder(folder);
    this.watcher?.dispose();
    this.watcher = undefined;
    clearInterval(this.interval);
    this.interval = undefined;
    this.lastStopReason = undefined;
    if (folder) {
      this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), 'lore/**'));
      // Lore's own temporary files come and go during every publish: not a reason to sync again.
      const hint = (uri: vscode.Uri) => {
        if (!uri.path.includes('/lore/.staging/')) this.schedule('watch');
      };
      this.watcher.onDidCreate(hint);
      this.watcher.onDidChange(hint);
      this.interval = setInterval(() => void this.syncInBackground(), INTERVAL_MS);
      // First sync shortly after start-up, off the activation path.
      this.schedule('watch');
    }
    this.statusEmitter.fire(this.status);
  }

  private schedule(reason: 'local' | 'watch'): void {
    if (!configuredTeamFolder()) return;
    (reason === 'local' ? this.afterLocalChange : this.afterFolderChange).schedule();
  }

  /** An automatic sync: progress in the status bar, problems reported once. */
  private async syncInBackground(): Promise<void> {
    if (!configuredTeamFolder()) return;
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Lore sync' }, (progress) =>
        this.run((p) => progress.report({ message: p.message })));
    } catch (error) {
      this.services.log.error(`[sync] ${describeError(error)}`);
    }
  }

  /** A sync the user asked for: a notification with progress, and a result message. */
  async syncNow(): Promise<SyncSummary | undefined> {
    if (!configuredTeamFolder()) {
      const choice = await vscode.window.showInformationMessage('No team folder is set up yet.', 'Set Up Team Folder');
      if (choice) await vscode.commands.executeCommand('lore.setupTeamFolder');
      return undefined;
    }
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Lore: syncing with the team folder', cancellable: false },
      (progress) => this.run(reporter(progress)),
    );
    if (!summary.stopped) {
      const parts = [`sent ${summary.published}`, `received ${summary.ingested} change${summary.ingested === 1 ? '' : 's'}`];
      if (summary.pending.length) parts.push(`${summary.pending.length} file(s) not readable yet`);
      if (summary.conflicts) parts.push(`${summary.conflicts} conflict(s) to resolve`);
      void vscode.window.showInformationMessage(plainMessage`Lore synced: ${parts.join(', ')}.`);
    }
    return summary;
  }

  /** Runs one sync and reacts to what needs the user. */
  async run(progress?: (p: SyncProgress) => void): Promise<SyncSummary> {
    await this.services.stores.authorKnown(); // the device file carries the author name
    const summary = await this.engineFor().syncNow(progress);
    const log = this.services.log;
    if (summary.ingested || summary.published) log.info(`[sync] sent ${summary.published}, received ${summary.ingested}`);
    for (const p of summary.pending) log.warn(`[sync] waiting for ${p.path}: ${p.reason}`);
    for (const w of summary.warnings) log.warn(`[sync] ${w}`);
    if (summary.stopped) {
      if (this.lastStopReason !== summary.stopped.reason) {
        this.lastStopReason = summary.stopped.reason;
        log.warn(`[sync] stopped: ${summary.stopped.reason}`);
        // Another team's folder (e.g. a teammate created the team at the same moment): offer to join it.
        const folder = summary.stopped.code === 'other-team' ? this.engineFor().status.folder : undefined;
        const { reason, hint } = summary.stopped;
        void (folder
          ? vscode.window.showWarningMessage(plainMessage`Lore stopped syncing: ${reason}`, { detail: plainText(hint) }, 'Join This Team', 'Open Settings')
          : vscode.window.showWarningMessage(plainMessage`Lore stopped syncing: ${reason}`, { detail: plainText(hint) }, 'Open Settings'))
          .then((c) => c === 'Join This Team'
            ? vscode.commands.executeCommand('lore.setupTeamFolder', folder, 'join')
            : c && vscode.commands.executeCommand('workbench.action.openSettings', 'lore.teamFolder'));
      }
      return summary;
    }
    this.lastStopReason = undefined;
    for (const alarm of summary.alarms) log.warn(`[sync] ${alarm}`);
    // Problems with the team's data are notifications, not only log lines; each once per window.
    for (const alarm of summary.alarms) this.tellOnce(alarm, () => void vscode.window.showWarningMessage(plainText(loreMessage(alarm)), 'Verify Team Folder')
      .then((c) => c && vscode.commands.executeCommand('lore.verifyTeamFolder')));
    // Invalid changes set aside: told once each (the engine marks only this sync's as new); the tooltip keeps listing them.
    for (const notice of setAsideNotices(summary.setAside)) {
      log.warn(`[sync] ${notice}`);
      this.tellOnce(notice, () => void vscode.window.showWarningMessage(plainText(loreMessage(notice)), 'Verify Team Folder')
        .then((c) => c && vscode.commands.executeCommand('lore.verifyTeamFolder')));
    }
    const incomplete = incompleteNotice(summary.waitingFor);
    if (incomplete) {
      this.tellOnce(`waiting:${summary.waitingFor.map((w) => w.device).sort().join(',')}`, () => void vscode.window.showInformationMessage(plainText(incomplete)));
    }
    if (summary.deletesOverridden.length) {
      void vscode.window.showInformationMessage(plainMessage`A teammate deleted ${summary.deletesOverridden.length} record(s) that someone had edited at the same time; Lore kept them.`);
    }
    // Not awaited: the sync is done; the question waits for the user. Its failures (approving
    // writes SQLite, which can be locked) are shown by askAboutDeletions itself.
    if (summary.heldDeletions > 0) void this.askAboutDeletions();
    return summary;
  }

  private tellOnce(key: string, show: () => void): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    show();
  }

  private async askAboutDeletions(): Promise<void> {
    if (this.askingAboutDeletions) return;
    this.askingAboutDeletions = true;
    try {
      const engine = this.engineFor();
      const held = engine.heldDeletions();
      if (!held.length) return;
      const { headline, lines } = describeHeldDeletions(held);
      const choice = await vscode.window.showWarningMessage(
        plainText(headline),
        { modal: true, detail: plainMessage`${lines.map((line) => `• ${line}`).join('\n')}\n\nKeep restores them for everyone; Delete applies the deletions here.` },
        'Keep Them',
        'Delete',
      );
      if (choice === 'Keep Them') engine.rejectHeldDeletions();
      else if (choice === 'Delete') engine.approveHeldDeletions();
    } catch (error) {
      showFailure(this.services.log, 'Deciding about held deletions', error);
    } finally {
      this.askingAboutDeletions = false;
    }
  }

  dispose(): void {
    this.afterLocalChange.dispose();
    this.afterFolderChange.dispose();
    clearInterval(this.interval);
    this.watcher?.dispose();
    this.engine?.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.statusEmitter.dispose();
  }
}

function reporter(progress: vscode.Progress<{ message?: string; increment?: number }>): (p: SyncProgress) => void {
  let last = 0;
  return (p) => {
    const fraction = p.total ? Math.min(1, (p.done ?? 0) / p.total) : undefined;
    const increment = fraction !== undefined ? Math.max(0, fraction * 100 - last) : undefined;
    if (fraction !== undefined) last = fraction * 100;
    progress.report({ message: p.message, increment });
  };
}
