import assert from 'node:assert/strict';
import { scanKeywords } from '../../src/core/redaction/keywords';

/** What each detector's own global search returned before the shared scan. */
function separateSearches(text: string): { triggers: number[]; awsContexts: { index: number; length: number }[] } {
  const triggers = [...text.matchAll(/pass|pw|secret|token|key|auth|credential|bearer|client|consumer|app(?:lication)?_?id/gi)].map((m) => m.index);
  const awsContexts = [...text.matchAll(/aws|secret/gi)].map((m) => ({ index: m.index, length: m[0].length }));
  return { triggers, awsContexts };
}

describe('redaction: one keyword scan shared by the detectors', () => {
  const texts = [
    'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'awsecret awsSecret AWSSECRET secretoken passwordpw pwpass',
    'application_id applicationid app_id appid applicationXid app_idid apppass',
    'ClientSecretKey credentialsBearerToken consumer_key auth_token',
    'Kelvin \u212Aey and long \u017Fecret are not ASCII letters',
    `${'x'.repeat(130)}passwordsecretkeytoken = "hunter22"`,
    '',
  ];
  for (const text of texts) {
    it(`finds the same words as each detector's own search: ${JSON.stringify(text.slice(0, 40))}`, () => {
      assert.deepEqual(scanKeywords(text), separateSearches(text));
    });
  }
});
