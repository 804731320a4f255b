/**
 * Notes never silently on the wrong code (issue 17, "Anchoring precision"): one block per class of
 * silent mistake, each built so that the old resolver attached the note with confidence.
 */
import { strict as assert } from 'node:assert';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { resolveAnchor } from '../../../src/core/anchoring/resolveAnchor';
import { rangeOfText } from '../../fixtures/anchoring/corpus';

const attachedStates = ['attached', 'moved'];

describe('anchoring precision: repeated boilerplate in the diff', () => {
  const doc = (name: string): string => `/**\n * ${name} the input.\n */\nexport function ${name}(input) {\n  return input.${name}();\n}\n\n`;

  it('keeps a note on its doc comment when a documented function is inserted above', () => {
    const before = doc('trim') + doc('lower');
    const noted = '/**\n * trim the input.\n */\nexport function trim(input) {\n';
    const anchor = createAnchor(before, rangeOfText(before, noted), { path: 'src/text.js', commit: 'abc1234' });
    const after = doc('upper') + before;
    const result = resolveAnchor(anchor, after, { oldText: before });
    assert.equal(result.state, 'moved');
    assert.equal(result.text, noted);
    assert.equal(result.range!.startLine, 7);
  });
});

describe('anchoring precision: line boundaries', () => {
  it('does not count a whole-line anchor found inside a longer line as exact', () => {
    const before = 'setup();\nvalue = compute(input, options);\nreport(value);\nteardown();\n';
    const anchor = createAnchor(before, rangeOfText(before, 'value = compute(input, options);\n'), { path: 'src/run.js' });
    const after = 'setup();\nconst other = 1;\nconst value = compute(input, options);\nreport(value);\nteardown();\n';
    const result = resolveAnchor(anchor, after);
    assert.equal(result.range?.startCharacter, 0, 'the range covers the whole line, not its tail');
    assert.equal(result.text, 'const value = compute(input, options);\n');
    assert.equal(result.state, 'needsReview', 'the line is not the same statement any more');
  });

  it('keeps a re-indented whole line whole', () => {
    const before = 'function f() {\n  x = compute(input, options);\n}\n';
    const anchor = createAnchor(before, rangeOfText(before, '  x = compute(input, options);\n'), { path: 'src/f.js' });
    const after = '// header\nfunction f() {\n    x = compute(input, options);\n}\n';
    const result = resolveAnchor(anchor, after);
    assert.equal(result.state, 'moved');
    assert.deepEqual(result.range, { startLine: 2, startCharacter: 0, endLine: 3, endCharacter: 0 });
    assert.equal(result.note, 'moved 1 line down, re-indented');
  });

  it('does not pass the hash at the old place when the old text is now the start of a longer line', () => {
    const before = 'start();\nconst total = sum(prices, taxes, discounts);\nfinish(total);\n';
    const line = 'const total = sum(prices, taxes, discounts);';
    const anchor = createAnchor(before, rangeOfText(before, line), { path: 'src/total.js' });
    const after = before.replace(line, `${line} applyCoupon(total, coupon);`);
    const result = resolveAnchor(anchor, after);
    assert.notEqual(result.method, 'hash');
    assert.equal(result.state, 'needsReview');
    assert.equal(result.text, `${line} applyCoupon(total, coupon);`);
  });
});

