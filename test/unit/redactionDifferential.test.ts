import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus, minifiedLine, ordinaryCode, quadraticShapes } from '../../bench/redactionBench';
import { findSecrets, findSecretsExhaustive } from '../../src/core/redaction/findSecrets';
import type { SecretFinding } from '../../src/core/redaction';

/**
 * The shortcuts that make findSecrets fast (one shared keyword scan, one scan for every vendor
 * prefix, needle searches, cheap filters before parsing, skipping covered values) must never
 * change what it finds. findSecretsExhaustive computes the same findings without them; both run
 * on the texts the bench measures and on the unit tests' own examples.
 */
describe('redaction: the fast path finds exactly what the exhaustive path finds', () => {
  const corpus = loadCorpus();
  // Each trigger word of the keyword scan named as the secret, so dropping one from the scan shows.
  const triggerWords = ['pass', 'pw', 'pwd', 'secret', 'token', 'key', 'auth', 'credential', 'bearer', 'client', 'consumer', 'app_id', 'applicationId', 'aws_secret'];
  // `${w}_id` too: `consumer_id` and `client_id` are secret names in which that word is the only trigger.
  const probes = triggerWords.map((w) => `export MY_${w.toUpperCase()}=Zx8Qp2Lm7Rt4Vn9Wk3Hj6Bf1\n${w}: "Zx8Qp2Lm7Rt4Vn9Wk3Hj6Bf1"\n${w}_id = "Zx8Qp2Lm7Rt4Vn9Wk3Hj6Bf1"\n`).join('');
  const texts: { name: string; text: string }[] = [
    { name: 'every trigger word named as a secret', text: `${probes}Authorization: Bearer Zx8Qp2Lm7Rt4Vn9Wk3Hj6Bf1\n` },
    ...corpus.map((f) => ({ name: `fixture ${f.name}`, text: f.text })),
    { name: 'bench corpus (fixtures joined)', text: corpus.map((f) => f.text).join('\n') },
    // Every example secret and look-alike of the unit tests, in their own source text.
    { name: 'unit corpus (redaction.test.ts)', text: readFileSync(join(__dirname, 'redaction.test.ts'), 'utf8') },
    { name: 'bench ordinary code', text: ordinaryCode(400_000) },
    { name: 'bench minified line', text: minifiedLine(64 * 1024) },
    { name: "bench shapes that were quadratic (YAML without '=', long minified lines)", text: quadraticShapes(60_000) },
  ];

  const describeAll = (findings: SecretFinding[], text: string): string[] =>
    findings.map((f) => `${f.id} ${f.label} ${f.confidence} ${f.line}:${f.column} ${f.preview} ${JSON.stringify(text.slice(f.start, f.end).slice(0, 40))}`);

  for (const { name, text } of texts) {
    it(name, () => {
      assert.deepEqual(describeAll(findSecrets(text), text), describeAll(findSecretsExhaustive(text), text));
    });
  }

  it('the texts hold findings of every detector, so each shortcut is exercised', () => {
    const kinds = new Set(texts.flatMap(({ text }) => findSecrets(text).map((f) => f.kind)));
    for (const kind of ['private-key', 'aws-access-key', 'aws-secret-key', 'github-token', 'slack-webhook', 'api-token', 'jwt', 'connection-string', 'password-assignment', 'high-entropy']) {
      assert.ok(kinds.has(kind as SecretFinding['kind']), kind);
    }
  });
});
