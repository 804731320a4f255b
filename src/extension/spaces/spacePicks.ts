import * as vscode from 'vscode';
import { LoreError } from '../../core/errors';
import type { SpaceListing } from '../../core/spaces/spaceActions';
import { labelText } from '../../core/labelText';
import { printable } from '../../core/sync/printable';

/** A space's name as a member sees it, or "a locked space" for one this device cannot read. */
export function spaceLabel(s: SpaceListing): string {
  return s.name ? `"${printable(s.name)}"` : 'a locked space';
}

/**
 * The space a command works on: the one given (tests and scripts pass its id or name), the only
 * one that fits, or the user's pick. `none` says why no space fits, with what to do.
 */
export async function pickSpace(spaces: SpaceListing[], given: unknown, fits: (s: SpaceListing) => boolean, title: string, none: LoreError): Promise<SpaceListing | undefined> {
  if (typeof given === 'string' && given.trim()) {
    const which = given.trim();
    const found = spaces.filter((s) => s.space === which || s.name === which || (which.length >= 4 && s.space.startsWith(which)));
    if (found.length === 1) return found[0];
    throw new LoreError(found.length ? `"${which}" names more than one space.` : `There is no space "${which}" in the team folder.`, 'Run the command without arguments to pick a space from a list.');
  }
  const candidates = spaces.filter(fits);
  if (!candidates.length) throw none;
  const picked = await vscode.window.showQuickPick(candidates.map((s) => ({
    label: s.name ? labelText(printable(s.name)) : '$(lock) Locked space',
    description: labelText(s.space.slice(0, 8)),
    detail: `${s.members.length} member device(s)${s.pending.length ? `, ${s.pending.length} asking to join` : ''}; you: ${labelText(s.you)}`,
    space: s,
  })), { title, ignoreFocusOut: true });
  return picked?.space;
}

/** A device of the space (a member or one asking to join) picked by the user, or the one given. */
export async function pickDevice<T extends { person: string; device: string }>(devices: T[], given: unknown, title: string, when: (d: T) => string): Promise<T | undefined> {
  if (typeof given === 'string' && given.trim()) {
    const who = given.trim();
    const found = devices.filter((d) => d.device === who || (who.length >= 4 && d.device.startsWith(who)));
    if (found.length === 1) return found[0];
    throw new LoreError(`No device "${who}" fits here.`, 'Run the command without arguments to pick from a list.');
  }
  const picked = await vscode.window.showQuickPick(devices.map((d) => ({
    label: labelText(printable(d.person)),
    description: `device ${labelText(d.device)}`,
    detail: labelText(when(d)),
    device: d,
  })), { title, ignoreFocusOut: true });
  return picked?.device;
}
