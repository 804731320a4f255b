import * as vscode from 'vscode';
import type { ReviewThread } from '../../core/model';
import { codeFence, languageForPath } from '../../core/review/languageForPath';
import { atPlace, notePlace, type LivePlace, type NotePlace } from '../../core/review/notePlace';
import { countsText, filterText, filterThreads, groupByFile, type FileGroup } from '../../core/review/reviewFilter';
import { isOutdated, linesText, placementDetail, placementText, repliesText, threadLabel, threadSummary, whereItWas } from '../../core/review/threadLabel';
import { kindInfo } from '../../core/review/threadKinds';
import { markdownText } from '../../core/markdownText';
import { setContext } from '../common/commands';
import type { LoreServices } from '../common/services';
import { toWorkspaceUri } from '../common/workspacePaths';
import type { ReviewFilterState } from './reviewFilterState';
import { Debouncer } from '../../core/debouncer';

/** A file with review notes. */
export class ReviewFileNode {
  readonly kind = 'file' as const;
  /** `group` holds the threads as they stand at their places (`atPlace`); `places` says where. */
  constructor(readonly group: FileGroup, private readonly me = '', private readonly places: ReadonlyMap<string, NotePlace> = new Map()) {}

  getTreeItem(): vscode.TreeItem {
    const { path } = this.group;
    const slash = path.lastIndexOf('/');
    const item = new vscode.TreeItem(path.slice(slash + 1), vscode.TreeItemCollapsibleState.Expanded);
    item.id = `file:${path}`;
    const folder = slash > 0 ? path.slice(0, slash) : '';
    const counts = countsText(this.group);
    item.description = folder ? `${folder} · ${counts}` : counts;
    item.tooltip = `${path}\n${counts}`;
    item.resourceUri = toWorkspaceUri(path);
    item.iconPath = vscode.ThemeIcon.File;
    item.contextValue = 'lore.reviewFile';
    return item;
  }

  getChildren(): ReviewNoteNode[] {
    return this.group.threads.map((t) => new ReviewNoteNode(t, this, this.me, this.places.get(t.id)));
  }
}

/** One review note (thread). Selecting it reveals its code and expands the thread. */
export class ReviewNoteNode {
  readonly kind = 'note' as const;
  /** `thread` as it stands at `place` (its state and note there); `place` defaults to the stored one. */
  constructor(readonly thread: ReviewThread, readonly parent: ReviewFileNode, private readonly me = '', private readonly place: NotePlace = notePlace(thread)) {}

  get id(): string {
    return this.thread.id;
  }

  getTreeItem(): vscode.TreeItem {
    const t = this.thread;
    const info = kindInfo(t.kind);
    const item = new vscode.TreeItem(threadSummary(t), vscode.TreeItemCollapsibleState.None);
    item.id = `note:${t.id}`;
    // The same place and state as the thread in the editor and the CodeLens (see notePlace).
    const parts = [info.title, linesText(this.place.range), t.author];
    if (t.state === 'resolved') parts.push('resolved');
    const replies = repliesText(t);
    if (replies) parts.push(replies);
    const placement = placementText(t);
    if (placement) parts.push(placement);
    item.description = parts.join(' · ');
    item.iconPath = isOutdated(t.anchorState)
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : t.state === 'resolved'
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('disabledForeground'))
        : new vscode.ThemeIcon(info.codicon);
    item.tooltip = tooltip(t, this.place);
    const flags: string[] = [t.state];
    if (isOutdated(t.anchorState)) flags.push('outdated');
    if (t.author === this.me) flags.push('canDelete');
    item.contextValue = `lore.reviewNote:${flags.join(',')}`;
    item.command = { command: 'lore.review.reveal', title: 'Show Review Note', arguments: [t.id] };
    item.accessibilityInformation = { label: `${threadLabel(t)}: ${threadSummary(t)}, ${linesText(this.place.range)} of ${t.anchor.path}` };
    return item;
  }
}

export type ReviewNode = ReviewFileNode | ReviewNoteNode;

/** Where notes are shown in open editors (the comment controller), and when that changes. */
export interface LivePlaces {
  livePlace(id: string): LivePlace | undefined;
  readonly onDidChangeThreads: vscode.Event<void>;
}

