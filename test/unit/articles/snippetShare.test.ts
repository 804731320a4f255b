import { strict as assert } from 'node:assert';
import { draftSnippets, maskSnippet, proposeTitle } from '../../../src/core/articles/snippetShare';

const SOURCE = [
  'import boto3',
  'DEBUG = True',
  '',
  'def client():',
  '    key = "AKIAIOSFODNN7EXAMPLE"',
  '    return boto3.client("s3", aws_access_key_id=key)',
  '',
  'def unrelated():',
  '    return 42',
].join('\n');

describe('Sharing a selection as a snippet', () => {
  const request = {
    documentText: SOURCE,
    path: 'app/aws.py',
    language: 'python',
    selections: [{ startLine: 3, startCharacter: 0, endLine: 5, endCharacter: 52 }],
    commit: 'abc1234',
    symbolPaths: ['client'],
  };

  it('captures code, file, lines and commit, and finds the AWS key in it', () => {
    const [draft] = draftSnippets(request);
    assert.match(draft.code, /^def client\(\):/);
    assert.equal(draft.anchor.path, 'app/aws.py');
    assert.equal(draft.anchor.range.startLine, 3);
    assert.equal(draft.anchor.commit, 'abc1234');
    assert.equal(draft.anchor.symbolPath, 'client');
    assert.deepEqual(draft.findings.map((f) => f.kind), ['aws-access-key']);
  });

  it('masks accepted secrets in the code and in every copy kept for anchoring', () => {
    const [draft] = draftSnippets(request);
    const masked = maskSnippet(draft, new Set(draft.findings.map((f) => f.id)));
    assert.doesNotMatch(JSON.stringify(masked), /AKIAIOSFODNN7EXAMPLE/);
    assert.match(masked.code, /key = "<redacted: AWS access key>"/);
    assert.equal(masked.anchor.hash, draft.anchor.hash, 'the anchor still recognises the original code');
  });

  it('keeps a finding the user unticked (a false positive) as written', () => {
    const [draft] = draftSnippets(request);
    assert.match(maskSnippet(draft, new Set()).code, /AKIAIOSFODNN7EXAMPLE/);
  });

  it('masks secrets in the context lines around a selection, which the user never saw', () => {
    const [draft] = draftSnippets({ ...request, selections: [{ startLine: 5, startCharacter: 0, endLine: 5, endCharacter: 10 }] });
    assert.deepEqual(draft.findings, []);
    assert.match(draft.anchor.contextBefore, /AKIA/);
    assert.doesNotMatch(JSON.stringify(maskSnippet(draft, new Set())), /AKIAIOSFODNN7EXAMPLE/);
  });

  it('makes one snippet per non-empty selection and proposes a title', () => {
    const drafts = draftSnippets({ ...request, selections: [request.selections[0], { startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 0 }, { startLine: 7, startCharacter: 0, endLine: 8, endCharacter: 13 }], symbolPaths: ['client', undefined, 'unrelated'] });
    assert.equal(drafts.length, 2);
    assert.equal(proposeTitle(request), 'client (aws.py)');
    assert.equal(proposeTitle({ path: 'a/b.ts', selections: [{ startLine: 9, startCharacter: 0, endLine: 9, endCharacter: 1 }] }), 'b.ts, line 10');
  });
});
