import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportCodeTour, importCodeTour, tourFilesIn } from '../../../src/core/paths/codeTour';
import { resolvePathSteps } from '../../../src/core/paths/stepHealth';
import type { PathStep } from '../../../src/core/paths/pathModel';
import { openTestStore } from '../store/testStore';

const FIXTURES = path.join(__dirname, '../../fixtures/tours');
const WORKSPACE = path.join(FIXTURES, 'workspace');
const readWorkspace = (relative: string): string | undefined => {
  try {
    return fs.readFileSync(path.join(WORKSPACE, relative), 'utf8');
  } catch {
    return undefined;
  }
};
const tourText = (file: string) => fs.readFileSync(path.join(FIXTURES, file), 'utf8');
const where = (s: PathStep) => (s.kind === 'code' ? `${s.anchor.path}:${s.anchor.range.startLine + 1}` : s.kind === 'file' ? `${s.path}${s.directory ? '/' : ''}` : `article ${s.articleId}`);

describe('CodeTour import', () => {
  it('imports file + line, selection, file and directory steps with titles and the description', () => {
    const result = importCodeTour('getting-started.tour', tourText('workspace/.tours/getting-started.tour'), readWorkspace);
    assert.ok(result.ok, JSON.stringify(result));
    const p = result.path;
    assert.equal(p.title, 'Getting started');
    assert.equal(p.description, 'How a request travels through the service.');
    assert.equal(p.startHere, true, 'isPrimary becomes start here');
    const steps = p.steps! as PathStep[];
    assert.deepEqual(steps.map((s) => s.kind), ['file', 'code', 'code', 'file']);
    assert.deepEqual(steps.map(where), ['src/', 'src/server.ts:6', 'src/server.ts:7', 'src/api/router.ts']);
    const entry = steps[1] as Extract<PathStep, { kind: 'code' }>;
    assert.equal(entry.anchor.text, 'export function start(): void {', 'a line step anchors its whole line');
    assert.equal(entry.title, 'Entry point');
    const selection = steps[2] as Extract<PathStep, { kind: 'code' }>;
    assert.equal(selection.anchor.text, 'const server = createServer((req, res) => {\n    route(req, res);\n  });');
    assert.ok(result.summary.some((l) => /"ref" dropped/.test(l)));
  });

  it('imports pattern steps at the line they match, and drops what Lore cannot do with a note and a summary line', () => {
    const result = importCodeTour('routing.tour', tourText('workspace/.tours/routing-deep-dive.tour'), readWorkspace);
    assert.ok(result.ok, JSON.stringify(result));
    const steps = result.path.steps! as PathStep[];
    assert.deepEqual(steps.map(where), ['src/api/router.ts:7', 'src/api/router.ts:10']);
    assert.match(result.path.description!, /`npm test`/, 'the text-only first step joins the description, its terminal line as code');
    assert.doesNotMatch(steps[0].note, /command:/);
    assert.match(steps[0].note, /Open the terminal to try it\./);
    assert.match(steps[0].note, /dropped: 1 command link/);
    assert.match(steps[1].note, /dropped: 1 command run when the step is shown/);
    assert.match(steps[1].note, /Link: <https:\/\/example.com\/routing-guide>/, 'a link step joins the previous note');
    const summary = result.summary.join('\n');
    for (const expected of [/step 2: 1 command link dropped/, /step 3: its commands dropped/, /step 4: a link step/, /"nextTour" dropped/, /step 1: 1 terminal command kept as code/]) {
      assert.match(summary, expected);
    }
  });

  it('refuses a malformed file whole, naming the file and each step that is wrong', () => {
    const bad = (file: string) => {
      const result = importCodeTour(file, tourText(`malformed/${file}`), readWorkspace);
      assert.equal(result.ok, false, `${file} imported`);
      return (result as { problems: string[] }).problems;
    };
    assert.match(bad('not-json.tour')[0], /^not-json.tour: not valid JSON/);
    assert.deepEqual(bad('no-title.tour'), ['no-title.tour: the tour has no title.']);
    assert.match(bad('steps-not-list.tour')[0], /"steps" must be a list/);
    const problems = bad('bad-steps.tour');
    assert.equal(problems.length, 4);
    assert.match(problems[0], /^bad-steps.tour, step 2: "line" must be a whole number/);
    assert.match(problems[1], /^bad-steps.tour, step 3: the file path is not usable: .*absolute/);
    assert.match(problems[2], /^bad-steps.tour, step 4: "pattern" is not a valid regular expression/);
    assert.match(problems[3], /^bad-steps.tour, step 5: a step must be a JSON object/);
    for (const p of problems) assert.doesNotMatch(p, /\n\s+at /, 'no stack trace');
  });

  it('finds the tours of a workspace where CodeTour looks', () => {
    assert.deepEqual(tourFilesIn(['.tours/a.tour', '.vscode/tours/b.tour', 'src/c.tour', '.tours/nested/d.tour', '.tours/e.json']), ['.tours/a.tour', '.vscode/tours/b.tour']);
  });
});

describe('CodeTour export and round trip', () => {
  it('import → export → import keeps every step Lore can represent, article steps included', () => {
    const store = openTestStore();
    const article = store.createArticle({ title: 'How routing works' });
    for (const file of ['getting-started.tour', 'routing-deep-dive.tour']) {
      const first = importCodeTour(file, tourText(`workspace/.tours/${file}`), readWorkspace);
      assert.ok(first.ok);
      const made = store.createPath(first.path);
      store.addPathStep(made.id, { kind: 'article', articleId: article.id, articleTitle: article.title, note: 'Background.' }, 1);
      const original = store.getPath(made.id)!;
      const exported = exportCodeTour(original);
      const again = importCodeTour(`${file} (exported)`, exported, readWorkspace);
      assert.ok(again.ok, JSON.stringify(again));
      const steps = again.path.steps! as PathStep[];
      assert.deepEqual(steps.map(where), original.steps.map(where), `${file}: same places`);
      assert.deepEqual(steps.map((s) => s.kind), original.steps.map((s) => s.kind));
      assert.deepEqual(steps.map((s) => s.note), original.steps.map((s) => s.note), `${file}: same notes`);
      assert.deepEqual(steps.map((s) => s.title), original.steps.map((s) => s.title));
      assert.deepEqual(
        steps.map((s) => (s.kind === 'code' ? s.anchor.range : undefined)),
        original.steps.map((s) => (s.kind === 'code' ? s.anchor.range : undefined)), `${file}: same ranges`);
      assert.equal(again.path.title, original.title);
      assert.equal(again.path.description, original.description);
      assert.equal(again.path.startHere, original.startHere);
    }
    store.close();
  });

  it('exports code steps where their code is now, so CodeTour shows the right lines after edits', () => {
    const store = openTestStore();
    const first = importCodeTour('g.tour', tourText('workspace/.tours/getting-started.tour'), readWorkspace);
    assert.ok(first.ok);
    const made = store.createPath(first.path);
    const edited = (p: string) => (p === 'src/server.ts' ? `// added\n// lines\n${readWorkspace(p)!}` : readWorkspace(p));
    const health = resolvePathSteps([made], { fileText: edited, kindOf: (p) => (p === 'src' ? 'directory' : edited(p) === undefined ? undefined : 'file'), hasArticle: () => true });
    const tour = JSON.parse(exportCodeTour(made, health)) as { steps: Array<{ line?: number; selection?: { start: { line: number } } }> };
    assert.equal(tour.steps[1].line, 8, 'the entry point moved two lines down');
    assert.equal(tour.steps[2].selection!.start.line, 9);
    store.close();
  });
});