describe('anchoring precision: identical copies', () => {
  const block = (n: number): string => `it('case', () => {\n  const result = convert(input, options, flags);\n  expect(result).toEqual(expected);\n});\n`.repeat(n);

  it('asks, with the candidates, when identical copies with identical surroundings slid into the old place', () => {
    const before = block(4);
    const anchor = createAnchor(before, rangeOfText(before, '  const result = convert(input, options, flags);\n', 1), { path: 'test/convert.test.js' });
    const after = block(5); // one more copy above: which one is the note's?
    const result = resolveAnchor(anchor, after);
    assert.equal(result.state, 'needsReview');
    assert.match(result.note, /more than one place/);
    assert.ok((result.alternatives?.length ?? 0) >= 1, 'the other copies are offered');
  });

  it('lets the context pick the copy when it differs', () => {
    const before = `function a() {\n  const result = convert(input, options, flags);\n  return result;\n}\n\nfunction b() {\n  const result = convert(input, options, flags);\n  return result;\n}\n`;
    const anchor = createAnchor(before, rangeOfText(before, '  const result = convert(input, options, flags);\n', 1), { path: 'src/ab.js' });
    const after = `// one\n// two\n${before}`;
    const result = resolveAnchor(anchor, after);
    assert.equal(result.state, 'moved');
    assert.equal(result.range!.startLine, 8);
  });

  it('gives no symbol bonus when the symbol holds every candidate', () => {
    const before = `class Store {\n  load() {\n    const a = 1;\n    const b = 2;\n    const rows = table.read(id);\n    const c = 3;\n    const d = 4;\n  }\n}\n`;
    const anchor = createAnchor(before, rangeOfText(before, '    const rows = table.read(id);\n'), { path: 'src/store.js', symbolPath: 'Store > load' });
    const after = `class Store {\n  load() {\n    prepare();\n    const x = 10;\n    const y = 20;\n    const z = 30;\n    const rows = table.read(id);\n    cleanup();\n    finish();\n  }\n}\n`;
    const symbols = [{ path: 'Store > load', range: { startLine: 1, startCharacter: 0, endLine: 9, endCharacter: 3 } }];
    const plain = resolveAnchor(anchor, after);
    const withSymbol = resolveAnchor(anchor, after, { symbols });
    assert.equal(withSymbol.state, plain.state, 'a symbol that rules nothing out changes nothing');
    assert.equal(withSymbol.confidence, plain.confidence);
  });
});

describe('anchoring precision: code rewritten in place', () => {
  const before = `export function price(item) {\n  const base = item.cost * 1.2;\n  const shipping = item.heavy ? 15 : 5;\n  return base + shipping;\n}\n`;
  const body = '  const base = item.cost * 1.2;\n  const shipping = item.heavy ? 15 : 5;\n  return base + shipping;\n';
  const anchor = createAnchor(before, rangeOfText(before, body), { path: 'src/price.js' });

  it('reads as changed when values changed, with the best guess and the changes', () => {
    const after = before.replace('1.2', '1.25').replace('15 : 5', '20 : 8');
    for (const options of [{}, { oldText: before }]) {
      const result = resolveAnchor(anchor, after, options);
      assert.equal(result.state, 'needsReview');
      assert.match(result.note, /^The code changed: edited/);
      assert.equal(result.range!.startLine, 1, 'the best guess is where the code is');
      assert.match(result.changes!, /^- const base = item\.cost \* 1\.2;$/m);
      assert.match(result.changes!, /^\+ const base = item\.cost \* 1\.25;$/m);
      assert.match(result.changes!, /^ {2}return base \+ shipping;$/m);
    }
  });

  it('reads as changed when wrapped in a new block', () => {
    const after = `export function price(item) {\n  if (item.available) {\n${body.replace(/^/gm, '  ').replace(/ {2}$/, '')}  }\n}\n`;
    const result = resolveAnchor(anchor, after);
    assert.equal(result.state, 'needsReview');
    assert.match(result.note, /wrapped in a new block/);
    assert.ok(result.changes);
  });

  it('reads as changed when the note is deeper inside the block that was wrapped (tabs or spaces)', () => {
    for (const unit of ['\t', '  ']) {
      const i = (n: number): string => unit.repeat(n);
      const lines = ['export const rule = {', `${i(1)}meta: {`, `${i(2)}type: 'layout',`, `${i(2)}messages: {`, `${i(3)}tooLong: 'Line is too long.',`, `${i(3)}tooShort: 'Line is too short.',`, `${i(2)}},`, `${i(1)}},`, '};', ''];
      const before = lines.join('\n');
      const noted = `${i(3)}tooShort: 'Line is too short.',\n`;
      const anchor = createAnchor(before, rangeOfText(before, noted), { path: 'src/rule.js', commit: 'abc1234' });
      // Lines 2..6 wrapped in a new block: the opener sits at the indentation of the block's first line, above the note's.
      const wrapped = [...lines.slice(0, 2), `${i(2)}if (options.enabled) {`, ...lines.slice(2, 7).map((l) => `  ${l}`), `${i(2)}}`, ...lines.slice(7)].join('\n');
      for (const options of [{}, { oldText: before }]) {
        const result = resolveAnchor(anchor, wrapped, options);
        assert.equal(result.state, 'needsReview', JSON.stringify(unit));
        assert.match(result.note, /wrapped in a new block/);
        assert.equal(result.range!.startLine, 6, 'the best guess is where the code is');
      }
    }
  });

  it('stays attached or moved when only moved or re-indented', () => {
    const moved = resolveAnchor(anchor, `// a\n// b\n${before}`);
    assert.equal(moved.state, 'moved');
    assert.equal(moved.changes, undefined);
    const reformatted = resolveAnchor(anchor, before.replace('  return base + shipping;', '  return base +\n    shipping;'));
    assert.equal(reformatted.state, 'attached');
    assert.equal(reformatted.note, 'reformatted');
  });
});

