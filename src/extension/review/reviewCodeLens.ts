import * as vscode from 'vscode';
import { annotationsByLine, codeLensTitle } from '../../core/review/codeLensText';
import { notePlace } from '../../core/review/notePlace';
import { threadSummary } from '../../core/review/threadLabel';
import { kindInfo } from '../../core/review/threadKinds';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import type { SnippetPlaces } from '../knowledge/snippetPlaces';
import { toRelativePath } from '../common/workspacePaths';
import type { ReviewController } from './reviewController';
import { Debouncer } from '../../core/debouncer';
import { labelText } from '../../core/labelText';

interface NoteRef {
  id: string;
  label: string;
}

interface ArticleRef {
  id: string;
  title: string;
}

/** What a lens opens: the notes and articles on one line. */
export interface AnnotationsArgs {
  notes: NoteRef[];
  articles: ArticleRef[];
}

/**
 * A CodeLens above code that has review notes or knowledge ("2 review notes · 1 article").
 * Notes are placed where the controller tracks them when the file is open.
 */
export class ReviewCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private readonly changeLater = new Debouncer(300, () => this.emitter.fire());

  constructor(private readonly services: LoreServices, private readonly controller: ReviewController, private readonly snippets: SnippetPlaces) {
    this.disposables.push(
      services.stores.onDidChange(() => this.changeLater.schedule()),
      controller.onDidChangeThreads(() => this.changeLater.schedule()),
      snippets.onDidChange(() => this.changeLater.schedule()),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const path = toRelativePath(document.uri);
    if (!path || document.uri.scheme !== 'file') return [];
    const store = this.services.stores.get();
    const counts = store.countsForPath(path);
    if (counts.notes === 0 && counts.articles === 0) return [];
    const notes = counts.notes
      ? store.listThreads({ path }).map((t) => ({
        // The same place as the thread and the Review Notes row (see notePlace).
        line: notePlace(t, this.controller.livePlace(t.id)).range.startLine,
        item: { id: t.id, label: `${kindInfo(t.kind).emoji} ${labelText(threadSummary(t, 60))}` },
      }))
      : [];
    const articles: Array<{ line: number; item: ArticleRef; key: string }> = [];
    if (counts.articles) {
      const titles = new Map(store.articlesForPath(path).map((a) => [a.id, a.title]));
      // Snippets follow their code like notes do: found again on open, then moved with each edit.
      for (const { snippet, range } of this.snippets.placesIn(document)) {
        const title = titles.get(snippet.articleId);
        if (title === undefined) continue;
        articles.push({ line: range.startLine, item: { id: snippet.articleId, title }, key: snippet.articleId });
      }
    }
    const lastLine = Math.max(0, document.lineCount - 1);
    return annotationsByLine(notes, articles).map((entry) => {
      const line = Math.min(entry.line, lastLine);
      const args: AnnotationsArgs = { notes: entry.notes, articles: entry.articles };
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: codeLensTitle(entry.notes.length, entry.articles.length),
        tooltip: 'Show the review notes and articles about this code',
        command: 'lore.review.openAnnotations',
        arguments: [args],
      });
    });
  }

  dispose(): void {
    this.changeLater.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The lens's command: one item opens directly; several are offered in a list. */
export function registerAnnotationsCommand(services: LoreServices, controller: ReviewController): vscode.Disposable[] {
  return [registerCommand(services.log, 'lore.review.openAnnotations', async (args: AnnotationsArgs) => {
    const items = [
      ...args.notes.map((n) => ({ label: n.label, description: 'review note', open: () => controller.reveal(n.id) })),
      ...args.articles.map((a) => ({
        label: `$(book) ${labelText(a.title)}`,
        description: 'article',
        open: () => vscode.commands.executeCommand('lore.openArticle', a.id),
      })),
    ];
    if (items.length === 0) return;
    const chosen = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: 'Open a review note or article about this code' });
    await chosen?.open();
  })];
}
