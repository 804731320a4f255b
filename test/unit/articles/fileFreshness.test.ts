import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import type { GitPort } from '../../../src/core/anchoring/gitPort';
import { gitPortUnder } from '../../../src/core/anchoring/gitPortUnder';
import { NodeGit } from '../../../src/core/anchoring/nodeGit';
import { textHash } from '../../../src/core/anchoring/textHash';
import { documentVersion, FileFreshnessChecker, freshnessCheckKey } from '../../../src/core/articles/fileFreshness';
import type { Snippet } from '../../../src/core/model';
import { rangeOfText } from '../../fixtures/anchoring/corpus';
import { gitIn } from '../../fixtures/gitCommand';
import { tempDir } from '../store/testStore';

// The background check of one file, as the extension runs it when the file opens (the
// FreshnessTracker hands it the file's text and git for the folder): the same history handling
// as `lore check`, so a file git renamed is followed in the editor too.

const tokensTs = `export function parseToken(raw: string): Token {
  const [kind, value] = raw.split(':');
  return { kind: kind.trim(), value: value.trim() };
}

export function formatToken(token: Token): string {
  return \`\${token.kind}:\${token.value}\`;
}
`;
const formatBody = 'export function formatToken(token: Token): string {\n  return `${token.kind}:${token.value}`;\n}\n';

function snippetAt(id: string, text: string, code: string, where: { path: string; commit: string }): Snippet {
  const anchor = createAnchor(text, rangeOfText(text, code), where);
  return { id, articleId: 'a1', position: 0, code: anchor.text, language: 'typescript', anchor, anchorState: 'attached' };
}

/** A port that counts what it is asked (to see what is remembered between checks). */
function counting(git: GitPort): { git: GitPort; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  return {
    calls,
    git: {
      head: () => (count('head'), git.head()),
      show: (c, p) => (count('show'), git.show(c, p)),
      diff: (c, p) => (count('diff'), git.diff(c, p)),
      nameStatus: (c) => (count('nameStatus'), git.nameStatus(c)),
      showMany: (r) => (count('showMany'), git.showMany!(r)),
    },
  };
}

