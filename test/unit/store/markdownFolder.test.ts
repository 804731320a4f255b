import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportToFolder, importFromFolder } from '../../../src/core/articles/markdownFolder';
import { parseMarkdownFile } from '../../../src/core/articles/markdownImport';
import { openTestStore, sampleAnchor, tempDir, testDriver } from './testStore';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe(`Markdown folders in and out (${testDriver().name})`, () => {
  it('round trip: an export imported into an empty database keeps titles, bodies, tags, links and images; private articles stay behind', () => {
    const source = openTestStore();
    const hash = source.putImage(PNG, 'image/png');
    const design = source.createArticle({
      title: 'Session cache design', tags: ['cache', 'redis'], team: 'Platform', status: 'published',
      body: `# Why\n\nSee [[Retry policy]] and the diagram:\n\n![diagram](lore-image:${hash})\n`,
      snippets: [{ code: 'const ttl = 60;\n', language: 'typescript', anchor: sampleAnchor() }],
    });
    const retry = source.createArticle({ title: 'Retry policy', body: 'Back off. Linked from [[Session cache design|the design]].', tags: ['ops'] });
    source.createArticle({ title: 'My private notes', body: 'secret plans', visibility: 'private' });
    const folder = tempDir('lore-export-');

    const exported = exportToFolder(source, folder);
    assert.deepEqual({ articles: exported.articles, images: exported.images }, { articles: 2, images: 1 });
    assert.deepEqual(fs.readdirSync(folder).sort(), ['images', 'retry-policy.md', 'session-cache-design.md']);
    const file = fs.readFileSync(path.join(folder, 'session-cache-design.md'), 'utf8');
    assert.match(file, /^---\ntitle: Session cache design\ntags: \[cache, redis\]/);
    assert.match(file, new RegExp(`!\\[diagram\\]\\(images/${hash}\\.png\\)`), 'the image points at the file beside it');
    assert.match(file, /`src\/cache\.ts`, lines 11(-\d+)?:\n\n```typescript\nconst ttl = 60;\n```/, 'the snippet as fenced code with its file and lines');
    assert.deepEqual(fs.readFileSync(path.join(folder, 'images', `${hash}.png`)), PNG);

    const target = openTestStore();
    const report = importFromFolder(target, folder);
    assert.deepEqual(report.created.sort(), ['Retry policy', 'Session cache design']);
    assert.deepEqual(report.skipped, []);
    const byTitle = new Map(target.listArticles().map((a) => [a.title, target.getArticle(a.id)!]));
    for (const original of [source.getArticle(design.id)!, source.getArticle(retry.id)!]) {
      const copy = byTitle.get(original.title)!;
      // A file ends with a line break; whether the body did is the one thing a file cannot say.
      assert.equal(copy.body.replace(/\n$/, ''), original.body.replace(/\n$/, ''), `the body of "${original.title}" is kept, links and image included`);
      assert.deepEqual(copy.tags, original.tags);
      assert.equal(copy.status, original.status);
    }
    assert.deepEqual(target.getImage(hash)?.data && Buffer.from(target.getImage(hash)!.data), PNG, 'the image came back');
    assert.equal(byTitle.has('My private notes'), false);
    // Importing the export into the database it came from changes nothing.
    const back = importFromFolder(source, folder);
    assert.deepEqual([back.created, back.notUpdated, back.unchanged], [[], [], 2]);
  });

  it('importing the same folder again updates rather than duplicates, and only when asked', () => {
    const store = openTestStore();
    const folder = tempDir('lore-import-');
    fs.writeFileSync(path.join(folder, 'a.md'), '---\ntitle: Deploying\ntags:\n  - ops\n  - "#release"\n---\nFirst version.\n');
    assert.deepEqual(importFromFolder(store, folder).created, ['Deploying']);
    const again = importFromFolder(store, folder);
    assert.deepEqual([again.created, again.unchanged], [[], 1]);

    fs.writeFileSync(path.join(folder, 'a.md'), '---\ntitle: Deploying\ntags: [ops]\n---\nSecond version.\n');
    const held = importFromFolder(store, folder);
    assert.deepEqual(held.notUpdated, ['Deploying'], 'a changed file is reported, not written over');
    assert.equal(store.getArticle(store.listArticles()[0].id)!.body, 'First version.\n');
    const updated = importFromFolder(store, folder, { update: true });
    assert.deepEqual(updated.updated, ['Deploying']);
    assert.equal(store.listArticles().length, 1);
    assert.equal(store.getArticle(store.listArticles()[0].id)!.body, 'Second version.\n');
  });

  it('reports by name what it does not take: files that are not Markdown, a title used twice, front matter that does not parse; never reads images outside the folder', () => {
    const store = openTestStore();
    const outside = tempDir('lore-outside-');
    fs.writeFileSync(path.join(outside, 'secret.png'), PNG);
    const folder = tempDir('lore-import-');
    fs.mkdirSync(path.join(folder, 'sub'));
    fs.mkdirSync(path.join(folder, '.obsidian'));
    fs.writeFileSync(path.join(folder, '.obsidian', 'app.json'), '{}');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'plain text');
    fs.writeFileSync(path.join(folder, 'one.md'), '# Onboarding\n\nWelcome. ![outside](../' + path.basename(outside) + '/secret.png)\n');
    fs.writeFileSync(path.join(folder, 'sub', 'two.md'), '---\ntitle: onboarding\n---\nA second one.\n');
    fs.writeFileSync(path.join(folder, 'broken.md'), '---\ntitle: [unclosed\n---\nBody\n');
    fs.writeFileSync(path.join(folder, 'unclosed.md'), '---\ntitle: Never closed\nBody\n');
    const report = importFromFolder(store, folder);
    assert.deepEqual(report.created, ['Onboarding'], 'the title came from the first heading');
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.file, s.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), ['broken.md', 'notes.txt', 'sub/two.md', 'unclosed.md']);
    assert.match(reasons['notes.txt'], /not a Markdown file/);
    assert.match(reasons['sub/two.md'], /same title as one\.md/);
    assert.match(reasons['broken.md'], /front matter is not valid YAML/);
    assert.match(reasons['unclosed.md'], /front matter is not closed/);
    const body = store.getArticle(store.listArticles()[0].id)!.body;
    assert.match(body, /\.\.\/.*secret\.png/, 'an image outside the folder is left as written, not read');
    assert.equal(store.listImageHashes().length, 0);
  });

  it('refuses a folder that does not exist, saying which', () => {
    assert.throws(() => importFromFolder(openTestStore(), '/no/such/folder'), /There is no folder at \/no\/such\/folder/);
  });

  it('reads Foam and Obsidian front matter: tag lists, other fields ignored, the snippets Lore exported left out', () => {
    const parsed = parseMarkdownFile('x.md', '---\ntags: [a, "#b"]\naliases: [x]\ncreated: 2024-01-01\n---\n# From Foam\n\nText.\n\n<!-- lore:snippets (written by Lore export; not imported) -->\n## Snippets\ncode\n');
    assert.equal(parsed.title, 'From Foam');
    assert.deepEqual(parsed.tags, ['a', 'b']);
    assert.equal(parsed.body, '# From Foam\n\nText.\n');
  });
});
