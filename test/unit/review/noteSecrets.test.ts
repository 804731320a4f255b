import { strict as assert } from 'node:assert';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { resolveAnchor } from '../../../src/core/anchoring/resolveAnchor';
import { textHash } from '../../../src/core/anchoring/textHash';
import type { ReviewThread } from '../../../src/core/model';
import { exportReviewNotes } from '../../../src/core/review/exportReview';
import type { ExportFormat } from '../../../src/core/review/exportOptions';
import { maskNote, noteSecrets } from '../../../src/core/review/noteSecrets';
import { articleFromThread, promotionSecrets } from '../../../src/core/review/promoteThread';
import { openTestStore } from '../store/testStore';
import { makeThread } from './threadFixtures';

// Obviously fake keys of shapes the redaction rules detect (see test/unit/redaction.test.ts).
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const GH_TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

const SOURCE = [
  'import boto3',
  '',
  'def client():',
  `    key = "${KEY}"`,
  '    return boto3.client("s3", aws_access_key_id=key)',
  '',
].join('\n');
const KEY_LINE = { startLine: 3, startCharacter: 0, endLine: 3, endCharacter: SOURCE.split('\n')[3].length };
const BELOW = { startLine: 4, startCharacter: 0, endLine: 4, endCharacter: SOURCE.split('\n')[4].length };

function threadWith(anchor: ReviewThread['anchor'], bodies = ['Do not commit keys.']): ReviewThread {
  return makeThread({ anchor, bodies });
}

describe('review notes and secrets', () => {
  it('finds the secret in the code a note is on and in what the note says', () => {
    const found = noteSecrets(createAnchor(SOURCE, KEY_LINE, { path: 'app/aws.py' }), `Rotate ${GH_TOKEN} too`);
    assert.deepEqual(found.code.map((f) => f.kind), ['aws-access-key']);
    assert.deepEqual(found.body.map((f) => f.kind), ['github-token']);
  });

  it('saves a note on a line holding a key with the key masked in its code, context and text, and the hash of the original', () => {
    const raw = createAnchor(SOURCE, KEY_LINE, { path: 'app/aws.py' });
    const { anchor, body } = maskNote(raw, `The key ${KEY} is live`);
    assert.ok(!JSON.stringify({ anchor, body }).includes(KEY));
    assert.equal(anchor.text, '    key = "<redacted: AWS access key>"');
    assert.equal(body, 'The key <redacted: AWS access key> is live');
    assert.equal(anchor.hash, textHash(raw.text));

    const below = maskNote(createAnchor(SOURCE, BELOW, { path: 'app/aws.py' }), 'Why here?').anchor;
    assert.ok(!below.contextBefore.includes(KEY), 'the key in the lines around the note is masked');
    assert.match(below.contextBefore, /<redacted: AWS access key>/);
  });

  it('keeps what the user unticked as written, and masks only what they left ticked', () => {
    const raw = createAnchor(SOURCE, KEY_LINE, { path: 'app/aws.py' });
    const found = noteSecrets(raw, `see ${GH_TOKEN}`);
    const { anchor, body } = maskNote(raw, `see ${GH_TOKEN}`, { code: new Set(), body: new Set(found.body.map((f) => f.id)) }, found);
    assert.equal(anchor.text, raw.text);
    assert.equal(body, 'see <redacted: GitHub token>');
  });

  it('stores and keeps only masked text for a masked note, which still re-attaches after an edit above it', () => {
    const store = openTestStore();
    try {
      const { anchor, body } = maskNote(createAnchor(SOURCE, KEY_LINE, { path: 'app/aws.py' }), 'Move this key to the vault.');
      const thread = store.createThread({ anchor, kind: 'bug', body });
      const stored = store.getThread(thread.id)!;
      assert.ok(!JSON.stringify(stored).includes(KEY));
      const result = resolveAnchor(stored.anchor, `# header\n${SOURCE}`);
      assert.equal(result.state, 'moved');
      assert.equal(result.range?.startLine, 4);
      assert.equal(result.note, 'moved 1 line down');
    } finally {
      store.close();
    }
  });

  it('promotes a note on live code holding a key to an article with the key masked in the snippet, its anchor and the body', () => {
    const live = createAnchor(SOURCE, KEY_LINE, { path: 'app/aws.py' });
    const thread = threadWith(live, [`Key ${KEY} leaked here.`]);
    const found = promotionSecrets(thread);
    assert.equal(found.code.length, 1);
    assert.equal(found.body.length, 1);
    const article = articleFromThread(thread);
    assert.ok(!JSON.stringify(article).includes(KEY), JSON.stringify(article));
    assert.equal(article.snippets![0].code, '    key = "<redacted: AWS access key>"');
    assert.equal(article.snippets![0].anchor.hash, live.hash);
    // The user's choice is kept: nothing ticked, nothing masked.
    const unmasked = articleFromThread(thread, { mask: { code: new Set(), body: new Set() } });
    assert.ok(unmasked.snippets![0].code.includes(KEY));
  });

  describe('exports', () => {
    // A note stored before notes were masked: the key in its code and in the lines around it.
    const old = threadWith(createAnchor(SOURCE, KEY_LINE, { path: 'app/aws.py' }));
    const oldBelow = threadWith(createAnchor(SOURCE, BELOW, { path: 'app/aws.py' }));
    const request = { generatedAt: '2026-02-03T04:05:06.000Z', toolVersion: '0.1.0' };
    for (const format of ['markdown', 'sarif', 'json', 'csv'] as ExportFormat[]) {
      it(`never write a key from a note's code or context in ${format}`, () => {
        const { text, count } = exportReviewNotes([old, oldBelow], { ...request, format });
        assert.equal(count, 2);
        assert.ok(!text.includes(KEY), `${format} export holds the key:\n${text}`);
        if (format === 'markdown' || format === 'sarif') assert.match(text, /<redacted: AWS access key>/);
      });
    }
  });
});
