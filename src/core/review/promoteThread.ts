import { maskAnchor } from '../anchoring/maskAnchor';
import { noteLink } from '../articles/articleLinks';
import type { ReviewThread } from '../model';
import { normalizeTag } from '../model';
import { redactAll } from '../redaction/markers';
import type { NewArticle } from '../store/loreStore';
import { markdownText } from '../markdownText';
import { formatUtc } from './exportMarkdown';
import { languageForPath } from './languageForPath';
import { MASK_ALL, maskText, noteSecrets, type NoteMaskChoices, type NoteSecrets } from './noteSecrets';
import { proposePromotedTitle } from './promotionTitle';
import { linesText, threadSummary } from './threadLabel';
import { kindInfo } from './threadKinds';

/**
 * Possible secrets in the article a thread would become: in its code (the anchor's text) and
 * in its body (the discussion), for the user to review before promoting.
 */
export function promotionSecrets(thread: ReviewThread): NoteSecrets {
  return noteSecrets(thread.anchor, promotionBody(thread));
}

/**
 * A knowledge article made from a review thread: the thread's code as a snippet that keeps
 * the anchor (so the article stays on that code), the discussion as the body, and tags from
 * the kind. A draft, for the author to edit before it is published. Possible secrets are
 * masked as the user chose (see promotionSecrets); all of them unless told otherwise. The body
 * starts with a link to the note it came from.
 */
export function articleFromThread(
  thread: ReviewThread,
  options: { language?: string; mask?: NoteMaskChoices; found?: NoteSecrets; title?: string } = {},
): NewArticle {
  const choices = options.mask ?? MASK_ALL;
  const body = promotionBody(thread);
  const found = options.found ?? noteSecrets(thread.anchor, body);
  const article: NewArticle = {
    title: redactAll(options.title?.trim() || proposePromotedTitle(thread)),
    body: maskText(body, choices.body, found.body),
    tags: [normalizeTag(thread.kind), 'review'],
    status: 'draft',
  };
  if (thread.anchor.text.trim()) {
    const anchor = maskAnchor(thread.anchor, choices.code, found.code);
    article.snippets = [{ code: anchor.text, language: options.language ?? languageForPath(thread.anchor.path), anchor }];
  }
  return article;
}

function promotionBody(thread: ReviewThread): string {
  const info = kindInfo(thread.kind);
  const body: string[] = [
    // A link back to the note (the article view shows the note when it is clicked).
    `_From a [review note](${noteLink('vscode', thread.id)}) (${info.title.toLowerCase()}, ${thread.state}) on ${linesText(thread.anchor.range)} of \`${thread.anchor.path}\`: “${markdownText(redactAll(threadSummary(thread, 60)))}”._`,
    '',
  ];
  for (const comment of thread.comments) {
    body.push(`**${comment.author}** · ${formatUtc(comment.createdAt)}`, '', comment.body.trim(), '');
  }
  return `${body.join('\n').trimEnd()}\n`;
}
