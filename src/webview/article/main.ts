import { linkAction } from '../../core/articles/articleLinks';
import type { ArticleView, ArticleViewRequest, ArticleViewUpdate, FeedbackView, FreshnessView, HealthView, ReviewView } from './protocol';

/** Browser side of the article view: draws what the extension sends, posts what the user does. */
interface ViewState {
  article?: ArticleView;
  /** Where the reader was: kept when the view reloads (to load an image) or comes back into sight. */
  scrollY?: number;
}
interface VsCodeApi {
  postMessage(message: ArticleViewRequest): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; title?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.title) node.title = props.title;
  children.forEach((c) => node.appendChild(c));
  return node;
}

function button(label: string, title: string, message: ArticleViewRequest, className = ''): HTMLButtonElement {
  const b = el('button', { text: label, title, className });
  b.addEventListener('click', () => vscode.postMessage(message));
  return b;
}

/** Sanitised HTML from the extension (markdown-it + sanitize-html), parsed without running anything. */
function trustedFragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

const FRESHNESS_MARKS: Record<FreshnessView['state'], string> = { current: '✓', moved: '✓', changed: '⚠', gone: '✕', elsewhere: '–' };

/**
 * Whether the snippet's code is still what the article shows: the state in words (never only a
 * colour), why, and for changed code what the reader can do about it.
 */
function freshnessLine(snippetId: string, freshness: FreshnessView): HTMLElement {
  const line = el('div', { className: `freshness freshness-${freshness.state}` });
  line.appendChild(el('span', { className: 'freshness-mark', text: FRESHNESS_MARKS[freshness.state] }));
  line.appendChild(el('strong', { className: 'freshness-label', text: freshness.label }));
  line.appendChild(el('span', { className: 'freshness-reason', text: freshness.reason }));
  if (freshness.state === 'changed') {
    const actions = el('span', { className: 'freshness-actions' });
    actions.appendChild(button('Show Changes', 'Compare the snippet as written with the code now', { type: 'showChanges', snippetId }, 'secondary'));
    actions.appendChild(button('Update Snippet', "Replace the snippet's code with the code now (possible secrets are reviewed first)", { type: 'updateSnippet', snippetId }));
    actions.appendChild(button('Still Accurate', 'The snippet still explains the code now: keep its code, stop showing it as changed until the code changes again', { type: 'confirmSnippet', snippetId }, 'secondary'));
    line.appendChild(actions);
  }
  return line;
}

/** Owner, last verification, review date, and what needs attention (in words, with Mark Verified). */
function healthBlock(health: HealthView): HTMLElement {
  const block = el('div', { className: `health${health.attention.length ? ' health-attention' : ''}` });
  const line = el('div', { className: 'health-line' });
  if (health.owner) line.appendChild(el('span', { text: `owner ${health.owner}` }));
  line.appendChild(el('span', {
    className: 'verified',
    text: health.verified ? `verified by ${health.verified.by} on ${new Date(health.verified.at).toLocaleDateString()}` : 'never verified',
  }));
  line.appendChild(el('span', { text: `review due ${new Date(health.reviewDue).toLocaleDateString()}` }));
  line.appendChild(button('Mark Verified', 'Confirm the article is still true: records you and today, and restarts its review period', { type: 'markVerified' }, 'secondary'));
  block.appendChild(line);
  if (health.attention.length) {
    block.appendChild(el('strong', { text: '⚠ Needs attention' }));
    const list = el('ul');
    health.attention.forEach((reason) => list.appendChild(el('li', { text: reason })));
    block.appendChild(list);
  }
  return block;
}

/** Who reviewed what, the current revision's reviews first. */
function reviewsBlock(review: ReviewView): HTMLElement {
  const block = el('section', { className: 'reviews' });
  block.appendChild(el('h2', { text: 'Reviews' }));
  const list = el('ul');
  review.lines.forEach((line) => list.appendChild(el('li', { className: 'review-line', text: line })));
  block.appendChild(list);
  if (review.earlierLines.length) {
    block.appendChild(el('div', { className: 'review-earlier', text: 'On an earlier revision:' }));
    const earlier = el('ul', { className: 'review-earlier' });
    review.earlierLines.forEach((line) => earlier.appendChild(el('li', { text: line })));
    block.appendChild(earlier);
  }
  return block;
}

