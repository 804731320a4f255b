import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { articleIdFromLink, articleLink, linkAction, LORE_EXTENSION_ID, noteIdFromLink, noteLink, withEditorScheme } from '../../../src/core/articles/articleLinks';

describe('Links clicked in the article view', () => {
  it('scrolls to a heading for #section links instead of treating them as addresses', () => {
    assert.deepEqual(linkAction('#set-up-the-cache'), { kind: 'scroll', headingId: 'user-content-set-up-the-cache' });
    assert.deepEqual(linkAction('#caf%C3%A9'), { kind: 'scroll', headingId: 'user-content-café' });
    assert.deepEqual(linkAction('#'), { kind: 'none' });
  });

  it('does nothing for relative paths', () => {
    for (const href of ['./setup.md', 'docs/setup.md', '../README.md', 'setup.md#install', '/etc/hosts']) assert.deepEqual(linkAction(href), { kind: 'none' }, href);
  });

  it('opens web and mail links outside, and nothing with another scheme', () => {
    assert.deepEqual(linkAction('https://example.com/docs'), { kind: 'external', href: 'https://example.com/docs' });
    assert.deepEqual(linkAction('mailto:ada@example.com'), { kind: 'external', href: 'mailto:ada@example.com' });
    for (const href of ['command:workbench.action.quit', 'javascript:alert(1)', 'vscode://evil.ext/article/x', 'file:///etc/passwd']) assert.deepEqual(linkAction(href), { kind: 'none' }, href);
  });

  it("opens Lore's own article links in Lore, whatever the editor's scheme", () => {
    assert.equal(articleLink('vscode', 'abc'), 'vscode://lore-team.lore/article/abc');
    assert.deepEqual(linkAction(articleLink('code-oss', 'a_1-B')), { kind: 'article', articleId: 'a_1-B' });
    assert.equal(articleIdFromLink('vscode-insiders://Lore-Team.Lore/article/abc/'), 'abc');
    assert.equal(articleIdFromLink('vscode://lore-team.lore/article/abc?x=1'), undefined);
    assert.equal(articleIdFromLink('vscode://lore-team.lore.evil/article/abc'), undefined);
  });

  it("shows review notes for Lore's own note links, and writes Lore links in the running editor's scheme", () => {
    assert.equal(noteLink('vscode', 'n1'), 'vscode://lore-team.lore/note/n1');
    assert.deepEqual(linkAction(noteLink('code-oss', 'n_1')), { kind: 'note', noteId: 'n_1' });
    assert.equal(noteIdFromLink('vscode://lore-team.lore.evil/note/n1'), undefined);
    assert.equal(noteIdFromLink(articleLink('vscode', 'a1')), undefined);
    assert.equal(
      withEditorScheme('[A](vscode://lore-team.lore/article/a1) and code-oss://Lore-Team.Lore/note/n1, not vscode://other.ext/article/a2', 'vscode-insiders'),
      '[A](vscode-insiders://lore-team.lore/article/a1) and vscode-insiders://lore-team.lore/note/n1, not vscode://other.ext/article/a2',
    );
  });

  it("knows Lore's extension id (publisher.name in package.json)", () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { publisher: string; name: string };
    assert.equal(LORE_EXTENSION_ID, `${manifest.publisher}.${manifest.name}`);
  });
});
