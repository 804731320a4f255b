import { strict as assert } from 'node:assert';
import { findWikiLinks, linkKey, renameWikiLinks, typedLinkPrefix } from '../../../src/core/articles/wikiLinks';
import { renderMarkdown } from '../../../src/core/articles/renderMarkdown';
import { findCodeMentions } from '../../../src/core/articles/codeMentions';

describe('[[Article Title]] links', () => {
  it('finds links with and without shown text, and the title inside each', () => {
    const text = 'See [[Session cache design]] and [[ Retry policy | the retry rules ]].';
    const links = findWikiLinks(text);
    assert.deepEqual(links.map((l) => [l.target, l.label]), [['Session cache design', 'Session cache design'], ['Retry policy', 'the retry rules']]);
    assert.equal(text.slice(links[0].start, links[0].end), '[[Session cache design]]');
    assert.equal(text.slice(links[1].targetStart, links[1].targetStart + links[1].targetLength), ' Retry policy ');
  });

  it('never finds a link inside code: fenced, tilde-fenced, indented or inline', () => {
    const text = [
      'Real [[One]].',
      '```md',
      'not [[Two]]',
      '```',
      '~~~',
      '[[Three]]',
      '~~~',
      '',
      '    [[Four]] in an indented block',
      '',
      'Inline `[[Five]]` and ``a `[[Six]]` b`` but [[Seven]].',
    ].join('\n');
    assert.deepEqual(findWikiLinks(text).map((l) => l.target), ['One', 'Seven']);
  });

  it('is no link when empty, across lines, nested or longer than a title may be', () => {
    const long = 'x'.repeat(201);
    assert.deepEqual(findWikiLinks(`[[]] [[ ]] [[a\nb]] [[a [[b]] c]] [[${long}]]`).map((l) => l.target), ['b']);
  });

  it('compares titles without regard to case or runs of spaces', () => {
    assert.equal(linkKey('  Session   Cache design '), linkKey('session cache DESIGN'));
    assert.notEqual(linkKey('Session cache'), linkKey('Session cache design'));
  });

  it('renames the links to a title, keeps their shown text, and leaves others and code alone', () => {
    const text = 'A [[old name]], B [[Old Name|see here]], C [[Old name 2]], `[[Old name]]`.';
    assert.equal(renameWikiLinks(text, 'Old name', 'New name'), 'A [[New name]], B [[New name|see here]], C [[Old name 2]], `[[Old name]]`.');
    assert.equal(renameWikiLinks('no links here', 'Old name', 'New name'), undefined);
  });

  it('knows when the cursor is inside an unfinished link, for completion', () => {
    assert.deepEqual(typedLinkPrefix('See [[Sess', 10), { start: 6, typed: 'Sess' });
    assert.deepEqual(typedLinkPrefix('See [[', 6), { start: 6, typed: '' });
    assert.equal(typedLinkPrefix('See [[Done]] and', 16), undefined);
    assert.equal(typedLinkPrefix('See [x', 6), undefined);
  });

  describe('in the article view', () => {
    const ids = new Map([[linkKey('Session cache design'), 'art-1']]);
    const resolveWikiLink = (title: string) => ids.get(linkKey(title));

    it('renders a link to an existing article as Lore\'s own link, opened in Lore', () => {
      const html = renderMarkdown('Read [[session cache design|the design]] first.', { resolveWikiLink });
      assert.match(html, /<a href="#" class="lore-article-link" data-article-id="art-1" title="Open this article in Lore">the design<\/a>/);
    });

    it('marks a link to a title no article has, as text that says so', () => {
      const html = renderMarkdown('Read [[Nowhere]].', { resolveWikiLink });
      assert.match(html, /<span class="lore-missing-link" title="No article is titled &quot;Nowhere&quot; yet">Nowhere<\/span>/);
      assert.doesNotMatch(html, /<a /);
    });

    it('escapes hostile titles and keeps links in code as code', () => {
      const html = renderMarkdown('[[<img src=x onerror=alert(1)>]] `[[Session cache design]]`', { resolveWikiLink });
      assert.doesNotMatch(html, /<img/);
      assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
      assert.match(html, /<code>\[\[Session cache design\]\]<\/code>/);
    });
  });
});

describe('Articles mentioned in code', () => {
  it('finds [[Title]] and Lore article links anywhere in a source file, comments and indented lines included', () => {
    const source = [
      'function cache() {',
      '',
      '    // Why: see [[Session cache design]].',
      '    /* and vscode://lore-team.lore/article/art_42. */',
      '    return x[[0]];',
      '}',
    ].join('\n');
    const mentions = findCodeMentions(source);
    assert.deepEqual(mentions.map((m) => (m.kind === 'title' ? `title:${m.title}` : `id:${m.id}`)), ['title:Session cache design', 'id:art_42', 'title:0']);
    const byId = mentions.find((m) => m.kind === 'id')!;
    assert.equal(source.slice(byId.start, byId.end), 'vscode://lore-team.lore/article/art_42', 'the sentence\'s full stop is not part of the link');
  });
});
