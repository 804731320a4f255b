import * as vscode from 'vscode';
import { searchArticles, type Highlight } from '../../core/search/searchArticles';
import type { LoreServices } from '../common/services';

const DEBOUNCE_MS = 60;

type ResultItem = vscode.QuickPickItem & { articleId?: string };

/**
 * Lore: Search Knowledge. Live ranked results as the user types (debounced), matched words
 * highlighted, tags and an excerpt beneath each title; Enter opens the article.
 */
export function showSearch(services: LoreServices, openArticle: (id: string) => void, initialQuery = ''): vscode.QuickPick<ResultItem> {
  const quickPick = vscode.window.createQuickPick<ResultItem>();
  quickPick.title = 'Search Knowledge';
  quickPick.placeholder = 'Words, auth*, tag:security, title:cache, code:addUser, +redis -cluster, "exact phrase"';
  quickPick.matchOnDescription = false;
  quickPick.matchOnDetail = false;
  // Results are ranked by Lore; stop the QuickPick from re-filtering and re-sorting them.
  (quickPick as unknown as { sortByLabel: boolean }).sortByLabel = false;
  let timer: NodeJS.Timeout | undefined;
  const run = (query: string) => {
    if (!query.trim()) {
      quickPick.items = [];
      return;
    }
    quickPick.busy = true;
    try {
      const response = searchArticles(services.stores.get().db, query, { limit: 50, asYouType: true });
      const items: ResultItem[] = response.results.map((r) => ({
        articleId: r.articleId,
        label: r.title,
        description: [r.status !== 'published' ? r.status : '', r.tags.map((t) => `#${t}`).join(' ')].filter(Boolean).join(' · '),
        detail: markHighlights(r.excerpt, r.highlights).replace(/\s+/g, ' '),
        alwaysShow: true,
      }));
      if (response.warning) items.unshift({ label: `$(info) ${response.warning}`, alwaysShow: true, kind: vscode.QuickPickItemKind.Default });
      if (!response.results.length && !response.warning) items.push({ label: 'No articles match.', description: 'Try fewer words, a prefix like auth*, or check the spelling.', alwaysShow: true });
      quickPick.items = items;
    } catch (error) {
      services.log.error(`Search failed for ${JSON.stringify(query)}: ${String(error)}`);
      quickPick.items = [{ label: `$(error) Search failed: ${error instanceof Error ? error.message : String(error)}`, alwaysShow: true }];
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
    quickPick.hide();
    openArticle(id);
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

/**
 * QuickPick details cannot be styled, so matched words are marked «like this». (VS Code
 * highlights the title itself where it literally matches what was typed.)
 */
export function markHighlights(text: string, highlights: Highlight[]): string {
  let out = '';
  let cursor = 0;
  for (const [start, end] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (start < cursor) continue;
    out += `${text.slice(cursor, start)}«${text.slice(start, end)}»`;
    cursor = end;
  }
  return out + text.slice(cursor);
}
