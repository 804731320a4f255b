import * as vscode from 'vscode';
import { normalizeTag } from '../../core/model';
import type { LoreStore } from '../../core/store/loreStore';
import { labelText } from '../../core/labelText';

/**
 * Lets the user pick existing tags or type new ones (Enter adds what was typed). Resolves to
 * the chosen tags, or undefined when cancelled.
 */
export function pickTags(store: LoreStore, title: string, suggested: string[] = [], current: string[] = []): Promise<string[] | undefined> {
  const counts = new Map<string, number>();
  for (const a of store.listArticles()) for (const t of a.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  const known = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  type Item = vscode.QuickPickItem & { tag: string };
  const base: Item[] = known.map(([tag, n]) => ({ label: labelText(tag), tag, description: `${n} article${n > 1 ? 's' : ''}` }));
  for (const s of suggested.map(normalizeTag)) if (s && !counts.has(s)) base.push({ label: labelText(s), tag: s, description: 'suggested' });
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = title;
  quickPick.placeholder = 'Pick tags, or type a new tag and press Enter to add it. Press Enter with nothing typed to finish.';
  quickPick.canSelectMany = true;
  quickPick.ignoreFocusOut = true;
  quickPick.items = base;
  // What the user has ticked, kept here rather than read back from `selectedItems`: a tick that is
  // still on its way from the window would be lost if the items were rewritten from a stale copy.
  const chosen = new Set(current.filter((tag) => base.some((i) => i.tag === tag)));
  quickPick.selectedItems = base.filter((i) => chosen.has(i.tag));
  /** Shows `items` with the chosen ones ticked; leaves the list alone when nothing would change. */
  const showItems = (items: Item[]) => {
    const same = items.length === quickPick.items.length && items.every((item, n) => item.tag === quickPick.items[n].tag);
    if (same) return;
    quickPick.items = items;
    quickPick.selectedItems = items.filter((i) => chosen.has(i.tag));
  };
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: string[] | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      quickPick.dispose();
    };
    quickPick.onDidChangeSelection((selected) => {
      // The selection holds every ticked row, those hidden by what is typed included.
      chosen.clear();
      for (const item of selected) {
        chosen.add(item.tag);
        // Ticking the row of a tag being typed adds it, as Enter would.
        if (!base.some((i) => i.tag === item.tag)) base.unshift({ ...item, description: 'new tag' });
      }
    });
    quickPick.onDidChangeValue((value) => {
      const tag = normalizeTag(value);
      // `base` holds the known tags and those added with Enter; the row for what is being typed is made here.
      const items = [...base];
      if (tag && !items.some((i) => i.tag === tag)) items.unshift({ label: labelText(tag), tag, description: 'new tag' });
      showItems(items);
    });
    quickPick.onDidAccept(() => {
      const typed = normalizeTag(quickPick.value);
      if (typed) {
        const item = quickPick.items.find((i) => i.tag === typed);
        if (item) {
          if (!base.some((i) => i.tag === typed)) base.unshift({ ...item, description: 'new tag' });
          chosen.add(typed);
          showItems([...base]);
          quickPick.selectedItems = quickPick.items.filter((i) => chosen.has(i.tag));
        }
        quickPick.value = '';
        return;
      }
      finish(base.filter((i) => chosen.has(i.tag)).map((i) => i.tag));
    });
    quickPick.onDidHide(() => finish(undefined));
    quickPick.show();
  });
}
