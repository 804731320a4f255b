import { markdownText } from '../markdownText';
import { incompleteLines } from './incompleteText';
import { describeSetAside } from './setAsideText';
import type { SyncStatus } from './syncEngine';

const MAX_SET_ASIDE_SHOWN = 5;

/** The Markdown of the sync status bar item's tooltip and the only commands its links may run. */
export interface SyncTooltip {
  markdown: string;
  /** For `MarkdownString.isTrusted = { enabledCommands }`: Lore's own commands, nothing else. */
  commands: string[];
}

/**
 * The tooltip's links ("Sync now", "Verify folder") work only when VS Code trusts them; trusting
 * the whole string would also let a `command:` link in the status message run (it can quote a
 * teammate's file), so the message and folder are escaped and only these commands are enabled.
 */
export function syncTooltip(status: SyncStatus): SyncTooltip {
  const parts = [`**Lore team sync**: ${markdownText(status.message)}`];
  if (status.folder) parts.push(`Folder: ${markdownText(status.folder)}`);
  if (status.lastSync) parts.push(`Last sync: ${markdownText(new Date(status.lastSync).toLocaleString())}`);
  // Git mode: what the last pull and push did, or why they did not.
  const git = status.lastSummary?.git;
  if (git) parts.push(`Git: ${markdownText(git.message)}`);
  // A copy known to be incomplete says so, with whom it waits for, while it lasts.
  const waiting = status.lastSummary?.waitingFor ?? [];
  if (waiting.length) {
    parts.push([
      `**Incomplete**: waiting for files from ${waiting.length} device${waiting.length === 1 ? '' : 's'}`,
      ...incompleteLines(waiting).slice(0, MAX_SET_ASIDE_SHOWN).map((line) => `- ${markdownText(line)}`),
    ].join('\n'));
  }
  // Changes set aside stay listed here while they last (the notification told each once).
  const setAside = status.lastSummary?.setAside ?? [];
  if (setAside.length) {
    parts.push([
      `**Set aside** (invalid, not applied): ${setAside.length}`,
      ...setAside.slice(0, MAX_SET_ASIDE_SHOWN).map((c) => `- ${markdownText(describeSetAside(c))}`),
      ...(setAside.length > MAX_SET_ASIDE_SHOWN ? [`- and ${setAside.length - MAX_SET_ASIDE_SHOWN} more ("Verify folder" lists them all)`] : []),
    ].join('\n'));
  }
  const links = status.state === 'off'
    ? [['Set up a team folder', 'lore.setupTeamFolder']]
    : [['Sync now', 'lore.syncNow'], ['Verify folder', 'lore.verifyTeamFolder']];
  parts.push(links.map(([label, command]) => `[${label}](command:${command})`).join(' · '));
  return { markdown: parts.join('\n\n'), commands: links.map(([, command]) => command) };
}