describe('anchoring precision: far-away look-alikes', () => {
  it('does not take a commented-out copy far away for the code', () => {
    const filler = Array.from({ length: 200 }, (_, i) => `const value${i} = compute${i}(input);`).join('\n');
    const code = '  const session = await openSession(user, token);\n  audit.record(user.id, session.id);\n  return session;\n';
    const before = `export async function login(user, token) {\n${code}}\n\n${filler}\n`;
    const anchor = createAnchor(before, rangeOfText(before, code), { path: 'src/login.js' });
    const after = `export async function login(user, token) {\n  return sso.login(user);\n}\n\n${filler}\n\n// Old version:\n${code.replace(/^ {2}/gm, '// ')}`;
    const result = resolveAnchor(anchor, after);
    assert.ok(!attachedStates.includes(result.state), `${result.state}: ${result.note}`);
  });
});

describe('anchoring precision: code copied since the note was made', () => {
  const head = 'export function setup() {\n  open();\n}\n\n';
  const code = '  const total = compute(alpha, beta);\n  const share = combine(total, gamma);\n  report(share);\n';
  const tail = '\nexport function teardown() {\n  close();\n}\n';
  const before = `${head}export function run() {\n${code}}\n${tail}`;
  const noted = '  const total = compute(alpha, beta);\n  const share = combine(total, gamma);\n';
  const anchor = createAnchor(before, rangeOfText(before, noted), { path: 'src/run.js', commit: 'abc1234' });

  it('asks which copy when the block was duplicated next to itself (the diff can only guess among equal lines)', () => {
    const after = `${head}export function run() {\n${code}${code}}\n${tail}`;
    const result = resolveAnchor(anchor, after, { oldText: before });
    assert.equal(result.state, 'needsReview');
    assert.match(result.note, /more than one place/);
    assert.equal(result.alternatives?.length, 1);
    const starts = [result.range!.startLine, result.alternatives![0].range.startLine].sort((a, b) => a - b);
    assert.deepEqual(starts, [5, 8]);
  });

  it('still follows the code when the copy was pasted among other code', () => {
    const filler = Array.from({ length: 30 }, (_, i) => `const value${i} = read${i}(input);`).join('\n');
    const after = `${head}export function run() {\n${code}}\n${tail}\n${filler}\nexport function other() {\n  prepare(options);\n${code}  cleanup(options);\n}\n`;
    const result = resolveAnchor(anchor, after, { oldText: before });
    assert.equal(result.state, 'attached');
    assert.equal(result.range!.startLine, 5);
  });
});

