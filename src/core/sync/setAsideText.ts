import { plural } from '../plural';

/** A change from the team folder that was not applied because it is invalid (see SyncLedger.quarantined). */
export interface SetAsideChange {
  /** The device that signed it. */
  device: string;
  /** Who that is, as the user knows it: "Mal's device (1a2b3c4d)" or "device 1a2b3c4d". */
  from: string;
  /** The file it came in (a segment, or a segment carried by a snapshot), relative to the team folder. */
  path: string;
  line: number;
  reason: string;
  /** When it was set aside here. */
  at: string;
  /** Set aside by this sync: the user has not been told about it yet. */
  isNew: boolean;
}

/** One line per change, for the CLI's "Set aside:" lines and the status bar tooltip. */
export function describeSetAside(change: SetAsideChange): string {
  return `a change from ${change.from} (${change.path} line ${change.line}): ${change.reason}`;
}

/**
 * What to tell the user once about changes set aside by this sync, one message per device that
 * sent them (earlier ones are not told again: they stay listed in the summary and in Verify).
 */
export function setAsideNotices(changes: readonly SetAsideChange[]): string[] {
  const byDevice = new Map<string, SetAsideChange[]>();
  for (const change of changes.filter((c) => c.isNew)) byDevice.set(change.device, [...(byDevice.get(change.device) ?? []), change]);
  return [...byDevice.values()].map((entries) => {
    const one = entries.length === 1;
    return `${plural(entries.length, 'change')} from ${entries[0].from} ${one ? 'was' : 'were'} set aside, not applied, because ${one ? 'it is' : 'they are'} invalid ` +
      `(${entries[0].path} line ${entries[0].line}: ${entries[0].reason}). Everything else was applied. Ask its owner to update Lore; "Verify Team Folder" lists them all.`;
  });
}
