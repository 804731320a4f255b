import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { resolveAnchor, resolveAnchors, type AnchorResolution, type ResolveMethod } from '../../../src/core/anchoring/resolveAnchor';
import { LineTable } from '../../../src/core/anchoring/lineTable';
import { caseOptions, loadCorpus, rangeOfText, type CorpusCase } from '../../fixtures/anchoring/corpus';
import type { AnchorState, TextRange } from '../../../src/core/model';
import { PARSE_LOOP, PARSE_SOURCE } from '../../fixtures/anchoring/parseSource';

const source = PARSE_SOURCE;
const loop = PARSE_LOOP;
const anchor = createAnchor(source, rangeOfText(source, loop), { path: 'src/parse.ts', commit: 'abc1234' });
const line = "  if (/^[a-z]+$/i.test(part)) return 'word';";
const lineAnchor = createAnchor(source, rangeOfText(source, line), { path: 'src/parse.ts' });

function textAt(text: string, range: TextRange | undefined): string | undefined {
  return range && new LineTable(text).slice(range);
}

describe('resolveAnchor', () => {
  it('finds unchanged code where it was: attached, certain, by hash', () => {
    const result = resolveAnchor(anchor, source);
    assert.equal(result.state, 'attached');
    assert.equal(result.method, 'hash');
    assert.equal(result.confidence, 1);
    assert.equal(result.note, 'unchanged');
    assert.deepEqual(result.range, anchor.range);
  });

  it('follows code in CRLF files, and through a switch between CRLF and LF', () => {
    const crlf = source.replace(/\n/g, '\r\n');
    const crlfAnchor = createAnchor(crlf, rangeOfText(crlf, loop.replace(/\n/g, '\r\n')), { path: 'src/parse.ts' });
    const inserted = resolveAnchor(crlfAnchor, '// one\r\n// two\r\n' + crlf);
    assert.equal(inserted.state, 'moved');
    assert.equal(inserted.text, loop.replace(/\n/g, '\r\n'));
    const toLf = resolveAnchor(crlfAnchor, '// one\n// two\n' + source);
    assert.equal(toLf.state, 'moved');
    assert.equal(toLf.text, loop);
    assert.equal(toLf.note, 'moved 2 lines down, line endings or trailing spaces changed');
  });

  it('replays a unified diff (no old text) from the commit to the saved file', () => {
    const now = `import { a } from './a';\nimport { b } from './b';\n\n` + source.split('\n').slice(2).join('\n').replace('if (!part) continue;', 'if (!part || part === "#") continue;');
    const diff = `diff --git a/src/parse.ts b/src/parse.ts
--- a/src/parse.ts
+++ b/src/parse.ts
@@ -1,6 +1,7 @@
 import { a } from './a';
+import { b } from './b';
 
 export function parse(input: string): Token[] {
   const tokens: Token[] = [];
   for (const part of input.split(/\\s+/)) {
-    if (!part) continue;
+    if (!part || part === "#") continue;
`;
    const result = resolveAnchor(anchor, now, { diff });
    assert.equal(result.method, 'diff');
    assert.equal(result.state, 'needsReview', 'a condition changed: the note may no longer fit');
    assert.match(result.note, /^The code changed: moved 1 line down, edited/);
    assert.equal(result.text, loop.replace('if (!part) continue;', 'if (!part || part === "#") continue;'));
    assert.match(result.changes!, /^- if \(!part\) continue;\n\+ if \(!part \|\| part === "#"\) continue;$/m);
  });

  it('follows the diff to the saved file and then the unsaved changes in the editor', () => {
    const disk = source.replace("import { a } from './a';\n", "import { a } from './a';\nimport { z } from './z';\n");
    const diff = `--- a/src/parse.ts\n+++ b/src/parse.ts\n@@ -1,2 +1,3 @@\n import { a } from './a';\n+import { z } from './z';\n \n`;
    const editor = '// unsaved banner\n// second line\n' + disk;
    const result = resolveAnchor(anchor, editor, { diff, diskText: disk });
    assert.equal(result.method, 'diff');
    assert.equal(result.note, 'moved 3 lines down');
    assert.equal(textAt(editor, result.range), loop);
  });

  it('trusts the diff over look-alike code: deleted code is orphaned even if an old copy exists elsewhere', () => {
    const withCopy = source + `\nexport function legacyParse(input: string): Token[] {\n  const tokens: Token[] = [];\n${loop}  return tokens;\n}\n`;
    const copyAnchor = createAnchor(withCopy, rangeOfText(withCopy, loop, 0), { path: 'src/parse.ts' });
    const now = withCopy.replace(loop, '  tokens.push(...input.split(/\\s+/).filter(Boolean).map(toToken));\n');
    const textOnly = resolveAnchor(copyAnchor, now);
    assert.equal(textOnly.state, 'moved', 'without history the copy looks like the code');
    const withHistory = resolveAnchor(copyAnchor, now, { oldText: withCopy });
    assert.equal(withHistory.state, 'orphaned');
    assert.equal(withHistory.range, undefined, 'not shown on the old copy');
  });

  it('finds code moved to another file through a multi-file diff when its own file is gone', () => {
    const diff = `diff --git a/src/parse.ts b/src/parse.ts
deleted file mode 100644
--- a/src/parse.ts
+++ /dev/null
@@ -1,3 +0,0 @@
-import { a } from './a';
-
-export function parse(input: string): Token[] {
diff --git a/src/lexer.ts b/src/lexer.ts
new file mode 100644
--- /dev/null
+++ b/src/lexer.ts
@@ -0,0 +1,9 @@
+// The lexer, split out of parse.ts.
+export function lex(input: string): Token[] {
+  const tokens: Token[] = [];
${loop.split('\n').slice(0, -1).map((l) => `+${l}`).join('\n')}
+  return tokens;
+}
`;
    const result = resolveAnchor(anchor, undefined, { diff });
    assert.equal(result.state, 'moved');
    assert.equal(result.path, 'src/lexer.ts');
    assert.equal(result.note, 'found in src/lexer.ts (moved from src/parse.ts)');
    assert.deepEqual(result.range, { startLine: 3, startCharacter: 0, endLine: 7, endCharacter: 0 });
  });

  it('orphans a note whose file is gone with nothing offered in its place', () => {
    const result = resolveAnchor(anchor, undefined);
    assert.equal(result.state, 'orphaned');
    assert.equal(result.range, undefined);
    assert.match(result.note, /lines 5-8 of src\/parse\.ts/);
  });

  it('asks for review instead of moving when the caller demands more confidence', () => {
    const edited = source.replace('    if (!part) continue;\n', '');
    assert.equal(resolveAnchor(anchor, edited).state, 'needsReview');
    assert.match(resolveAnchor(anchor, edited).note, /^The code changed/);
    const strict = resolveAnchor(anchor, edited, { threshold: 0.99 });
    assert.equal(strict.state, 'needsReview');
    assert.equal(strict.text, loop.replace('    if (!part) continue;\n', ''));
    assert.match(strict.note, /best guess is lines 5-7/);
  });

  it('finds a function moved across a 10,000-line file', () => {
    const lines = readFileSync(require.resolve('typescript/lib/typescript.js'), 'utf8').split('\n').slice(40_000, 50_000);
    const original = lines.join('\n');
    const start = lines.findIndex((l, i) => i > 2000 && /^ {2}function \w+\(/.test(l));
    let end = start + 1;
    while (!/^ {2}\}$/.test(lines[end])) end++;
    const fn = lines.slice(start, end + 1);
    const big = createAnchor(original, { startLine: start, startCharacter: 0, endLine: end + 1, endCharacter: 0 }, { path: 'lib/ts.js' });
    const moved = lines.slice();
    moved.splice(start, fn.length);
    moved.splice(9000, 0, ...fn);
    const now = moved.join('\n');
    for (const options of [{}, { oldText: original }]) {
      const result = resolveAnchor(big, now, options);
      assert.equal(result.state, 'moved');
      assert.equal(result.range!.startLine, 9000);
      assert.equal(result.text, big.text);
    }
  });

  it('resolves many anchors of one file in one pass, as one by one', () => {
    const anchors = [anchor, createAnchor(source, rangeOfText(source, "  return 'symbol';\n"), { path: 'src/parse.ts' })];
    const now = '// header\n' + source;
    const batch = resolveAnchors(anchors, now, { history: () => ({ oldText: source }) });
    assert.deepEqual(batch, anchors.map((a) => resolveAnchor(a, now, { oldText: source })));
    assert.deepEqual(batch.map((r) => r.note), ['moved 1 line down', 'moved 1 line down']);
  });
});

