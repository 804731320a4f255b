import * as vscode from 'vscode';
import { createBodyMerger } from '../../core/sync/bodyMerge';
import { createNodeSyncFs } from '../../core/sync/nodeSyncFs';
import { likelySetupMode } from '../../core/sync/setupChoice';
import { describeVerifyProblem } from '../../core/sync/verifyTeamFolder';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import { configuredTeamFolder, SyncController } from './syncController';
import { createSyncStatusBar } from './syncStatusBar';
import { plainMessage } from '../../core/plainText';

/** Team sync through a shared folder: settings, commands, status bar, background syncing. */
export function registerSync(services: LoreServices): { disposables: vscode.Disposable[]; api: SyncController } {
  // Concurrent body edits merge line by line when they do not overlap (must be set before the store opens).
  services.stores.addMerger(createBodyMerger());
  const controller = new SyncController(services);
  const { log } = services;

  const setUp = async () => {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: 'Use as Team Folder',
      title: 'Choose the folder your team shares (network drive, synced folder, or a folder in a git repository)',
      defaultUri: configuredTeamFolder() ? vscode.Uri.file(configuredTeamFolder()!) : undefined,
    });
    const folder = picked?.[0]?.fsPath;
    if (!folder) return;
    return setUpFolder(folder);
  };

  const setUpFolder = async (folder: string, modeArg?: 'create' | 'join') => {
    const mode = modeArg ?? (await pickSetupMode(folder));
    if (!mode) return;
    await services.stores.authorKnown(); // the device file carries the author name
    const { teamId } = await controller.engineFor().setUp(folder, mode);
    await vscode.workspace.getConfiguration('lore').update('teamFolder', folder, vscode.ConfigurationTarget.Global);
    log.info(`[sync] ${mode === 'create' ? 'created' : 'joined'} team ${teamId} in ${folder}`);
    await controller.syncNow();
    return teamId;
  };

  // The first row is what the folder implies (a Lore folder: join; anything else: create).
  const pickSetupMode = async (folder: string) => {
    const likely = await likelySetupMode(createNodeSyncFs(), folder);
    const join = { label: '$(organization) Join my team', description: 'A teammate already set Lore up in this folder', mode: 'join' as const };
    const create = { label: '$(new-folder) Create a new team folder', description: 'Start sharing knowledge from here', mode: 'create' as const };
    const picked = await vscode.window.showQuickPick(likely === 'join' ? [join, create] : [create, join], { title: `Team folder: ${folder}` });
    return picked?.mode;
  };

  const verify = async () => {
    if (!configuredTeamFolder()) {
      void vscode.window.showInformationMessage('No team folder is set up, so there is nothing to verify.');
      return;
    }
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Lore: verifying the team folder' },
      (progress) => controller.engineFor().verify((message) => progress.report({ message })),
    );
    log.info(`[verify] ${report.summary}`);
    for (const p of report.problems) log.warn(`[verify] ${describeVerifyProblem(p)}`);
    for (const u of report.unchecked) log.info(`[verify] not checked: ${u}`);
    if (report.ok) void vscode.window.showInformationMessage(plainMessage`Team folder verified: ${report.summary}`);
    else {
      const choice = await vscode.window.showWarningMessage(plainMessage`Team folder has ${report.problems.length} problem(s): ${describeVerifyProblem(report.problems[0])}`, 'Show All');
      if (choice) log.show();
    }
    return report;
  };

  const disposables = [
    controller,
    createSyncStatusBar(controller.status, controller.onDidChangeStatus),
    // setupTeamFolder accepts (folder, mode) from tests and scripts, and asks otherwise.
    registerCommand(log, 'lore.setupTeamFolder', (folder?: unknown, mode?: unknown) =>
      typeof folder === 'string' ? setUpFolder(folder, mode === 'create' || mode === 'join' ? mode : undefined) : setUp()),
    registerCommand(log, 'lore.syncNow', () => controller.syncNow()),
    registerCommand(log, 'lore.verifyTeamFolder', verify),
  ];
  return { disposables, api: controller };
}