export interface TreeItemSnapshot {
  label: string;
  description: string;
  contextValue: string;
  /** The tooltip's Markdown (or text). */
  tooltip: string;
  id?: string;
  children?: TreeItemSnapshot[];
}

function tooltip(t: ReviewThread, place: NotePlace): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(markdownText(`${threadLabel(t)}\n`));
  md.appendMarkdown(markdownText(`${linesText(place.range)} of ${t.anchor.path}${t.anchor.symbolPath ? `, in ${t.anchor.symbolPath}` : ''}\n`));
  const detail = placementDetail(t);
  if (detail) md.appendMarkdown(markdownText(`${detail}\n`));
  if (t.anchorState === 'needsReview') md.appendMarkdown(markdownText(`(${whereItWas(t.anchor)})\n`));
  // An orphaned note shows the code it was about, as stored (masked), always fenced.
  if (t.anchorState === 'orphaned' && t.anchor.text.trim()) {
    md.appendMarkdown(markdownText('The code it was about:'));
    md.appendMarkdown(`\n\n${codeFence(t.anchor.text.split(/\r?\n/).slice(0, 15).join('\n'), languageForPath(t.anchor.path))}\n`);
  }
  md.appendMarkdown('\n---\n');
  for (const c of t.comments.slice(0, 5)) {
    md.appendMarkdown('\n**');
    md.appendMarkdown(markdownText(c.author));
    md.appendMarkdown('**: ');
    md.appendMarkdown(markdownText(c.body.length > 300 ? `${c.body.slice(0, 299)}…` : c.body));
    md.appendMarkdown('\n');
  }
  if (t.comments.length > 5) md.appendMarkdown(markdownText(`\n…and ${t.comments.length - 5} more`));
  return md;
}

/**
 * The Review Notes view: notes grouped by file with open/resolved counts, filtered by the
 * view's filter. `getChildren` only reads the store.
 */
export class ReviewNotesProvider implements vscode.TreeDataProvider<ReviewNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ReviewNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private view: vscode.TreeView<ReviewNode> | undefined;
  private readonly refreshLater = new Debouncer(50, () => this.refresh());
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: LoreServices, private readonly filter: ReviewFilterState, private readonly places: LivePlaces) {
    this.disposables.push(
      this.emitter,
      services.stores.onDidChange((change) => {
        if (change.entities.some((e) => e === 'thread' || e === 'comment')) this.refreshLater.schedule();
      }),
      // Notes placed, moved or re-placed in an editor: the rows say the same line and state
      // (after a pause: this fires with every keystroke that moves a note).
      places.onDidChangeThreads(() => this.refreshLater.schedule(300)),
      filter.onDidChange(() => this.refresh()),
    );
  }

  attach(view: vscode.TreeView<ReviewNode>): void {
    this.view = view;
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: ReviewNode): ReviewNode | undefined {
    return node.kind === 'note' ? node.parent : undefined;
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    if (node) return node.kind === 'file' ? node.getChildren() : [];
    const store = this.services.stores.tryGet();
    if (!store) return [];
    const me = store.author;
    // Each note as it stands where it is now (the editor's place when its file is open), so
    // counts, filters, rows and the thread in the editor all agree.
    const places = new Map<string, NotePlace>();
    const all = store.listThreads().map((t) => {
      const place = notePlace(t, this.places.livePlace(t.id));
      places.set(t.id, place);
      return atPlace(t, place);
    });
    const filter = this.filter.toFilter(me);
    const shown = filterThreads(all, filter);
    void setContext('lore:hasReviewNotes', all.length > 0);
    if (this.view) {
      const description = filterText(filter, me);
      this.view.description = description || undefined;
      this.view.message = all.length > 0 && shown.length === 0 ? `No review notes match the filter (${description}).` : undefined;
    }
    return groupByFile(shown).map((g) => new ReviewFileNode(g, me, places));
  }

  /** The view's items with their children, as plain data (for tests). */
  snapshot(): TreeItemSnapshot[] {
    const plain = (item: vscode.TreeItem) => ({
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: typeof item.description === 'string' ? item.description : '',
      contextValue: item.contextValue ?? '',
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
    });
    return this.getChildren().map((file) => ({
      ...plain(file.getTreeItem()),
      children: this.getChildren(file).map((note) => ({ ...plain(note.getTreeItem()), id: (note as ReviewNoteNode).id })),
    }));
  }

  dispose(): void {
    this.refreshLater.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
