import * as vscode from 'vscode';
import { LoreError } from '../../core/errors';
import { discussionThreads, VOTE_REASON_LABELS } from '../../core/articles/articleFeedback';
import { sameName, MAX_REVIEW_TEXT, VOTE_REASONS, type Article, type VoteReason } from '../../core/model';
import { plainMessage, plainText } from '../../core/plainText';
import type { FeedbackView } from '../../webview/article/protocol';
import { registerCommand } from '../common/commands';
import type { LoreServices } from '../common/services';
import { commandArticle } from './articleArgs';
import type { ArticlePanels } from './articlePanel';

/** What the article view shows of readers' feedback, for the reader `me`. */
export function feedbackView(article: Article, me: string): FeedbackView {
  const mine = (article.votes ?? []).find((v) => sameName(v.by, me));
  const discussion: FeedbackView['discussion'] = [];
  for (const { comment, replies } of discussionThreads(article.discussion ?? [])) {
    for (const c of [comment, ...replies]) {
      discussion.push({ id: c.id, by: c.by, body: c.body, at: c.at, edited: c.editedAt !== undefined, isReply: c !== comment, mine: sameName(c.by, me) });
    }
  }
  return {
    helpful: article.helpful ?? 0,
    notHelpful: article.notHelpful ?? 0,
    ...(mine ? { mine: mine.helpful ? 'helpful' as const : 'notHelpful' as const } : {}),
    canVote: !sameName(article.author, me),
    thankedBy: article.thankedBy ?? [],
    canThank: !sameName(article.author, me) && !(article.thankedBy ?? []).some((n) => sameName(n, me)),
    reasons: (article.votes ?? []).filter((v) => !v.helpful && v.reason)
      .map((v) => `${v.by}: ${VOTE_REASON_LABELS[v.reason!]}${v.comment ? ` — ${v.comment}` : ''}`),
    discussion,
  };
}

/** "3 helpful · 1 not helpful" for a Knowledge row, or '' when nobody voted. */
export function feedbackCounts(article: Pick<Article, 'helpful' | 'notHelpful'>): string {
  const parts = [article.helpful ? `${article.helpful} helpful` : '', article.notHelpful ? `${article.notHelpful} not helpful` : ''];
  return parts.filter(Boolean).join(' · ');
}

const validText = (required: boolean) => (value: string) =>
  (required && !value.trim() ? 'Write a few words.' : value.length > MAX_REVIEW_TEXT ? `At most ${MAX_REVIEW_TEXT.toLocaleString('en-US')} characters.` : undefined);

/**
 * Helpful / Not helpful and the article's discussion in VS Code. Each command acts on the article
 * given (a row, an id) or else the article view in front; called with an id, the further
 * arguments answer what the command would ask (for keybindings, other extensions and tests):
 *   lore.voteNotHelpful(id, reason, text), lore.addArticleComment(id, text, replyTo),
 *   lore.editArticleComment(id, commentId, text), lore.deleteArticleComment(id, commentId, true).
 */
export function registerFeedbackCommands(services: LoreServices, panels: ArticlePanels): vscode.Disposable[] {
  const { log, stores } = services;
  const target = (arg: unknown): Article => commandArticle(stores, panels, arg);

  return [
    registerCommand(log, 'lore.voteHelpful', (arg: unknown) => {
      const updated = stores.get().voteOnArticle(target(arg).id, { helpful: true });
      return updated.id;
    }),

    registerCommand(log, 'lore.voteNotHelpful', async (arg: unknown, given?: unknown, text?: unknown) => {
      const article = target(arg);
      const store = stores.get();
      if (sameName(article.author, store.author)) throw new LoreError('You wrote this article: your teammates\' votes tell you whether it helps.');
      let reason = VOTE_REASONS.includes(given as VoteReason) ? given as VoteReason : undefined;
      if (!reason) {
        const items = VOTE_REASONS.map((r) => ({ label: VOTE_REASON_LABELS[r], reason: r, description: r === 'outdated' || r === 'wrong' ? 'the author is asked to look at it' : '' }));
        const picked = await vscode.window.showQuickPick(items, { title: plainText(`Not helpful: what is wrong with "${article.title}"?`), ignoreFocusOut: true });
        if (!picked) return undefined;
        reason = picked.reason;
      }
      const comment = typeof text === 'string' ? text : await vscode.window.showInputBox({
        title: plainText(`Not helpful (${VOTE_REASON_LABELS[reason].toLowerCase()}): anything to add?`),
        prompt: reason === 'other' ? 'Say what is missing or wrong.' : 'Optional. The author sees it in the article view.',
        ignoreFocusOut: true,
        validateInput: validText(reason === 'other'),
      });
      if (comment === undefined) return undefined;
      const updated = store.voteOnArticle(article.id, { helpful: false, reason, comment });
      if (reason === 'outdated' || reason === 'wrong') {
        void vscode.window.showInformationMessage(plainMessage`"${updated.title}" needs attention now: its author is asked to check it.`);
      }
      return updated.id;
    }),

    registerCommand(log, 'lore.thankAuthor', (arg: unknown) => {
      const updated = stores.get().thankAuthor(target(arg).id);
      void vscode.window.showInformationMessage(plainMessage`Thanked ${updated.author} for "${updated.title}".`);
      return updated.id;
    }),

    registerCommand(log, 'lore.takeBackVote', (arg: unknown) => stores.get().takeBackVote(target(arg).id).id),

    registerCommand(log, 'lore.addArticleComment', async (arg: unknown, text?: unknown, replyTo?: unknown) => {
      const article = target(arg);
      const answering = typeof replyTo === 'string' ? (article.discussion ?? []).find((c) => c.id === replyTo) : undefined;
      if (typeof replyTo === 'string' && !answering) throw new LoreError('The comment you are replying to was deleted.');
      const body = typeof text === 'string' ? text : await vscode.window.showInputBox({
        title: plainText(answering ? `Reply to ${answering.by}` : `Comment on "${article.title}"`),
        prompt: 'Your team sees it in the article view after sync.',
        ignoreFocusOut: true,
        validateInput: validText(true),
      });
      if (body === undefined) return undefined;
      return stores.get().addDiscussionComment(article.id, body, answering?.id).id;
    }),

    registerCommand(log, 'lore.editArticleComment', async (arg: unknown, commentId?: unknown, text?: unknown) => {
      const article = target(arg);
      const comment = (article.discussion ?? []).find((c) => c.id === commentId);
      if (!comment) throw new LoreError('That comment was deleted.');
      const body = typeof text === 'string' ? text : await vscode.window.showInputBox({
        title: 'Edit your comment', value: comment.body, ignoreFocusOut: true, validateInput: validText(true),
      });
      if (body === undefined) return undefined;
      return stores.get().editDiscussionComment(article.id, comment.id, body).id;
    }),

    registerCommand(log, 'lore.deleteArticleComment', async (arg: unknown, commentId?: unknown, confirmed?: unknown) => {
      const article = target(arg);
      if (typeof commentId !== 'string') throw new LoreError('Choose a comment to delete in the article view.');
      if (confirmed !== true) {
        const answer = await vscode.window.showWarningMessage('Delete your comment? Your team will no longer see it.', { modal: true }, 'Delete');
        if (answer !== 'Delete') return undefined;
      }
      stores.get().deleteDiscussionComment(article.id, commentId);
      return commentId;
    }),
  ];
}
