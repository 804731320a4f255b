import * as vscode from 'vscode';
import { anchorSecrets, createAnchor, maskAnchor, reattachHere } from '../../core/anchoring';
import type { Anchor, AnchorState, ReviewThread, TextRange, ThreadKind } from '../../core/model';
import { maskNote, noteSecrets } from '../../core/review/noteSecrets';
import type { LivePlace } from '../../core/review/notePlace';
import { decidePlacement, tracksEdits } from '../../core/review/placement';
import { ShownNotes, type ShownNote } from '../../core/review/shownNotes';
import { explainPlacement } from '../../core/review/placementExplanation';
import { kindInfo } from '../../core/review/threadKinds';
import { threadLabel } from '../../core/review/threadLabel';
import type { LoreStore, StoreChange } from '../../core/store/loreStore';
import { symbolPathFor } from '../common/documentSymbols';
import { IMAGE_HOSTS_SETTING } from '../common/imageHostsSetting';
import { fromVsRange, toVsRange } from '../common/ranges';
import type { LoreServices } from '../common/services';
import { toRelativePath, toWorkspaceUri } from '../common/workspacePaths';
import { gatherResolutionContext, resolveThreads, type ResolutionContext } from './anchorResolution';
import { LoreComment, PlacementComment } from './reviewComment';
import { reviewNoteSecrets, reviewTextSecrets } from './noteSecretReview';
import { errorDetail, LoreError } from '../../core/errors';
import { Debouncer } from '../../core/debouncer';

/** Per open document with notes: its path and the pending save of moved ranges. */
interface DocumentState {
  uri: vscode.Uri;
  path: string;
  saveTimer?: ReturnType<typeof setTimeout>;
  /** Serialises syncs of one document, so a slow resolution never creates a thread twice. */
  queue: Promise<void>;
}

/** What the integration tests and the tree read about a thread shown in an editor. */
export interface ShownThreadSnapshot {
  id: string;
  uri: string;
  range: TextRange;
  label: string;
  state: AnchorState;
  contextValue: string;
  resolved: boolean;
  comments: Array<{ author: string; body: string }>;
}

const SAVE_DELAY_MS = 1500;

/**
 * The `lore.review` comment controller: shows stored notes as comment threads, creates notes
 * from drafts, and keeps each note on its code while the document is edited. Where notes are
 * and how that changes is `ShownNotes` (core, unit-tested); this class adapts it to comment
 * threads, documents and timers.
 */
export class ReviewController implements vscode.Disposable {
  readonly controller: vscode.CommentController;
  private readonly shown = new ShownNotes();
  /** The comment thread showing each note. */
  private readonly views = new Map<string, vscode.CommentThread>();
  private readonly documents = new Map<string, DocumentState>();
  /** Empty threads the user is writing a first comment in (from the gutter or the command). */
  private readonly drafts = new Set<vscode.CommentThread>();
  private readonly disposables: vscode.Disposable[] = [];
  // Several writes often come together (a note and its first comment): refresh once.
  private readonly refreshLater = new Debouncer(30, () => {
    for (const doc of vscode.workspace.textDocuments) {
      if (this.documents.has(doc.uri.toString())) void this.syncDocument(doc);
    }
    this.changedEmitter.fire();
  });
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  /** Fires when threads appear, disappear or move, for CodeLens. */
  readonly onDidChangeThreads = this.changedEmitter.event;

