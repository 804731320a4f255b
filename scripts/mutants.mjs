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

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @type {Array<{ id: string, file: string, find: string, replace: string, tests: string[] }>} */
const MUTANTS = [
  // Issue 10: snippet freshness and lore check.
  {
    id: 'freshness-doubt-read-as-current', file: 'src/core/articles/snippetFreshness.ts',
    find: "if (resolution.state !== 'needsReview' && sameCode(snippet.code, codeNow)) {",
    replace: 'if (sameCode(snippet.code, codeNow)) {',
    tests: ['test/unit/articles/snippetFreshness.test.ts'],
  },
  {
    id: 'freshness-missing-file-gone', file: 'src/core/articles/snippetFreshness.ts',
    find: 'if (fileText === undefined && !options.deleted) return snippets.map(notHere);',
    replace: 'if (false) return snippets.map(notHere);',
    tests: ['test/unit/articles/snippetFreshness.test.ts', 'test/unit/cli/check.test.ts'],
  },
  {
    id: 'check-fail-on-changed-skips-gone', file: 'src/cli/check.ts',
    find: "return (state === 'gone' && (failOn.has('gone') || failOn.has('changed'))) || (failOn.has('changed') && state === 'changed');",
    replace: "return failOn.has(state);",
    tests: ['test/unit/cli/check.test.ts'],
  },
  {
    id: 'check-private-included', file: 'src/core/store/loreStore.ts',
    find: "AND a.visibility <> 'private' AND a.status <> 'archived'",
    replace: "AND a.status <> 'archived'",
    tests: ['test/unit/cli/check.test.ts'],
  },
  {
    id: 'check-cli-history-ignored', file: 'src/core/articles/checkSnippets.ts',
    find: 'return oldText === undefined ? {} : { oldText };',
    replace: 'return {};',
    tests: ['test/unit/cli/check.test.ts'],
  },
  {
    id: 'file-freshness-stale-answer', file: 'src/core/articles/fileFreshness.ts',
    find: 'const key = text === undefined ? undefined : `${this.generation}|${sha256Hex(text)}|${snippetsKey(snippets)}`;',
    replace: 'const key = text === undefined ? undefined : `${this.generation}|${snippetsKey(snippets)}`;',
    tests: ['test/unit/articles/fileFreshness.test.ts'],
  },
  {
    id: 'file-freshness-renames-ignored', file: 'src/core/articles/fileFreshness.ts',
    find: 'readFile: (p) => (p === path ? Promise.resolve(text) : this.source.readFile(p)),',
    replace: 'readFile: (p) => (p === path ? Promise.resolve(text) : Promise.resolve(undefined)),',
    tests: ['test/unit/articles/fileFreshness.test.ts'],
  },
  // Issue 10: article health (review dates, Mark Verified, Still Accurate, lore check --fail-on due).
  {
    id: 'health-due-a-moment-late', file: 'src/core/articles/articleHealth.ts',
    find: 'if (options.now >= due.at) reasons.push',
    replace: 'if (options.now > due.at) reasons.push',
    tests: ['test/unit/articles/articleHealth.test.ts'],
  },
  {
    id: 'health-verification-ignored', file: 'src/core/articles/articleHealth.ts',
    find: "const from = Number.isNaN(verified) ? 'created' : 'verified';",
    replace: "const from = 'created' as 'created' | 'verified';",
    tests: ['test/unit/articles/articleHealth.test.ts', 'test/unit/cli/check.test.ts'],
  },
  {
    id: 'health-confirmation-for-any-code', file: 'src/core/articles/snippetFreshness.ts',
    find: 'if (snippet.accepted && snippet.accepted.hash === textHash(codeNow)) {',
    replace: 'if (snippet.accepted) {',
    tests: ['test/unit/articles/snippetFreshness.test.ts'],
  },
  {
    id: 'health-verified-by-claimed-name', file: 'src/core/store/fieldResolution.ts',
    find: "const AUTHOR_FIELDS = new Set(['author', 'verifiedBy', 'acceptedBy']);",
    replace: "const AUTHOR_FIELDS = new Set(['author']);",
    tests: ['test/unit/store/articleHealthStore.test.ts'],
  },
  {
    id: 'check-due-includes-private', file: 'src/cli/check.ts',
    find: ".filter((a) => a.visibility !== 'private');",
    replace: '.filter(() => true);',
    tests: ['test/unit/cli/check.test.ts'],
  },
  // Issue 10: review before publishing and Report Outdated.
  {
    id: 'review-own-article-approved', file: 'src/core/articles/reviewWorkflow.ts',
    find: 'if (sameName(article.author, me)) {\n    throw new LoreError(verdict',
    replace: 'if (false as boolean) {\n    throw new LoreError(verdict',
    tests: ['test/unit/store/reviewStore.test.ts'],
  },
  {
    id: 'review-old-revision-blocks', file: 'src/core/articles/reviewWorkflow.ts',
    find: "return (article.reviews ?? []).filter((r) => r.revision === article.revision);",
    replace: 'return article.reviews ?? [];',
    tests: ['test/unit/store/reviewStore.test.ts', 'test/unit/sync/reviewSync.test.ts'],
  },
  {
    id: 'review-one-field-for-all', file: 'src/core/articles/reviewWorkflow.ts',
    find: "return `${kind}_${sha256Hex(name.trim().toLowerCase()).slice(0, 16)}`;",
    replace: "return `${kind}_${sha256Hex('everyone').slice(0, 16)}`;",
    tests: ['test/unit/sync/reviewSync.test.ts'],
  },
  {
    id: 'report-verification-ignored', file: 'src/core/articles/articleHealth.ts',
    find: '&& !(Date.parse(r.at) <= verified));',
    replace: ');',
    tests: ['test/unit/store/reviewStore.test.ts', 'test/unit/sync/reviewSync.test.ts'],
  },
  // Issue 20: mutants that survived the suite once.
  {
    id: 'cli-state-ignored', file: 'src/cli/cli.ts',
    find: "filter: { ...(state === 'open' || state === 'resolved' ? { status: state } : {}),",
    replace: 'filter: { ...({}),',
    tests: ['test/unit/cli/cli.test.ts'],
  },
  {
    id: 'sarif-status-filter-dropped', file: 'src/core/review/exportReview.ts',
    find: "return { text: exportSarif(chosen, request), count: chosen.length };",
    replace: "return { text: exportSarif(filterThreads(threads, { ...filter, status: 'all' }), request), count: chosen.length };",
    tests: ['test/unit/review/exportFormats.test.ts', 'test/unit/cli/cli.test.ts'],
  },
  {
    id: 'hlc-tie-break-flipped', file: 'src/core/hlc.ts',
    find: 'if (a.device !== b.device) return a.device < b.device ? -1 : 1;',
    replace: 'if (a.device !== b.device) return a.device < b.device ? 1 : -1;',
    tests: ['test/unit/sync/clockSkew.test.ts'],
  },
  {
    id: 'hlc-tie-break-removed', file: 'src/core/hlc.ts',
    find: 'if (a.device !== b.device) return a.device < b.device ? -1 : 1;',
    replace: 'if (a.device !== b.device) return 0;',
    tests: ['test/unit/sync/clockSkew.test.ts'],
  },
  {
    id: 'cli-inline-values-ignored', file: 'src/cli/args.ts',
    find: 'parsed = parseNodeArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });',
    replace: "parsed = parseNodeArgs({ args: argv.filter((a) => !/^--[^=]+=/.test(a)), options: OPTIONS, strict: true, allowPositionals: true });",
    tests: ['test/unit/cli/cli.test.ts'],
  },
  {
    id: 'cli-switch-takes-a-value', file: 'src/cli/args.ts',
    find: "json: { type: 'boolean' },",
    replace: "json: { type: 'string' },",
    tests: ['test/unit/cli/cli.test.ts'],
  },
  {
    id: 'cli-unknown-options-accepted', file: 'src/cli/args.ts',
    find: 'parsed = parseNodeArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });',
    replace: 'parsed = parseNodeArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true });',
    tests: ['test/unit/cli/cli.test.ts'],
  },
  {
    id: 'cli-read-only-creates-database', file: 'src/cli/cli.ts',
    find: "const mode = WRITING_COMMANDS.has(args.command ?? '') ? 'write' : 'read';",
    replace: "const mode = 'write' as 'write' | 'read';",
    tests: ['test/unit/cli/cli.test.ts'],
  },
  {
    id: 'cli-advises-vscode-version', file: 'src/cli/cli.ts',
    find: "host: 'cli' });",
    replace: "host: 'vscode' });",
    tests: ['test/unit/cli/cli.test.ts'],
  },
  // Issue 16, item 5: privacy.
  {
    id: 'privacy-withdrawal-stays-private', file: 'src/core/store/privacy.ts',
    find: 'if (before !== undefined && after !== before) return false;',
    replace: 'if (before !== undefined && after !== before && after === \'team\') return false;',
    tests: ['test/unit/store/privacy.test.ts'],
  },
  {
    id: 'privacy-withdrawn-article-still-shown', file: 'src/core/store/privacy.ts',
    find: 'return !privateHeads.some(',
    replace: 'return false && !privateHeads.some(',
    tests: ['test/unit/store/privacy.test.ts'],
  },
  {
    id: 'privacy-share-without-asking', file: 'src/core/store/loreStore.ts',
    find: "if (current.visibility === 'private' && visibility === 'team' && !options.share) {",
    replace: "if (current.visibility === 'private' && visibility === 'team' && false) {",
    tests: ['test/unit/store/privacy.test.ts'],
  },
  {
    id: 'privacy-share-conflicts-with-old-versions', file: 'src/core/store/loreStore.ts',
    find: 'const seen = publishedIdsByField(this.db, entity, id);',
    replace: 'const seen: Record<string, string[]> = {};',
    tests: ['test/unit/store/privacy.test.ts'],
  },
  {
    id: 'privacy-missing-line-means-team', file: 'src/core/articles/articleDocument.ts',
    find: "const visibility = (unquote(fields.visibility ?? '') || undefined) as Visibility | undefined;",
    replace: "const visibility = (unquote(fields.visibility ?? 'team') || 'team') as Visibility | undefined;",
    tests: ['test/unit/store/privacy.test.ts', 'test/unit/articles/articleDocument.test.ts'],
  },
  // A few more of the kind that matter most to users.
  {
    id: 'csv-formula-not-neutralised', file: 'src/core/review/exportCsv.ts',
    find: "return FORMULA_START.test(value) ? `'${value}` : value;",
    replace: 'return value;',
    tests: ['test/unit/review/exportFormats.test.ts', 'test/unit/cli/cli.test.ts'],
  },
  {
    // Issue 19: the tree said the stored line while the thread sat on the best guess.
    id: 'note-place-ignores-editor', file: 'src/core/review/notePlace.ts',
    find: 'if (live) return', replace: 'if (false && live) return',
    tests: ['test/unit/review/placementExplanation.test.ts'],
  },
  {
    id: 'reattach-orphan-to-old-place', file: 'src/core/review/placement.ts',
    find: "if (shown?.state === 'orphaned') return undefined;", replace: '',
    tests: ['test/unit/review/placement.test.ts'],
  },
  {
    id: 'mass-delete-fraction-doubled', file: 'src/core/sync/massDeleteGuard.ts',
    find: 'maxFraction: 0.1,', replace: 'maxFraction: 0.2,',
    tests: ['test/unit/sync/robustness.test.ts'],
  },
  {
    id: 'mass-delete-fraction-halved', file: 'src/core/sync/massDeleteGuard.ts',
    find: 'maxFraction: 0.1,', replace: 'maxFraction: 0.05,',
    tests: ['test/unit/sync/robustness.test.ts'],
  },
  {
    id: 'compaction-ignores-acknowledgements', file: 'src/core/sync/compaction.ts',
    find: 'if (behind.length) {', replace: 'if (false) {',
    tests: ['test/unit/sync/segmentDeletion.test.ts'],
  },
  {
    id: 'compaction-ignores-horizon', file: 'src/core/sync/compaction.ts',
    find: 'return now - seen < horizonMs;', replace: 'return true;',
    tests: ['test/unit/sync/segmentDeletion.test.ts'],
  },
  {
    id: 'reader-ignores-vanished-segments', file: 'src/core/sync/folderReader.ts',
    find: 'if (outcome.vanished.size) await', replace: 'if (false) await',
    tests: ['test/unit/sync/segmentDeletion.test.ts'],
  },
  {
    id: 'snapshot-catch-up-skipped', file: 'src/core/sync/folderReader.ts',
    find: 'if (unread.length) {', replace: 'if (false) {',
    tests: ['test/unit/sync/segmentDeletion.test.ts', 'test/unit/sync/compactionFaults.test.ts'],
  },
  {
    id: 'compacted-files-rewritten', file: 'src/core/sync/publisher.ts',
    find: 'if (carried.has(segment.hash)) continue;', replace: 'if (false) continue;',
    tests: ['test/unit/sync/segmentDeletion.test.ts'],
  },
  {
    id: 'verify-ignores-carried-segments', file: 'src/core/sync/verifyTeamFolder.ts',
    find: 'const hashes = new Set<string>(carried);', replace: 'const hashes = new Set<string>();',
    tests: ['test/unit/sync/segmentDeletion.test.ts'],
  },
  {
    id: 'tampered-event-accepted', file: 'src/core/store/events.ts',
    find: 'if (event.id !== expected) throw',
    replace: 'if (false) throw',
    tests: ['test/unit/store/loreStore.test.ts'],
  },
  {
    id: 'author-git-before-setting', file: 'src/core/authorName.ts',
    find: 'for (const name of [setting, gitUserName, osUserName]) {',
    replace: 'for (const name of [gitUserName, setting, osUserName]) {',
    tests: ['test/unit/authorName.test.ts'],
  },
  {
    id: 'migration-4-assumes-final-schema-1', file: 'src/core/store/migrations.ts',
    find: "db.exec('DROP TABLE IF EXISTS article_fts_vocab; DROP TABLE IF EXISTS article_fts;');",
    replace: "db.exec('DROP TABLE article_fts_vocab; DROP TABLE article_fts;');",
    tests: ['test/unit/store/frozenMigrations.test.ts'],
  },
  {
    id: 'migration-5-counts-not-filled', file: 'src/core/store/migrations.ts',
    find: 'INSERT INTO tag_counts (tag, articles) SELECT tag, COUNT(*) FROM article_tags GROUP BY tag;',
    replace: '',
    tests: ['test/unit/store/frozenMigrations.test.ts'],
  },
  // Issue 17: anchoring precision and the batch resolver.
  {
    id: 'anchoring-duplicated-block-whole-copy-picked', file: 'src/core/anchoring/repeatedInPlace.ts',
    find: 'if (repeatsRightAfter(keys, start, first)) others.push(place(start));',
    replace: '',
    tests: ['test/unit/anchoring/precision.test.ts'],
  },
  {
    id: 'anchoring-duplicated-block-partial-copy-picked', file: 'src/core/anchoring/repeatedInPlace.ts',
    find: 'if (repeatsRightAfter(keys, hit, k)) return { others: [place(start)], partial: true };',
    replace: '',
    tests: ['test/unit/anchoring/precision.test.ts'],
  },
  {
    id: 'anchoring-duplicated-block-any-repeat', file: 'src/core/anchoring/repeatedInPlace.ts',
    find: 'return end - start >= period;',
    replace: 'return true;',
    tests: ['test/unit/anchoring/precision.test.ts'],
  },
  {
    id: 'anchoring-batch-history-state-leaks', file: 'src/core/anchoring/resolveAnchor.ts',
    find: 'this.trustedHistory = replayable?.trusted === true;',
    replace: 'this.trustedHistory ||= replayable?.trusted === true;',
    tests: ['test/unit/anchoring/batch.test.ts'],
  },
];

function mocha(cwd, files) {
  // --no-config: the scratch copy runs exactly the files named, whatever .mocharc says.
  const bin = path.join(cwd, 'node_modules', '.bin', 'mocha');
  return spawnSync(bin, ['--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '60000', '--reporter', 'dot', ...files], {
    cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' },
  });
}

function scratchCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-mutants-'));
  for (const entry of ['src', 'test', 'demo', 'package.json', 'tsconfig.json']) {
    fs.cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true });
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