describe('anchoring precision: a copy inserted into the code', () => {
  it('asks when the code reads the same only with lines pasted into it since the note was made', () => {
    const before = 'start();\nconst total = compute(alpha, beta);\nconst share = combine(total, gamma);\nreport(share, total);\nsave(share);\nfinish();\n';
    const noted = 'const total = compute(alpha, beta);\nconst share = combine(total, gamma);\nreport(share, total);\nsave(share);\n';
    const anchor = createAnchor(before, rangeOfText(before, noted), { path: 'src/run.js', commit: 'abc1234' });
    // The first two lines were copied in right after themselves: the note's lines are now 1-2 and 5-6.
    const after = 'start();\nconst total = compute(alpha, beta);\nconst share = combine(total, gamma);\nconst total = compute(alpha, beta);\nconst share = combine(total, gamma);\nreport(share, total);\nsave(share);\nfinish();\n';
    const result = resolveAnchor(anchor, after, { oldText: before });
    assert.equal(result.state, 'needsReview');
    assert.match(result.note, /lines were inserted into the code/);
  });
});

describe('anchoring precision: a block duplicated next to itself, without history', () => {
  it('asks when the code reads the same only with part of a copy pasted in front of it', () => {
    const before = 'start();\nconst total = compute(alpha, beta);\nconst share = combine(total, gamma);\nreport(share, total);\nsave(share);\nfinish();\n';
    const noted = 'const total = compute(alpha, beta);\nconst share = combine(total, gamma);\nreport(share, total);\nsave(share);\n';
    const anchor = createAnchor(before, rangeOfText(before, noted), { path: 'src/run.js' });
    // The first two lines were copied in right after themselves; no history says which pair is new.
    const after = 'start();\nconst total = compute(alpha, beta);\nconst share = combine(total, gamma);\nconst total = compute(alpha, beta);\nconst share = combine(total, gamma);\nreport(share, total);\nsave(share);\nfinish();\n';
    const result = resolveAnchor(anchor, after);
    assert.equal(result.state, 'needsReview', result.note);
    assert.match(result.note, /appears again nearby/);
    assert.equal(result.alternatives?.[0].range.startLine, 1);
  });

  it('asks when the whole block was duplicated and an edit around one copy makes the other look closer', () => {
    const block = 'const total = compute(alpha, beta);\nconst share = combine(total, gamma);\nreport(share, total);\n';
    const before = `open(file);\nprepare(options);\n${block}close(file);\ncleanup(options);\n`;
    const anchor = createAnchor(before, rangeOfText(before, block), { path: 'src/run.js' });
    // Copied right after itself, then a line inserted above the first copy.
    const after = `open(file);\nlog(started);\nprepare(options);\n${block}${block}close(file);\ncleanup(options);\n`;
    const result = resolveAnchor(anchor, after);
    assert.equal(result.state, 'needsReview', result.note);
    assert.match(result.note, /more than one place/);
    const starts = [result.range!.startLine, result.alternatives![0].range.startLine].sort((a, b) => a - b);
    assert.deepEqual(starts, [3, 6]);
  });

  it('still re-attaches code that only resembles its neighbours (repeated JSDoc tags, not a duplicated block)', () => {
    const fn = (name: string, body: string): string => `  /**\n   * ${name} the suite.\n   * @param {string} title\n   * @param {Function} fn\n   */\n  ${name}(title, fn) {\n    ${body}\n  }\n\n`;
    const before = fn('beforeAll', 'return this.hook(title, fn);') + fn('afterAll', 'return this.after(title, fn);');
    const noted = '   * @param {string} title\n   * @param {Function} fn\n   */\n  afterAll(title, fn) {\n';
    const anchor = createAnchor(before, rangeOfText(before, noted), { path: 'src/suite.js' });
    const after = `// header\n${before}`;
    const result = resolveAnchor(anchor, after);
    assert.equal(result.state, 'moved', result.note);
    assert.equal(result.range!.startLine, 12);
  });
});
