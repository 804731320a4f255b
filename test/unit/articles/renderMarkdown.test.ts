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
    assert.match(html, /<h1>Totally normal article<\/h1>/);
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
