import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT_GROUP_LIMIT } from '../../../src/core/articles/groupPages';

/** What README.md promises about keys and settings, checked against what package.json installs. */

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string }>;
    keybindings: Array<{ command: string; key: string; mac?: string; when?: string }>;
    configuration: { properties: Record<string, { default?: unknown; enum?: string[] }> };
    viewsWelcome: Array<{ view: string; contents: string }>;
  };
}

const root = path.resolve(__dirname, '../../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

/** `<kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>K</kbd>` → `ctrl+alt+k`, as package.json writes keys. */
const chordsIn = (text: string): string[] =>
  [...text.matchAll(/<kbd>\w+<\/kbd>(?:\+<kbd>\w+<\/kbd>)+/g)].map((m) => [...m[0].matchAll(/<kbd>(\w+)<\/kbd>/g)].map((k) => k[1].toLowerCase()).join('+'));

/** The README's feature bullets that name a key: the bold name, the key, the macOS key. */
function readmeKeys(): Array<{ feature: string; key: string; mac?: string }> {
  return readme.split(/\n(?=- \*\*)/).filter((b) => b.startsWith('- **') && b.includes('<kbd>')).map((bullet) => {
    const feature = /^- \*\*([^*]+)\*\*/.exec(bullet)![1];
    // The first key is for Windows and Linux; "… on macOS" follows the key for macOS.
    const [key] = chordsIn(bullet);
    const mac = bullet.includes('on macOS') ? chordsIn(bullet.split('on macOS')[0]).at(-1) : undefined;
    return { feature, key, mac };
  });
}

/** Which command a README feature name is about (the bullet names the feature, not the command). */
const FEATURE_COMMANDS: Record<string, string> = {
  'Share Snippet as Knowledge': 'lore.shareSnippet',
  'Instant search': 'lore.search',
  'Next step': 'lore.paths.next',
  'Previous step': 'lore.paths.previous',
  'Stop playing': 'lore.paths.stop',
};

describe("README's claims hold for the installed extension", () => {
  describe('keyboard shortcuts', () => {
    it('are exactly the keybindings package.json installs, on Windows/Linux and on macOS', () => {
      const documented = readmeKeys().map(({ feature, key, mac }) => {
        assert.ok(FEATURE_COMMANDS[feature], `README names a key for "${feature}": add it to FEATURE_COMMANDS`);
        return { command: FEATURE_COMMANDS[feature], key, mac };
      });
      const installed = manifest.contributes.keybindings.map(({ command, key, mac }) => ({ command, key, mac }));
      const byCommand = (a: { command: string }, b: { command: string }) => a.command.localeCompare(b.command);
      assert.deepEqual(documented.sort(byCommand), installed.sort(byCommand));
    });

    it('named in the welcome text are the keys of the command the text names', () => {
      for (const w of manifest.contributes.viewsWelcome) {
        for (const m of w.contents.matchAll(/"Lore: ([^"]+)" \(([^)]+)\)/g)) {
          const command = manifest.contributes.commands.find((c) => c.title === m[1]);
          assert.ok(command, `${w.view} welcome names "${m[1]}", which is no command title`);
          const binding = manifest.contributes.keybindings.find((k) => k.command === command.command);
          assert.equal(m[2].toLowerCase(), binding?.key, `${w.view} welcome: the key of ${command.command}`);
        }
      }
    });
  });

  describe('settings', () => {
    /** The README's Settings table: setting, default column, meaning column. */
    const rows = [...readme.matchAll(/^\| `(lore\.[\w.]+)` \| ([^|]+) \| ([^\n]+) \|$/gm)].map((m) => ({ name: m[1], shownDefault: m[2].trim(), meaning: m[3] }));
    const properties = manifest.contributes.configuration.properties;

    it('lists every setting package.json contributes, and no other', () => {
      assert.deepEqual(rows.map((r) => r.name).sort(), Object.keys(properties).sort());
    });

    it('gives each the default package.json sets (a code value, or words for what empty means)', () => {
      for (const { name, shownDefault } of rows) {
        const code = /^`([^`]*)`/.exec(shownDefault)?.[1];
        // A default in words ("git's user.name …", "(empty: no sync)") describes an empty setting.
        // Arrays, numbers and booleans are JSON in package.json; every other code value is a string.
        const expected = code === undefined ? '' : code.startsWith('[') || /^(-?\d+(\.\d+)?|true|false)$/.test(code) ? JSON.parse(code) : code;
        assert.deepEqual(properties[name].default, expected, `${name}: README says ${shownDefault}`);
      }
    });

    it('offers the Knowledge view groupings package.json allows', () => {
      const row = rows.find((r) => r.name === 'lore.knowledge.groupBy')!;
      const named = [...row.meaning.matchAll(/`(\w+)`/g)].map((m) => m[1]);
      assert.deepEqual(named, properties['lore.knowledge.groupBy'].enum);
    });
  });

  it('links only to web addresses and its own headings, so the README packs into the .vsix (vsce refuses relative links without a repository URL)', () => {
    const relative = [...readme.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((href) => !/^(https?:|mailto:|#)/.test(href));
    assert.deepEqual(relative, []);
  });

  // Its screenshots are the one exception: files in media/screenshots/, packaged with it, which
  // VS Code shows beside the README of an installed extension. vsce is told to leave relative
  // paths alone (--no-rewrite-relative-links in scripts/harness/build.mjs; with a repository URL
  // it could rewrite them to the repository instead), since it refuses them otherwise.
  it('shows only screenshots that are in media/screenshots/ and packaged in the .vsix', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((src) => !/^https?:/.test(src));
    assert.ok(images.length > 0, 'the README has screenshots');
    for (const image of images) {
      assert.match(image, /^media\/screenshots\/[\w.-]+\.(png|gif)$/);
      assert.ok(fs.existsSync(path.join(root, image)), `${image} exists`);
    }
    assert.match(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!media\/\*\*$/m, 'media/ is packaged');
    assert.match(fs.readFileSync(path.join(root, 'scripts', 'harness', 'build.mjs'), 'utf8'), /'--no-rewrite-relative-links'/);
  });

  it('says how many tags the Knowledge view lists before "N more tags"', () => {
    const claim = /With more than (\d+) tags the view lists the (\d+) largest/.exec(readme);
    assert.ok(claim, 'the README states the limit');
    assert.equal(Number(claim[1]), ROOT_GROUP_LIMIT);
    assert.equal(Number(claim[2]), ROOT_GROUP_LIMIT);
  });
});