function render(article: ArticleView): void {
  root.replaceChildren();
  const header = el('header');
  header.appendChild(el('h1', { className: 'title', text: article.title }));
  const meta = el('div', { className: 'meta' });
  meta.appendChild(el('span', { className: `status status-${article.status}`, text: article.review?.headline ?? article.status }));
  if (article.visibility === 'private') meta.appendChild(el('span', { className: 'private', text: '🔒 private' }));
  meta.appendChild(el('span', { text: `by ${article.author}` }));
  if (article.team) meta.appendChild(el('span', { text: `team ${article.team}` }));
  meta.appendChild(el('span', { text: `updated ${new Date(article.updatedAt).toLocaleString()}`, title: `created ${new Date(article.createdAt).toLocaleString()}` }));
  header.appendChild(meta);
  if (article.tags.length) {
    const tags = el('div', { className: 'tags' });
    article.tags.forEach((t) => tags.appendChild(el('span', { className: 'tag', text: `#${t}` })));
    header.appendChild(tags);
  }
  const actions = el('div', { className: 'actions' });
  actions.appendChild(button('Edit', 'Edit this article as Markdown', { type: 'edit' }));
  actions.appendChild(button('Change Status', 'Draft, in review, published, outdated or archived', { type: 'changeStatus' }, 'secondary'));
  actions.appendChild(button('Show in Graph', 'The knowledge graph around this article: what it links to, its tags, team and files, and what joins them', { type: 'showInGraph' }, 'secondary'));
  actions.appendChild(button('Delete', 'Delete this article (asks first)', { type: 'delete' }, 'secondary'));
  const review = article.review;
  if (review?.canRequestReview) actions.appendChild(button('Request Review', 'Ask teammates to review this article before it is published', { type: 'requestReview' }));
  if (review?.canReview) {
    actions.appendChild(button('Approve', 'Approve this revision for publishing', { type: 'approve' }));
    actions.appendChild(button('Request Changes', 'Ask the author to change this revision before it is published (with a comment)', { type: 'requestChanges' }, 'secondary'));
  }
  if (review?.canReportOutdated) actions.appendChild(button('Report Outdated', 'Tell the author this article is no longer true (optional reason)', { type: 'reportOutdated' }, 'secondary'));
  if (review?.canWithdrawReport) actions.appendChild(button('Withdraw My Report', 'Take back your report that this article is outdated', { type: 'withdrawReport' }, 'secondary'));
  header.appendChild(actions);
  if (review && (review.lines.length || review.earlierLines.length)) header.appendChild(reviewsBlock(review));
  if (article.health) header.appendChild(healthBlock(article.health));
  root.appendChild(header);

  if (article.conflictFields.length) {
    const banner = el('div', { className: 'conflict' });
    banner.appendChild(el('span', { text: `This article was edited on two machines at once (${article.conflictFields.join(', ')}). Both versions are kept. ` }));
    banner.appendChild(button('Resolve…', 'Compare the versions and choose', { type: 'resolveConflict' }));
    root.appendChild(banner);
  }

  for (const snippet of article.snippets) {
    const block = el('section', { className: 'snippet' });
    const bar = el('div', { className: 'snippet-bar' });
    bar.appendChild(el('span', { className: 'location', text: snippet.location }));
    // Before the background check has looked, what the last lookup on this machine found.
    if (!snippet.freshness && snippet.state !== 'attached') bar.appendChild(el('span', { className: `anchor-state state-${snippet.state.replace(/\s/g, '-')}`, text: snippet.state }));
    bar.appendChild(button('Open Code', `Open ${snippet.location}`, { type: 'openSnippet', snippetId: snippet.id }, 'link'));
    block.appendChild(bar);
    if (snippet.freshness) block.appendChild(freshnessLine(snippet.id, snippet.freshness));
    if (snippet.updated) {
      block.appendChild(el('div', { className: 'snippet-updated', text: `Code updated by ${snippet.updated.author} on ${new Date(snippet.updated.at).toLocaleString()}` }));
    }
    const pre = el('pre');
    const code = el('code', { className: `hljs language-${snippet.language}` });
    code.appendChild(trustedFragment(snippet.codeHtml));
    pre.appendChild(code);
    block.appendChild(pre);
    root.appendChild(block);
  }

  const body = el('article', { className: 'body' });
  body.appendChild(trustedFragment(article.bodyHtml));
  root.appendChild(body);
  if (article.feedback) root.appendChild(feedbackSection(article.feedback));
  if (article.linkedFrom?.length) root.appendChild(linkedFrom(article.linkedFrom));
  if (article.related?.length) root.appendChild(relatedSection(article.related));
}

