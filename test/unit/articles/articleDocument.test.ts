import { strict as assert } from 'node:assert';
import { articleBodyLine, formatArticleDocument, parseArticleDocument, slugify } from '../../../src/core/articles/articleDocument';

describe('Article documents (front matter + Markdown)', () => {
  it('knows where the body of a new article starts, below the front matter', () => {
    const text = formatArticleDocument({ title: 'How we cache', tags: [], team: '', status: 'draft', visibility: 'team', body: '' }, '# a note');
    const lines = text.split('\n');
    const at = articleBodyLine(text);
    assert.equal(lines[at - 1], '---', 'just after the closing fence');
    assert.equal(at, lines.length - 1, 'the empty last line of a new article');
    assert.equal(articleBodyLine('no front matter'), 0);
  });

  const article = { title: 'Caching: the hard parts', tags: ['cache', 'redis'], team: 'Platform', status: 'published' as const, visibility: 'team' as const, owner: 'Platform team', reviewAfterDays: 90, body: '# Hello\n\n---\n\nBody with a rule.' };

  it('round-trips an article through the editable document', () => {
    const text = formatArticleDocument(article);
    assert.match(text, /^---\ntitle: "Caching: the hard parts"\ntags: \[cache, redis\]/);
    assert.deepEqual(parseArticleDocument(text), article);
  });

  it('reads edits users make by hand, including CRLF and quotes', () => {
    const text = '---\r\ntitle: \'It\'\'s fine\'\r\ntags: redis, ops\r\nstatus: outdated\r\n---\r\nNew body\r\n';
    const parsed = parseArticleDocument(text);
    assert.equal(parsed.title, "It's fine");
    assert.deepEqual(parsed.tags, ['redis', 'ops']);
    assert.equal(parsed.status, 'outdated');
    assert.equal(parsed.visibility, undefined, 'no visibility line: the article keeps its visibility');
    assert.equal(parsed.body, 'New body\n');
  });

  it('reads owner and review-after: a missing line keeps the value, an empty one clears it', () => {
    const text = formatArticleDocument(article);
    assert.match(text, /^owner: Platform team\nreview-after: 90\n---$/m);
    const none = formatArticleDocument({ ...article, owner: undefined, reviewAfterDays: undefined });
    assert.match(none, /^owner:\nreview-after:\n---$/m, 'the lines are there to be filled in');
    const parsed = parseArticleDocument(none);
    assert.equal(parsed.owner, null);
    assert.equal(parsed.reviewAfterDays, null);
    const old = parseArticleDocument('---\ntitle: x\n---\n');
    assert.ok(!('owner' in old) && !('reviewAfterDays' in old), 'no line: nothing to change');
    assert.equal(parseArticleDocument('---\ntitle: x\nreview-after: 30 days\n---\n').reviewAfterDays, 30);
    assert.equal(parseArticleDocument('---\ntitle: x\nowner: "@ana"\n---\n').owner, '@ana');
    assert.throws(() => parseArticleDocument('---\ntitle: x\nreview-after: soon\n---\n'), /review-after is a number of days from 1 to 3650/);
    assert.throws(() => parseArticleDocument('---\ntitle: x\nreview-after: 0\n---\n'), /review-after/);
  });

  it('names the problem in broken front matter', () => {
    assert.throws(() => parseArticleDocument('# no front matter'), /must start with a front matter block/);
    assert.throws(() => parseArticleDocument('---\ntitle: x\nbody'), /not closed/);
    assert.throws(() => parseArticleDocument('---\ntitle: x\nthis is wrong\n---\n'), /Line 3 of the front matter/);
    assert.throws(() => parseArticleDocument('---\ntitle: x\nauthor: me\n---\n'), /unknown field "author"/);
    assert.throws(() => parseArticleDocument('---\ntitle: x\nstatus: done\n---\n'), /status must be one of/);
  });

  it('reads standard YAML: block lists, escapes, and values any YAML tool would write', () => {
    const parsed = parseArticleDocument('---\ntitle: "Tabs\\tand \\"quotes\\""\ntags:\n  - cache\n  - "two words"\nreview-after: 60\n---\nBody\n');
    assert.equal(parsed.title, 'Tabs\tand "quotes"');
    assert.deepEqual(parsed.tags, ['cache', 'two words']);
    assert.equal(parsed.reviewAfterDays, 60);
    assert.equal(parseArticleDocument('---\ntitle: \'"Quoted" on purpose\'\n---\n').title, '"Quoted" on purpose', 'quotes inside a value are kept');
    assert.equal(parseArticleDocument('---\ntitle: C# tips\n---\n').title, 'C# tips', 'a # inside a word is text');
  });

  it('writes every title so that it reads back the same', () => {
    for (const title of ['@ana\'s notes', '- not a list', '*bold* ideas', '!important', '> quoted', '% done', 'yes', 'null', '[draft] x', 'Fix #12', 'a: b', 'Ünïcode ✓', '`code`', 'plain title']) {
      const text = formatArticleDocument({ ...article, title, team: title, owner: undefined });
      const parsed = parseArticleDocument(text);
      assert.equal(parsed.title, title, text);
      assert.equal(parsed.team, title.trim() ? title : undefined, text);
    }
  });

  it('reads an unquoted title, team or owner as written, where plain YAML would refuse it or cut it at " #"', () => {
    const parsed = parseArticleDocument('---\ntitle: Redis: the hard parts   \nteam: Platform #2\nowner: @ana: on call\ntags: [a]\n---\nBody\n');
    assert.equal(parsed.title, 'Redis: the hard parts');
    assert.equal(parsed.team, 'Platform #2');
    assert.equal(parsed.owner, '@ana: on call');
    assert.equal(parseArticleDocument('---\nTitle: Fix #123 first\n---\n').title, 'Fix #123 first', 'field names in any case');
    assert.equal(parseArticleDocument('---\ntitle: "Quoted: as YAML"\n---\n').title, 'Quoted: as YAML', 'a quoted value is YAML');
  });

  it('refuses what is not Lore front matter, naming the line and the fix', () => {
    assert.throws(() => parseArticleDocument('---\ntitle: x\ntags: a: b\n---\n'), /Line 3 of the front matter is not "name: value".*double quotes/);
    assert.throws(() => parseArticleDocument('---\ntitle: x\ntags: [a]\ntitle: y\n---\n'), /Line 4 of the front matter/);
    assert.throws(() => parseArticleDocument('---\ntitle: x\ntags:\n  - a\n  - [b]\n---\n'), /Line 3: each tag is a single word/);
    assert.throws(() => parseArticleDocument('---\ntitle:\n  name: x\n---\n'), /Line 2: title is a single value/);
  });

  it('makes file-name-safe slugs', () => {
    assert.equal(slugify('Café: Ünicode & <stuff>!'), 'cafe-unicode-stuff');
    assert.equal(slugify('???'), 'article');
  });
});
