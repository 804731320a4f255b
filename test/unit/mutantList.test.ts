import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../..');

interface Mutant { id: string; file: string; find: string; replace: string; tests: string[] }

describe('npm run mutants', () => {
  it('has every mutant\'s code exactly once in its file, and its tests on disk (a refactoring that moves the code must move the mutant)', async () => {
    const { MUTANTS } = (await import(path.join(repo, 'scripts/mutantList.mjs'))) as { MUTANTS: Mutant[] };
    assert.ok(MUTANTS.length > 0);
    const problems: string[] = [];
    for (const mutant of MUTANTS) {
      const file = path.join(repo, mutant.file);
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const count = text.split(mutant.find).length - 1;
      if (count !== 1) problems.push(`${mutant.id}: its code is ${count === 0 ? 'not' : `${count} times`} in ${mutant.file}`);
      if (mutant.find === mutant.replace) problems.push(`${mutant.id}: changes nothing`);
      for (const test of mutant.tests) if (!fs.existsSync(path.join(repo, test))) problems.push(`${mutant.id}: no test file ${test}`);
    }
    assert.deepEqual(problems, []);
  });
});
