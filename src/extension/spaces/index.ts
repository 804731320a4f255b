import * as vscode from 'vscode';
import { systemClock } from '../../core/clock';
import { LoreError } from '../../core/errors';
import { plainMessage, plainText } from '../../core/plainText';
import { approveJoin, createSpace, joinRequestSafetyNumber, listSpaces, requestToJoin, rotateSpace, type SpaceActionContext } from '../../core/spaces/spaceActions';
import { createNodeSyncFs } from '../../core/sync/nodeSyncFs';
import { printable } from '../../core/sync/printable';
import { SyncLedger } from '../../core/sync/syncLedger';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import { configuredTeamFolder, type SyncController } from '../sync/syncController';
import { pickDevice, pickSpace, spaceLabel } from './spacePicks';

const SAFETY_ADVICE = "Compare this number with your teammate's before approving, in person or on a call you trust.";

/**
 * Encrypted spaces from VS Code (`lore space …` in the CLI), on the same core actions: each
 * writes one signed membership record to the team folder, then a sync publishes it.
 */
export function registerSpaces(services: LoreServices, sync: SyncController): vscode.Disposable[] {
  const { log } = services;

  const contextFor = async (): Promise<SpaceActionContext> => {
    const root = configuredTeamFolder();
    if (!root) throw new LoreError('Spaces live in a team folder, and none is set up yet.', 'Run "Lore: Set Up Team Folder" first.');
    await services.stores.authorKnown(); // a member is shown by their author name
    const store = services.stores.get();
    return {
      fs: createNodeSyncFs(), root, store, ledger: new SyncLedger(store, systemClock), now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
  };

  /** Publishes the record just written (and brings in the others'), as "Lore: Sync Now" does. */
  const publish = () => sync.syncNow();

  // createSpace accepts its name from tests and scripts, and asks otherwise.
  const create = async (nameArg?: unknown) => {
    const ctx = await contextFor();
    const name = typeof nameArg === 'string' ? nameArg : await vscode.window.showInputBox({
      title: 'Lore: Create Space',
      prompt: 'A name for the space, e.g. platform or security. Only its members see the name.',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() && v.trim().length <= 200 ? undefined : 'Give a name of 1 to 200 characters.'),
    });
    if (name === undefined) return undefined;
    const made = await createSpace(ctx, name);
    await publish();
    void vscode.window.showInformationMessage(plainMessage`Created space "${made.name}". You are its only member, and from now on this device encrypts everything it shares for it: people outside it see only that files exist. Teammates join with "Lore: Request to Join Space", then you approve them.`);
    return made;
  };

  const request = async (spaceArg?: unknown) => {
    const ctx = await contextFor();
    const space = await pickSpace(await listSpaces(ctx), spaceArg, (s) => s.you === 'not a member' || s.you === 'removed', 'Lore: ask to join which space?',
      new LoreError('There is no space in the team folder that this device could ask to join.', 'Sync first; a teammate creates a space with "Lore: Create Space".'));
    if (!space) return undefined;
    const asked = await requestToJoin(ctx, space.space);
    await publish();
    const numbers = asked.safetyNumbers.map((s) => `${printable(s.person)} (device ${s.device}): ${s.number}`);
    void vscode.window.showInformationMessage(
      plainMessage`Asked to join ${spaceLabel(space)}. Before a member approves, compare the safety number with them.`,
      {
        modal: true,
        detail: plainText(`${numbers.length ? `Safety number with each member:\n${numbers.join('\n')}` : 'No member was found yet: sync and try again to see the number.'}\n\n` +
          `${SAFETY_ADVICE} Until a member approves, your changes wait on this machine: nothing is shared unencrypted.`),
      },
    );
    return asked;
  };

  const approve = async (spaceArg?: unknown, deviceArg?: unknown) => {
    const ctx = await contextFor();
    const space = await pickSpace(await listSpaces(ctx), spaceArg, (s) => s.you === 'member' && s.pending.length > 0, 'Lore: approve a request to join which space?',
      new LoreError('No one is waiting to join a space you are a member of.', 'Sync first: a request reaches you when the other device has synced.'));
    if (!space) return undefined;
    if (!space.pending.length) throw new LoreError(plainMessage`No one is waiting to join ${spaceLabel(space)}.`, 'Sync first: a request reaches you when the other device has synced.');
    const asking = await pickDevice(space.pending, deviceArg, 'Lore: approve whose request?', (p) => `asked on ${p.at.slice(0, 10)}`);
    if (!asking) return undefined;
    const preview = await joinRequestSafetyNumber(ctx, space.space, asking.device);
    const choice = await vscode.window.showWarningMessage(
      plainMessage`Safety number with ${preview.person} (device ${preview.device}): ${preview.safetyNumber}`,
      {
        modal: true,
        detail: plainText(`${SAFETY_ADVICE} Approve only if it is the number their machine shows: if it differs, someone else wrote this request. Once approved, ${printable(preview.person)} can read everything in ${spaceLabel(space)}.`),
      },
      'Approve',
    );
    if (choice !== 'Approve') return undefined;
    const approved = await approveJoin(ctx, space.space, asking.device);
    await publish();
    void vscode.window.showInformationMessage(plainMessage`Approved: ${approved.person} can read everything in ${spaceLabel(space)} once they sync.`);
    return approved;
  };

  const remove = async (spaceArg?: unknown, deviceArg?: unknown) => {
    const ctx = await contextFor();
    const me = ctx.store.deviceId;
    const space = await pickSpace(await listSpaces(ctx), spaceArg, (s) => s.you === 'member' && s.members.some((m) => m.device !== me), 'Lore: remove a member from which space?',
      new LoreError('You are not a member of a space with other members.', 'Run "Lore: Sync Now" if a teammate joined recently.'));
    if (!space) return undefined;
    const member = await pickDevice(space.members.filter((m) => m.device !== me), deviceArg, 'Lore: remove which device?', (m) => `member since ${m.since.slice(0, 10)}`);
    if (!member) return undefined;
    const choice = await vscode.window.showWarningMessage(
      plainMessage`Remove ${member.person}'s device ${member.device} from ${spaceLabel(space)}?`,
      {
        modal: true,
        detail: 'Lore makes a new key for the other members. The removed device cannot read anything written after this, but it keeps everything it already had: removing it cannot take that back.',
      },
      'Remove',
    );
    if (choice !== 'Remove') return undefined;
    const done = await rotateSpace(ctx, space.space, [member.device]);
    await publish();
    void vscode.window.showInformationMessage(plainMessage`Removed ${member.person}'s device from ${spaceLabel(space)}. It cannot read what is written from now on, but it keeps everything it already had.`);
    return done;
  };

  const rotate = async (spaceArg?: unknown) => {
    const ctx = await contextFor();
    const space = await pickSpace(await listSpaces(ctx), spaceArg, (s) => s.you === 'member', 'Lore: make a new key for which space?',
      new LoreError('You are not a member of any space.', 'Create one with "Lore: Create Space" or ask to join one.'));
    if (!space) return undefined;
    const done = await rotateSpace(ctx, space.space);
    await publish();
    void vscode.window.showInformationMessage(plainMessage`Made a new key for ${spaceLabel(space)}; every member gets it on their next sync.`);
    return done;
  };

  return [
    registerCommand(log, 'lore.createSpace', create),
    registerCommand(log, 'lore.requestToJoinSpace', request),
    registerCommand(log, 'lore.approveJoinRequest', approve),
    registerCommand(log, 'lore.removeSpaceMember', remove),
    registerCommand(log, 'lore.rotateSpaceKey', rotate),
  ];
}
