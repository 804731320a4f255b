import * as vscode from 'vscode';
import { articleCount, compareNames, countOf, UNNAMED_GROUP, type GroupBy } from '../../core/articles/groupPages';
import { LoreError } from '../../core/errors';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import type { KnowledgeNode, KnowledgeTreeProvider } from './knowledgeTree';
import { labelText } from '../../core/labelText';

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
/** How long VS Code gets to report the jump's selection before the jump is made again. */
const SELECTION_REPORT_MS = 1_500;

/**
 * VS Code can drop the selection of a jump: a refresh that lands just after it (a sync bringing
 * in articles, the freshness check of new snippets) rebuilds the rows, and a row deep in the
 * "more" pages can be selected before VS Code has its parents' rows (seen with the slower
 * WebAssembly SQLite). So the jump is made again, without taking the focus, when VS Code has not
 * reported the group selected (up to twice), and for a few seconds after each refresh that leaves
 * it unselected.
 */
function keepSelectedThroughRefreshes(
  tree: KnowledgeTreeProvider,
  view: vscode.TreeView<KnowledgeNode>,
  find: () => KnowledgeNode | undefined,
): void {
  const id = find()?.toTreeItem().id;
  if (!id) return;
  const selected = () => view.selection.some((n) => n.toTreeItem().id === id);
  const reselect = () => {
    if (selected()) return;
    const node = find();
    if (node) void Promise.resolve(view.reveal(node, { select: true, focus: false, expand: true })).catch(() => undefined);
  };
  let done = false;
  const disposables: vscode.Disposable[] = [
    // VS Code reads the tree again after the change event; look once it has.
    tree.onDidChangeTreeData(() => setTimeout(() => !done && reselect(), 100)),
    // The user chose another row: leave the selection to them.
    view.onDidChangeSelection((e) => {
      if (e.selection.length && !selected()) stop();
    }),
  ];
  const stop = () => {
    done = true;
    disposables.forEach((d) => d.dispose());
  };
  let retries = 0;
  const check = () => {
    if (done || selected() || retries++ >= 2) return;
    reselect();
    setTimeout(check, SELECTION_REPORT_MS);
  };
  setTimeout(check, SELECTION_REPORT_MS);
  setTimeout(stop, JUMP_SETTLE_MS);
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
    .map((g) => ({ key: g.key, label: labelText(g.key!), description: articleCount(g.count), iconPath: new vscode.ThemeIcon(by === 'tag' ? 'tag' : 'organization') }));
  const unnamed = counts.find((g) => g.key === null);
  if (unnamed) items.push({ key: null, label: UNNAMED_GROUP[by], description: articleCount(unnamed.count) });
  const picked = await vscode.window.showQuickPick(items, {
    title: by === 'tag' ? 'Show Articles Tagged' : 'Show Articles of Team',
    placeHolder: `Type to filter ${countOf(named.length, by)}`,
  });
  return picked ? picked.key : undefined;
}
