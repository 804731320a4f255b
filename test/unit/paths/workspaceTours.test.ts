import { strict as assert } from 'node:assert';
import { LoreError } from '../../../src/core/errors';
import { importCodeTour } from '../../../src/core/paths/codeTour';
import { toursToImport, workspaceTourId } from '../../../src/core/paths/workspaceTours';
import { syncAll, team } from '../sync/syncTestKit';

// Issue 12: the CodeTour files of a workspace are imported once each, for the whole team.
const tour = (title: string) => JSON.stringify({ title, steps: [{ directory: 'src', description: 'The code.' }] });
const noFiles = () => undefined;

describe('CodeTour files found in a workspace', () => {
  it('names a tour by its file and title: the same tour has the same id on every machine', () => {
    assert.equal(workspaceTourId('.tours/intro.tour', 'Intro'), workspaceTourId('.tours/intro.tour', ' Intro '));
    assert.notEqual(workspaceTourId('.tours/intro.tour', 'Intro'), workspaceTourId('.vscode/tours/intro.tour', 'Intro'));
    assert.notEqual(workspaceTourId('.tours/intro.tour', 'Intro'), workspaceTourId('.tours/intro.tour', 'Intro to billing'));
    assert.match(workspaceTourId('.tours/intro.tour', 'Intro'), /^[A-Za-z0-9_-]{1,128}$/);
  });

  it('offers only tours not imported before; files without a readable title are imported to report why', () => {
    const files = [
      { file: '.tours/a.tour', text: tour('A') },
      { file: '.vscode/tours/b.tour', text: tour('B') },
      { file: '.tours/broken.tour', text: '{ "steps": [' },
    ];
    const taken = new Set([workspaceTourId('.tours/a.tour', 'A')]);
    const { pending, imported, unreadable } = toursToImport(files, (id) => taken.has(id));
    assert.deepEqual(pending.map((t) => t.file), ['.vscode/tours/b.tour']);
    assert.deepEqual(imported.map((t) => t.file), ['.tours/a.tour']);
    assert.deepEqual(unreadable.map((t) => t.file), ['.tours/broken.tour']);
  });

  it('imports each tour once: again here, after a delete, or on a teammate\'s machine once synced, it is not made twice', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const files = [{ file: '.tours/a.tour', text: tour('A') }];
    const importAll = (store: typeof ann.store) => toursToImport(files, (id) => store.pathIdTaken(id)).pending.map((t) => {
      const result = importCodeTour(t.file, files[0].text, noFiles);
      assert.ok(result.ok);
      return store.createPath({ ...result.path, id: t.pathId });
    });
    assert.equal(importAll(ann.store).length, 1);
    assert.equal(importAll(ann.store).length, 0, 'a second run imports nothing');
    const id = workspaceTourId('.tours/a.tour', 'A');
    assert.throws(() => ann.store.createPath({ id, title: 'A' }), LoreError, 'the store refuses the same id');
    await syncAll(replicas);
    assert.equal(importAll(bob.store).length, 0, 'Bob has Ann\'s import');
    assert.equal(bob.store.listPaths().length, 1);
    ann.store.deletePath(id);
    assert.equal(importAll(ann.store).length, 0, 'a deleted import does not come back');
  });

  it('two teammates importing the same tour before syncing end with one path', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const id = workspaceTourId('.tours/a.tour', 'A');
    ann.store.createPath({ id, title: 'A' });
    bob.store.createPath({ id, title: 'A' });
    await syncAll(replicas);
    assert.deepEqual(ann.store.listPaths().map((p) => p.id), [id]);
    assert.deepEqual(bob.store.listPaths().map((p) => p.id), [id]);
  });
});
