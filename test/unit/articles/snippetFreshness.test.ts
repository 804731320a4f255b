import { strict as assert } from 'node:assert';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { maskSnippet, draftSnippets } from '../../../src/core/articles/snippetShare';
import { FRESHNESS_STATES, snippetFreshness } from '../../../src/core/articles/snippetFreshness';
import type { Anchor, Snippet } from '../../../src/core/model';
import { textHash } from '../../../src/core/anchoring/textHash';
import { rangeOfText } from '../../fixtures/anchoring/corpus';
import { PARSE_LOOP, PARSE_SOURCE } from '../../fixtures/anchoring/parseSource';

const source = PARSE_SOURCE;
const loop = PARSE_LOOP;
const classify = "  if (/^\\d+$/.test(part)) return 'number';\n  if (/^[a-z]+$/i.test(part)) return 'word';\n  return 'symbol';\n";

function snippetOf(id: string, text: string, code: string, options: { path?: string; commit?: string } = {}): Snippet {
  const anchor: Anchor = createAnchor(text, rangeOfText(text, code), { path: options.path ?? 'src/parse.ts', commit: options.commit });
  return { id, articleId: 'article-1', position: 0, code: anchor.text, language: 'typescript', anchor, anchorState: 'attached' };
}

describe('snippetFreshness', () => {
  const snippet = snippetOf('s1', source, loop);

  it('has the four states a user sees', () => {
    assert.deepEqual([...FRESHNESS_STATES], ['current', 'changed', 'gone', 'elsewhere']);
  });

  it('identical code where it was: current, not moved', () => {
    const [result] = snippetFreshness([snippet], source);
    assert.equal(result.state, 'current');
    assert.equal(result.moved, false);
    assert.equal(result.path, 'src/parse.ts');
    assert.deepEqual(result.range, snippet.anchor.range);
    assert.equal(result.codeNow, loop);
    assert.equal(result.reason, 'unchanged since it was shared');
  });

  it('identical code further down the file: current, moved, says from where to where', () => {
    const now = source.replace("import { a } from './a';\n", "import { a } from './a';\nimport { b } from './b';\nimport { c } from './c';\n");
    const [result] = snippetFreshness([snippet], now);
    assert.equal(result.state, 'current');
    assert.equal(result.moved, true);
    assert.equal(result.range!.startLine, snippet.anchor.range.startLine + 2);
    assert.equal(result.codeNow, loop);
    assert.equal(result.reason, 'moved from lines 5–8 to 7–10');
  });

  it('re-indented code is still current (whitespace aside)', () => {
    const now = source.replace(loop, loop.replace(/^ {2}/gm, '    '));
    const [result] = snippetFreshness([snippet], now);
    assert.equal(result.state, 'current');
  });

  it('a renamed file: current at the new path, moved', () => {
    const [result] = snippetFreshness([snippet], source, { path: 'src/parsing/parse.ts' });
    assert.equal(result.state, 'current');
    assert.equal(result.moved, true);
    assert.equal(result.path, 'src/parsing/parse.ts');
    assert.equal(result.storedPath, 'src/parse.ts');
    assert.equal(result.reason, 'src/parse.ts was renamed to src/parsing/parse.ts');
  });

  it('code edited in place: changed, with the code now and what changed', () => {
    const edited = loop.replace('if (!part) continue;', 'if (!part || part === "#") continue;');
    const [result] = snippetFreshness([snippet], source.replace(loop, edited));
    assert.equal(result.state, 'changed');
    assert.equal(result.moved, false);
    assert.equal(result.codeNow, edited);
    assert.equal(result.reason, '1 line changed since it was shared');
    assert.match(result.changes!, /^- if \(!part\) continue;$/m);
    assert.match(result.changes!, /^\+ if \(!part \|\| part === "#"\) continue;$/m);
  });

  it('lines added to the code and the code moved: changed, moved, says both', () => {
    const edited = loop.replace('    if (!part) continue;\n', '    if (!part) continue;\n    if (part.startsWith("#")) break;\n');
    const now = '// header\n' + source.replace(loop, edited);
    const [result] = snippetFreshness([snippet], now);
    assert.equal(result.state, 'changed');
    assert.equal(result.moved, true);
    assert.equal(result.reason, '1 line added since it was shared; moved from lines 5–8 to 6–10');
  });

  it('the snippet as written differs from the code it is anchored on: changed', () => {
    const rewritten: Snippet = { ...snippet, code: loop.replace('continue', 'return') };
    const [result] = snippetFreshness([rewritten], source);
    assert.equal(result.state, 'changed');
    assert.equal(result.codeNow, loop, 'the code now is what the anchor finds, not the snippet');
  });

  it('code deleted from its file: gone, keeps where it was', () => {
    const now = source.replace(loop, '');
    const [result] = snippetFreshness([snippet], now);
    assert.equal(result.state, 'gone');
    assert.equal(result.range, undefined);
    assert.equal(result.codeNow, undefined);
    assert.equal(result.path, 'src/parse.ts');
    assert.deepEqual(result.storedRange, snippet.anchor.range);
    assert.equal(result.reason, 'src/parse.ts no longer contains this code (it was at lines 5–8)');
  });

  it('a file missing from this checkout: elsewhere, and says which file', () => {
    const [result] = snippetFreshness([snippet], undefined);
    assert.equal(result.state, 'elsewhere');
    assert.equal(result.reason, 'src/parse.ts is not in this workspace');
    assert.equal(result.anchorState, undefined);
  });

  it('a file git says was deleted: gone, unless the code is found in another file', () => {
    const [gone] = snippetFreshness([snippet], undefined, { deleted: true });
    assert.equal(gone.state, 'gone');
    assert.equal(gone.reason, 'src/parse.ts was deleted (the code was at lines 5–8)');

    const [found] = snippetFreshness([snippet], undefined, { deleted: true, candidates: [{ path: 'src/tokens.ts', text: source }] });
    assert.equal(found.state, 'current');
    assert.equal(found.moved, true);
    assert.equal(found.path, 'src/tokens.ts');
  });

  it('a masked secret counts as whatever the code holds there', () => {
    const text = "const config = {\n  url: 'https://example.com',\n  apiKey: 'sk_live_abcdefghijklmnop1234567890',\n  retries: 3,\n};\n";
    const [draft] = draftSnippets({ documentText: text, path: 'src/config.ts', language: 'typescript', selections: [rangeOfText(text, text)] });
    assert.ok(draft.findings.length > 0, 'the key is found as a secret');
    const masked = maskSnippet(draft, new Set(draft.findings.map((f) => f.id)));
    assert.doesNotMatch(masked.code, /sk_live/);
    const secretSnippet: Snippet = { id: 's2', articleId: 'a', position: 0, ...masked, anchorState: 'attached' };
    assert.equal(snippetFreshness([secretSnippet], text)[0].state, 'current');
    assert.equal(snippetFreshness([secretSnippet], text.replace('retries: 3', 'retries: 5'))[0].state, 'changed');
  });

  it('resolves a file\'s snippets in one batch, in order, each with its own history', () => {
    const other = snippetOf('s3', source, classify, { commit: 'abc1234' });
    const now = source.replace(classify, classify.replace("'symbol'", "'other'"));
    const seen: string[] = [];
    const results = snippetFreshness([snippet, other], now, {
      history: (s) => {
        seen.push(s.id);
        return { oldText: source };
      },
    });
    assert.deepEqual(seen, ['s1', 's3']);
    assert.deepEqual(results.map((r) => [r.snippetId, r.state]), [['s1', 'current'], ['s3', 'changed']]);
  });

  it('with the file at the snippet\'s commit, code rewritten where it was reads as changed, not as gone', () => {
    const withHistory = snippetOf('s4', source, loop, { commit: 'abc1234' });
    const rewritten = "  for (const piece of input.trim().split(/,/)) {\n    tokens.push(makeToken(piece));\n  }\n";
    const now = source.replace(loop, rewritten);
    const [result] = snippetFreshness([withHistory], now, { history: () => ({ oldText: source }) });
    assert.equal(result.state, 'changed');
    assert.equal(result.codeNow, rewritten);
  });
  it('code copied since it was shared, so Lore cannot tell which copy the snippet shows: changed, and says why', () => {
    const withHistory = snippetOf('s5', source, loop, { commit: 'abc1234' });
    const now = `${source}\n${source.replace('parse(', 'parseAll(').replace("import { a } from './a';\n", '')}`;
    const [result] = snippetFreshness([withHistory], now, { history: () => ({ oldText: source }) });
    assert.equal(result.anchorState, 'needsReview');
    assert.equal(result.state, 'changed', 'not current: the article may now be about the other copy');
    assert.match(result.reason, /^the same code is in more than one place \(lines 5–8, lines \d+–\d+\), so Lore cannot tell which one this snippet shows$/);
    assert.equal(result.changes, undefined, 'no line changes to show');
  });

  it('Still Accurate: current for the code it was confirmed for, changed again once that code changes further', () => {
    const edited = source.replace('if (!part) continue;', 'if (!part || part === "#") continue;');
    const [before] = snippetFreshness([snippet], edited);
    assert.equal(before.state, 'changed');
    const accepted = { hash: textHash(before.codeNow!), by: 'Ana', at: '2026-03-04T10:00:00.000Z' };
    const confirmed = { ...snippet, accepted };
    const [now] = snippetFreshness([confirmed], edited);
    assert.equal(now.state, 'current');
    assert.deepEqual(now.confirmed, { by: 'Ana', at: accepted.at });
    assert.equal(now.reason, 'the code changed since it was shared; Ana confirmed the snippet still accurate on 2026-03-04');
    assert.equal(snippetFreshness([confirmed], edited.replace(/\n {4}if/, '\n        if'))[0].state, 'current', 're-indenting keeps the confirmation');
    const further = snippetFreshness([confirmed], edited.replace('part === "#"', 'part === "//"'))[0];
    assert.equal(further.state, 'changed', 'the code changed again after the confirmation');
    assert.equal(further.confirmed, undefined);
    assert.equal(snippetFreshness([confirmed], source)[0].state, 'current', 'back to the code as shared: current as ever');
    assert.equal(snippetFreshness([confirmed], source.replace(loop, ''))[0].state, 'gone', 'a confirmation never hides code that is gone');
  });
});
