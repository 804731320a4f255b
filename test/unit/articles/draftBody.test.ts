import { strict as assert } from 'node:assert';
import { codeSpan, draftBody, EXPLAIN_PROMPT, type DraftFacts } from '../../../src/core/articles/draftBody';
import { renderMarkdown } from '../../../src/core/articles/renderMarkdown';

const base: DraftFacts = { path: 'src/pay.ts', provenance: 'lines 3-9, commit 1a2b3c4d', language: 'typescript' };
// An obviously fake key of a shape the redaction rules detect (AWS's documented example).
const KEY = 'AKIAIOSFODNN7EXAMPLE';

describe('a shared snippet\'s draft body says what Lore found about the code', () => {
  it('with nothing found: the provenance line and the prompt, as before', () => {
    assert.equal(draftBody(base), `Shared from \`src/pay.ts\` (lines 3-9, commit 1a2b3c4d).\n\n${EXPLAIN_PROMPT}\n`);
  });

  it('everything found, each in its short headed section', () => {
    const body = draftBody({
      ...base,
      symbolPath: 'PaymentService > charge',
      signature: '  async charge(amount: number): Promise<Receipt> {',
      docComment: 'Charges the card once.\n@param amount in cents',
      history: [
        { commit: 'b'.repeat(40), author: 'Grace Hopper', date: '2024-03-09', subject: 'Round half-even' },
        { commit: 'a'.repeat(40), author: 'Ada Lovelace', date: '2023-11-14', subject: 'First version' },
      ],
      references: 3,
      related: ['Payments overview', 'Refund rules'],
    });
    assert.equal(body, [
      'Shared from `src/pay.ts` (lines 3-9, commit 1a2b3c4d).',
      '',
      EXPLAIN_PROMPT,
      '',
      '### Symbol',
      '',
      '`PaymentService > charge`',
      '',
      '```typescript',
      'async charge(amount: number): Promise<Receipt> {',
      '```',
      '',
      '### Documentation',
      '',
      '```',
      'Charges the card once.',
      '@param amount in cents',
      '```',
      '',
      '### Recent changes',
      '',
      '- 2024-03-09, Grace Hopper: Round half\\-even (bbbbbbbb)',
      '- 2023-11-14, Ada Lovelace: First version (aaaaaaaa)',
      '',
      '### References',
      '',
      '3 references in the workspace.',
      '',
      '### Related articles',
      '',
      '- Payments overview',
      '- Refund rules',
      '',
    ].join('\n'));
  });

  it('what is unknown is left out; a provider that found no reference says so', () => {
    const body = draftBody({ ...base, docComment: 'Only docs.', references: 0 });
    assert.doesNotMatch(body, /### Symbol|### Recent changes|### Related/);
    assert.match(body, /### Documentation\n\n```\nOnly docs\.\n```/);
    assert.match(body, /### References\n\nNo other code refers to it\./);
    assert.match(draftBody({ ...base, references: 1 }), /\n1 reference in the workspace\./);
    assert.doesNotMatch(draftBody({ ...base, related: [], history: [] }), /###/);
  });

  it('hostile commit subjects, author names and titles are shown as text: no HTML, links or headings', () => {
    const body = draftBody({
      ...base,
      history: [{ commit: 'c'.repeat(40), author: '<img src=x onerror=alert(1)>', date: '2024-01-01', subject: '[click](javascript:alert(1)) <script>x</script>\n# Heading' }],
      related: ['<b>bold</b> ![x](http://evil.example/p.png)'],
    });
    const html = renderMarkdown(body);
    assert.doesNotMatch(html, /<img|<script|<b>|<h1|href="javascript/i);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /\[click\]\(javascript:alert\(1\)\) &lt;script&gt;x&lt;\/script&gt; # Heading/);
  });

  it('a doc comment with fences and HTML stays inside its own longer fence', () => {
    const doc = 'Example:\n````ts\nrun();\n````\n</pre><script>alert(1)</script>';
    const body = draftBody({ ...base, docComment: doc, signature: 'function `odd`() {' });
    assert.match(body, /\n`````\nExample:\n````ts\nrun\(\);\n````\n<\/pre><script>alert\(1\)<\/script>\n`````/);
    assert.doesNotMatch(renderMarkdown(body), /<script/);
  });

  it('possible secrets in a doc comment, a signature or a commit subject are masked', () => {
    const body = draftBody({
      ...base,
      signature: `function connect(key = "${KEY}") {`,
      docComment: `Use the key ${KEY} in staging.`,
      history: [{ commit: 'd'.repeat(40), author: 'Ada', date: '2024-01-01', subject: `Set aws_access_key_id=${KEY}` }],
    });
    assert.ok(!body.includes(KEY), body);
    assert.match(body, /<redacted: AWS access key>/);
  });

  it('a path with backticks stays one code span', () => {
    assert.equal(codeSpan('src/a`b.ts'), '``src/a`b.ts``');
    assert.equal(codeSpan('`x'), '`` `x ``');
  });
});
