import * as vscode from 'vscode';
import { LoreError } from '../../core/errors';
import { THREAD_KINDS, type TextRange, type ThreadKind } from '../../core/model';
import { markdownText } from '../../core/markdownText';
import { articleLink } from '../../core/articles/articleLinks';
import { articleFromThread, promotionSecrets } from '../../core/review/promoteThread';
import { proposePromotedTitle } from '../../core/review/promotionTitle';
import { allKinds } from '../../core/review/threadKinds';
import { linesText, threadSummary } from '../../core/review/threadLabel';
import { registerCommand } from '../common/commands';
import type { CommandId } from '../common/commandIds';
import { reattachTarget } from '../../core/review/placement';
import { fromVsRange } from '../common/ranges';
import type { LoreServices } from '../common/services';
import { toRelativePath } from '../common/workspacePaths';
import { reviewNoteSecrets, reviewTextSecrets } from './noteSecretReview';
import { LoreComment } from './reviewComment';
import type { ReviewController } from './reviewController';
import type { ReviewFilterState } from './reviewFilterState';
import { ReviewNoteNode } from './reviewNotesTree';
import { plainMessage, plainText } from '../../core/plainText';

/** Arguments `lore.addReviewNote` accepts from other features and tests (all optional). */
export interface AddReviewNoteArgs {
  uri?: vscode.Uri | string;
  range?: TextRange;
  kind?: ThreadKind;
  /** With a body (and a kind), the note is saved at once instead of opening a draft. */
  body?: string;
}

const CREATE_COMMANDS: Record<ThreadKind, CommandId> = {
  bug: 'lore.review.createBug',
  suggestion: 'lore.review.createSuggestion',
  question: 'lore.review.createQuestion',
  nit: 'lore.review.createNit',
  praise: 'lore.review.createPraise',
};

