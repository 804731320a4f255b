import * as vscode from 'vscode';
import type { LoreServices } from '../common/services';
import { describeError } from '../../core/errors';
import { labelText } from '../../core/labelText';

const DEBOUNCE_MS = 60;
const TITLE = 'Search Knowledge';

type ResultItem = vscode.QuickPickItem & { articleId?: string };

/**
 * Lore: Search Knowledge. Live ranked results as the user types (debounced), matched words
 * highlighted, tags and an excerpt beneath each title; Enter opens the article.
 */
export function showSearch(services: LoreServices, openArticle: (id: string, from?: { source: 'search'; query: string }) => void, initialQuery = ''): vscode.QuickPick<ResultItem> {
  const quickPick = vscode.window.createQuickPick<ResultItem>();
  quickPick.title = TITLE;
  quickPick.placeholder = 'Words, auth*, tag:security, title:cache, code:addUser, +redis -cluster, "exact phrase"';
  // Lore ranks and filters. VS Code highlights what was typed where it appears in a row's title
  // and excerpt: one run of the text as typed (auth* as a prefix, camelCase humps), so words
  // apart in the excerpt or a corrected typo are not highlighted there. The stable API has no
  // highlight ranges of its own. Every row is alwaysShow, so VS Code's matching hides nothing,
  // and with sortByLabel off it reorders nothing: the first row stays Lore's best result.
  quickPick.matchOnDescription = false;
  quickPick.matchOnDetail = true;
  // Results are ranked by Lore; stop the QuickPick from re-filtering and re-sorting them.
  (quickPick as unknown as { sortByLabel: boolean }).sortByLabel = false;
  let timer: NodeJS.Timeout | undefined;
  const run = (query: string) => {
    if (!query.trim()) {
      quickPick.items = [];
      quickPick.title = TITLE;
      return;
    }
    quickPick.busy = true;
    try {
      const response = services.stores.get().search(query, { limit: 50, asYouType: true });
      const items: ResultItem[] = response.results.map((r) => ({
        articleId: r.articleId,
        label: labelText(r.title),
        description: labelText([r.status !== 'published' ? r.status : '', r.tags.map((t) => `#${t}`).join(' ')].filter(Boolean).join(' · ')),
        detail: labelText(r.excerpt.replace(/\s+/g, ' ')),
        alwaysShow: true,
      }));
      // A notice (typo corrected, words dropped) goes in the title, so the first row is always
      // the best result and Enter opens it.
      quickPick.title = searchTitle(response.warning);
      if (!response.results.length) items.push({ label: 'No articles match.', description: 'Try fewer words, a prefix like auth*, or check the spelling.', alwaysShow: true });
      quickPick.items = items;
    } catch (error) {
      services.log.error(`Search failed for ${JSON.stringify(query)}: ${String(error)}`);
      quickPick.title = TITLE;
      quickPick.items = [{ label: `$(error) Search failed: ${labelText(describeError(error))}`, alwaysShow: true }];
    } finally {
      quickPick.busy = false;
    }
  };
  quickPick.onDidChangeValue((value) => {
    clearTimeout(timer);
    timer = setTimeout(() => run(value), DEBOUNCE_MS);
  });
  quickPick.onDidAccept(() => {
    const id = quickPick.selectedItems[0]?.articleId;
    if (!id) return;
    const query = quickPick.value;
    try {
      // What the search showed, for ranking on this machine (never shared: UsageLog).
      services.stores.get().recordSearch(query, quickPick.items.flatMap((item) => (item.articleId ? [item.articleId] : [])));
    } catch (error) {
      services.log.warn(`Could not record the search: ${String(error)}`);
    }
    quickPick.hide();
    openArticle(id, { source: 'search', query });
  });
  quickPick.onDidHide(() => {
    clearTimeout(timer);
    quickPick.dispose();
  });
  quickPick.value = initialQuery;
  quickPick.show();
  if (initialQuery) run(initialQuery);
  return quickPick;
}

/** The quick pick's title: "Search Knowledge", then what Lore did with the query, if anything. */
export function searchTitle(warning: string | undefined): string {
  return warning ? `${TITLE}: ${warning}` : TITLE;
}
