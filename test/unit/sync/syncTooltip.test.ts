import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { syncTooltip } from '../../../src/core/sync/syncTooltip';
import { COMMAND_IDS } from '../../../src/extension/common/commandIds';

/** The targets of the links a Markdown renderer finds. */
function linkTargets(markdown: string): string[] {
  const html = new MarkdownIt().render(markdown);
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
}

describe('The sync status bar tooltip', () => {
  it('enables exactly the Lore commands its links run', () => {
    for (const state of ['off', 'idle', 'error'] as const) {
      const { markdown, commands } = syncTooltip({ state, message: 'Synced', folder: '/team', lastSync: '2026-03-01T00:00:00Z' });
      const targets = linkTargets(markdown);
      assert.ok(targets.length > 0, state);
      assert.deepEqual(targets, commands.map((c) => `command:${c}`));
      for (const c of commands) assert.ok((COMMAND_IDS as readonly string[]).includes(c), c);
    }
  });

  it('shows a message quoting a teammate\'s file as text, not as a link', () => {
    const { markdown } = syncTooltip({
      state: 'attention', folder: '/team/[x](command:workbench.action.quit)',
      message: 'Skipped [Open](command:workbench.action.terminal.sendSequence?%7B%7D) from a teammate',
    });
    assert.deepEqual(linkTargets(markdown), ['command:lore.syncNow', 'command:lore.verifyTeamFolder']);
  });

  it('says what git mode did, as text', () => {
    const git = { state: 'failed' as const, message: 'Lore could not push to the git remote origin: [x](command:workbench.action.quit)', committed: 1, pulled: false, pushed: false };
    const { markdown } = syncTooltip({ state: 'attention', folder: '/team', message: 'Synced', lastSummary: { git } as never });
    assert.match(markdown, /Git: Lore could not push to the git remote origin/);
    assert.deepEqual(linkTargets(markdown), ['command:lore.syncNow', 'command:lore.verifyTeamFolder']);
  });
});
