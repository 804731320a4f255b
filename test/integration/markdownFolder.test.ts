import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportReport, ImportReport } from '../../src/core/articles/markdownFolder';
import { loreApi } from './support/lore';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

// Issue 11: Markdown in and out, run as a script would, with the folder given to the commands.
describe('Markdown folders in and out through the commands in a real VS Code', function () {
  this.timeout(30_000);
  const suffix = Date.now().toString(36);

  it('exports to a folder and imports it back: titles, bodies, tags, links and images; again changes nothing; a differing article is replaced only when asked', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const hash = store.putImage(PNG, 'image/png');
    const designTitle = `Folder design ${suffix}`;
    const retryTitle = `Folder retry ${suffix}`;
    const design = store.createArticle({
      title: designTitle, tags: ['folder-test', 'cache'], status: 'published',
      body: `See [[${retryTitle}]] and the diagram:\n\n![diagram](lore-image:${hash})\n`,
    });
    const retry = store.createArticle({ title: retryTitle, tags: ['folder-test'], body: `Back off. From [[${designTitle}|the design]].` });
    store.createArticle({ title: `Folder private ${suffix}`, body: 'Mine only.', visibility: 'private' });
    const originals = [store.getArticle(design.id)!, store.getArticle(retry.id)!];
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-folder-'));

    const exported = await vscode.commands.executeCommand<ExportReport>('lore.exportMarkdown', path.join(folder, 'export'));
    const out = path.join(folder, 'export');
    assert.equal(exported?.folder, out, 'the folder given is used, no dialog');
    // Opened as a plain folder: one Markdown file per article, with its front matter, links and image beside it.
    const files = new Map(fs.readdirSync(out).filter((f) => f.endsWith('.md')).map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
    const fileOf = (title: string) => [...files.values()].find((text) => text.includes(`title: ${title}\n`));
    assert.ok(fileOf(designTitle)?.includes(`[[${retryTitle}]]`), 'the link is kept as written');
    assert.match(fileOf(designTitle) ?? '', new RegExp(`!\\[diagram\\]\\(images/${hash}\\.png\\)`));
    assert.deepEqual(fs.readFileSync(path.join(out, 'images', `${hash}.png`)), PNG);
    assert.ok(fileOf(retryTitle));
    assert.equal(fileOf(`Folder private ${suffix}`), undefined, 'private articles stay behind');

    // Gone from Lore, then brought back by importing the folder (a file URI works too).
    store.deleteArticle(design.id);
    store.deleteArticle(retry.id);
    const imported = await vscode.commands.executeCommand<ImportReport>('lore.importMarkdown', vscode.Uri.file(out));
    assert.deepEqual(imported?.created.filter((t) => t.endsWith(suffix)).sort(), [designTitle, retryTitle]);
    assert.deepEqual(imported?.skipped, []);
    const ids = store.articleIdsByTitle([designTitle, retryTitle]);
    const back = [designTitle, retryTitle].map((title) => store.getArticle(ids.get(title.toLowerCase())!)!);
    back.forEach((copy, i) => {
      assert.equal(copy.body.replace(/\n$/, ''), originals[i].body.replace(/\n$/, ''), `the body of "${copy.title}", links and image included`);
      assert.deepEqual(copy.tags, originals[i].tags);
      assert.equal(copy.status, originals[i].status);
    });
    assert.deepEqual(store.articlesLinkingTo(back[1]).map((a) => a.id), [back[0].id], 'the links between them work again');

    // Importing the same folder again neither duplicates nor changes anything.
    const again = await vscode.commands.executeCommand<ImportReport>('lore.importMarkdown', out);
    assert.deepEqual(again?.created, []);
    assert.equal(store.listArticles().filter((a) => a.title === designTitle).length, 1);

    // An article edited in Lore since is kept unless the script asks to replace it.
    store.updateArticle(back[1].id, { body: 'Edited in Lore since.' });
    const kept = await vscode.commands.executeCommand<ImportReport>('lore.importMarkdown', out);
    assert.deepEqual(kept?.notUpdated, [retryTitle]);
    assert.equal(store.getArticle(back[1].id)!.body, 'Edited in Lore since.');
    const replaced = await vscode.commands.executeCommand<ImportReport>('lore.importMarkdown', out, { replace: true });
    assert.deepEqual(replaced?.updated, [retryTitle]);
    assert.equal(store.getArticle(back[1].id)!.body.replace(/\n$/, ''), originals[1].body);

    for (const article of back) store.deleteArticle(article.id);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
