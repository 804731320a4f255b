import type { ReviewThread } from '../model';
import { normalizeTag } from '../model';
import type { NewArticle } from '../store/loreStore';
import { formatUtc } from './exportMarkdown';
import { languageForPath } from './languageForPath';
import { linesText, threadSummary } from './threadLabel';
import { kindInfo } from './threadKinds';

/**
 * A knowledge article made from a review thread: the thread's code as a snippet that keeps
 * the anchor (so the article stays on that code), the discussion as the body, and tags from
 * the kind. A draft, for the author to edit before it is published.
 */
export function articleFromThread(thread: ReviewThread, options: { language?: string } = {}): NewArticle {
  const info = kindInfo(thread.kind);
  const body: string[] = [
    `_From a review note (${info.title.toLowerCase()}, ${thread.state}) on ${linesText(thread.anchor.range)} of \`${thread.anchor.path}\`._`,
    '',
  ];
  for (const comment of thread.comments) {
    body.push(`**${comment.author}** · ${formatUtc(comment.createdAt)}`, '', comment.body.trim(), '');
  }
  const article: NewArticle = {
    title: `${info.title}: ${threadSummary(thread, 120)}`,
    body: `${body.join('\n').trimEnd()}\n`,
    tags: [normalizeTag(thread.kind), 'review'],
    status: 'draft',
  };
  if (thread.anchor.text.trim()) {
    article.snippets = [{ code: thread.anchor.text, language: options.language ?? languageForPath(thread.anchor.path), anchor: thread.anchor }];
  }
  return article;
}
