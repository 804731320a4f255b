import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createAnchor } from '../../src/core/anchoring';
import type { TextRange } from '../../src/core/model';
import type { LoreStore } from '../../src/core/store/loreStore';
import type { ShownThreadSnapshot } from '../../src/extension/review/reviewController';
import type { TreeItemSnapshot } from '../../src/extension/review/reviewNotesTree';
import type { SecretReviewSnapshot } from '../../src/extension/common/secretReview';
import { eventually, loreApi, loreExtension } from './support/lore';

const CART = [
  "import { Item } from './item';",
  '',
  'export function total(items: Item[]): number {',
  '  let sum = 0;',
  '  for (const item of items) sum += item.price * item.quantity;',
  '  return sum;',
  '}',
  '',
  'export function count(items: Item[]): number {',
  '  return items.length;',
  '}',
  '',
].join('\n');

const TOTAL: TextRange = { startLine: 2, startCharacter: 0, endLine: 7, endCharacter: 0 };

async function shown(): Promise<ShownThreadSnapshot[]> {
  return (await loreApi()).review.shownThreads();
}

/** The thread of note `id` once `test` holds for it in an editor. */
async function shownWhen(id: string, what: string, test: (t: ShownThreadSnapshot) => boolean = () => true, timeoutMs = 20_000): Promise<ShownThreadSnapshot> {
  let found: ShownThreadSnapshot | undefined;
  await eventually(what, async () => {
    found = (await shown()).find((t) => t.id === id && test(t));
    return found !== undefined;
  }, timeoutMs).catch(async (error) => {
    throw new Error(`${(error as Error).message}; shown now: ${JSON.stringify((await shown()).filter((t) => t.id === id))}`);
  });
  return found!;
}


/** A class of small methods, in the order given; `edit` changes the lines of total(). */
const STORE_HEAD = [
  '/**',
  ' * A small keyed store of numbers, with a log line per change.',
  ' */',
  "import { strict as assert } from 'node:assert';",
  '',
  'export class NumberStore {',
  '  private readonly map = new Map<string, number>();',
  '',
  '  constructor(private readonly name: string) {}',
  '',
];
const STORE_METHODS: Record<string, string[]> = {
  get: ['  get(key: string): number | undefined {', '    return this.map.get(key);', '  }', ''],
  set: ['  set(key: string, value: number): void {', '    assert.ok(Number.isFinite(value), key);', '    this.map.set(key, value);', '    this.log(`set ${key}`);', '  }', ''],
  remove: ['  remove(key: string): boolean {', '    this.log(`remove ${key}`);', '    return this.map.delete(key);', '  }', ''],
  size: ['  size(): number {', '    return this.map.size;', '  }', ''],
  total: ['  total(): number {', '    let sum = 0;', '    for (const value of this.map.values()) sum += value;', '    return sum;', '  }', ''],
  log: ['  private log(message: string): void {', '    console.log(`[${this.name}] ${message}`);', '  }'],
};
const storeText = (order: string[], edit: (lines: string[]) => string[] = (l) => l) =>
  [...STORE_HEAD, ...order.flatMap((m) => (m === 'total' ? edit(STORE_METHODS[m]) : STORE_METHODS[m])), '}', ''].join('\n');
const STORE = storeText(['get', 'set', 'remove', 'size', 'total', 'log']);
/** total() as the note was written on it: lines 30-34. */
const TOTAL_METHOD: TextRange = { startLine: 29, startCharacter: 0, endLine: 34, endCharacter: 0 };

/** The lines of the "… review note(s)" CodeLenses of a file. */
async function noteLensLines(uri: vscode.Uri): Promise<number[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
  return lenses.filter((l) => /review note/.test(l.command?.title ?? '')).map((l) => l.range.start.line);
}

/** The Review Notes row of note `id`. */
async function treeRow(id: string): Promise<TreeItemSnapshot | undefined> {
  const files = (await loreApi()).review.treeItems();
  return files.flatMap((f) => f.children ?? []).find((n) => n.id === id);
}

/** Replaces a file's text on disk, as a pull or another editor would, and waits for VS Code to reload the open document. */
async function changeOnDisk(document: vscode.TextDocument, text: string): Promise<void> {
  fs.writeFileSync(document.uri.fsPath, text);
  await eventually('VS Code reloaded the file from disk', () => document.getText() === text);
}

/**
 * Waits until the thread of `id`, its CodeLens and its Review Notes row all say the note starts
 * on `line` (0-based) in `state`, and returns what each showed.
 */
