import { strict as assert } from 'node:assert';
import { LoreError } from '../../../src/core/errors';
import { descriptionEditorPath, formatPathText, parsePathText, pathDocumentOf, stepEditorPath } from '../../../src/core/paths/pathEditorPath';
import type { PathStep } from '../../../src/core/paths/pathModel';
import { planPathVisibility } from '../../../src/core/paths/pathVisibility';
import { openTestStore } from '../store/testStore';
import { syncAll, team } from '../sync/syncTestKit';

// Issue 12: authoring a path: its notes and description in the lore: editor, rename, visibility.
describe('Learning path documents in the lore: editor', () => {
  it('names a step by its id (a step moved while open still saves into itself) and shows the path title, not ids', () => {
    const where = stepEditorPath({ id: 'p1', title: 'Your first week' }, 'stepA', 2);
    assert.equal(where.path, '/paths/your-first-week/step-3.md');
    assert.deepEqual(pathDocumentOf(where.path, where.query), { kind: 'step', pathId: 'p1', stepId: 'stepA' });
    const description = descriptionEditorPath({ id: 'p1', title: 'Your first week' });
    assert.equal(description.path, '/paths/your-first-week/description.md');
    assert.deepEqual(pathDocumentOf(description.path, description.query), { kind: 'description', pathId: 'p1' });
  });

  it('is nothing it does not recognise (articles, missing or odd ids)', () => {
    assert.equal(pathDocumentOf('/articles/how-we-cache.md', 'id=a1'), undefined);
    assert.equal(pathDocumentOf('/paths/x/step-1.md', 'path=p1'), undefined, 'a step document needs its step');
    assert.equal(pathDocumentOf('/paths/x/step-1.md', 'path=../etc&step=s'), undefined);
    assert.equal(pathDocumentOf('/paths/x/other.md', 'path=p1'), undefined);
  });

  it('round-trips a note: the document ends with a newline, saving drops trailing blank lines', () => {
    const note = 'Look at **this**.\n\n- one\n- two';
    assert.equal(parsePathText(formatPathText(note)), note);
    assert.equal(parsePathText('Edited.\r\nSecond line\n\n\n'), 'Edited.\nSecond line');
    assert.equal(formatPathText(''), '');
  });
});

describe('Renaming a learning path and changing who sees it', () => {
  const articleStep = (articleId: string, articleTitle: string): PathStep => ({ id: `s-${articleId}`, kind: 'article', articleId, articleTitle, note: '' });

  it('refuses an empty title in a path\'s words, and a rename reaches a teammate', async () => {
    const store = openTestStore();
    const path = store.createPath({ title: 'Tour' });
    assert.throws(() => store.updatePath(path.id, { title: '   ' }), (e: Error) => e instanceof LoreError && e.message === 'A learning path needs a title.');
    store.close();
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const shared = ann.store.createPath({ title: 'Billing tour', description: 'Old.' });
    await syncAll(replicas);
    ann.clock.advance(1000);
    ann.store.updatePath(shared.id, { title: '  Billing:   first week ', description: 'Start with invoices.' });
    await syncAll(replicas);
    const seen = bob.store.getPath(shared.id)!;
    assert.equal(seen.title, 'Billing: first week');
    assert.equal(seen.description, 'Start with invoices.');
  });

  it('going private says copies cannot be recalled; sharing asks first and publishes with share', () => {
    const toPrivate = planPathVisibility({ title: 'Tour', visibility: 'team', steps: [] }, 'private', () => undefined);
    assert.equal(toPrivate.share, false);
    assert.equal(toPrivate.confirm, undefined);
    assert.match(toPrivate.done, /cannot be recalled/);
    const toTeam = planPathVisibility({ title: 'Tour', visibility: 'private', steps: [articleStep('a1', 'Welcome')] }, 'team', () => 'team');
    assert.equal(toTeam.share, true);
    assert.equal(toTeam.confirm?.button, 'Share with Team');
  });

  it('refuses, saying why: already so, or sharing would show teammates the titles of private articles', () => {
    assert.throws(() => planPathVisibility({ title: 'Tour', visibility: 'private', steps: [] }, 'private', () => undefined), /already private/);
    assert.throws(() => planPathVisibility({ title: 'Tour', visibility: 'team', steps: [] }, 'team', () => undefined), /already shared/);
    const steps = [articleStep('a1', 'Welcome'), articleStep('a2', 'Salaries 2027'), articleStep('a3', 'Not here')];
    const visibility = (id: string) => (id === 'a2' ? 'private' as const : id === 'a1' ? 'team' as const : undefined);
    assert.throws(() => planPathVisibility({ title: 'Tour', visibility: 'private', steps }, 'team', visibility), (e: Error) =>
      e instanceof LoreError && /step 2 \("Salaries 2027"\) is a private article/.test(e.message) && !/Welcome|Not here/.test(e.message) && /Share those articles first/.test(e.hint ?? ''));
  });
});
