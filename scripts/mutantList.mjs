// The mutants `npm run mutants` applies (scripts/mutants.mjs). Each `find` must occur exactly once
// in its `file`: test/unit/mutantList.test.ts checks that in every `npm test`, so code moved by a
// refactoring cannot silently take a mutant out of the check.

/** @type {Array<{ id: string, file: string, find: string, replace: string, tests: string[] }>} */
export const MUTANTS = [
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
    id: 'check-private-included', file: 'src/core/store/snippetRecords.ts',
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
    find: 'const key = text === undefined ? undefined : `${this.generation}|${sha256Hex(text)}|${ofSnippets ?? snippetsKey(snippets)}`;',
    replace: 'const key = text === undefined ? undefined : `${this.generation}|${ofSnippets ?? snippetsKey(snippets)}`;',
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
    find: "const writes = WRITING_COMMANDS.has(args.command ?? '') || (args.command === 'path' && args.positional[0] === 'import');",
    replace: "const writes = true as boolean;",
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
    id: 'privacy-share-without-asking', file: 'src/core/store/articleRecords.ts',
    find: "if (current.visibility === 'private' && visibility === 'team' && !options.share) {",
    replace: "if (current.visibility === 'private' && visibility === 'team' && false) {",
    tests: ['test/unit/store/privacy.test.ts'],
  },
  {
    id: 'privacy-share-conflicts-with-old-versions', file: 'src/core/store/articleSharing.ts',
    find: 'const seen = publishedIdsByField(store.db, entity, id);',
    replace: 'const seen: Record<string, string[]> = {};',
    tests: ['test/unit/store/privacy.test.ts'],
  },
  {
    id: 'privacy-missing-line-means-team', file: 'src/core/articles/articleDocument.ts',
    find: "const visibility = ((fields.visibility ?? '') || undefined) as Visibility | undefined;",
    replace: "const visibility = ((fields.visibility ?? 'team') || 'team') as Visibility | undefined;",
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
  // Issue 15: encrypted spaces (src/core/spaces, not wired yet).
  {
    id: 'spaces-seal-ad-without-id', file: 'src/core/spaces/spaceCrypto.ts',
    find: "  return Buffer.from(canonicalJson({ lore: 'space-seal/1', team: ctx.team, space: ctx.space, epoch: ctx.epoch, purpose: ctx.purpose, id: ctx.id }), 'utf8');",
    replace: "  return Buffer.from(canonicalJson({ lore: 'space-seal/1', team: ctx.team, space: ctx.space, epoch: ctx.epoch, purpose: ctx.purpose }), 'utf8');",
    tests: ['test/unit/spaces/spaceCrypto.test.ts'],
  },
  {
    id: 'spaces-unwrap-any-device', file: 'src/core/spaces/spaceCrypto.ts',
    find: "  if (!isWrappedFor(wrapped, { device: me.device, boxPublicKey: me.box.publicKey })) {",
    replace: "  if (false) {",
    tests: ['test/unit/spaces/spaceCrypto.test.ts'],
  },
  {
    id: 'spaces-safety-number-one-sided', file: 'src/core/spaces/spaceCrypto.ts',
    find: "  const sides = [a, b].map((d) => canonicalJson({ device: d.device, signingKey: d.signingKey, boxKey: d.boxKey })).sort();",
    replace: "  const sides = [a, b].map((d) => canonicalJson({ device: d.device, signingKey: d.signingKey, boxKey: d.boxKey }));",
    tests: ['test/unit/spaces/spaceCrypto.test.ts'],
  },
  {
    id: 'spaces-record-signature-unchecked', file: 'src/core/spaces/spaceRecords.ts',
    find: "    if (!verify(null, signingInput(id), key, Buffer.from(record.sig, 'base64'))) return false;",
    replace: "",
    tests: ['test/unit/spaces/spaceMembership.test.ts'],
  },
  {
    id: 'spaces-non-member-approves', file: 'src/core/spaces/spaceMembership.ts',
    find: "  if (!me) return MEMBERSHIP_REASONS.notMember;",
    replace: "  if (!me && b.type === 'grant') return MEMBERSHIP_REASONS.notMember;",
    tests: ['test/unit/spaces/spaceMembership.test.ts'],
  },
  {
    id: 'spaces-approval-wrap-unchecked', file: 'src/core/spaces/spaceMembership.ts',
    find: "    if (wrap.to !== request.device || wrap.toKey !== publicKeyFingerprint(request.boxKey)) return MEMBERSHIP_REASONS.otherDevice;",
    replace: "",
    tests: ['test/unit/spaces/spaceMembership.test.ts'],
  },
  {
    id: 'spaces-request-replayed', file: 'src/core/spaces/spaceMembership.ts',
    find: "      return MEMBERSHIP_REASONS.requestUsed;",
    replace: "      return null;",
    tests: ['test/unit/spaces/spaceMembership.test.ts'],
  },
  {
    id: 'spaces-removed-late-records-kept', file: 'src/core/spaces/spaceMembership.ts',
    find: "        if (!isBefore(id, removal.record) && !isBefore(removal.record, id)) next.add(id);",
    replace: "",
    tests: ['test/unit/spaces/spaceMembership.test.ts'],
  },
  {
    id: 'spaces-impersonated-device', file: 'src/core/spaces/spaceMembership.ts',
    find: "  if (known && known.signingKey !== b.signingKey) return MEMBERSHIP_REASONS.wrongSigningKey;",
    replace: "",
    tests: ['test/unit/spaces/spaceMembership.test.ts'],
  },
  {
    id: 'spaces-order-by-arrival', file: 'src/core/spaces/spaceMembership.ts',
    find: "      if (left === 0) insertSorted(ready, c);",
    replace: "      if (left === 0) ready.push(c);",
    tests: ['test/unit/spaces/spaceConvergence.test.ts'],
  },
  {
    id: 'spaces-rotation-links-current-only', file: 'src/core/spaces/spaceKeyring.ts',
    find: "    if (!linked.has(e.id) && key) previous.set(e.id, key);",
    replace: "    if (e.id === state.current && key) previous.set(e.id, key);",
    tests: ['test/unit/spaces/spaceMembership.test.ts'],
  },
  {
    id: 'spaces-batch-unbounded-gunzip', file: 'src/core/spaces/spaceEvents.ts',
    find: "    text = gunzipSync(zipped, { maxOutputLength: MAX_EVENT_BATCH_BYTES }).toString('utf8');",
    replace: "    text = gunzipSync(zipped).toString('utf8');",
    tests: ['test/unit/spaces/spaceEvents.test.ts'],
  },
];
