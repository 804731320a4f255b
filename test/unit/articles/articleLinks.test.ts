import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { articleIdFromLink, articleLink, linkAction, LORE_EXTENSION_ID, loreLinksAsCommands, loreUriCommand, noteIdFromLink, noteLink } from '../../../src/core/articles/articleLinks';

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

  it("shows review notes for Lore's own note links, and shows Lore links in review notes as links to the commands that open them", () => {
    assert.equal(noteLink('vscode', 'n1'), 'vscode://lore-team.lore/note/n1');
    assert.deepEqual(linkAction(noteLink('code-oss', 'n_1')), { kind: 'note', noteId: 'n_1' });
    assert.equal(noteIdFromLink('vscode://lore-team.lore.evil/note/n1'), undefined);
    assert.equal(noteIdFromLink(articleLink('vscode', 'a1')), undefined);
    const open = (command: string, id: string) => `command:${command}?${encodeURIComponent(JSON.stringify([id]))}`;
    assert.equal(
      loreLinksAsCommands('[“A”](vscode://lore-team.lore/article/a1). From code-oss://Lore-Team.Lore/note/n1 and vscode://lore-team.lore/article/a2/, not vscode://other.ext/article/a3', (id) => (id === 'a2' ? 'Cache [v2]' : undefined)),
      `[“A”](${open('lore.openArticle', 'a1')}). From [review note](${open('lore.review.reveal', 'n1')}) and [Cache \\[v2\\]](${open('lore.openArticle', 'a2')}), not vscode://other.ext/article/a3`,
    );
    assert.equal(loreLinksAsCommands('see vscode://lore-team.lore/article/zz'), `see [a Lore article](${open('lore.openArticle', 'zz')})`);
  });

  it('opens the article or shows the note for a Lore link opened from outside VS Code', () => {
    assert.deepEqual(loreUriCommand('/article/a_1'), { command: 'lore.openArticle', id: 'a_1' });
    assert.deepEqual(loreUriCommand('/note/n-1/'), { command: 'lore.review.reveal', id: 'n-1' });
    for (const path of ['/notes/n1', '/note/', '/note/n1/x', '/article/a b']) assert.equal(loreUriCommand(path), undefined, path);
  });

  it("knows Lore's extension id (publisher.name in package.json)", () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { publisher: string; name: string };
    assert.equal(LORE_EXTENSION_ID, `${manifest.publisher}.${manifest.name}`);
  });
});
