import * as vscode from 'vscode';
import { articleCount, compareNames, countOf, UNNAMED_GROUP, type GroupBy } from '../../core/articles/groupPages';
import { LoreError } from '../../core/errors';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import type { KnowledgeNode, KnowledgeTreeProvider } from './knowledgeTree';

type GroupItem = vscode.QuickPickItem & { key: string | null };

/**
 * Lore: Show Articles Tagged… and Lore: Show Articles of Team…: pick any tag (or team), with its
 * article count, and the Knowledge view opens that group, wherever it sits (at the top level or
 * in the pages under "N more tags"). Grouped another way, the view switches to that grouping.
 * Given a name (the integration tests do), the pick is skipped.
 */
export function registerShowGroup(
  services: LoreServices,
  tree: KnowledgeTreeProvider,
  view: vscode.TreeView<KnowledgeNode>,
  groupBy: () => GroupBy,
): vscode.Disposable[] {
  // From the palette, the title bar or the "more" row's button (which passes the row): ask.
  const show = async (by: 'tag' | 'team', arg: unknown) => {
    const key = typeof arg === 'string' ? arg : arg === null ? null : await pickGroup(services, by);
    if (key === undefined) return;
    // The update resolves once VS Code has delivered its configuration event, whose listener
    // (index.ts) has told the tree to refresh: reveal waits for that refresh.
    if (groupBy() !== by) await vscode.workspace.getConfiguration('lore').update('knowledge.groupBy', by, vscode.ConfigurationTarget.Global);
    const node = tree.findGroup(by, key);
    if (!node) throw new LoreError(`No article has the ${by} "${key ?? UNNAMED_GROUP[by]}" any more.`);
    await view.reveal(node, { select: true, focus: true, expand: true });
    keepSelectedThroughRefreshes(tree, view, () => tree.findGroup(by, key));
  };
  return [
    registerCommand(services.log, 'lore.showTag', (arg?: unknown) => show('tag', arg)),
    registerCommand(services.log, 'lore.showTeam', (arg?: unknown) => show('team', arg)),
  ];
}

/** How long after a jump a refresh of the view may land and take the selection with it. */
const JUMP_SETTLE_MS = 5_000;

/**
 * A refresh that lands just after the jump (a sync bringing in articles, the freshness check of
 * new snippets) rebuilds the rows and VS Code drops the selection: for a few seconds, each
 * refresh that leaves the group unselected selects it again, without taking the focus.
 */
function keepSelectedThroughRefreshes(
  tree: KnowledgeTreeProvider,
  view: vscode.TreeView<KnowledgeNode>,
  find: () => KnowledgeNode | undefined,
): void {
  const target = find();
  const id = target?.toTreeItem().id;
  if (!id) return;
  const reselect = () => {
    if (view.selection.some((n) => n.toTreeItem().id === id)) return;
    const node = find();
    if (node) void Promise.resolve(view.reveal(node, { select: true, focus: false, expand: true })).catch(() => undefined);
  };
  // VS Code reads the tree again after the change event; look once it has.
  const subscription = tree.onDidChangeTreeData(() => setTimeout(reselect, 100));
  setTimeout(() => subscription.dispose(), JUMP_SETTLE_MS);
}

/** The name picked, null for the group without one, undefined when the user cancelled. */
async function pickGroup(services: LoreServices, by: 'tag' | 'team'): Promise<string | null | undefined> {
  const counts = services.stores.get().groupCounts(by);
  const named = counts.filter((g) => g.key !== null);
  if (!named.length) {
    void vscode.window.showInformationMessage(by === 'tag' ? 'No article has a tag yet.' : 'No article belongs to a team yet.');
    return undefined;
  }
  const items: GroupItem[] = named
    .sort((a, b) => compareNames(a.key!, b.key!))
    .map((g) => ({ key: g.key, label: g.key!, description: articleCount(g.count), iconPath: new vscode.ThemeIcon(by === 'tag' ? 'tag' : 'organization') }));
  const unnamed = counts.find((g) => g.key === null);
  if (unnamed) items.push({ key: null, label: UNNAMED_GROUP[by], description: articleCount(unnamed.count) });
  const picked = await vscode.window.showQuickPick(items, {
    title: by === 'tag' ? 'Show Articles Tagged' : 'Show Articles of Team',
    placeHolder: `Type to filter ${countOf(named.length, by)}`,
  });
  return picked ? picked.key : undefined;
}
