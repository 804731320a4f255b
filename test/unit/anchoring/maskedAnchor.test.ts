import { strict as assert } from 'node:assert';
import { createAnchor } from '../../../src/core/anchoring/createAnchor';
import { resolveAnchor } from '../../../src/core/anchoring/resolveAnchor';
import { textHash } from '../../../src/core/anchoring/textHash';
import type { Anchor } from '../../../src/core/model';

// Obviously fake keys of the shapes the redaction rules detect (as in test/unit/redaction.test.ts).
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const OTHER_KEY = 'AKIAZRDC644QYRW2YXL3';
const MARK = '<redacted: AWS access key>';

const SOURCE = [
  'import boto3',
  '',
  'def client():',
  `    key = "${KEY}"`,
  '    return boto3.client("s3", aws_access_key_id=key)',
  '',
  'def unrelated():',
  '    return 42',
  '',
].join('\n');

/**
 * An anchor as Lore stores it once masked: the secret replaced by its marker in the text and
 * the context, the hash still that of the original code. Built by hand so this test says what
 * anchoring must do with such anchors, whoever masks them.
 */
function masked(anchor: Anchor): Anchor {
  const hide = (text: string) => text.split(KEY).join(MARK).split(OTHER_KEY).join(MARK);
  return { ...anchor, text: hide(anchor.text), contextBefore: hide(anchor.contextBefore), contextAfter: hide(anchor.contextAfter) };
}

const keyLine = { startLine: 3, startCharacter: 0, endLine: 3, endCharacter: SOURCE.split('\n')[3].length };

describe('anchors whose code holds a masked secret', () => {
  const anchor = masked(createAnchor(SOURCE, keyLine, { path: 'app/aws.py' }));

  it('keeps no secret and the hash of the original line', () => {
    assert.ok(!JSON.stringify(anchor).includes(KEY));
    assert.equal(anchor.text, `    key = "${MARK}"`);
    assert.equal(anchor.hash, textHash(`    key = "${KEY}"`));
  });

  it('is found where it was, unchanged', () => {
    const result = resolveAnchor(anchor, SOURCE);
    assert.equal(result.state, 'attached');
    assert.deepEqual(result.range, keyLine);
    assert.equal(result.note, 'unchanged');
  });

  it('follows its line when lines are inserted above, as unchanged code', () => {
    const edited = `# a comment\n# and another\n${SOURCE}`;
    const result = resolveAnchor(anchor, edited);
    assert.equal(result.state, 'moved');
    assert.deepEqual(result.range, { ...keyLine, startLine: 5, endLine: 5 });
    assert.equal(result.note, 'moved 2 lines down', 'the masked key is not taken for an edit');
    assert.ok(result.confidence >= 0.9, `confidence ${result.confidence}`);
  });

  it('follows its line through the file at the anchor\'s commit', () => {
    const withCommit = masked(createAnchor(SOURCE, keyLine, { path: 'app/aws.py', commit: 'abc1234' }));
    const edited = SOURCE.replace('def client():', 'import os\n\n\ndef client():');
    const result = resolveAnchor(withCommit, edited, { oldText: SOURCE });
    assert.equal(result.state, 'moved');
    assert.deepEqual(result.range, { ...keyLine, startLine: 6, endLine: 6 });
    assert.equal(result.note, 'moved 3 lines down');
  });

  it('tells two lines that differ only in the secret apart by the hash of the original', () => {
    const two = SOURCE.replace(`    key = "${KEY}"`, `    key = "${OTHER_KEY}"\n    key = "${KEY}"`);
    const second = { startLine: 4, startCharacter: 0, endLine: 4, endCharacter: `    key = "${KEY}"`.length };
    const noted = masked(createAnchor(two, second, { path: 'app/aws.py' }));
    const edited = `# header\n\n\n${two}`;
    const result = resolveAnchor(noted, edited);
    assert.equal(result.state, 'moved');
    assert.deepEqual(result.range, { ...second, startLine: 7, endLine: 7 });
    assert.equal(result.text, `    key = "${KEY}"`);
  });

  it('follows a note below the secret, whose context holds it masked', () => {
    const below = { startLine: 4, startCharacter: 0, endLine: 4, endCharacter: SOURCE.split('\n')[4].length };
    const noted = masked(createAnchor(SOURCE, below, { path: 'app/aws.py' }));
    assert.ok(noted.contextBefore.includes(MARK));
    const result = resolveAnchor(noted, `# one\n${SOURCE}`);
    assert.equal(result.state, 'moved');
    assert.deepEqual(result.range, { ...below, startLine: 5, endLine: 5 });
    assert.equal(result.note, 'moved 1 line down');
  });

  it('still reads an edited secret as an edit', () => {
    const edited = `# one\n${SOURCE.replace(KEY, 'os.environ["AWS_KEY"]').replace(`"os.environ["AWS_KEY"]"`, 'os.environ["AWS_KEY"]')}`;
    const result = resolveAnchor(anchor, edited);
    assert.notEqual(result.note, 'moved 1 line down');
  });
});
