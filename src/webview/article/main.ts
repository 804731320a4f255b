import type { ArticleView, ArticleViewRequest, ArticleViewUpdate } from './protocol';

/** Browser side of the article view: draws what the extension sends, posts what the user does. */
interface VsCodeApi {
  postMessage(message: ArticleViewRequest): void;
  getState(): { article?: ArticleView } | undefined;
  setState(state: { article?: ArticleView }): void;
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

function render(article: ArticleView): void {
  root.replaceChildren();
  const header = el('header');
  header.appendChild(el('h1', { className: 'title', text: article.title }));
  const meta = el('div', { className: 'meta' });
  meta.appendChild(el('span', { className: `status status-${article.status}`, text: article.status }));
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
  actions.appendChild(button('Change Status', 'Draft, published, outdated or archived', { type: 'changeStatus' }, 'secondary'));
  actions.appendChild(button('Delete', 'Delete this article (asks first)', { type: 'delete' }, 'secondary'));
  header.appendChild(actions);
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
    if (snippet.state !== 'attached') bar.appendChild(el('span', { className: `anchor-state state-${snippet.state.replace(/\s/g, '-')}`, text: snippet.state }));
    bar.appendChild(button('Open Code', `Open ${snippet.location}`, { type: 'openSnippet', snippetId: snippet.id }, 'link'));
    block.appendChild(bar);
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
}

root.addEventListener('click', (event) => {
  const anchor = (event.target as HTMLElement).closest('a');
  if (!anchor) return;
  event.preventDefault();
  const href = anchor.getAttribute('href');
  if (href) vscode.postMessage({ type: 'openLink', href });
});

window.addEventListener('message', (event: MessageEvent<ArticleViewUpdate>) => {
  const message = event.data;
  switch (message.type) {
    case 'show':
      vscode.setState({ article: message.article });
      render(message.article);
      break;
    case 'deleted':
      vscode.setState({});
      root.replaceChildren(el('p', { className: 'gone', text: 'This article was deleted.' }));
      break;
  }
});

const saved = vscode.getState()?.article;
if (saved) render(saved);
vscode.postMessage({ type: 'ready' });
