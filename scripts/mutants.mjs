// `npm run mutants`: a small mutation check. Each mutant is a one-line change to the code that a
// test must notice. The script copies src/ and test/ to a scratch folder, applies one mutant at a
// time there (the working tree is never touched), runs the tests named for it, and expects them
// to fail ("killed"). It prints killed/survived per mutant and exits 1 if any survived, 2 if a
// mutant no longer matches the code (update its `find`) or the tests fail without any mutant.
//   npm run mutants                 all mutants
//   npm run mutants -- hlc cli      only mutants whose id contains one of the words
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS } from './mutantList.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');


function mocha(cwd, files) {
  // --no-config: the scratch copy runs exactly the files named, whatever .mocharc says.
  const bin = path.join(cwd, 'node_modules', '.bin', 'mocha');
  return spawnSync(bin, ['--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '60000', '--reporter', 'dot', ...files], {
    cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' },
  });
}

function scratchCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-mutants-'));
  // bench/: the redaction differential test reads the bench's corpora (not bench/.work, which holds generated files).
  for (const entry of ['src', 'test', 'demo', 'bench', 'package.json', 'tsconfig.json']) {
    fs.cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true, filter: (from) => path.basename(from) !== '.work' });
  }
  fs.symlinkSync(fs.realpathSync(path.join(repo, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const words = process.argv.slice(2);
const chosen = words.length ? MUTANTS.filter((m) => words.some((w) => m.id.includes(w))) : MUTANTS;
const scratch = scratchCopy();
let outOfDate = 0;
try {
  const allTests = [...new Set(chosen.flatMap((m) => m.tests))];
  const baseline = mocha(scratch, allTests);
  if (baseline.status !== 0) {
    console.error(`The tests fail without any mutant; fix them first:\n${baseline.stdout}${baseline.stderr}`);
    process.exit(2);
  }
  const rows = [];
  for (const mutant of chosen) {
    const file = path.join(scratch, mutant.file);
    const original = fs.readFileSync(file, 'utf8');
    const at = original.indexOf(mutant.find);
    if (at < 0 || original.indexOf(mutant.find, at + 1) >= 0) {
      rows.push({ mutant, result: 'OUT OF DATE', detail: `"${mutant.find}" is not exactly once in ${mutant.file}` });
      outOfDate++;
      continue;
    }
    fs.writeFileSync(file, original.slice(0, at) + mutant.replace + original.slice(at + mutant.find.length));
    try {
      const run = mocha(scratch, mutant.tests);
      const failing = /(\d+) failing/.exec(run.stdout)?.[1];
      rows.push({ mutant, result: run.status === 0 ? 'SURVIVED' : 'killed', detail: run.status === 0 ? 'every test passed' : failing ? `${failing} failing` : 'tests did not run' });
    } finally {
      fs.writeFileSync(file, original);
    }
    const last = rows[rows.length - 1];
    console.log(`${last.result.padEnd(11)} ${mutant.id.padEnd(44)} ${last.detail}  (${mutant.tests.join(', ')})`);
  }
  const survived = rows.filter((r) => r.result === 'SURVIVED');
  const killed = rows.filter((r) => r.result === 'killed');
  console.log(`\n${killed.length} killed, ${survived.length} survived${outOfDate ? `, ${outOfDate} out of date` : ''} (of ${rows.length}).`);
  for (const r of rows.filter((x) => x.result === 'OUT OF DATE')) console.log(`OUT OF DATE ${r.mutant.id}: ${r.detail}`);
  process.exitCode = survived.length ? 1 : outOfDate ? 2 : 0;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