/** Was this helpful? (votes, reasons) and the discussion (comments, replies, edit and delete one's own). */
function feedbackSection(feedback: FeedbackView): HTMLElement {
  const section = el('section', { className: 'feedback' });
  const votes = el('div', { className: 'votes' });
  votes.appendChild(el('span', { className: 'vote-question', text: 'Was this article helpful?' }));
  const count = (n: number, word: string) => `${n} ${word}`;
  if (feedback.canVote) {
    const yes = button(`Helpful (${feedback.helpful})`, 'This article helped you: tells the author and ranks it higher in search', { type: 'vote', helpful: true }, feedback.mine === 'helpful' ? 'vote-mine' : 'secondary');
    const no = button(`Not helpful (${feedback.notHelpful})`, 'Say why: outdated, unclear, wrong or other. Outdated and wrong make it need attention', { type: 'vote', helpful: false }, feedback.mine === 'notHelpful' ? 'vote-mine' : 'secondary');
    yes.setAttribute('aria-pressed', String(feedback.mine === 'helpful'));
    no.setAttribute('aria-pressed', String(feedback.mine === 'notHelpful'));
    votes.append(yes, no);
    if (feedback.mine) votes.appendChild(button('Take Back My Vote', 'Your vote no longer counts', { type: 'takeBackVote' }, 'link'));
  } else {
    votes.appendChild(el('span', { className: 'vote-counts', text: `${count(feedback.helpful, 'helpful')} · ${count(feedback.notHelpful, 'not helpful')}` }));
  }
  section.appendChild(votes);
  const thanks = el('div', { className: 'thanks' });
  if (feedback.thankedBy.length) thanks.appendChild(el('span', { text: `Thanked by ${feedback.thankedBy.join(', ')}` }));
  if (feedback.canThank) thanks.appendChild(button('Thank the Author', 'Send kudos to the author: your team sees who keeps its knowledge alive', { type: 'thank' }, 'secondary'));
  if (thanks.childNodes.length) section.appendChild(thanks);
  if (feedback.reasons.length) {
    const list = el('ul', { className: 'vote-reasons' });
    feedback.reasons.forEach((line) => list.appendChild(el('li', { text: line })));
    section.appendChild(list);
  }
  const discussion = el('section', { className: 'discussion' });
  discussion.appendChild(el('h2', { text: `Discussion (${feedback.discussion.length})` }));
  for (const c of feedback.discussion) {
    const item = el('div', { className: `comment${c.isReply ? ' comment-reply' : ''}` });
    const head = el('div', { className: 'comment-head' });
    head.appendChild(el('strong', { text: c.by }));
    head.appendChild(el('span', { className: 'comment-at', text: `${new Date(c.at).toLocaleString()}${c.edited ? ' (edited)' : ''}` }));
    item.appendChild(head);
    item.appendChild(el('div', { className: 'comment-body', text: c.body }));
    const actions = el('div', { className: 'comment-actions' });
    actions.appendChild(button('Reply', `Reply to ${c.by}`, { type: 'addComment', replyTo: c.id }, 'link'));
    if (c.mine) {
      actions.appendChild(button('Edit', 'Change your comment', { type: 'editComment', commentId: c.id }, 'link'));
      actions.appendChild(button('Delete', 'Delete your comment (asks first)', { type: 'deleteComment', commentId: c.id }, 'link'));
    }
    item.appendChild(actions);
    discussion.appendChild(item);
  }
  discussion.appendChild(button('Add Comment', 'Ask a question or add what the article is missing; the team sees it after sync', { type: 'addComment' }, 'secondary'));
  section.appendChild(discussion);
  return section;
}

