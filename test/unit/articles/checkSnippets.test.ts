import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { NodeGit } from '../../../src/core/anchoring/nodeGit';
import { checkSnippets } from '../../../src/core/articles/checkSnippets';
import { snippetFreshness } from '../../../src/core/articles/snippetFreshness';
import type { Snippet } from '../../../src/core/model';
import { rangeOfText } from '../../fixtures/anchoring/corpus';
import { gitIn } from '../../fixtures/gitCommand';
import { tempDir } from '../store/testStore';

// `checkSnippets` answers a snippet whose file is the very text it was shared from without the
// anchoring cascade. That answer belongs to one file at one commit: another commit's version of
// the same file, or another file holding the same text, must never lend it to a snippet.

const parseBody = "export function parseToken(raw: string): Token {\n  const [kind, value] = raw.split(':');\n  return { kind: kind.trim(), value: value.trim() };\n}\n";
const formatBody = 'export function formatToken(token: Token): string {\n  return `${token.kind}:${token.value}`;\n}\n';
const tokensTs = `${parseBody}\n${formatBody}`;
// A copy of formatToken pasted where it was; the original now sits below the copy.
const withCopy = `${parseBody}\n${formatBody}\n${formatBody}`;

function snippetAt(id: string, text: string, code: string, where: { path: string; commit: string }, occurrence = 0): Snippet {
  const anchor = createAnchor(text, rangeOfText(text, code, occurrence), where);
  return { id, articleId: 'a1', position: 0, code: anchor.text, language: 'typescript', anchor, anchorState: 'attached' };
}

describe('checkSnippets (lore check\'s core): answers per file and per file version', () => {
  let repo: string;
  const git = (...args: string[]) => gitIn(repo, ...args);
  const read = async (rel: string) => (fs.existsSync(path.join(repo, rel)) ? fs.readFileSync(path.join(repo, rel), 'utf8') : undefined);
  const write = (rel: string, text: string) => fs.writeFileSync(path.join(repo, rel), text);

  beforeEach(() => {
    repo = tempDir('lore-check-snippets-');
    git('init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(repo, 'src'));
  });

  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('a snippet shared before its file changed is not answered from a later version of that file, nor from another file with its old text', async () => {
    // src/a.ts and its copy src/b.ts, then formatToken copied in src/a.ts only.
    write('src/a.ts', tokensTs);
    write('src/b.ts', tokensTs);
    git('add', '.');
    git('commit', '-q', '-m', 'tokens');
    const first = git('rev-parse', 'HEAD').trim();
    write('src/a.ts', withCopy);
    git('commit', '-q', '-am', 'copy formatToken');
    const second = git('rev-parse', 'HEAD').trim();

    const inCopy = snippetAt('b-format', tokensTs, formatBody, { path: 'src/b.ts', commit: first });
    const later = snippetAt('a-parse-later', withCopy, parseBody, { path: 'src/a.ts', commit: second });
    const before = snippetAt('a-format-before', tokensTs, formatBody, { path: 'src/a.ts', commit: first });
    const results = await checkSnippets([inCopy, later, before], { readFile: read, git: new NodeGit({ cwd: repo }) });
    const byId = new Map(results.map((r) => [r.snippetId, r]));

    // Untouched since shared: current where they were.
    assert.deepEqual([byId.get('b-format')!.state, byId.get('b-format')!.moved, byId.get('b-format')!.path], ['current', false, 'src/b.ts']);
    assert.deepEqual([byId.get('a-parse-later')!.state, byId.get('a-parse-later')!.moved], ['current', false]);
    // Its file changed since: the same text at its old place is now one of two copies, and Lore
    // cannot say which one the snippet shows. Taking src/a.ts as it is now (the later snippet's
    // version) or src/b.ts's unchanged text for it would say "current" instead.
    const copied = byId.get('a-format-before')!;
    assert.equal(copied.state, 'changed');
    assert.match(copied.reason, /more than one place/);
    // What the cascade says for it on its own, with its own history.
    const [alone] = snippetFreshness([before], withCopy, { history: () => ({ oldText: tokensTs }) });
    assert.deepEqual(copied, alone);
  });

  it('snippets shared from the text a file still has are current where they were, each with its own place', async () => {
    write('src/a.ts', tokensTs);
    git('add', '.');
    git('commit', '-q', '-m', 'tokens');
    const commit = git('rev-parse', 'HEAD').trim();
    const parse = snippetAt('parse', tokensTs, parseBody, { path: 'src/a.ts', commit });
    const format = snippetAt('format', tokensTs, formatBody, { path: 'src/a.ts', commit });
    const results = await checkSnippets([format, parse], { readFile: read, git: new NodeGit({ cwd: repo }) });
    assert.deepEqual(results.map((r) => [r.snippetId, r.state, r.moved, r.reason, r.codeNow]), [
      ['format', 'current', false, 'unchanged since it was shared', formatBody],
      ['parse', 'current', false, 'unchanged since it was shared', parseBody],
    ]);
    assert.deepEqual(results[0].range, format.anchor.range);
    // The same as the cascade answers (one batch for the file, with the file at the commit as history).
    assert.deepEqual(results, snippetFreshness([format, parse], tokensTs, { history: () => ({ oldText: tokensTs }) }));
  });
});
