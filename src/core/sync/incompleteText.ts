import type { WaitingFor } from './syncEngine';

const MAX_NAMED = 3;

/** "Ann's device" or "device 1a2b3c4d": who a copy is waiting for, as the user knows them. */
function whose(waiting: WaitingFor): string {
  return waiting.author ? `${waiting.author}'s device` : `device ${waiting.device.slice(0, 8)}`;
}

/**
 * What to tell the user when this copy of the team's knowledge is known to be incomplete (a gap
 * in a device's files, a segment a teammate cited that has not arrived, a missing DEVICE.json):
 * the notification told once per set of devices, or undefined when nothing is awaited.
 */
export function incompleteNotice(waitingFor: readonly WaitingFor[]): string | undefined {
  if (!waitingFor.length) return undefined;
  const names = waitingFor.slice(0, MAX_NAMED).map(whose).join(', ');
  const more = waitingFor.length > MAX_NAMED ? ' and others' : '';
  return `Lore: your copy of the team's knowledge is incomplete until files from ${names}${more} arrive in the team folder (${waitingFor[0].reason}).`;
}

/** One line per device waited for, for the status bar tooltip. */
export function incompleteLines(waitingFor: readonly WaitingFor[]): string[] {
  return waitingFor.map((w) => `${whose(w)}: ${w.reason}`);
}
