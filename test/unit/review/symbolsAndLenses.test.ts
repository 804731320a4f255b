import { strict as assert } from 'node:assert';
import { annotationsByLine, codeLensTitle } from '../../../src/core/review/codeLensText';
import { flattenSymbols, symbolPathAt } from '../../../src/core/review/symbolPaths';

const r = (startLine: number, endLine: number, startCharacter = 0, endCharacter = 0) => ({ startLine, startCharacter, endLine, endCharacter });

describe('symbol paths for new notes', () => {
  const symbols = flattenSymbols([
    { name: 'UserStore', range: r(0, 40), children: [
      { name: 'addUser', range: r(5, 12), children: [{ name: 'validate', range: r(7, 9) }] },
      { name: 'removeUser', range: r(14, 20) },
    ] },
    { name: 'helper', range: r(42, 50) },
  ]);

  it('joins nested names with " > "', () => {
    assert.deepEqual(symbols.map((s) => s.path), ['UserStore', 'UserStore > addUser', 'UserStore > addUser > validate', 'UserStore > removeUser', 'helper']);
  });

  it('names the innermost symbol that holds the whole selection', () => {
    assert.equal(symbolPathAt(symbols, r(8, 8, 2, 10)), 'UserStore > addUser > validate');
    assert.equal(symbolPathAt(symbols, r(6, 11)), 'UserStore > addUser');
    assert.equal(symbolPathAt(symbols, r(10, 15)), 'UserStore', 'a selection across two methods belongs to the class');
    assert.equal(symbolPathAt(symbols, r(41, 41)), undefined);
  });

  it('names the method when its whole lines are selected, indentation and line break included', () => {
    const indented = flattenSymbols([{ name: 'UserStore', range: r(9, 30), children: [{ name: 'addUser', range: r(12, 20, 2, 3) }] }]);
    assert.equal(symbolPathAt(indented, r(12, 20, 0, 3)), 'UserStore > addUser', 'from column 0 of the first line');
    assert.equal(symbolPathAt(indented, r(12, 21, 0, 0)), 'UserStore > addUser', 'down to the start of the next line');
    assert.equal(symbolPathAt(indented, r(12, 21, 0, 4)), 'UserStore', 'into the next line');
  });
});

describe('CodeLens text', () => {
  it('counts notes and articles in words', () => {
    assert.equal(codeLensTitle(2, 1), '2 review notes · 1 article');
    assert.equal(codeLensTitle(1, 0), '1 review note');
    assert.equal(codeLensTitle(0, 3), '3 articles');
  });

  it('groups by line and counts an article once per line', () => {
    const lines = annotationsByLine(
      [{ line: 9, item: 'n1' }, { line: 3, item: 'n2' }, { line: 9, item: 'n3' }],
      [{ line: 9, item: 'a1', key: 'a1' }, { line: 9, item: 'a1 again', key: 'a1' }, { line: 20, item: 'a2', key: 'a2' }],
    );
    assert.deepEqual(lines, [
      { line: 3, notes: ['n2'], articles: [] },
      { line: 9, notes: ['n1', 'n3'], articles: ['a1'] },
      { line: 20, notes: [], articles: ['a2'] },
    ]);
  });
});