describe('resolveAnchor cascade, one row per step', () => {
  const corpus = loadCorpus();
  const fixture = (name: string): CorpusCase => corpus.find((c) => c.name === name)!;
  const header = '// one\n// two\n';
  const rows: Array<{ step: string; run: () => AnchorResolution; method: ResolveMethod; state: AnchorState; path?: string }> = [
    { step: '1. hash at the old place', run: () => resolveAnchor(anchor, source), method: 'hash', state: 'attached' },
    { step: '1. hash refused at a longer line, so the search decides', run: () => resolveAnchor(lineAnchor, source.replace(line, `${line} // changed`)), method: 'fuzzy', state: 'needsReview' },
    { step: '2. diff replay from the old text', run: () => resolveAnchor(anchor, header + source, { oldText: source }), method: 'diff', state: 'moved' },
    { step: '2. diff replay from a unified diff', run: () => resolveAnchor(anchor, header + source, { diff: `--- a/src/parse.ts\n+++ b/src/parse.ts\n@@ -1,1 +1,3 @@\n+// one\n+// two\n import { a } from './a';\n` }), method: 'diff', state: 'moved' },
    { step: '2. diff: deleted code is orphaned, not matched to other lines', run: () => resolveAnchor(anchor, source.replace(loop, ''), { oldText: source }), method: 'none', state: 'orphaned' },
    { step: '3. symbol tells identical copies apart', run: () => { const c = fixture('symbol-decides'); return resolveAnchor(c.anchor, c.current, caseOptions(c, false)); }, method: 'symbol', state: 'moved' },
    { step: '4. fuzzy search without history', run: () => resolveAnchor(anchor, header + source), method: 'fuzzy', state: 'moved' },
    { step: '4. fuzzy search asks between identical copies', run: () => { const c = fixture('ambiguous-duplicate'); return resolveAnchor(c.anchor, c.current, caseOptions(c, false)); }, method: 'fuzzy', state: 'needsReview' },
    { step: '4b. another file offered by the caller', run: () => { const c = fixture('moved-across-files'); return resolveAnchor(c.anchor, c.current, caseOptions(c, false)); }, method: 'fuzzy', state: 'moved', path: 'src/users/format.ts' },
    { step: '4b. another file the diff added lines to', run: () => resolveAnchor(anchor, undefined, { diff: `diff --git a/src/lex.ts b/src/lex.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/lex.ts\n@@ -0,0 +1,4 @@\n${loop.replace(/\n$/, '').split('\n').map((l) => `+${l}`).join('\n')}\n` }), method: 'diff', state: 'moved', path: 'src/lex.ts' },
    { step: 'a weak match: needs review with the guess', run: () => { const c = fixture('weak-match-needs-review'); return resolveAnchor(c.anchor, c.current, caseOptions(c, false)); }, method: 'fuzzy', state: 'needsReview' },
    { step: 'nothing plausible: orphaned', run: () => resolveAnchor(anchor, 'export const nothing = 0;\n'), method: 'none', state: 'orphaned' },
  ];
  for (const row of rows) {
    it(row.step, () => {
      const result = row.run();
      assert.equal(result.method, row.method, result.note);
      assert.equal(result.state, row.state, result.note);
      if (row.path) assert.equal(result.path, row.path);
    });
  }
});
