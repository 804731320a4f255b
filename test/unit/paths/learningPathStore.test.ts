import { strict as assert } from 'node:assert';
import { LoreError } from '../../../src/core/errors';
import { orderPaths, type PathStep } from '../../../src/core/paths/pathModel';
import { MemorySyncFs } from '../../../src/core/sync/memorySyncFs';
import { parseRemoteEvent } from '../../../src/core/sync/remoteEvent';
import { sealEvent } from '../../../src/core/store/events';
import { formatHlc } from '../../../src/core/hlc';
import { openTestStore, sampleAnchor } from '../store/testStore';
import { stateHash, syncAll, team } from '../sync/syncTestKit';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { resolvePathSteps } from '../../../src/core/paths/stepHealth';

const folderText = (fs: MemorySyncFs) => fs.allFiles().map((f) => Buffer.from(fs.getFile(f)!).toString('utf8')).join('\n');

const threeSteps = (articleId: string) => [
  { kind: 'article' as const, articleId, articleTitle: 'Welcome', note: 'Read this first.' },
  { kind: 'code' as const, anchor: sampleAnchor('src/cache.ts', 10), note: 'The cache **lookup**.' },
  { kind: 'file' as const, path: 'config', directory: true, note: 'Where settings live.' },
];

describe('Learning paths in the store', () => {
  it('keeps a path with its article, code and folder steps in order, each with its note', () => {
    const store = openTestStore();
    const article = store.createArticle({ title: 'Welcome' });
    const path = store.createPath({ title: 'First week', description: 'Start *here*.', team: 'platform', startHere: true, steps: threeSteps(article.id) });
    const again = store.getPath(path.id)!;
    assert.equal(again.title, 'First week');
    assert.equal(again.description, 'Start *here*.');
    assert.equal(again.team, 'platform');
    assert.equal(again.startHere, true);
    assert.equal(again.author, 'Ada');
    assert.deepEqual(again.steps.map((s) => s.kind), ['article', 'code', 'file']);
    assert.deepEqual(again.steps.map((s) => s.note), ['Read this first.', 'The cache **lookup**.', 'Where settings live.']);
    assert.equal((again.steps[1] as Extract<PathStep, { kind: 'code' }>).anchor.path, 'src/cache.ts');
    assert.equal(new Set(again.steps.map((s) => s.id)).size, 3, 'every step has its own id');
    store.close();
  });

  it('adds, moves, edits and deletes steps', () => {
    const store = openTestStore();
    const article = store.createArticle({ title: 'Welcome' });
    const path = store.createPath({ title: 'Tour', steps: threeSteps(article.id) });
    const [a, b, c] = path.steps.map((s) => s.id);
    assert.deepEqual(store.movePathStep(path.id, c, -1).steps.map((s) => s.id), [a, c, b]);
    assert.deepEqual(store.movePathStep(path.id, a, -1).steps.map((s) => s.id), [a, c, b], 'the first step cannot move up');
    assert.deepEqual(store.movePathStepTo(path.id, a, 2).steps.map((s) => s.id), [c, b, a]);
    assert.equal(store.updatePathStep(path.id, b, { note: 'Look at `get`.' }).steps[1].note, 'Look at `get`.');
    const { path: grown, stepId } = store.addPathStep(path.id, { kind: 'file', path: 'README.md', directory: false, note: '' }, 0);
    assert.equal(grown.steps[0].id, stepId);
    assert.deepEqual(store.removePathStep(path.id, b).steps.map((s) => s.id), [stepId, c, a]);
    store.deletePath(path.id);
    assert.equal(store.getPath(path.id), undefined);
    assert.deepEqual(store.listPaths(), []);
    store.close();
  });

  it('refuses steps that point outside the workspace or are of no known kind', () => {
    const store = openTestStore();
    assert.throws(() => store.createPath({ title: 'Bad', steps: [{ kind: 'file', path: '../secrets', directory: false, note: '' }] }), /leaves the workspace/);
    assert.throws(() => store.createPath({ title: 'Bad', steps: [{ kind: 'video', note: '' } as never] }), /unknown kind/);
    store.close();
  });

  it('keeps progress per person: resumed where they stopped, never an event', () => {
    const store = openTestStore();
    const path = store.createPath({ title: 'Tour', steps: threeSteps('a1') });
    const events = [...store.allEvents()].length;
    assert.equal(store.pathProgress(path.id), undefined);
    store.setPathProgress(path.id, 1);
    assert.equal(store.pathProgress(path.id)!.step, 1);
    assert.equal(store.pathProgress(path.id)!.finished, false);
    store.setPathProgress(path.id, 2);
    store.setPathProgress(path.id, 0);
    assert.deepEqual({ step: store.pathProgress(path.id)!.step, finished: store.pathProgress(path.id)!.finished }, { step: 0, finished: true });
    assert.equal([...store.allEvents()].length, events, 'progress wrote no event');
    assert.deepEqual([...store.playedPathIds()], [path.id]);
    store.close();
  });

  it('lists start-here paths first to someone who has never played them', () => {
    const paths = [
      { id: '1', title: 'Alpha', startHere: false },
      { id: '2', title: 'Zulu', startHere: true },
      { id: '3', title: 'Beta', startHere: true },
    ];
    assert.deepEqual(orderPaths(paths, () => false).map((p) => p.title), ['Beta', 'Zulu', 'Alpha']);
    assert.deepEqual(orderPaths(paths, (id) => id === '3').map((p) => p.title), ['Zulu', 'Alpha', 'Beta']);
  });
});

