import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { eventually, loreApi } from './support/lore';
import type { PathNode, PathTreeNode, StepNode } from '../../src/extension/paths/pathsTree';
import { workspaceTourId } from '../../src/core/paths/workspaceTours';

// Issue 12: learning paths, authored and played in a real VS Code.
describe('Learning paths in a real VS Code', function () {
  this.timeout(60_000);
  const suffix = Date.now().toString(36);
  const folder = () => vscode.workspace.workspaceFolders![0].uri;

  async function openConfig(): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'src', 'config.ts'));
    return vscode.window.showTextDocument(document);
  }

  it('authors a 3-step path (code selection, article, folder), reorders and edits it, and plays it with Next/Previous; a code step follows its code; progress resumes', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const article = store.createArticle({ title: `Config basics ${suffix}`, body: 'Where settings live.' });
    const editor = await openConfig();
    editor.selection = new vscode.Selection(3, 0, 3, 22); // region: 'eu-west-1',

    const pathId = await vscode.commands.executeCommand<string>('lore.paths.new', `Onboarding ${suffix}`);
    assert.ok(pathId, 'New Learning Path returns the new path');
    await vscode.commands.executeCommand('lore.paths.addStepHere', undefined, { pathId, note: 'The **region** we deploy to.' });
    await vscode.commands.executeCommand('lore.paths.addStepHere', article.id, { pathId, note: 'Read this first.' });
    await vscode.commands.executeCommand('lore.paths.addStepHere', vscode.Uri.joinPath(folder(), 'src'), { pathId, note: 'All the code.' });
    let path = store.getPath(pathId)!;
    assert.deepEqual(path.steps.map((s) => s.kind), ['code', 'article', 'file']);
    assert.equal(path.steps[0].kind === 'code' && path.steps[0].anchor.text, "  region: 'eu-west-1',");
    assert.equal(path.steps[2].kind === 'file' && path.steps[2].directory, true, 'a folder step');

    // The tree lists the path with its steps; Move Step Down and Edit Step Note work on its rows.
    // The test bundle has its own copies of the tree's classes: rows are told apart by their ids.
    const pathNode = api.paths.tree.getChildren().find((n): n is PathNode => n.id === `path:${pathId}`)!;
    assert.ok(pathNode, 'the path is in Learning Paths');
    let steps = api.paths.tree.getChildren(pathNode) as StepNode[];
    assert.deepEqual(steps.map((s) => s.toTreeItem().label), ['1. The **region** we deploy to.', '2. Read this first.', '3. All the code.']);
    await vscode.commands.executeCommand('lore.paths.moveStepDown', steps[1]);
    await vscode.commands.executeCommand('lore.paths.moveStepUp', (api.paths.tree.getChildren(pathNode) as StepNode[])[2]);
    path = store.getPath(pathId)!;
    assert.deepEqual(path.steps.map((s) => s.kind), ['code', 'article', 'file'], 'down then up: back in order');
    steps = api.paths.tree.getChildren(pathNode) as StepNode[];
    await vscode.commands.executeCommand('lore.paths.editStepNote', steps[2], 'Everything lives in **src**.');
    assert.equal(store.getPath(pathId)!.steps[2].note, 'Everything lives in **src**.');

    // Play: the code step's note is a comment thread at its code, "Step 1 of 3".
    await vscode.commands.executeCommand('lore.paths.play', pathId, 0);
    let state = api.paths.player.state!;
    assert.equal(state.index, 0);
    assert.equal(state.shownIn, 'comment');
    assert.equal(state.range!.start.line, 3);
    await vscode.commands.executeCommand('lore.paths.next');
    assert.equal(api.paths.player.state!.index, 1, 'Next goes to the article step');
    await eventually('the article step to open the article', () => api.knowledge.panels.openArticleIds.includes(article.id));
    await vscode.commands.executeCommand('lore.paths.next');
    assert.equal(api.paths.player.state!.index, 2);
    assert.equal(store.pathProgress(pathId)!.step, 2, 'progress saved at every step');

    // Lines inserted above the code step: played again, it lands on its code.
    const config = await openConfig();
    await config.edit((edit) => edit.insert(new vscode.Position(2, 0), '// one\n// two\n'));
    await vscode.commands.executeCommand('lore.paths.previous');
    await vscode.commands.executeCommand('lore.paths.previous');
    state = api.paths.player.state!;
    assert.equal(state.index, 0);
    assert.equal(state.range!.start.line, 5, 'the step moved down with its code');
    await vscode.commands.executeCommand('lore.paths.next');
    await vscode.commands.executeCommand('lore.paths.stop');
    assert.equal(api.paths.player.state, undefined, 'Stop ends playing');

    // Play again without a step: resumes where this person stopped.
    await vscode.commands.executeCommand('lore.paths.play', pathId);
    assert.equal(api.paths.player.state!.index, 1, 'resumed at the step last shown');
    await vscode.commands.executeCommand('lore.paths.stop');

    steps = api.paths.tree.getChildren(pathNode) as StepNode[];
    await vscode.commands.executeCommand('lore.paths.deleteStep', steps[1], true);
    assert.deepEqual(store.getPath(pathId)!.steps.map((s) => s.kind), ['code', 'file']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('edits a step\'s note and the path\'s description as lore: Markdown documents; saving writes them into the store with secrets masked', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const created = store.createPath({ title: `Notes ${suffix}`, description: 'Old description.', steps: [
      { kind: 'file', path: 'src', directory: true, note: 'First.' },
      { kind: 'file', path: 'src/config.ts', directory: false, note: 'Old note.' },
    ] });
    const pathNode = api.paths.tree.getChildren().find((n): n is PathNode => n.id === `path:${created.id}`)!;
    const steps = api.paths.tree.getChildren(pathNode) as StepNode[];
    await vscode.commands.executeCommand('lore.paths.editStepNote', steps[1]);
    let editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.scheme === 'lore', 'the note opened in an editor');
    assert.equal(editor.document.uri.path, `/paths/notes-${suffix}/step-2.md`, 'the tab says which path and step');
    assert.equal(editor.document.languageId, 'markdown');
    assert.equal(editor.document.getText(), 'Old note.\n');
    // Moved while open: the document still saves into its own step.
    store.movePathStep(created.id, steps[1].step.id, -1);
    const KEY = 'AKIAIOSFODNN7EXAMPLE';
    const edit = new vscode.WorkspaceEdit();
    edit.replace(editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0), `See **config**; the key ${KEY} is read here.\n\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await editor.document.save(), 'saved');
    let path = store.getPath(created.id)!;
    assert.equal(path.steps[0].id, steps[1].step.id);
    assert.match(path.steps[0].note, /^See \*\*config\*\*; the key <redacted: [^>]+> is read here\.$/, 'the edited step, its key masked');
    assert.equal(path.steps[1].note, 'First.', 'the other step is untouched');
    const document = editor.document;
    await eventually('the editor to show the note as stored (masked)', () => !document.getText().includes(KEY));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    await vscode.commands.executeCommand('lore.paths.editDescription', pathNode);
    editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path === `/paths/notes-${suffix}/description.md`);
    assert.equal(editor.document.getText(), 'Old description.\n');
    const again = new vscode.WorkspaceEdit();
    again.replace(editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0), '# Start here\n\nRead the config first.\n');
    assert.ok(await vscode.workspace.applyEdit(again));
    assert.ok(await editor.document.save(), 'saved');
    path = store.getPath(created.id)!;
    assert.equal(path.description, '# Start here\n\nRead the config first.');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('renames a path and changes who sees it from its row; sharing a path with a private article step is refused', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const secret = store.createArticle({ title: `Private notes ${suffix}`, body: 'Mine.', visibility: 'private' });
    const created = store.createPath({ title: `Rename me ${suffix}` });
    const row = () => api.paths.tree.getChildren().find((n): n is PathNode => n.id === `path:${created.id}`)!;
    await vscode.commands.executeCommand('lore.paths.rename', row(), `Renamed ${suffix}`);
    assert.equal(store.getPath(created.id)!.title, `Renamed ${suffix}`);
    assert.equal(row().toTreeItem().label, `Renamed ${suffix}`, 'the row shows the new title');
    await vscode.commands.executeCommand('lore.paths.rename', row(), '   ');
    assert.equal(store.getPath(created.id)!.title, `Renamed ${suffix}`, 'an empty title is refused');

    await vscode.commands.executeCommand('lore.paths.changeVisibility', row(), 'private');
    assert.equal(store.getPath(created.id)!.visibility, 'private');
    assert.match(String(row().toTreeItem().description), /private/);
    store.addPathStep(created.id, { kind: 'article', articleId: secret.id, articleTitle: secret.title, note: '' });
    await vscode.commands.executeCommand('lore.paths.changeVisibility', row(), 'team', true);
    assert.equal(store.getPath(created.id)!.visibility, 'private', 'not shared: a step is a private article');
    store.removePathStep(created.id, store.getPath(created.id)!.steps[0].id);
    await vscode.commands.executeCommand('lore.paths.changeVisibility', row(), 'team', true);
    assert.equal(store.getPath(created.id)!.visibility, 'team');
    store.deletePath(created.id);
  });

  it('reorders steps by drag and drop in the tree: a step dropped on another takes its place, dropped on its path it goes first', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const file = (note: string) => ({ kind: 'file' as const, path: 'src', directory: true, note });
    const created = store.createPath({ title: `Drag ${suffix}`, steps: [file('A'), file('B'), file('C')] });
    const other = store.createPath({ title: `Other ${suffix}`, steps: [file('X')] });
    const row = (id: string) => api.paths.tree.getChildren().find((n): n is PathNode => n.id === `path:${id}`)!;
    const steps = (id: string) => api.paths.tree.getChildren(row(id)) as StepNode[];
    const notes = (id: string) => store.getPath(id)!.steps.map((s) => s.note).join('');
    const drag = async (source: StepNode, target: PathTreeNode) => {
      const data = new vscode.DataTransfer();
      await api.paths.tree.handleDrag([source], data);
      await api.paths.tree.handleDrop(target, data);
    };
    await drag(steps(created.id)[2], steps(created.id)[0]);
    assert.equal(notes(created.id), 'CAB', 'the last step dropped on the first takes its place');
    await drag(steps(created.id)[0], steps(created.id)[2]);
    assert.equal(notes(created.id), 'ABC', 'the first dropped on the last goes last');
    await drag(steps(created.id)[1], steps(created.id)[2]);
    assert.equal(notes(created.id), 'ACB', 'the second dropped on the third: they swap');
    await drag(steps(created.id)[2], row(created.id));
    assert.equal(notes(created.id), 'BAC', 'dropped on its path: first');
    assert.deepEqual(steps(created.id).map((s) => s.toTreeItem().label), ['1. B', '2. A', '3. C'], 'the rows show the new order');
    await drag(steps(other.id)[0], steps(created.id)[0]);
    assert.equal(notes(created.id), 'BAC', 'a step of another path is not moved into this one');
    assert.equal(notes(other.id), 'X');
    store.deletePath(created.id);
    store.deletePath(other.id);
  });

  it('offers the workspace\'s CodeTour files in Learning Paths and imports each once', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const write = (where: string, text: string) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), ...where.split('/')), new TextEncoder().encode(text));
    const a = `.tours/scan-a-${suffix}.tour`;
    const b = `.vscode/tours/scan-b-${suffix}.tour`;
    await write(a, JSON.stringify({ title: `Scanned A ${suffix}`, steps: [{ file: 'src/config.ts', line: 4, description: 'Config.' }] }));
    await write(b, JSON.stringify({ title: `Scanned B ${suffix}`, steps: [{ directory: 'src', description: 'Code.' }] }));
    await api.paths.tours.scan();
    const offer = api.paths.tree.getChildren()[0];
    assert.equal(offer.id, 'workspace-tours', 'the first row offers the import');
    assert.equal(offer.toTreeItem().label, 'Import 2 CodeTour tours from this workspace');
    assert.equal(offer.toTreeItem().command?.command, 'lore.paths.importWorkspaceTours');

    const before = store.listPaths().length;
    const made = await vscode.commands.executeCommand<string[]>('lore.paths.importWorkspaceTours');
    assert.deepEqual([...made].sort(), [workspaceTourId(a, `Scanned A ${suffix}`), workspaceTourId(b, `Scanned B ${suffix}`)].sort());
    assert.equal(store.getPath(workspaceTourId(a, `Scanned A ${suffix}`))!.title, `Scanned A ${suffix}`);
    assert.equal(store.listPaths().length, before + 2);
    assert.notEqual(api.paths.tree.getChildren()[0]?.id, 'workspace-tours', 'nothing left to offer');

    const again = await vscode.commands.executeCommand<string[]>('lore.paths.importWorkspaceTours');
    assert.deepEqual(again, [], 'a second run imports nothing');
    assert.equal(store.listPaths().length, before + 2, 'no duplicates');

    for (const id of made) store.deletePath(id);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), '.tours'), { recursive: true });
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), '.vscode', 'tours'), { recursive: true });
  });

  it('imports a CodeTour file and plays it; a malformed one imports nothing', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const tour = vscode.Uri.joinPath(folder(), '.tours', `import-${suffix}.tour`);
    await vscode.workspace.fs.writeFile(tour, new TextEncoder().encode(JSON.stringify({
      $schema: 'https://aka.ms/codetour-schema',
      title: `Imported tour ${suffix}`,
      steps: [
        { file: 'src/config.ts', line: 5, description: 'The key is masked when shared.' },
        { directory: 'src', description: 'The code.' },
      ],
    })));
    const before = store.listPaths().length;
    const pathId = await vscode.commands.executeCommand<string>('lore.paths.importCodeTour', tour);
    assert.ok(pathId);
    const path = store.getPath(pathId)!;
    assert.equal(path.title, `Imported tour ${suffix}`);
    assert.deepEqual(path.steps.map((s) => s.kind), ['code', 'file']);
    await vscode.commands.executeCommand('lore.paths.play', pathId, 0);
    assert.equal(api.paths.player.state!.range!.start.line, 4);
    await vscode.commands.executeCommand('lore.paths.stop');

    const broken = vscode.Uri.joinPath(folder(), '.tours', `broken-${suffix}.tour`);
    await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode('{ "title": "Broken", "steps": [ { "file": "src/config.ts", "line": "two" } ] }'));
    const none = await vscode.commands.executeCommand<string | undefined>('lore.paths.importCodeTour', broken);
    assert.equal(none, undefined);
    assert.equal(store.listPaths().length, before + 1, 'the malformed tour added nothing');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), '.tours'), { recursive: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
