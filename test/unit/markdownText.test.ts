import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { markdownText } from '../../src/core/markdownText';

/** What a reader sees: Markdown rendered with raw HTML allowed (the worst case), tags dropped, entities decoded. */
function shownText(markdown: string): { html: string; text: string } {
  const html = new MarkdownIt({ html: true }).render(markdown);
  const text = html
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<\/?p>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .trim();
  return { html, text };
}

describe('Text from teammates inside Markdown tooltips', () => {
  const hostile = [
    `<img src=x onerror=alert('title')> Hostile article`,
    '<script>alert(1)</script>',
    '**not bold** _not italic_ [not a link](command:workbench.action.quit) `not code`',
    '# not a heading',
    '1. not a list',
    'Tom & Jerry &amp; friends &lt;b&gt;',
    'a\\b | c ~~d~~ ![x](y)',
  ];

  for (const text of hostile) {
    it(`shows ${JSON.stringify(text)} exactly as written`, () => {
      const markdown = markdownText(text);
      assert.doesNotMatch(markdown, /[<>]/, 'no angle bracket reaches the Markdown, so no renderer can see a tag');
      const shown = shownText(markdown);
      assert.doesNotMatch(shown.html, /<(img|script|a|strong|em|code|h1|ol|li|del)\b/);
      assert.equal(shown.text, text);
    });
  }

  it('keeps line breaks as line breaks', () => {
    assert.equal(shownText(markdownText('first line\nsecond line')).text, 'first line\nsecond line');
  });
});