async function agreeOn(uri: vscode.Uri, id: string, line: number, state: string): Promise<{ thread: ShownThreadSnapshot; row: TreeItemSnapshot }> {
  let thread: ShownThreadSnapshot | undefined;
  let row: TreeItemSnapshot | undefined;
  let lenses: number[] = [];
  const lines = (n: number) => new RegExp(`· lines? ${n + 1}(-\\d+)? ·`);
  await eventually(`the thread, the CodeLens and the tree agree on line ${line + 1} and ${state}`, async () => {
    thread = (await shown()).find((t) => t.id === id);
    row = await treeRow(id);
    lenses = await noteLensLines(uri);
    return thread?.state === state && thread.range.startLine === line && lenses.includes(line) && row !== undefined && lines(line).test(row.description);
  }).catch((error) => {
    throw new Error(`${(error as Error).message}; thread ${JSON.stringify(thread && { range: thread.range, state: thread.state, label: thread.label })}, lenses ${JSON.stringify(lenses)}, row ${JSON.stringify(row?.description)}`);
  });
  return { thread: thread!, row: row! };
}

describe('Review notes in the editor', function () {
  this.timeout(90_000);
  let store: LoreStore;
  let folder: vscode.Uri;

  /** Writes a fresh file for one test, under a folder no other suite uses. */
  function writeFile(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.joinPath(folder, 'review-it', name);
    fs.mkdirSync(vscode.Uri.joinPath(folder, 'review-it').fsPath, { recursive: true });
    fs.writeFileSync(uri.fsPath, text);
    return uri;
  }

  async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  }

  before(async () => {
    const api = await loreApi();
    store = api.services.stores.get();
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('adds a note through Add Review Note and shows it as a thread with its kind, state and author', async () => {
    const uri = writeFile('add.ts', CART);
    await open(uri);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'bug', body: 'Total ignores **discounts**.' });
    assert.match(id, /^[0-9a-f]{32}$/);
    const thread = await shownWhen(id, 'the note is shown');
    assert.equal(thread.label, '🐞 Bug · open');
    assert.deepEqual(thread.comments, [{ author: store.author, body: 'Total ignores **discounts**.' }]);
    assert.deepEqual(thread.range, TOTAL);
    assert.match(thread.contextValue, /^open\b/);
    assert.match(thread.contextValue, /canDelete/);
    const stored = store.getThread(id)!;
    assert.equal(stored.anchor.path, 'review-it/add.ts');
    assert.equal(stored.anchor.text, CART.split('\n').slice(2, 7).join('\n') + '\n');
  });

  it('shows an image from another host in a note as a link naming the host, unless the host is allowed (the note keeps what was written)', async () => {
    const uri = writeFile('pixel.ts', CART);
    await open(uri);
    const body = 'Looks off: ![screenshot](https://tracker.example/p.png?reader=me)';
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'question', body });
    const thread = await shownWhen(id, 'the note is shown');
    assert.deepEqual(thread.comments, [{ author: store.author, body: 'Looks off: [Image from tracker\\.example not loaded\\: screenshot](https://tracker.example/p.png?reader=me)' }]);
    assert.equal(store.getThread(id)!.comments[0].body, body);
    const setting = vscode.workspace.getConfiguration('lore.articleView');
    await setting.update('allowedImageHosts', ['tracker.example'], vscode.ConfigurationTarget.Global);
    try {
      await shownWhen(id, 'the image is shown once its host is allowed', (t) => t.comments[0]?.body === body);
    } finally {
      await setting.update('allowedImageHosts', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps a note on its code while lines are typed above it, and saves the new place on save', async () => {
    const uri = writeFile('typing.ts', CART);
    const editor = await open(uri);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'suggestion', body: 'Use reduce.' });
    await shownWhen(id, 'the note is shown');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), '// one\n// two\n// three\n')));
    const moved = await shownWhen(id, 'the thread moved 3 lines down', (t) => t.range.startLine === 5);
    assert.equal(moved.range.endLine, 10);
    assert.equal(moved.state, 'attached');
    await editor.document.save();
    await eventually('the new place is saved', () => store.getThread(id)!.anchor.range.startLine === 5);
  });

  it('resolves and reopens a note from its commands, with replies shown', async () => {
    const uri = writeFile('resolve.ts', CART);
    await open(uri);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'question', body: 'Why not reduce?' });
    store.addComment(id, 'Readability.');
    await shownWhen(id, 'the reply is shown', (t) => t.comments.length === 2);
    await vscode.commands.executeCommand('lore.review.resolve', id);
    const resolved = await shownWhen(id, 'the thread is resolved', (t) => t.resolved);
    assert.equal(resolved.label, '❓ Question · resolved');
    assert.match(resolved.contextValue, /^resolved\b/);
    assert.equal(store.getThread(id)!.state, 'resolved');
    await vscode.commands.executeCommand('lore.review.reopen', id);
    await shownWhen(id, 'the thread is open again', (t) => !t.resolved && /^open/.test(t.contextValue));
  });

  it('finds a note again when its file opens with the code moved, and says so', async () => {
    const uri = writeFile('moved.ts', CART);
    const anchor = createAnchor(CART, TOTAL, { path: 'review-it/moved.ts' });
    const { id } = store.createThread({ anchor, kind: 'nit', body: 'Name it grandTotal.' });
    fs.writeFileSync(uri.fsPath, `// header 1\n// header 2\n// header 3\n// header 4\n${CART}`);
    await open(uri);
    const thread = await shownWhen(id, 'the note is shown at its new place');
    assert.equal(thread.range.startLine, 6);
    assert.equal(thread.state, 'moved');
    assert.match(thread.label, /^🧹 Nit · open — moved 4 lines down/);
    await eventually('the move is saved on this machine', () => store.getThread(id)!.anchorState === 'moved');
  });

  it('marks a note orphaned, at its old place, when its code is gone', async () => {
    const uri = writeFile('orphan.ts', CART);
    const anchor = createAnchor(CART, TOTAL, { path: 'review-it/orphan.ts' });
    const { id } = store.createThread({ anchor, kind: 'bug', body: 'Overflow?' });
    fs.writeFileSync(uri.fsPath, 'export const nothingLeft = 0;\n');
    await open(uri);
    const thread = await shownWhen(id, 'the orphaned note is shown');
    assert.equal(thread.state, 'orphaned');
    assert.match(thread.label, /orphaned: its code is no longer in this file/);
    await eventually('the state is saved', () => store.getThread(id)!.anchorState === 'orphaned');
    assert.deepEqual(store.getThread(id)!.anchor.range, TOTAL, 'the note keeps where it was');
  });

  it('shows a doubtful place as "needs review" without moving the note', async () => {
    const fixtures = `${loreExtension().extensionPath}/test/fixtures/anchoring/weak-match-needs-review`;
    const before = fs.readFileSync(`${fixtures}/before.ts.txt`, 'utf8');
    const after = fs.readFileSync(`${fixtures}/after.ts.txt`, 'utf8');
    const { select } = JSON.parse(fs.readFileSync(`${fixtures}/case.json`, 'utf8')) as { select: { text: string } };
    const uri = writeFile('doubt.ts', before);
    const start = before.indexOf(select.text);
    const startLine = before.slice(0, start).split('\n').length - 1;
    const lines = select.text.split('\n').length - 1;
    const range: TextRange = { startLine, startCharacter: 0, endLine: startLine + lines, endCharacter: 0 };
    const { id } = store.createThread({ anchor: createAnchor(before, range, { path: 'review-it/doubt.ts' }), kind: 'question', body: 'Is the hash stable?' });
    fs.writeFileSync(uri.fsPath, after);
    await open(uri);
    const thread = await shownWhen(id, 'the note is shown with its doubt');
    assert.equal(thread.state, 'needsReview');
    assert.equal(thread.label, '❓ Question · open — needs review: not sure this is its code');
    const guess = after.split('\n').findIndex((l) => l.includes('addUser(name'));
    assert.equal(thread.range.startLine, guess, 'shown at the best guess');
    // Opened later: the tree and the CodeLens say the line the thread is on, not the stored one.
    await agreeOn(uri, id, guess, 'needsReview');
    assert.equal(thread.comments[0].author, 'Lore', 'the thread says why it needs review');
    await eventually('the doubt is saved', () => store.getThread(id)!.anchorState === 'needsReview');
    assert.deepEqual(store.getThread(id)!.anchor.range, range, 'the stored place is not moved to the guess');
  });

  it('changed on disk while open, a method moved intact: thread, CodeLens and tree all move it and say it was re-attached automatically', async () => {
    const uri = writeFile('disk-moved.ts', STORE);
    const editor = await open(uri);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL_METHOD, kind: 'suggestion', body: 'Use reduce here.' });
    await agreeOn(uri, id, 29, 'attached');
    const moved = storeText(['total', 'get', 'set', 'remove', 'size', 'log']);
    await changeOnDisk(editor.document, moved);
    const { thread, row } = await agreeOn(uri, id, 10, 'moved');
    assert.equal(moved.split('\n')[10], '  total(): number {');
    assert.equal(thread.label, '💡 Suggestion · open — moved 19 lines up; re-attached automatically');
    assert.deepEqual(thread.comments.map((c) => c.author), [store.author], 'nothing to explain or do');
    assert.doesNotMatch(thread.contextValue, /outdated/);
    assert.match(row.description, /^Suggestion · lines 11-15 · .+ · moved 19 lines up$/);
    await eventually('the new place is saved', () => store.getThread(id)!.anchor.range.startLine === 10);
  });

  it('changed on disk while open, a method edited in place: needs review, says what changed and what to do; Re-attach Here accepts the code there', async () => {
    const uri = writeFile('disk-edited.ts', STORE);
    const editor = await open(uri);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL_METHOD, kind: 'question', body: 'Can the sum overflow?' });
    await agreeOn(uri, id, 29, 'attached');
    const edited = storeText(['get', 'set', 'remove', 'size', 'total', 'log'], (l) => l.map((x) => x.replace('let sum = 0;', 'let sum = this.base;').replace('return sum;', 'return Math.round(sum);')));
    await changeOnDisk(editor.document, edited);
    const { thread, row } = await agreeOn(uri, id, 29, 'needsReview');
    assert.equal(thread.label, '❓ Question · open — needs review: the code here changed');
    assert.match(thread.contextValue, /outdated/, 'Re-attach Here shows in the thread title');
    const [why, ...rest] = thread.comments;
    assert.equal(why.author, 'Lore');
    const prose = why.body.replace(/\\(.)/g, '$1');
    assert.match(prose, /^\*\*Needs review\.\*\* The code here changed: 2 lines edited\. Check that the note still applies to lines 30-34, then choose Re-attach Here in this thread's title/);
    assert.match(why.body, /```diff\n[^`]*- let sum = 0;[^`]*\+ let sum = this\.base;[^`]*```/);
    assert.deepEqual(rest, [{ author: store.author, body: 'Can the sum overflow?' }]);
    assert.match(row.description, /· code changed, needs review$/);
    assert.match(row.contextValue, /outdated/);
    assert.deepEqual(store.getThread(id)!.anchor.text.split('\n')[1], '    let sum = 0;', 'the note keeps its code until someone re-attaches it');

    // Re-attach Here with nothing selected: the best guess, through the secret review.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('lore.review.reattachHere', id);
    const attached = await agreeOn(uri, id, 29, 'attached');
    assert.equal(attached.thread.label, '❓ Question · open');
    assert.deepEqual(attached.thread.comments.map((c) => c.author), [store.author], 'the explanation is gone');
    assert.doesNotMatch(attached.row.description, /needs review/);
    assert.equal(store.getThread(id)!.anchor.text.split('\n')[1], '    let sum = this.base;');
  });

  it('changed on disk while open, a method moved and edited: the tree and the CodeLens say the line of the best guess the thread is on, not the stored one', async () => {
    const uri = writeFile('disk-guess.ts', STORE);
    const editor = await open(uri);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL_METHOD, kind: 'nit', body: 'Name it sum().' });
    await agreeOn(uri, id, 29, 'attached');
    await changeOnDisk(editor.document, storeText(['total', 'get', 'set', 'remove', 'size', 'log'], (l) => l.map((x) => x.replace('return sum;', 'return Math.round(sum);'))));
    const guess = (await shownWhen(id, 'the note needs review', (t) => t.state === 'needsReview')).range.startLine;
    assert.ok(guess < 12, `at the guess, about 20 lines up (line ${guess + 1})`);
    const { thread, row } = await agreeOn(uri, id, guess, 'needsReview');
    assert.match(row.description, new RegExp(`^Nit · lines ${guess + 1}-\\d+ · .+ · (code changed, )?needs review$`));
    assert.match(row.tooltip, /was at lines 30\\-34 of/);
    assert.equal(thread.comments[0].author, 'Lore');
    assert.equal(store.getThread(id)!.anchor.range.startLine, 29, 'the guess is not stored as the note\'s place');
  });

  it('changed on disk while open, a method deleted: orphaned, says so and shows the code it was about, fenced, in the thread and the tree', async () => {
    const uri = writeFile('disk-deleted.ts', STORE);
    const editor = await open(uri);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL_METHOD, kind: 'bug', body: 'Sum of floats drifts.' });
    await agreeOn(uri, id, 29, 'attached');
    await changeOnDisk(editor.document, storeText(['get', 'set', 'remove', 'log']));
    const lastLine = editor.document.lineCount - 1;
    const { thread, row } = await agreeOn(uri, id, Math.min(29, lastLine), 'orphaned');
    assert.equal(thread.label, '🐞 Bug · open — orphaned: its code is no longer in this file');
    const why = thread.comments[0];
    assert.equal(why.author, 'Lore');
    const method = STORE_METHODS.total.join('\n');
    assert.match(why.body.replace(/\\(.)/g, '$1'), /^\*\*Orphaned\.\*\* The code this note was about is no longer in this file\. It was at lines 30-34 of review-it\/disk-deleted\.ts:/);
    assert.ok(why.body.includes(`\`\`\`typescript\n${method}\`\`\``), why.body);
    assert.match(why.body.replace(/\\(.)/g, '$1'), /Select the code the note is about now and choose Re-attach Here/);
    assert.match(row.description, /orphaned \(was at lines 30-34 of review-it\/disk-deleted\.ts\)/);
    assert.ok(row.tooltip.includes(`\`\`\`typescript\n${method}\`\`\``), row.tooltip);

    // Its old place holds other code now: Re-attach Here needs a selection, and leaves the note as it is without one.
    editor.selection = new vscode.Selection(lastLine, 0, lastLine, 0);
    await vscode.commands.executeCommand('lore.review.reattachHere', id);
    assert.equal(store.getThread(id)!.anchorState, 'orphaned');
  });

  it('re-attaches a note to the selection with Re-attach Here', async () => {
    const uri = writeFile('reattach.ts', CART);
    const anchor = createAnchor(CART, TOTAL, { path: 'review-it/reattach.ts' });
    const { id } = store.createThread({ anchor, kind: 'bug', body: 'Check this.' });
    fs.writeFileSync(uri.fsPath, 'export function sum(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}\n');
    const editor = await open(uri);
    await shownWhen(id, 'the orphaned note is shown', (t) => t.state === 'orphaned');
    editor.selection = new vscode.Selection(0, 0, 3, 0);
    await vscode.commands.executeCommand('lore.review.reattachHere', id);
    const thread = await shownWhen(id, 'the note is attached again', (t) => t.state === 'attached');
    assert.equal(thread.label, '🐞 Bug · open');
    assert.equal(store.getThread(id)!.anchor.text.split('\n')[0], 'export function sum(values: number[]): number {');
  });

  it('shows a CodeLens above code with notes', async () => {
    const uri = writeFile('lens.ts', CART);
    await open(uri);
    await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'praise', body: 'Clear loop.' });
    let lens: vscode.CodeLens | undefined;
    await eventually('a lens says "1 review note"', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      lens = lenses?.find((l) => l.command?.title === '1 review note');
      return lens !== undefined;
    });
    assert.equal(lens!.range.start.line, TOTAL.startLine);
  });

  it('moves the "1 article" CodeLens of a shared snippet with its code as lines are typed above, and finds it again after a change on disk', async () => {
    const uri = writeFile('lens-article.ts', CART);
    const range: TextRange = { startLine: 8, startCharacter: 0, endLine: 11, endCharacter: 0 };
    const anchor = createAnchor(CART, range, { path: 'review-it/lens-article.ts' });
    store.createArticle({ title: 'Integration: counting items', snippets: [{ code: anchor.text, language: 'typescript', anchor }] });
    const editor = await open(uri);
    const articleLensLine = async (): Promise<number | undefined> => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      return lenses?.find((l) => l.command?.title === '1 article')?.range.start.line;
    };
    await eventually('the article lens is above count()', async () => (await articleLensLine()) === 8);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// one\n// two\n// three\n'));
    await eventually('the article lens moved down 3 lines with the code', async () => (await articleLensLine()) === 11);
    // Closed and changed on disk (a pull): found again from its anchor when asked next.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    fs.writeFileSync(uri.fsPath, `// header\n${CART}`);
    await open(uri);
    await eventually('the article lens is on count() after the change on disk', async () => (await articleLensLine()) === 9);
  });

  it('asks to review a key before saving a note on its line, then stores, publishes and exports only masked text, and the note still follows its line', async () => {
    // An obviously fake key of a shape the redaction rules detect (AWS's documented example).
    const KEY = 'AKIAIOSFODNN7EXAMPLE';
    const source = [
      "import { S3 } from 'aws-sdk';",
      '',
      'export function client(): S3 {',
      `  return new S3({ accessKeyId: '${KEY}' });`,
      '}',
      '',
    ].join('\n');
    const keyLine: TextRange = { startLine: 3, startCharacter: 0, endLine: 3, endCharacter: source.split('\n')[3].length };
    const uri = writeFile('secret.ts', source);
    const editor = await open(uri);

    const adding = vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: keyLine, kind: 'bug', body: `Move ${KEY} to the vault.` });
    let review: SecretReviewSnapshot | undefined;
    await eventually('Lore asks to review the possible secrets', async () => {
      review = (await loreApi()).review.pendingSecretReview();
      return review !== undefined;
    });
    assert.equal(review!.items.length, 2, JSON.stringify(review));
    assert.match(review!.items[0], /AWS access key review-it\/secret\.ts:4/);
    assert.match(review!.items[1], /AWS access key your note, line 1/);
    assert.ok(!JSON.stringify(review).includes(KEY), 'the review shows a preview, never the key');
    // Enter: the ticked findings are masked.
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const id = await adding;
    assert.match(id, /^[0-9a-f]{32}$/);
    const stored = store.getThread(id)!;
    assert.equal(stored.anchor.text, "  return new S3({ accessKeyId: '<redacted: AWS access key>' });");
    assert.equal(stored.comments[0].body, 'Move <redacted: AWS access key> to the vault.');
    assert.ok(!JSON.stringify(stored).includes(KEY));
    await shownWhen(id, 'the note is shown on the key line', (t) => t.range.startLine === 3);

    // Typing above it: the note follows, and the place saved is masked too.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), '// one\n// two\n')));
    await shownWhen(id, 'the thread moved 2 lines down', (t) => t.range.startLine === 5);
    await editor.document.save();
    await eventually('the new place is saved', () => store.getThread(id)!.anchor.range.startLine === 5);
    assert.ok(!JSON.stringify(store.getThread(id)).includes(KEY));

    // A file opened after lines were added above the code: the note is found again from its
    // stored, masked anchor alone (the copy of the note sits on a file with two more lines above).
    const masked = store.getThread(id)!.anchor;
    const movedUri = writeFile('secret-moved.ts', `// header\n// more\n${editor.document.getText()}`);
    const copy = store.createThread({ anchor: { ...masked, path: 'review-it/secret-moved.ts' }, kind: 'bug', body: 'Found again after an edit above.' });
    await open(movedUri);
    const again = await shownWhen(copy.id, 'the note re-attached 2 lines further down', (t) => t.range.startLine === 7);
    assert.equal(again.state, 'moved');
    assert.match(again.label, /moved 2 lines down/);

    // Published to the team folder: nothing there holds the key.
    // (When an earlier test already made this database a team's, its changes wait in the outbox
    // for that team's folder: what would be published is checked there instead.)
    const api = await loreApi();
    if (store.getMeta('sync.teamId')) {
      const queued = JSON.stringify(store.unpublishedEvents(100_000));
      assert.ok(queued.includes(id), 'the note waits to be published');
      const holding = store.unpublishedEvents(100_000).filter((e) => JSON.stringify(e).includes(KEY));
      assert.deepEqual(holding.map((e) => `${e.entity} ${e.entityId} ${Object.keys(e.changes).join(',')}`), [], 'nothing waiting to be published holds the key');
    } else {
      const team = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-team-secret-'));
      try {
        await vscode.commands.executeCommand('lore.setupTeamFolder', team, 'create');
        await api.sync.run();
        const files = (fs.readdirSync(team, { recursive: true }) as string[]).map((f) => path.join(team, f)).filter((f) => fs.statSync(f).isFile());
        const published = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
        assert.ok(published.includes(id), 'the note was published');
        assert.ok(!published.includes(KEY), 'the team folder holds no copy of the key');
      } finally {
        await vscode.workspace.getConfiguration('lore').update('teamFolder', undefined, vscode.ConfigurationTarget.Global);
      }
    }

    // Exported: masked as stored.
    const target = vscode.Uri.joinPath(folder, 'review-it', 'secret-notes.md');
    await vscode.commands.executeCommand('lore.exportReviewNotes', { format: 'markdown', uri: target, filter: { files: ['review-it/secret.ts'] } });
    const report = fs.readFileSync(target.fsPath, 'utf8');
    assert.match(report, /<redacted: AWS access key>/);
    assert.ok(!report.includes(KEY));
  });

  it('exports notes as SARIF with a status filter', async () => {
    const uri = writeFile('export.ts', CART);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'bug', body: 'Exported bug.' });
    // A resolved note in the same file: only the status filter leaves it out.
    const resolved = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'nit', body: 'Already fixed.' });
    store.setThreadState(resolved, 'resolved');
    const target = vscode.Uri.joinPath(folder, 'review-it', 'notes.sarif');
    const done = await vscode.commands.executeCommand<{ count: number }>('lore.exportReviewNotes', { format: 'sarif', uri: target, filter: { status: 'open', files: ['review-it/export.ts'] } });
    assert.equal(done?.count, 1);
    const log = JSON.parse(fs.readFileSync(target.fsPath, 'utf8'));
    assert.equal(log.version, '2.1.0');
    const result = log.runs[0].results[0];
    assert.equal(result.ruleId, 'review/bug');
    assert.equal(result.level, 'error');
    assert.equal(result.message.text, 'Exported bug.');
    assert.equal(result.properties.threadId, id);
    assert.deepEqual(result.locations[0].physicalLocation.region.startLine, 3);
  });

  it('promotes a note to a knowledge article that keeps the code as an anchored snippet', async () => {
    const uri = writeFile('promote.ts', CART);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'suggestion', body: 'Prefer reduce for sums.' });
    // Lore asks for the title, proposing the note's first sentence; Enter takes it.
    let articleId: string | undefined;
    const promoting = vscode.commands.executeCommand<string>('lore.review.promote', id).then((a) => (articleId = a));
    await eventually('the title is accepted', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return articleId !== undefined;
    });
    await promoting;
    const article = store.getArticle(articleId!)!;
    assert.equal(article.title, 'Prefer reduce for sums');
    assert.deepEqual(article.tags, ['review', 'suggestion']);
    assert.equal(article.snippets.length, 1);
    assert.equal(article.snippets[0].anchor.path, 'review-it/promote.ts');
    assert.match(article.body, /Prefer reduce for sums\./);
    // Both ways: the article says which note it came from, the note says where it went.
    assert.match(article.body, /^_From a \[review note\]\(vscode:\/\/lore-team\.lore\/note\/[\w-]+\) \(suggestion, open\) on lines? [\d-]+ of `review-it\/promote\.ts`: “Prefer reduce for sums\\\.”\._/);
    const note = store.getThread(id)!;
    assert.equal(note.comments.length, 2);
    assert.equal(note.comments[1].author, store.author);
    assert.equal(note.comments[1].body, `Promoted to the knowledge article [“Prefer reduce for sums”](vscode://lore-team.lore/article/${articleId}).`);

    // Both links work. The article view shows the note's link as one that shows the note.
    const api = await loreApi();
    const view = api.knowledge.panels.view(article);
    assert.match(view.bodyHtml, new RegExp(`<a href="#" class="lore-note-link" data-note-id="${id}"[^>]*>review note</a>`));
    // The note shows its link as one that runs the command opening the article (VS Code in a
    // browser would send an editor-scheme link to the browser), and trusts that command alone.
    const comment = (await shown()).find((t) => t.id === id)?.comments.at(-1);
    assert.ok(comment, 'the note is shown in its file');
    const link = /\]\((command:lore\.openArticle\?[^)]+)\)/.exec(comment.body)?.[1];
    assert.ok(link, `the note links to the article: ${comment.body}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const target = vscode.Uri.parse(link);
    await vscode.commands.executeCommand(target.path, ...(JSON.parse(decodeURIComponent(target.query)) as unknown[]));
    await eventually('the note\'s link opens the article', () => api.knowledge.panels.openArticleIds.includes(articleId!));
    // The article's link shows the note: the view sends its id, Lore reveals it.
    const noteId = /data-note-id="([\w-]+)"/.exec(view.bodyHtml)![1];
    await vscode.commands.executeCommand('lore.review.reveal', noteId);
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('review-it/promote.ts'), 'the article\'s link shows the note in its file');
  });

  it('promotes with no article when the title is cancelled', async () => {
    const uri = writeFile('promote-cancel.ts', CART);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'bug', body: 'Bug: totals ignore discounts.' });
    const before = store.listArticles().length;
    let done = false;
    const promoting = vscode.commands.executeCommand<string | undefined>('lore.review.promote', id).then((a) => {
      done = true;
      return a;
    });
    await eventually('the title box is cancelled', async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return done;
    });
    assert.equal(await promoting, undefined);
    assert.equal(store.listArticles().length, before);
    assert.equal(store.getThread(id)!.comments.length, 1);
  });

  it('moves notes with a renamed file', async () => {
    const uri = writeFile('before-rename.ts', CART);
    await open(uri);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'nit', body: 'Follows the file.' });
    const renamed = vscode.Uri.joinPath(folder, 'review-it', 'after-rename.ts');
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(uri, renamed);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await eventually('the note moved with the file', () => store.getThread(id)!.anchor.path === 'review-it/after-rename.ts');
    await shownWhen(id, 'the note is shown on the renamed file', (t) => t.uri.endsWith('after-rename.ts'));
  });

  it('lists notes by file in the Review Notes view, with counts, outdated notes and filters', async () => {
    const a = writeFile('tree-a.ts', CART);
    writeFile('tree-b.ts', CART);
    const open1 = store.createThread({ anchor: createAnchor(CART, TOTAL, { path: 'review-it/tree-a.ts' }), kind: 'bug', body: 'First **open** note.' });
    const done = store.createThread({ anchor: createAnchor(CART, { startLine: 8, startCharacter: 0, endLine: 11, endCharacter: 0 }, { path: 'review-it/tree-a.ts' }), kind: 'nit', body: 'Resolved nit.' });
    store.setThreadState(done.id, 'resolved');
    const gone = store.createThread({ anchor: createAnchor(CART, TOTAL, { path: 'review-it/tree-b.ts' }), kind: 'question', body: 'Lost question.' });
    store.setThreadAnchorState(gone.id, 'orphaned', 'the code it was on is gone');
    const tree = async (): Promise<TreeItemSnapshot[]> => (await loreApi()).review.treeItems().filter((f) => f.label.startsWith('tree-'));
    await vscode.commands.executeCommand('workbench.view.extension.lore');

    const all = await tree();
    assert.deepEqual(all.map((f) => [f.label, f.description]), [
      ['tree-a.ts', 'review-it · 1 open · 1 resolved'],
      ['tree-b.ts', 'review-it · 1 open · 1 outdated'],
    ]);
    assert.deepEqual(all[0].children!.map((n) => n.label), ['First open note.', 'Resolved nit.']);
    assert.match(all[0].children![1].description, /^Nit · lines 9-11 · .+ · resolved$/);
    assert.match(all[0].children![1].contextValue, /^lore\.reviewNote:resolved/);
    const lost = all[1].children![0];
    assert.match(lost.contextValue, /^lore\.reviewNote:open,outdated/);
    assert.match(lost.description, /orphaned \(was at lines 3-7 of review-it\/tree-b\.ts\)/);

    await vscode.commands.executeCommand('lore.review.filterOpen');
    assert.deepEqual((await tree()).map((f) => [f.label, f.children!.map((n) => n.id)]), [['tree-a.ts', [open1.id]], ['tree-b.ts', [gone.id]]]);
    await vscode.commands.executeCommand('lore.review.filterResolved');
    assert.deepEqual((await tree()).map((f) => [f.label, f.children!.map((n) => n.id)]), [['tree-a.ts', [done.id]]]);
    await vscode.commands.executeCommand('lore.review.showMine');
    assert.deepEqual((await tree()).map((f) => f.label), ['tree-a.ts'], 'my resolved notes');
    await vscode.commands.executeCommand('lore.review.showEveryone');
    await vscode.commands.executeCommand('lore.review.filterAll');
    assert.equal((await tree()).length, 2);

    await vscode.commands.executeCommand('lore.review.reveal', done.id);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), a.toString(), 'selecting a note opens its file');
    assert.equal(editor!.selection.start.line, 8, 'at the note');
    await shownWhen(done.id, 'the revealed note is shown', (t) => t.resolved);
  });

    it('removes the thread when the note is deleted', async () => {
    const uri = writeFile('delete.ts', CART);
    await open(uri);
    const id = await vscode.commands.executeCommand<string>('lore.addReviewNote', { uri, range: TOTAL, kind: 'nit', body: 'Short-lived.' });
    await shownWhen(id, 'the note is shown');
    store.deleteThread(id);
    await eventually('the thread is gone', async () => !(await shown()).some((t) => t.id === id));
  });
});