describe('Learning paths through the team folder', () => {
  it('a path and its step edits reach a teammate; the two machines show the same path', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const article = ann.store.createArticle({ title: 'Welcome', body: 'Hi.' });
    const path = ann.store.createPath({ title: 'First week', startHere: true, steps: threeSteps(article.id) });
    await syncAll(replicas);
    const atBob = bob.store.getPath(path.id)!;
    assert.equal(atBob.title, 'First week');
    assert.deepEqual(atBob.steps, ann.store.getPath(path.id)!.steps);
    bob.clock.advance(1000);
    bob.store.movePathStep(path.id, atBob.steps[2].id, -2);
    await syncAll(replicas);
    assert.equal(ann.store.getPath(path.id)!.steps[0].kind, 'file', 'Bob\'s reordering reached Ann');
    assert.equal(stateHash(ann.store), stateHash(bob.store));
    ann.clock.advance(2000);
    ann.store.deletePath(path.id);
    await syncAll(replicas);
    assert.equal(bob.store.getPath(path.id), undefined);
  });

  it('progress never reaches the team folder', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const path = ann.store.createPath({ title: 'First week', steps: threeSteps('a1') });
    await syncAll(replicas);
    bob.store.setPathProgress(path.id, 2);
    await syncAll(replicas);
    assert.equal(ann.store.pathProgress(path.id), undefined);
    assert.ok(!folderText(fs).includes('path_progress') && !/"step":2/.test(folderText(fs)));
  });

  it('a private path never leaves the machine; shared, only its current state does', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const path = ann.store.createPath({ title: 'My draft tour', visibility: 'private', steps: [{ kind: 'file', path: 'secret-plan.md', directory: false, note: 'do not share' }] });
    ann.store.updatePathStep(path.id, path.steps[0].id, { note: 'ready' });
    await syncAll(replicas);
    assert.equal(bob.store.getPath(path.id), undefined);
    assert.ok(!folderText(fs).includes('My draft tour'));
    assert.throws(() => ann.store.updatePath(path.id, { visibility: 'team' }), LoreError);
    ann.store.updatePath(path.id, { visibility: 'team' }, { share: true });
    await syncAll(replicas);
    assert.equal(bob.store.getPath(path.id)!.steps[0].note, 'ready');
    assert.ok(!folderText(fs).includes('do not share'), 'the private history stayed on Ann\'s machine');
    ann.clock.advance(1000);
    ann.store.updatePath(path.id, { visibility: 'private' });
    await syncAll(replicas);
    assert.equal(bob.store.getPath(path.id), undefined, 'withdrawn from Bob\'s view');
    assert.equal(ann.store.getPath(path.id)!.visibility, 'private', 'Ann keeps it');
  });

  it('a shared path cannot gain a step on a private article, whose title would reach teammates', async () => {
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const secret = ann.store.createArticle({ title: 'Layoff plan for Q3', visibility: 'private' });
    const shared = ann.store.createArticle({ title: 'Welcome' });
    const path = ann.store.createPath({ title: 'First week', steps: [{ kind: 'article', articleId: shared.id, articleTitle: 'Welcome', note: '' }] });
    const step = { kind: 'article' as const, articleId: secret.id, articleTitle: secret.title, note: 'Read it.' };
    assert.throws(() => ann.store.addPathStep(path.id, step), (e: Error) => e instanceof LoreError && /"Layoff plan for Q3" is private/.test(e.message));
    assert.throws(() => ann.store.setPathSteps(path.id, [...path.steps, step]), LoreError);
    assert.throws(() => ann.store.createPath({ title: 'Onboarding', steps: [step] }), LoreError, 'a new shared path either');
    // A private path may hold it, and the shared path keeps its own steps movable.
    const mine = ann.store.createPath({ title: 'My notes', visibility: 'private', steps: [step] });
    assert.equal(mine.steps.length, 1);
    ann.store.addPathStep(path.id, { kind: 'file', path: 'README.md', directory: false, note: '' }, 0);
    ann.store.movePathStep(path.id, ann.store.getPath(path.id)!.steps[0].id, 1);
    await syncAll(replicas);
    assert.equal(bob.store.getPath(path.id)!.steps.length, 2);
    assert.ok(!folderText(fs).includes('Layoff plan'), 'the private title never reached the team folder');
  });

  it('stores and shares no secret from a step\'s code or note, and the step still finds its code', async () => {
    const KEY = 'AKIAIOSFODNN7EXAMPLE';
    const code = `import { S3 } from 'aws';\n\nexport function client() {\n  return new S3({ accessKeyId: '${KEY}' });\n}\n`;
    const { fs, replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const anchor = createAnchor(code, { startLine: 3, startCharacter: 0, endLine: 4, endCharacter: 0 }, { path: 'src/s3.ts' });
    assert.ok(anchor.text.includes(KEY), 'the selection holds the key');
    const path = ann.store.createPath({ title: 'Storage', description: `Uses ${KEY}.`, steps: [{ kind: 'code', anchor, note: `The key ${KEY} is read here.` }] });
    const step = ann.store.addPathStep(path.id, { kind: 'code', anchor: createAnchor(code, { startLine: 2, startCharacter: 0, endLine: 4, endCharacter: 1 }, { path: 'src/s3.ts' }), note: 'The client.' });
    ann.store.updatePathStep(path.id, step.stepId, { note: `Again: ${KEY}` });
    await syncAll(replicas);
    assert.ok(!folderText(fs).includes(KEY), 'the team folder holds the key');
    const shared = bob.store.getPath(path.id)!;
    assert.ok(!JSON.stringify(shared).includes(KEY) && !JSON.stringify(ann.store.getPath(path.id)).includes(KEY));
    assert.match(shared.steps[0].note, /The key <redacted: [^>]+> is read here\./);
    const workspace = { fileText: (p: string) => (p === 'src/s3.ts' ? code : undefined), kindOf: () => 'file' as const, hasArticle: () => false };
    const health = resolvePathSteps([shared], workspace);
    for (const s of shared.steps) assert.equal(health.get(s.id)!.state, 'current', `${s.note}: its code is found where it is`);
  });

  it('a teammate\'s path event with a step outside the workspace is refused', () => {
    const event = sealEvent({
      entity: 'path', entityId: 'p1', device: 'd1', seq: 1, author: 'Eve', hlc: formatHlc({ ms: Date.UTC(2026, 2, 1), counter: 1 }),
      changes: { title: 'Bad', createdAt: '2026-03-01T09:00:00.000Z', steps: [{ id: 's1', kind: 'file', path: '/etc/passwd', note: '' }] }, prev: {},
    });
    assert.throws(() => parseRemoteEvent(JSON.stringify(event)), /path steps|absolute path/);
  });
});