describe('FileFreshnessChecker (the extension\'s background check of one file)', () => {
  let repo: string;
  let commit: string;
  const git = (...args: string[]) => gitIn(repo, ...args);
  const read = (rel: string) => (fs.existsSync(path.join(repo, rel)) ? fs.readFileSync(path.join(repo, rel), 'utf8') : undefined);

  beforeEach(() => {
    repo = tempDir('lore-file-freshness-');
    git('init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(repo, 'src'));
    fs.writeFileSync(path.join(repo, 'src/tokens.ts'), tokensTs);
    git('add', '.');
    git('commit', '-q', '-m', 'tokens');
    commit = git('rev-parse', 'HEAD').trim();
  });

  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('a snippet whose file git renamed is current at the new path, not "not in this workspace"', async () => {
    const snippet = snippetAt('s1', tokensTs, formatBody, { path: 'src/tokens.ts', commit });
    fs.mkdirSync(path.join(repo, 'src/auth'));
    git('mv', 'src/tokens.ts', 'src/auth/tokens.ts');
    git('commit', '-q', '-m', 'move tokens under auth');

    const checker = new FileFreshnessChecker({ readFile: async (p) => read(p), gitFor: () => new NodeGit({ cwd: repo }) });
    const [result] = await checker.check('src/tokens.ts', [snippet], read('src/tokens.ts'));
    assert.deepEqual([result.state, result.moved, result.path, result.storedPath], ['current', true, 'src/auth/tokens.ts', 'src/tokens.ts']);
    assert.equal(result.reason, 'src/tokens.ts was renamed to src/auth/tokens.ts');
  });

  it('a file deleted in a commit: its snippet is gone (it was in this repository), not elsewhere', async () => {
    const snippet = snippetAt('s1', tokensTs, formatBody, { path: 'src/tokens.ts', commit });
    git('rm', '-q', 'src/tokens.ts');
    git('commit', '-q', '-m', 'drop tokens');
    const checker = new FileFreshnessChecker({ readFile: async (p) => read(p), gitFor: () => new NodeGit({ cwd: repo }) });
    const [result] = await checker.check('src/tokens.ts', [snippet], undefined);
    assert.equal(result.state, 'gone');
    assert.match(result.reason, /^src\/tokens\.ts was deleted/);
  });

  it('in a multi-root workspace (stored paths start with the folder\'s name) a renamed file is followed too', async () => {
    const snippet = snippetAt('s1', tokensTs, formatBody, { path: 'api/src/tokens.ts', commit });
    git('mv', 'src/tokens.ts', 'src/token.ts');
    git('commit', '-q', '-m', 'singular');
    const inFolder = (p: string) => (p.startsWith('api/') ? read(p.slice('api/'.length)) : undefined);
    const checker = new FileFreshnessChecker({ readFile: async (p) => inFolder(p), gitFor: () => gitPortUnder(new NodeGit({ cwd: repo }), 'api/') });
    const [result] = await checker.check('api/src/tokens.ts', [snippet], undefined);
    assert.deepEqual([result.state, result.path], ['current', 'api/src/token.ts']);
  });

  it('the same file checked again after its code changed (or a snippet was confirmed) gives the new answer, not the last one', async () => {
    const snippet = snippetAt('s1', tokensTs, formatBody, { path: 'src/tokens.ts', commit });
    const checker = new FileFreshnessChecker({ readFile: async (p) => read(p), gitFor: () => new NodeGit({ cwd: repo }) });
    assert.equal((await checker.check('src/tokens.ts', [snippet], tokensTs))[0].state, 'current');
    const edited = tokensTs.replace('${token.kind}:${token.value}', '${token.kind}=${token.value}');
    const [changed] = await checker.check('src/tokens.ts', [snippet], edited);
    assert.equal(changed.state, 'changed');
    const confirmed: Snippet = { ...snippet, accepted: { hash: textHash(changed.codeNow!), by: 'Ada', at: '2026-12-01T10:00:00Z' } };
    const [now] = await checker.check('src/tokens.ts', [confirmed], edited);
    assert.deepEqual([now.state, now.confirmed?.by], ['current', 'Ada']);
    assert.equal((await checker.check('src/tokens.ts', [snippet], tokensTs))[0].state, 'current');
  });

  it('opening the file again does not ask git for the file at the commit again; HEAD only after it moved', async () => {
    const edited = `// Tokens.\n${tokensTs}`;
    fs.writeFileSync(path.join(repo, 'src/tokens.ts'), edited);
    const snippet = snippetAt('s1', tokensTs, formatBody, { path: 'src/tokens.ts', commit });
    const { git: port, calls } = counting(new NodeGit({ cwd: repo }));
    const checker = new FileFreshnessChecker({ readFile: async (p) => read(p), gitFor: () => port });
    for (let open = 0; open < 3; open++) {
      const [result] = await checker.check('src/tokens.ts', [snippet], edited);
      assert.deepEqual([result.state, result.reason], ['current', 'moved from lines 6–8 to 7–9']);
    }
    assert.deepEqual(calls, { head: 1, showMany: 1 });
    checker.headMoved();
    await checker.check('src/tokens.ts', [snippet], edited);
    assert.deepEqual(calls, { head: 2, showMany: 1 });
  });

  it('a document closed, changed on disk and opened again is checked again, though VS Code numbers its versions from 1 again', () => {
    // The tracker skips a file whose key is the one it last checked: the reopened document must not look like the first one.
    const uri = 'file:///work/src/tokens.ts';
    const first = freshnessCheckKey(documentVersion(uri, 1, false, tokensTs), 'snippets');
    const reopened = freshnessCheckKey(documentVersion(uri, 1, false, tokensTs.replace('value.trim()', 'value')), 'snippets');
    assert.notEqual(reopened, first);
    assert.equal(freshnessCheckKey(documentVersion(uri, 1, false, tokensTs), 'snippets'), first, 'the same text at the same version is the same check');
    assert.notEqual(documentVersion(uri, 1, true, tokensTs), documentVersion(uri, 1, false, tokensTs), 'unsaved text is not stored as a moved place');
  });
});
