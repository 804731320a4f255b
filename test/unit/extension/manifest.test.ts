import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_IDS } from '../../../src/extension/common/commandIds';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, Array<{ command: string }>>;
    keybindings?: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    viewsWelcome: Array<{ view: string; contents: string; when?: string }>;
  };
}

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const contributed = manifest.contributes.commands.map((c) => c.command);

describe('package.json contributions', () => {
  it('lists exactly the commands in COMMAND_IDS', () => {
    assert.deepEqual([...contributed].sort(), [...COMMAND_IDS].sort());
  });

  // That each of them is registered at run time, and nothing else, is checked in the real extension host (test/integration).

  it('registers commands only through registerCommand(), which takes contributed ids only (no test-only commands ship)', () => {
    const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const wrapper = path.join(root, 'src/extension/common/commands.ts');
    const direct = sources(path.join(root, 'src'))
      .filter((file) => file !== wrapper && /commands\.register(TextEditor)?Command\s*\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    assert.deepEqual(direct, [], 'these files register commands beside registerCommand()');
    assert.match(fs.readFileSync(wrapper, 'utf8'), /export function registerCommand\(\s*log: [^,]+,\s*id: CommandId,/, 'registerCommand() takes a CommandId, not any string');
  });

  it('gives every command the Lore category and a title', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'Lore', `${c.command} has no category`);
      assert.ok(c.title.trim(), `${c.command} has no title`);
    }
  });

  it('refers only to contributed commands in menus and keybindings', () => {
    const known = new Set(contributed);
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) assert.ok(known.has(e.command), `${menu} refers to unknown ${e.command}`);
    }
    for (const k of manifest.contributes.keybindings ?? []) assert.ok(known.has(k.command), `keybinding for unknown ${k.command}`);
  });

  it('has welcome content for every view, with command links that exist', () => {
    const views = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    for (const view of views) {
      const welcome = manifest.contributes.viewsWelcome.filter((w) => w.view === view);
      assert.ok(welcome.length, `${view} has no welcome content`);
      for (const w of welcome) {
        for (const m of w.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(contributed.includes(m[1]), `${view} welcome links to unknown ${m[1]}`);
      }
    }
  });

  it('has every view say so when Lore cannot open its database or is upgrading it, and no other welcome then', () => {
    const views = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    for (const view of views) {
      const welcome = manifest.contributes.viewsWelcome.filter((w) => w.view === view);
      assert.ok(welcome.some((w) => w.when === 'lore:databaseUnavailable' && /cannot open its database/.test(w.contents)), `${view}: no "cannot open its database" welcome`);
      assert.ok(welcome.some((w) => w.when === 'lore:databaseUpgrading' && /upgrading its database/.test(w.contents)), `${view}: no "upgrading" welcome`);
      for (const w of welcome.filter((w) => !/databaseUnavailable|databaseUpgrading/.test(w.when ?? ''))) {
        assert.fail(`${view}: welcome "${w.contents.slice(0, 40)}…" also shows while the database cannot be opened or is upgrading`);
      }
    }
  });
});
