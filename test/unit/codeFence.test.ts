import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { codeFence } from '../../src/core/review/languageForPath';
import { isLanguageId, validateLanguage } from '../../src/core/model';

const md = new MarkdownIt({ html: true });

/** The Markdown blocks a CommonMark parser finds: one code block and nothing else when the fence holds. */
function blocks(markdown: string): Array<{ type: string; info?: string; content?: string }> {
  return md.parse(markdown, {}).filter((t) => t.level === 0 && !t.type.endsWith('_close'))
    .map((t) => (t.type === 'fence' ? { type: t.type, info: t.info, content: t.content } : { type: t.type }));
}

describe('Code blocks in Markdown (codeFence)', () => {
  const hostileCode = [
    'const a = 1;',
    ' ```',
    '![pixel](https://tracker.example/p.png)',
    '   ````',
    '<img src=x onerror=alert(1)>',
    '```````js',
  ].join('\n');

  it('hold any code, even code with indented or longer fences, as one block', () => {
    assert.deepEqual(blocks(codeFence(hostileCode, 'typescript')), [{ type: 'fence', info: 'typescript', content: `${hostileCode}\n` }]);
  });

  it('leave out a language that is not a short identifier instead of ending the fence with it', () => {
    const language = 'ts\n```\n![pixel](https://tracker.example/p.png)';
    assert.deepEqual(blocks(codeFence('x = 1', language)), [{ type: 'fence', info: '', content: 'x = 1\n' }]);
    assert.deepEqual(blocks(codeFence('x = 1', 'ts`x')), [{ type: 'fence', info: '', content: 'x = 1\n' }]);
  });

  it('are how the extension builds every code block in Markdown (no appendCodeblock)', () => {
    // VS Code's appendCodeblock lengthens its fence only for backticks at the start of a line:
    // a snippet with ` ```` (one space in) ended the Knowledge tree tooltip's block.
    const root = path.resolve(__dirname, '../../src/extension');
    const offenders = fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && /appendCodeblock\(/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});

describe('Language ids', () => {
  it('are short identifiers', () => {
    for (const id of ['typescript', 'c++', 'objective-c', 'csharp', 'shellscript', 'vue.html', 'f#']) assert.ok(isLanguageId(id), id);
    for (const id of ['ts\n', 'ts\n```', 'a b', 'ts`', '', 'x'.repeat(61), 42]) assert.ok(!isLanguageId(id), JSON.stringify(id));
    assert.throws(() => validateLanguage('ts\n```\n<img src=x>'), /not a language id/);
  });
});
