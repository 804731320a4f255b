import { strict as assert } from 'node:assert';
import { renderMarkdown } from '../../../src/core/articles/renderMarkdown';

const HOSTILE = [
  '# Totally normal article',
  '<script>alert("pwned")</script>',
  '<img src=x onerror="alert(1)">',
  '[click me](javascript:alert(1))',
  '[run a command](command:workbench.action.terminal.new)',
  '[open settings](vscode:extension/evil.ext)',
  '<a href="command:lore.deleteArticle">html link</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<div onclick="steal()" style="background:url(javascript:x)">styled</div>',
  '![pixel](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<svg><script>alert(2)</script></svg>',
  '[ok](https://example.com/docs)',
].join('\n\n');

describe('Rendering article Markdown', () => {
  it('renders hostile articles inert: no scripts, handlers, frames, or command/javascript links', () => {
    const html = renderMarkdown(HOSTILE);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<iframe/i);
    assert.doesNotMatch(html, /<svg/i);
    assert.doesNotMatch(html, /<[^>]*\son\w+\s*=/i, 'no event handler attributes inside a tag');
    assert.doesNotMatch(html, /<a\s[^>]*href="(javascript|command|vscode):/i);
    assert.doesNotMatch(html, /<img\s[^>]*src="data:text/i);
    assert.doesNotMatch(html, /<[a-z]+\s[^>]*style="background/i);
    // Raw HTML is shown as text, so readers can see what was written.
    assert.match(html, /&lt;script&gt;alert/);
    assert.match(html, /<a href="https:\/\/example.com\/docs">ok<\/a>/);
    assert.match(html, /<h1 id="user-content-totally-normal-article">Totally normal article<\/h1>/);
  });

  it('highlights fenced code', () => {
    const html = renderMarkdown('```ts\nconst answer: number = 42;\n```');
    assert.match(html, /<span class="hljs-keyword">const<\/span>/);
    assert.match(html, /<code class="language-ts">/);
  });

  it('resolves stored images to data URIs and marks unknown ones as missing', () => {
    const hash = 'a'.repeat(64);
    const html = renderMarkdown(`![diagram](lore-image:${hash}) ![gone](lore-image:${'b'.repeat(64)})`, {
      resolveImage: (h) => (h === hash ? 'data:image/png;base64,iVBORw0KGgo=' : undefined),
    });
    assert.match(html, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="diagram" \/>/);
    assert.match(html, /\[missing image: gone\]/);
  });

  it('survives malformed Markdown', () => {
    const html = renderMarkdown('# unclosed `code\n\n```\nno end fence\n\n* [link(\n|a|b\n|--\n> > > deep');
    assert.match(html, /no end fence/);
  });
});

describe('Rendering images from other hosts', () => {
  const body = '![pixel](https://tracker.example/p.gif?reader=ada) ![logo](https://images.example.com/logo.png)';

  it('loads no image from another host by default: a placeholder names the host instead', () => {
    const blocked: string[] = [];
    const html = renderMarkdown(body, { onBlockedImage: (host) => blocked.push(host) });
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /tracker\.example\/p\.gif/, 'the URL is not in the page at all');
    assert.match(html, /<button type="button" class="remote-image" data-host="tracker.example"[^>]*>Image "pixel" from tracker.example not loaded: click to load<\/button>/);
    assert.deepEqual(blocked, ['tracker.example', 'images.example.com']);
  });

  it('loads https images from the allowed hosts only', () => {
    const html = renderMarkdown(body, { allowedImageHosts: ['images.example.com'] });
    assert.match(html, /<img src="https:\/\/images.example.com\/logo.png" alt="logo" \/>/);
    assert.doesNotMatch(html, /<img src="https:\/\/tracker/);
    const wildcard = renderMarkdown('![a](https://cdn.images.example.com/a.png) ![b](https://example.com/b.png) ![c](https://cdn.images.example.com:8443/c.png)', { allowedImageHosts: ['*.images.example.com'] });
    assert.equal((wildcard.match(/<img /g) ?? []).length, 1, wildcard);
  });

  it('never loads http or protocol-relative images, even from an allowed host', () => {
    const html = renderMarkdown('![a](http://images.example.com/a.png) ![b](//images.example.com/b.png)', { allowedImageHosts: ['images.example.com'] });
    assert.doesNotMatch(html, /<img/);
    assert.equal((html.match(/not loaded \(not https\)/g) ?? []).length, 2);
  });

  it('does not try to load relative paths', () => {
    const html = renderMarkdown('![diagram](docs/diagram.png)');
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /\[image not shown: diagram\]/);
  });
});

describe('Rendering links and tables for the article view', () => {
  it('gives headings ids (GitHub slugs, prefixed, numbered when repeated) so #section links can scroll', () => {
    const html = renderMarkdown('# Set up: the *cache*\n\n## Set up: the cache\n\n[jump](#set-up-the-cache)');
    assert.match(html, /<h1 id="user-content-set-up-the-cache">/);
    assert.match(html, /<h2 id="user-content-set-up-the-cache-1">/);
    assert.match(html, /<a href="#set-up-the-cache">jump<\/a>/);
  });

  it('renders table alignment as classes (the CSP blocks inline styles)', () => {
    const html = renderMarkdown('| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |');
    assert.doesNotMatch(html, /style=/);
    assert.match(html, /<th class="align-left">a<\/th>\s*<th class="align-center">b<\/th>\s*<th class="align-right">c<\/th>\s*<th>d<\/th>/);
    assert.match(html, /<td class="align-right">3<\/td>/);
  });

  it("keeps Lore's own article links (as copied by Copy Article Link), written or pasted bare, marked with the article id", () => {
    const html = renderMarkdown('See [the cache article](vscode://lore-team.lore/article/a1B2_c3) or code-oss://lore-team.lore/article/x-9');
    assert.match(html, /<a href="#" class="lore-article-link" data-article-id="a1B2_c3" title="Open this article in Lore">the cache article<\/a>/);
    assert.match(html, /<a href="#" class="lore-article-link" data-article-id="x-9"[^>]*>code-oss:\/\/lore-team.lore\/article\/x-9<\/a>/);
  });

  it("shows a Lore article link pasted bare as the article's title, not an address ending in an id", () => {
    const titles: Record<string, string> = { 'x-9': 'Session cache <design>' };
    const html = renderMarkdown('Read vscode://lore-team.lore/article/x-9 and <code-oss://lore-team.lore/article/x-9>, not vscode://lore-team.lore/article/gone1.', { articleTitle: (id) => titles[id] });
    const links = [...html.matchAll(/<a href="#" class="lore-article-link" data-article-id="([\w-]+)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(links, [['x-9', 'Session cache &lt;design&gt;'], ['x-9', 'Session cache &lt;design&gt;'], ['gone1', 'vscode://lore-team.lore/article/gone1']]);
    // Written with its own text, a link keeps it.
    assert.match(renderMarkdown('[this one](vscode://lore-team.lore/article/x-9)', { articleTitle: (id) => titles[id] }), />this one<\/a>/);
  });

  it('makes the link to the review note an article was promoted from open that note', () => {
    const html = renderMarkdown('_From a [review note](vscode://lore-team.lore/note/n_1) on line 3_, also code-oss://lore-team.lore/note/n-2');
    assert.match(html, /<a href="#" class="lore-note-link" data-note-id="n_1" title="Show this review note in its file">review note<\/a>/);
    assert.match(html, /<a href="#" class="lore-note-link" data-note-id="n-2"[^>]*>review note<\/a>/);
    assert.doesNotMatch(renderMarkdown('[x](vscode://lore-team.lore.evil/note/n_1)'), /data-note-id/);
  });

  it("keeps no other extension's vscode: link", () => {
    const html = renderMarkdown('[evil](vscode://evil.ext/article/a1) vscode://evil.ext/article/a2 [install](vscode:extension/evil.ext)');
    assert.doesNotMatch(html, /href="vscode/);
    assert.doesNotMatch(html, /data-article-id/);
    assert.doesNotMatch(html, /<a>vscode/, 'a bare link of another extension stays text');
  });
});