/** "Related": the articles most related to this one, each opening in Lore, with why on a small line. */
function relatedSection(articles: NonNullable<ArticleView['related']>): HTMLElement {
  const section = el('section', { className: 'related' });
  section.appendChild(el('h2', { text: 'Related' }));
  const list = el('ul');
  for (const related of articles) {
    const why = related.reasons.join('; ');
    const link = el('a', { text: related.title, title: `Open this article in Lore. Related because: ${why}` });
    link.href = '#';
    link.dataset.articleId = related.id;
    list.appendChild(el('li', {}, link, el('div', { className: 'related-why', text: why })));
  }
  section.appendChild(list);
  return section;
}

/** "Linked from": the articles whose text links to this one, each opening in Lore. */
function linkedFrom(articles: NonNullable<ArticleView['linkedFrom']>): HTMLElement {
  const section = el('section', { className: 'linked-from' });
  section.appendChild(el('h2', { text: 'Linked from' }));
  const list = el('ul');
  for (const linking of articles) {
    const link = el('a', { text: linking.title, title: 'Open this article in Lore' });
    link.href = '#';
    link.dataset.articleId = linking.id;
    list.appendChild(el('li', {}, link));
  }
  section.appendChild(list);
  return section;
}

root.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  // The placeholder of an image from a host that is not allowed: ask the extension to load that host.
  const placeholder = target.closest('button.remote-image');
  if (placeholder instanceof HTMLElement && placeholder.dataset.host) {
    event.preventDefault();
    vscode.postMessage({ type: 'loadImages', host: placeholder.dataset.host });
    return;
  }
  const anchor = target.closest('a');
  if (!anchor) return;
  event.preventDefault();
  if (anchor.dataset.articleId) {
    vscode.postMessage({ type: 'openArticle', articleId: anchor.dataset.articleId });
    return;
  }
  if (anchor.dataset.noteId) {
    vscode.postMessage({ type: 'openNote', noteId: anchor.dataset.noteId });
    return;
  }
  const href = anchor.getAttribute('href');
  if (!href) return;
  const action = linkAction(href);
  switch (action.kind) {
    case 'scroll': {
      const heading = document.getElementById(action.headingId);
      if (heading && root.contains(heading)) heading.scrollIntoView({ block: 'start' });
      return;
    }
    case 'article':
    case 'note':
    case 'external':
      vscode.postMessage({ type: 'openLink', href });
      return;
    case 'none':
      // A relative path leads nowhere from here: nothing to do.
      return;
  }
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => vscode.setState({ ...vscode.getState(), scrollY: window.scrollY }), 100);
});

window.addEventListener('message', (event: MessageEvent<ArticleViewUpdate>) => {
  const message = event.data;
  switch (message.type) {
    case 'show': {
      const state = vscode.getState();
      const sameArticle = state?.article?.id === message.article.id;
      vscode.setState({ article: message.article, ...(sameArticle && state?.scrollY ? { scrollY: state.scrollY } : {}) });
      render(message.article);
      if (sameArticle && state?.scrollY) window.scrollTo(0, state.scrollY);
      break;
    }
    case 'deleted':
      vscode.setState({});
      root.replaceChildren(el('p', { className: 'gone', text: 'This article was deleted.' }));
      break;
  }
});

const saved = vscode.getState();
if (saved?.article) {
  render(saved.article);
  if (saved.scrollY) window.scrollTo(0, saved.scrollY);
}
vscode.postMessage({ type: 'ready' });