describe('Step health', () => {
  const code = 'import x from "y";\n\nfunction get(key) {\n  return cache[key];\n}\n\nexport { get };\n';
  const anchorOn = (text: string) => createAnchor(text, { startLine: 2, startCharacter: 0, endLine: 4, endCharacter: 1 }, { path: 'src/cache.ts' });

  it('a code step follows its code when lines are inserted above it, and says when the code is gone', () => {
    const store = openTestStore();
    const article = store.createArticle({ title: 'Welcome' });
    const path = store.createPath({ title: 'Tour', steps: [
      { kind: 'article', articleId: article.id, articleTitle: 'Welcome', note: '' },
      { kind: 'code', anchor: anchorOn(code), note: '' },
      { kind: 'file', path: 'config', directory: true, note: '' },
      { kind: 'article', articleId: 'gone1', articleTitle: 'Old page', note: '' },
    ] });
    const files: Record<string, string> = { 'src/cache.ts': `// one\n// two\n// three\n${code}` };
    const workspace = {
      fileText: (p: string) => files[p],
      kindOf: (p: string) => (p === 'config' ? 'directory' as const : files[p] !== undefined ? 'file' as const : undefined),
      hasArticle: (id: string) => !!store.getArticle(id),
    };
    const health = resolvePathSteps([path], workspace);
    const [a, c, f, gone] = path.steps.map((s) => health.get(s.id)!);
    assert.equal(a.state, 'current');
    assert.equal(c.state, 'current');
    assert.equal(c.range!.startLine, 5, 'the step lands on its code, three lines down');
    assert.equal(f.state, 'current');
    assert.equal(gone.state, 'gone');
    assert.match(gone.reason, /Old page/);
    files['src/cache.ts'] = 'export const nothing = 1;\n';
    assert.equal(resolvePathSteps([path], workspace).get(path.steps[1].id)!.state, 'gone');
    store.close();
  });
});
