import { strict as assert } from 'node:assert';
import { caseOptions, judge, loadCorpus } from '../../fixtures/anchoring/corpus';
import { resolveAnchor } from '../../../src/core/anchoring/resolveAnchor';

describe('anchoring corpus (test/fixtures/anchoring)', () => {
  const cases = loadCorpus();

  it('has the cases the design asks for', () => {
    const names = cases.map((c) => c.name);
    for (const wanted of ['lines-inserted-above', 'deleted-inside', 'moved-within-file', 'moved-across-files', 'file-renamed', 're-indented', 'reformatted', 'duplicate-blocks', 'deleted-entirely', 'weak-match-needs-review']) {
      assert.ok(names.includes(wanted), `missing case ${wanted}`);
    }
  });

  for (const c of cases) {
    for (const withHistory of [false, true]) {
      it(`${c.name} (${withHistory ? 'with the text at the commit' : 'text only'}): ${c.description}`, () => {
        const result = resolveAnchor(c.anchor, c.current, caseOptions(c, withHistory));
        const problem = judge(c, withHistory ? c.expectWithHistory : c.expect, result);
        assert.equal(problem, undefined, problem);
      });
    }
  }
});