  constructor(private readonly services: LoreServices) {
    this.controller = vscode.comments.createCommentController('lore.review', 'Lore Review Notes');
    this.controller.options = {
      prompt: 'Reply…',
      // VS Code shows this in every empty comment box, replies included; a new note's thread
      // says in its label to choose the kind.
      placeHolder: 'Write your reply or note (Markdown)',
    };
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (document) => {
        if (document.uri.scheme !== 'file' || !toRelativePath(document.uri)) return [];
        return [new vscode.Range(0, 0, Math.max(0, document.lineCount - 1), 0)];
      },
    };
    this.disposables.push(
      this.controller,
      this.changedEmitter,
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.syncVisible(editors)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.saveRanges(doc.uri.toString())),
      vscode.workspace.onDidCloseTextDocument((doc) => this.onClose(doc)),
      vscode.workspace.onDidRenameFiles((e) => this.onRename(e)),
      services.stores.onDidChange((change) => this.onStoreChange(change)),
      // Which remote images a note may show changed: redraw the notes shown.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(IMAGE_HOSTS_SETTING)) for (const shown of this.shown.all()) this.refreshThread(shown.data.id);
      }),
    );
    // Editors restored at startup: notes come back once the window is up.
    setTimeout(() => this.syncVisible(vscode.window.visibleTextEditors), 0);
  }

  private get store(): LoreStore {
    return this.services.stores.get();
  }

  private get me(): string {
    return this.store.author;
  }

  // --- showing notes --------------------------------------------------------------------------

  private syncVisible(editors: readonly vscode.TextEditor[]): void {
    for (const editor of editors) {
      // syncDocument logs its own failures; nothing waits for it here.
      if (!this.documents.has(editor.document.uri.toString())) void this.syncDocument(editor.document);
    }
  }

  /**
   * Brings the threads of one document in line with the store: new notes are resolved against
   * the text and shown, changed ones updated, deleted ones removed. Safe to call any time.
   */
  syncDocument(document: vscode.TextDocument): Promise<void> {
    if (document.uri.scheme !== 'file') return Promise.resolve();
    const path = toRelativePath(document.uri);
    if (!path) return Promise.resolve();
    const key = document.uri.toString();
    let state = this.documents.get(key);
    if (!state) {
      state = { uri: document.uri, path, queue: Promise.resolve() };
      this.documents.set(key, state);
    }
    const docState = state;
    docState.queue = docState.queue
      .then(() => this.syncNow(document, docState))
      .catch((error) => this.services.log.error(`Could not show review notes for ${docState.path}:`, errorDetail(error)));
    return docState.queue;
  }

  private async syncNow(document: vscode.TextDocument, state: DocumentState): Promise<void> {
    if (document.isClosed) return;
    const key = document.uri.toString();
    const { removed, fresh, updated } = this.shown.reconcile(key, this.store.listThreads({ path: state.path }));
    for (const id of removed) this.disposeView(id);
    for (const shown of updated) this.render(shown);
    if (fresh.length === 0) return;

    const context = await this.resolutionContext(document, fresh);
    if (document.isClosed) return;
    // Resolve and create in one synchronous step, so no edit can slip in between.
    const text = document.getText();
    const results = resolveThreads(fresh, text, context);
    for (const thread of fresh) {
      const placement = decidePlacement(thread, results.get(thread.id)!, document.lineCount);
      const shown = this.shown.place(key, thread, placement);
      if (!shown) continue;
      this.views.set(thread.id, this.controller.createCommentThread(document.uri, toVsRange(placement.range), []));
      this.render(shown);
      if (placement.persist !== 'none') this.persistPlacement(shown, placement.persist, text);
    }
    this.changedEmitter.fire();
  }

  private resolutionContext(document: vscode.TextDocument, threads: readonly ReviewThread[], wantCleanCommit = false): Promise<ResolutionContext> {
    return gatherResolutionContext(document, threads, this.services.git, { wantCleanCommit });
  }

  /**
   * Writes where re-anchoring placed a note: local to this machine, never published. `state`
   * keeps the stored anchor (a guess is never saved as the note's place); `anchor` saves a
   * fresh one at the shown range.
   */
  private persistPlacement(shown: ShownNote, persist: 'state' | 'anchor', text: string): void {
    let anchor = shown.data.anchor;
    if (persist === 'anchor') {
      // Refreshed without the user: every possible secret is masked, as in any stored anchor.
      anchor = maskAnchor(createAnchor(text, shown.range, { path: shown.data.anchor.path, symbolPath: shown.data.anchor.symbolPath }), 'all');
      this.shown.anchorSaved(shown, anchor);
    }
    try {
      this.store.setThreadAnchorState(shown.data.id, shown.state, shown.note, anchor);
    } catch (error) {
      this.services.log.warn(`Could not save where note ${shown.data.id} is:`, errorDetail(error));
    }
  }

  /** Updates a thread's comments, label, state and capabilities from its stored data. */
  private render(shown: ShownNote): void {
    const { data } = shown;
    const view = this.views.get(data.id);
    if (!view) return;
    // A comment being edited keeps its editor (and what was typed) through refreshes.
    const editing = new Map<string, LoreComment>();
    for (const c of view.comments) {
      if (c instanceof LoreComment && c.id && c.mode === vscode.CommentMode.Editing) editing.set(c.id, c);
    }
    const comments: vscode.Comment[] = data.comments.map((c) => editing.get(c.id) ?? new LoreComment(c, view, { me: this.me }));
    const explanation = this.explanation(shown, view.uri);
    view.comments = explanation ? [explanation, ...comments] : comments;
    // The label is the headline (moved and re-attached, needs review, orphaned); the first
    // comment says why and what to do when there is something to do.
    view.label = threadLabel({ kind: data.kind, state: data.state, anchorState: shown.state, anchorNote: shown.note, anchor: data.anchor });
    view.state = data.state === 'resolved' ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved;
    view.canReply = data.state === 'open';
    view.contextValue = threadContextValue(data, shown.state, this.me);
  }

  /** Why a note that needs review or is orphaned is shown where it is, as its thread's first comment. */
  private explanation(shown: ShownNote, uri: vscode.Uri): PlacementComment | undefined {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const textNow = shown.state === 'needsReview' && document ? document.getText(toVsRange(shown.range)) : undefined;
    const markdown = explainPlacement({ state: shown.state, note: shown.note, anchor: shown.data.anchor, range: shown.range, textNow });
    return markdown === undefined ? undefined : new PlacementComment(markdown, shown.state === 'orphaned' ? 'orphaned' : 'needs review');
  }

  /** Stops showing a note: its place and its thread go. */
  private disposeThread(id: string): void {
    this.shown.remove(id);
    this.disposeView(id);
  }

  private disposeView(id: string): void {
    this.views.get(id)?.dispose();
    this.views.delete(id);
  }

  private onStoreChange(change: StoreChange): void {
    if (!change.entities.some((e) => e === 'thread' || e === 'comment')) return;
    this.refreshLater.schedule();
  }

  // --- tracking edits -------------------------------------------------------------------------

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const state = this.documents.get(key);
    if (!state || !this.shown.hasNotesIn(key) || e.contentChanges.length === 0) return;
    // A change that leaves the document clean and is no undo or redo may be VS Code reloading
    // the file after it changed on disk (a pull, a formatter, another editor); see reloadedFromDisk.
    if (e.reason === undefined && !e.document.isDirty) void this.reloadedFromDisk(e.document, state);
    const { moved, saveLater } = this.shown.edit(key, e.contentChanges.map((c) => ({ range: fromVsRange(c.range), text: c.text })));
    for (const shown of moved) {
      const view = this.views.get(shown.data.id);
      if (view) view.range = toVsRange(shown.range);
    }
    if (!saveLater) return;
    if (moved.length) this.changedEmitter.fire();
    if (state.saveTimer) clearTimeout(state.saveTimer);
    state.saveTimer = setTimeout(() => this.saveRanges(state.uri.toString()), SAVE_DELAY_MS);
  }

  /** Saves the tracked places of a document's notes (debounced while typing, and on save). */
  private saveRanges(key: string): void {
    const state = this.documents.get(key);
    if (!state) return;
    if (state.saveTimer) clearTimeout(state.saveTimer);
    state.saveTimer = undefined;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!document) return;
    const text = document.getText();
    const { persist, resolve } = this.shown.takeSaves(key);
    for (const shown of persist) this.persistPlacement(shown, 'anchor', text);
    if (resolve.length) this.resolveAgain(document, resolve, text);
  }

  /**
   * The anchored code was replaced while typing: find it again in the new text from the last
   * saved anchor, and show the honest outcome (attached, moved, needs review or orphaned).
   */
  private resolveAgain(document: vscode.TextDocument, threads: ShownNote[], text: string, context: ResolutionContext = { symbols: [], oldTexts: new Map() }): void {
    const results = resolveThreads(threads.map((s) => s.data), text, context);
    for (const shown of threads) {
      const placement = decidePlacement(shown.data, results.get(shown.data.id)!, document.lineCount);
      this.shown.resolved(shown, placement);
      const view = this.views.get(shown.data.id);
      if (view) view.range = toVsRange(placement.range);
      this.render(shown);
      if (placement.persist !== 'none') this.persistPlacement(shown, placement.persist, text);
    }
    this.changedEmitter.fire();
  }

  /**
   * VS Code reports a reload from disk as one replacement of everything between the unchanged
   * first and last lines, so shifting cannot say where the code went. Before, only notes known
   * to be attached were found again, after a pause and without git or symbols; a note that
   * needed review or was orphaned was merely shifted, its thread left where the tree did not
   * say. When the document now holds exactly what is on disk, every note of the file is found
   * again from its stored anchor, with git and symbols, whatever its state (a note that needed
   * review may be fine now, an attached one may be gone). The check reads the file: the first
   * keystroke in a clean document can also arrive with `isDirty` still false.
   */
  private async reloadedFromDisk(document: vscode.TextDocument, state: DocumentState): Promise<void> {
    const version = document.version;
    let onDisk: string;
    try {
      onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri)).replace(/^\uFEFF/, '');
    } catch {
      return;
    }
    if (document.isClosed || document.version !== version || document.getText() !== onDisk) return;
    this.resolveReloaded(document, state);
  }

  /**
   * The file was reloaded from disk: resolve all its notes again, in the document's queue (after
   * any sync in progress) and with the history git has, then place them in one synchronous step.
   */
  private resolveReloaded(document: vscode.TextDocument, state: DocumentState): void {
    if (state.saveTimer) clearTimeout(state.saveTimer);
    state.saveTimer = undefined;
    const key = document.uri.toString();
    this.shown.markForResolve(key);
    state.queue = state.queue
      .then(async () => {
        const pending = () => this.shown.pendingResolve(key);
        if (document.isClosed || pending().length === 0) return;
        const context = await this.resolutionContext(document, pending().map((s) => s.data));
        const threads = pending();
        if (document.isClosed || threads.length === 0) return;
        this.resolveAgain(document, threads, document.getText(), context);
      })
      .catch((error) => this.services.log.error(`Could not place the review notes of ${state.path} again after it changed on disk:`, errorDetail(error)));
  }

  private onClose(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const state = this.documents.get(key);
    if (!state) return;
    if (state.saveTimer) clearTimeout(state.saveTimer);
    // Unsaved edits are gone with the document: the note is placed again from disk next time.
    for (const shown of this.shown.closeDocument(key)) this.disposeView(shown.data.id);
    this.documents.delete(key);
    this.changedEmitter.fire();
  }

  private onRename(e: vscode.FileRenameEvent): void {
    let moved = 0;
    for (const { oldUri, newUri } of e.files) {
      const oldPath = toRelativePath(oldUri);
      const newPath = toRelativePath(newUri);
      if (!oldPath || !newPath || oldPath === newPath) continue;
      try {
        moved += this.store.renamePath(oldPath, newPath);
      } catch (error) {
        this.services.log.warn(`Could not move notes from ${oldPath} to ${newPath}:`, errorDetail(error));
      }
      for (const [key, state] of this.documents) {
        if (state.path === oldPath || state.path.startsWith(`${oldPath}/`)) {
          for (const shown of this.shown.closeDocument(key)) this.disposeView(shown.data.id);
          this.documents.delete(key);
        }
      }
    }
    if (moved) this.services.log.info(`Moved ${moved} notes and snippets with renamed files`);
    this.syncVisible(vscode.window.visibleTextEditors);
  }

  // --- drafts and writes ----------------------------------------------------------------------

  /** Opens an empty note at a range, for the user to write in (as the gutter "+" does). */
  openDraft(uri: vscode.Uri, range: vscode.Range): vscode.CommentThread {
    const draft = this.controller.createCommentThread(uri, range, []);
    draft.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    draft.canReply = true;
    draft.contextValue = 'draft';
    draft.label = 'New review note: write it, then choose its kind';
    this.drafts.add(draft);
    return draft;
  }

  /**
   * Creates a note from a draft thread (one the user opened with the gutter "+" or the command):
   * a temporary comment shows at once, the note is saved, and the stored thread replaces the draft.
   */
  async createFromDraft(draft: vscode.CommentThread, text: string, kind: ThreadKind): Promise<ReviewThread | undefined> {
    const path = toRelativePath(draft.uri);
    if (!path) throw new LoreError('Review notes can only be added to files inside the open workspace folder.');
    if (!text.trim()) {
      void vscode.window.showInformationMessage('Write the note first, then choose its kind.');
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(draft.uri);
    draft.comments = [new LoreComment(undefined, draft, { me: this.me, pendingText: text })];
    draft.label = `${kindInfo(kind).emoji} ${kindInfo(kind).title} · saving…`;
    draft.canReply = false;
    await new Promise((resolve) => setImmediate(resolve));
    let created: ReviewThread | undefined;
    try {
      created = await this.createNote(document, fromVsRange(draft.range ?? new vscode.Range(0, 0, 0, 0)), kind, text, vscode.CommentThreadCollapsibleState.Expanded);
      return created;
    } finally {
      if (created) {
        this.drafts.delete(draft);
        draft.dispose();
      } else {
        // Cancelled at the secret review: the draft stays open for another try.
        draft.comments = [];
        draft.label = 'New review note: write it, then choose its kind';
        draft.canReply = true;
      }
    }
  }

  /**
   * Stores a new note on a range of a document and shows it there straight away, after the user
   * reviewed the possible secrets in it; undefined when they cancelled that review.
   */
  async createNote(
    document: vscode.TextDocument,
    range: TextRange,
    kind: ThreadKind,
    body: string,
    collapsibleState = vscode.CommentThreadCollapsibleState.Collapsed,
  ): Promise<ReviewThread | undefined> {
    const path = toRelativePath(document.uri);
    if (!path || document.uri.scheme !== 'file') throw new LoreError('Review notes can only be added to files inside the open workspace folder.');
    const [context, symbolPath] = await Promise.all([this.resolutionContext(document, [], true), symbolPathFor(document, range)]);
    const raw = createAnchor(document.getText(), range, { path, symbolPath, commit: context.cleanCommit });
    // Notes are shared with the team: possible secrets in the code and the text are reviewed and masked first.
    const found = noteSecrets(raw, body);
    const choices = await reviewNoteSecrets(path, raw, found);
    if (!choices) return undefined;
    const masked = maskNote(raw, body, choices, found);
    const thread = this.store.createThread({ anchor: masked.anchor, kind, body: masked.body });
    await this.syncDocument(document);
    const view = this.views.get(thread.id);
    if (view) view.collapsibleState = collapsibleState;
    return thread;
  }

  /** Adds a reply, showing it at once (marked "saving…") until the store has it. */
  async reply(view: vscode.CommentThread, text: string): Promise<void> {
    const id = this.idOfView(view);
    if (!id) throw new LoreError('This review note is no longer shown; open it again from the Review Notes view.');
    if (!text.trim()) return;
    const body = await reviewTextSecrets(text);
    if (body === undefined) return;
    view.comments = [...view.comments, new LoreComment(undefined, view, { me: this.me, pendingText: body })];
    await new Promise((resolve) => setImmediate(resolve));
    try {
      this.store.addComment(id, body);
    } finally {
      this.refreshThread(id);
    }
  }

  /** Re-reads one shown note from the store and redraws it (after a command changed it). */
  refreshThread(id: string): void {
    const shown = this.shown.get(id);
    if (!shown) return;
    const data = this.store.getThread(id);
    if (!data) {
      this.disposeThread(id);
      this.changedEmitter.fire();
      return;
    }
    shown.data = data;
    this.render(shown);
  }

  cancelDraft(draft: vscode.CommentThread): void {
    this.drafts.delete(draft);
    draft.dispose();
  }

  isDraft(thread: vscode.CommentThread): boolean {
    return this.drafts.has(thread) || (thread.comments.length === 0 && !this.idOfView(thread));
  }

  /** The note id behind a comment thread shown by this controller. */
  idOfView(view: vscode.CommentThread): string | undefined {
    for (const [id, shown] of this.views) if (shown === view) return id;
    return undefined;
  }

  /** The live anchor of a shown note: its tracked range and the text there now. */
  liveAnchor(id: string): { anchor: Anchor; document: vscode.TextDocument } | undefined {
    const shown = this.shown.get(id);
    if (!shown) return undefined;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === shown.documentKey);
    if (!document || !tracksEdits(shown.state)) return document ? { anchor: shown.data.anchor, document } : undefined;
    const anchor = createAnchor(document.getText(), shown.range, { path: shown.data.anchor.path, symbolPath: shown.data.anchor.symbolPath });
    return { anchor, document };
  }

  /** Where a note is shown now and in which state, if its document is open (see `notePlace`). */
  livePlace(id: string): LivePlace | undefined {
    const shown = this.shown.get(id);
    return shown && { range: shown.range, state: shown.state, ...(shown.note !== undefined ? { note: shown.note } : {}) };
  }

  /** The document a note is shown in, if any. */
  shownIn(id: string): vscode.Uri | undefined {
    return this.views.get(id)?.uri;
  }

  /** Re-anchors a note to a range (the user's "Re-attach Here"): shared with the team. Undefined when the user cancelled the secret review. */
  async reattach(id: string, document: vscode.TextDocument, range: TextRange): Promise<ReviewThread | undefined> {
    const thread = this.store.getThread(id);
    if (!thread) throw new LoreError('This review note no longer exists (it may have been deleted on another machine).');
    const path = toRelativePath(document.uri);
    if (!path || document.uri.scheme !== 'file') throw new LoreError('Notes can only be attached to files inside the open workspace folder.');
    const [context, symbolPath] = await Promise.all([this.resolutionContext(document, [], true), symbolPathFor(document, range)]);
    const raw = reattachHere(thread.anchor, document.getText(), range, { path, commit: context.cleanCommit, symbolPath: symbolPath ?? '' });
    const found = anchorSecrets(raw);
    const choices = await reviewNoteSecrets(path, raw, { code: found, body: [] });
    if (!choices) return undefined;
    const anchor = maskAnchor(raw, choices.code, found);
    this.disposeThread(id);
    const updated = this.store.reattachThread(id, anchor);
    await this.syncDocument(document);
    return updated;
  }

  /** Opens a note's file at the note and expands its thread. */
  async reveal(id: string): Promise<void> {
    const thread = this.store.getThread(id);
    if (!thread) throw new LoreError('This review note no longer exists (it may have been deleted on another machine).');
    const uri = toWorkspaceUri(thread.anchor.path);
    if (!uri) throw new LoreError('Open the workspace folder the note belongs to first.');
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch {
      throw new LoreError(`${thread.anchor.path} is not there any more. The note is kept; re-attach it from the Review Notes view.`);
    }
    await this.syncDocument(document);
    const range = this.shown.get(id)?.range ?? thread.anchor.range;
    const editor = await vscode.window.showTextDocument(document, { selection: toVsRange(range), preserveFocus: false });
    editor.revealRange(toVsRange(range), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    const view = this.views.get(id);
    if (view) view.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
  }

  /** Snapshot of the threads shown in editors, for tests. */
  snapshot(): ShownThreadSnapshot[] {
    return this.shown.all().flatMap((s) => {
      const view = this.views.get(s.data.id);
      return view ? [{
        id: s.data.id,
        uri: view.uri.toString(),
        range: s.range,
        label: view.label ?? '',
        state: s.state,
        contextValue: view.contextValue ?? '',
        resolved: view.state === vscode.CommentThreadState.Resolved,
        comments: view.comments.map((c) => ({ author: c.author.name, body: typeof c.body === 'string' ? c.body : c.body.value })),
      }] : [];
    });
  }

  dispose(): void {
    this.refreshLater.dispose();
    for (const state of this.documents.values()) if (state.saveTimer) clearTimeout(state.saveTimer);
    try {
      // Keep where notes went while typing, if the database is open.
      if (this.services.stores.isOpen) for (const key of this.documents.keys()) this.saveRanges(key);
    } catch (error) {
      this.services.log.warn('Could not save where review notes moved:', errorDetail(error));
    }
    for (const view of this.views.values()) view.dispose();
    for (const draft of this.drafts) draft.dispose();
    this.views.clear();
    this.shown.clear();
    this.documents.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The thread's capabilities for `when` clauses: its state first (`open`/`resolved`), then flags:
 * `outdated` (needs review or orphaned), `canDelete` (the current user started it).
 */
export function threadContextValue(thread: ReviewThread, anchorState: AnchorState, me: string): string {
  const flags: string[] = [thread.state];
  if (anchorState === 'needsReview' || anchorState === 'orphaned') flags.push('outdated');
  if (thread.author === me) flags.push('canDelete');
  return flags.join(',');
}