/** Every command of the review feature: comment widgets, thread titles, the tree, the palette. */
export function registerReviewCommands(
  services: LoreServices,
  controller: ReviewController,
  filter: ReviewFilterState,
): vscode.Disposable[] {
  const { log } = services;
  const store = () => services.stores.get();

  /** The note id behind whatever a menu passed: an id, a comment thread, a reply, a tree node. */
  const threadId = (arg: unknown): string => {
    if (typeof arg === 'string') return arg;
    if (arg instanceof ReviewNoteNode) return arg.id;
    const maybeThread = (arg as { thread?: vscode.CommentThread } | undefined)?.thread ?? (arg as vscode.CommentThread | undefined);
    const id = maybeThread && 'uri' in maybeThread ? controller.idOfView(maybeThread) : undefined;
    if (id) return id;
    throw new LoreError('Choose a review note first: open its thread in the editor or select it in the Review Notes view.');
  };

  const disposables: vscode.Disposable[] = [];
  const add = (id: CommandId, handler: (...args: any[]) => unknown) => disposables.push(registerCommand(log, id, handler));

  add('lore.addReviewNote', async (args?: AddReviewNoteArgs | vscode.Uri) => {
    const options: AddReviewNoteArgs = args instanceof vscode.Uri ? { uri: args } : (args ?? {});
    const editor = vscode.window.activeTextEditor;
    const uri = typeof options.uri === 'string' ? vscode.Uri.parse(options.uri) : (options.uri ?? editor?.document.uri);
    if (!uri) throw new LoreError('Open a file and select the code the note is about, then run Add Review Note.');
    if (uri.scheme !== 'file' || !toRelativePath(uri)) throw new LoreError('Review notes can only be added to files inside the open workspace folder.');
    const document = await vscode.workspace.openTextDocument(uri);
    const range = options.range ?? (editor && editor.document.uri.toString() === uri.toString() ? selectionRange(editor) : { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 });
    if (options.body !== undefined) {
      const thread = await controller.createNote(document, range, options.kind ?? 'question', options.body);
      return thread?.id;
    }
    if (!editor || editor.document.uri.toString() !== uri.toString()) await vscode.window.showTextDocument(document);
    controller.openDraft(uri, new vscode.Range(range.startLine, range.startCharacter, range.endLine, range.endCharacter));
    return undefined;
  });

  for (const kind of THREAD_KINDS) {
    add(CREATE_COMMANDS[kind], (reply: vscode.CommentReply) => controller.createFromDraft(reply.thread, reply.text, kind));
  }

  add('lore.review.cancelDraft', (arg: vscode.CommentReply | vscode.CommentThread) => {
    controller.cancelDraft('thread' in arg ? arg.thread : arg);
  });

  add('lore.review.reply', (reply: vscode.CommentReply) => controller.reply(reply.thread, reply.text));

  add('lore.review.editComment', (comment: LoreComment) => {
    comment.startEditing();
    // Reassigning the list is how the Comments API learns that a comment changed mode.
    comment.parent.comments = [...comment.parent.comments];
  });

  add('lore.review.cancelEdit', (comment: LoreComment) => {
    comment.cancelEditing();
    comment.parent.comments = [...comment.parent.comments];
  });

  add('lore.review.saveComment', async (comment: LoreComment) => {
    if (!comment.id) return;
    const body = await reviewTextSecrets(comment.text);
    if (body === undefined) return;
    store().editComment(comment.id, body);
    comment.mode = vscode.CommentMode.Preview;
    const id = controller.idOfView(comment.parent);
    if (id) controller.refreshThread(id);
  });

  add('lore.review.deleteComment', async (comment: LoreComment) => {
    if (!comment.id) return;
    const id = controller.idOfView(comment.parent);
    const thread = id ? store().getThread(id) : undefined;
    if (thread && thread.comments.length <= 1) {
      const ok = await vscode.window.showWarningMessage('This is the note\'s only comment: deleting it deletes the review note.', { modal: true }, 'Delete Note');
      if (ok !== 'Delete Note') return;
    }
    store().deleteComment(comment.id);
    if (id) controller.refreshThread(id);
  });

  add('lore.review.resolve', (arg: unknown) => {
    const id = threadId(arg);
    store().setThreadState(id, 'resolved');
    controller.refreshThread(id);
  });

  add('lore.review.reopen', (arg: unknown) => {
    const id = threadId(arg);
    store().setThreadState(id, 'open');
    controller.refreshThread(id);
  });

  add('lore.review.changeKind', async (arg: unknown) => {
    const id = threadId(arg);
    const thread = store().getThread(id);
    if (!thread) return;
    const kind = await pickKind(`Kind of note for "${threadSummary(thread, 50)}"`, thread.kind);
    if (!kind || kind === thread.kind) return;
    store().setThreadKind(id, kind);
    controller.refreshThread(id);
  });

  add('lore.review.deleteNote', async (arg: unknown) => {
    const id = threadId(arg);
    const thread = store().getThread(id);
    if (!thread) return;
    const comments = thread.comments.length;
    const ok = await vscode.window.showWarningMessage(
      plainMessage`Delete this review note${comments > 1 ? ` and its ${comments} comments` : ''}?`,
      { modal: true, detail: plainText(threadSummary(thread)) },
      'Delete',
    );
    if (ok !== 'Delete') return;
    store().deleteThread(id);
    controller.refreshThread(id);
  });

  add('lore.review.reattachHere', async (arg: unknown) => {
    const id = threadId(arg);
    const thread = store().getThread(id);
    if (!thread) throw new LoreError('This review note no longer exists (it may have been deleted on another machine).');
    const editor = vscode.window.activeTextEditor;
    const path = editor ? toRelativePath(editor.document.uri) : undefined;
    if (!editor || !path || editor.document.uri.scheme !== 'file') {
      throw new LoreError('Open the file the note belongs in and select its code, then run Re-attach Here again.');
    }
    // From the note's own thread a note that needs review goes to Lore's best guess; otherwise a
    // selection says where (see reattachTarget). An orphaned note needs a selection.
    const shownHere = controller.shownIn(id)?.toString() === editor.document.uri.toString() ? controller.livePlace(id) : undefined;
    const range = reattachTarget({
      fromThread: isCommentThread(arg),
      selection: editor.selection.isEmpty ? undefined : fromVsRange(editor.selection),
      cursorLine: selectionRange(editor),
      shown: shownHere,
    });
    if (!range) throw new LoreError('The code this note was about is gone from this file. Select the code the note is about now, then choose Re-attach Here again.');
    if (path !== thread.anchor.path) {
      const ok = await vscode.window.showWarningMessage(
        plainMessage`Move this note from ${thread.anchor.path} to ${linesText(range)} of ${path}?`,
        { modal: true },
        'Re-attach Here',
      );
      if (ok !== 'Re-attach Here') return;
    }
    if (!(await controller.reattach(id, editor.document, range))) return;
    void vscode.window.setStatusBarMessage(`Lore: note re-attached to ${linesText(range)} of ${path}`, 4000);
  });

  add('lore.review.reveal', (arg: unknown) => controller.reveal(threadId(arg)));

  /** `options.title` (from tests and other features) skips asking for the title. */
  add('lore.review.promote', async (arg: unknown, options?: { title?: string }) => {
    const id = threadId(arg);
    const thread = store().getThread(id);
    if (!thread) throw new LoreError('This review note no longer exists (it may have been deleted on another machine).');
    // The code as it is now, when the file is open and the note sits on it.
    const live = controller.liveAnchor(id);
    const source = live ? { ...thread, anchor: live.anchor } : thread;
    // An article is shared like the note: the same review of possible secrets first.
    const found = promotionSecrets(source);
    const mask = await reviewNoteSecrets(source.anchor.path, source.anchor, found);
    if (!mask) return undefined;
    const title =
      options?.title ??
      (await vscode.window.showInputBox({
        title: 'Promote to Knowledge: title',
        prompt: 'What should your team call this article?',
        value: proposePromotedTitle(source),
        validateInput: (value) => (value.trim() ? undefined : 'An article needs a title.'),
      }));
    if (title === undefined || !title.trim()) return undefined;
    const article = store().createArticle(articleFromThread(source, { language: live?.document.languageId, mask, found, title }));
    log.info(`Promoted review note ${id} to article ${article.id}`);
    // The note links to where its knowledge went (the article links to where it came from).
    store().addComment(id, `Promoted to the knowledge article [“${markdownText(article.title)}”](${articleLink('vscode', article.id)}).`);
    controller.refreshThread(id);
    await vscode.commands.executeCommand('lore.openArticle', article.id);
    void vscode.window
      .showInformationMessage(plainMessage`Promoted to the draft article "${article.title}". Resolve the note?`, 'Resolve Note', 'Open Article')
      .then((choice) => {
        if (choice === 'Resolve Note') void vscode.commands.executeCommand('lore.review.resolve', id);
        if (choice === 'Open Article') void vscode.commands.executeCommand('lore.openArticle', article.id);
      });
    return article.id;
  });

  /** Thank: kudos to the note's author, synced (ReviewThreads.thank); Team Knowledge counts it. */
  add('lore.review.thank', (arg: unknown) => {
    const id = threadId(arg);
    const thread = store().thankNoteAuthor(id);
    controller.refreshThread(id);
    void vscode.window.setStatusBarMessage(plainMessage`Lore: thanked ${thread.author} for the note`, 4000);
  });

  add('lore.review.filter', async () => {
    type Item = vscode.QuickPickItem & { change: Parameters<ReviewFilterState['set']>[0] };
    const check = (on: boolean) => (on ? '$(check) ' : '$(blank) ');
    const items: Item[] = [
      { label: `${check(filter.status === 'all')}Open and resolved`, change: { status: 'all' } },
      { label: `${check(filter.status === 'open')}Open only`, change: { status: 'open' } },
      { label: `${check(filter.status === 'resolved')}Resolved only`, change: { status: 'resolved' } },
      { label: '', kind: vscode.QuickPickItemKind.Separator, change: {} },
      { label: `${check(!filter.mine)}Everyone's notes`, change: { mine: false } },
      { label: `${check(filter.mine)}Only my notes`, change: { mine: true } },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Filter Review Notes', placeHolder: 'Show which notes?' });
    if (picked) await filter.set(picked.change);
  });
  add('lore.review.filterAll', () => filter.set({ status: 'all' }));
  add('lore.review.filterOpen', () => filter.set({ status: 'open' }));
  add('lore.review.filterResolved', () => filter.set({ status: 'resolved' }));
  add('lore.review.showMine', () => filter.set({ mine: true }));
  add('lore.review.showEveryone', () => filter.set({ mine: false }));

  return disposables;
}

/** True for a comment thread (or a reply in one) a thread-title menu passed. */
function isCommentThread(arg: unknown): boolean {
  const thread = (arg as { thread?: unknown } | undefined)?.thread ?? arg;
  return typeof thread === 'object' && thread !== null && 'uri' in thread && 'comments' in thread;
}

/** The selection, or the cursor's whole line when nothing is selected. */
export function selectionRange(editor: vscode.TextEditor): TextRange {
  const selection = editor.selection;
  if (!selection.isEmpty) return fromVsRange(selection);
  const line = editor.document.lineAt(selection.active.line);
  return fromVsRange(line.range);
}

/** Asks for a kind of note; undefined when the user cancels. */
export async function pickKind(title: string, current?: ThreadKind): Promise<ThreadKind | undefined> {
  const items = allKinds().map((k) => ({
    label: `${k.emoji} ${k.title}`,
    description: k.kind === current ? 'current' : undefined,
    detail: k.description,
    value: k.kind,
  }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'What kind of note is this?' });
  return picked?.value;
}
