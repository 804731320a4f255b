import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { withoutRemoteImages } from '../../../src/core/review/commentImages';

/** What a Markdown renderer would load: the src of every image it makes of the text. */
function imagesIn(markdown: string): string[] {
  const html = new MarkdownIt('commonmark').render(markdown);
  return [...html.matchAll(/<img src="([^"]*)"/g)].map((m) => m[1]);
}

describe('Remote images in review notes', () => {
  const allowed = ['images.example.com'];

  it('turns an image from another host into a link whose text names the host', () => {
    const shown = withoutRemoteImages('Looks wrong, see ![screenshot](https://tracker.example/p.gif?who=ada "t")', allowed);
    assert.deepEqual(imagesIn(shown), []);
    const html = new MarkdownIt('commonmark').render(shown);
    assert.match(html, /<a href="https:\/\/tracker.example\/p.gif\?who=ada" title="t">Image from tracker.example not loaded: screenshot<\/a>/);
  });

  it('keeps https images from allowed hosts, stored data images and text without images as written', () => {
    const text = 'Fine: ![logo](https://images.example.com/logo.png) ![dot](data:image/png;base64,iVBORw0KGgo=)';
    assert.equal(withoutRemoteImages(text, allowed), text);
    assert.equal(withoutRemoteImages('No images here [a link](https://x.example)', allowed), 'No images here [a link](https://x.example)');
  });

  it('covers every way Markdown writes an image', () => {
    const hostile = [
      '![a][logo] ![logo] ![logo][] ![b](<https://tracker.example/p p.gif>)',
      '![c](https://images.example.com\\@tracker.example/x.gif) ![d](https://images.example.com&#64;tracker.example/x.gif)',
      '![![inner](https://tracker.example/1.gif)](https://tracker.example/2.gif)',
      '> quoted ![e](https://tracker.example/q.gif)',
      '- listed ![f](http://images.example.com/insecure.gif)',
      '![g](\nhttps://tracker.example/newline.gif\n)',
      '![h]( https://tracker.example/spaces.gif "title" )',
      '',
      '[logo]: https://tracker.example/ref.gif',
    ].join('\n');
    const shown = withoutRemoteImages(hostile, allowed);
    assert.deepEqual(imagesIn(hostile).length, 11, 'the hostile text is full of images');
    assert.deepEqual(imagesIn(shown), []);
    assert.match(shown, /\[Image from tracker\\\.example not loaded\\: a\]\[logo\]/);
  });

  it('leaves code looking the same, with no image in it either', () => {
    const text = 'Use `![alt](https://tracker.example/x.gif)` like this:\n\n```md\n![alt](https://tracker.example/y.gif)\n```\n';
    const shown = withoutRemoteImages(text, allowed);
    assert.equal(shown.replace(/\u200B/g, ''), text, 'only invisible characters added inside code');
    assert.ok(!shown.includes('!['));
  });
});
