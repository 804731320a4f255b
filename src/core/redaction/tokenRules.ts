import type { Candidate, Detector } from './finding';
import { isFiller } from './placeholders';
import { looksRandom, wordCoverage } from './entropy';

/**
 * Credentials with a fixed, documented shape: a vendor prefix and a random body. Every pattern
 * starts with a literal prefix and uses bounded repetition, so a long minified line costs one
 * pass. The fences `(?<![…])` / `(?![…])` stop a match inside a longer token.
 */

interface TokenRule {
  kind: Candidate['kind'];
  pattern: RegExp;
  /** Length of the vendor prefix, so the filler check looks at the random part only. */
  prefixLength: (match: string) => number;
  label?: string;
}

const RULES: readonly TokenRule[] = [
  {
    kind: 'aws-access-key',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    prefixLength: () => 4,
  },
  {
    kind: 'github-token',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244})(?![A-Za-z0-9_])/g,
    prefixLength: (m) => (m.startsWith('github_pat_') ? 11 : 4),
  },
  {
    kind: 'gitlab-token',
    pattern: /(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glptt|glft|glsoat)-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/g,
    prefixLength: (m) => m.indexOf('-') + 1,
  },
  {
    kind: 'slack-token',
    pattern: /(?<![A-Za-z0-9])(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/g,
    prefixLength: () => 5,
  },
  {
    kind: 'stripe-key',
    pattern: /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247}(?![A-Za-z0-9])/g,
    prefixLength: (m) => m.indexOf('_', 3) + 1,
  },
  {
    kind: 'google-api-key',
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    prefixLength: () => 4,
  },
  {
    kind: 'npm-token',
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    prefixLength: () => 4,
  },
];

/** Obvious stand-ins inside the random part: "xoxb-xxxxxxxx…", "ghp_000000…". */
function isFillerBody(body: string): boolean {
  return isFiller(body) || /x{5,}|X{5,}|0{8,}/.test(body);
}

export const detectPrefixedTokens: Detector = (text, report) => {
  for (const rule of RULES) {
    for (const match of text.matchAll(rule.pattern)) {
      const value = match[0];
      if (isFillerBody(value.slice(rule.prefixLength(value)))) continue;
      if (rule.kind === 'slack-token' && !/[0-9]/.test(value)) continue;
      const start = match.index;
      report({ kind: rule.kind, start, end: start + value.length, confidence: 'high', label: rule.label });
    }
  }
};

/** `https://hooks.slack.com/services/T…/B…/…`: the path after the service is the secret. */
const SLACK_WEBHOOK = /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_/-]{8,200})/g;

export const detectSlackWebhooks: Detector = (text, report) => {
  for (const match of text.matchAll(SLACK_WEBHOOK)) {
    const secret = match[1].replace(/\/+$/, '');
    if (isFillerBody(secret.replace(/\//g, ''))) continue;
    const start = match.index + match[0].length - match[1].length;
    report({ kind: 'slack-webhook', start, end: start + secret.length, confidence: 'high' });
  }
};

/**
 * AWS secret access keys are 40 characters of base64 with no prefix, so one only counts when
 * "aws" or "secret" appears shortly before it on the same line (a key name, a CLI flag, a
 * credentials-file entry). Pure hex (git SHAs) never matches: a 40-character key that happens to
 * be all hex has under one chance in 10^13.
 */
const FORTY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const AWS_CONTEXT = /aws|secret/i;
const CONTEXT_WINDOW = 120;

export const detectAwsSecretKeys: Detector = (text, report) => {
  for (const match of text.matchAll(FORTY)) {
    const value = match[0];
    const start = match.index;
    if (/^[0-9a-fA-F]+$/.test(value)) continue;
    if (!/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/[0-9/+]/.test(value)) continue;
    if (isFillerBody(value) || wordCoverage(value) > 0.75) continue; // "credentials/onBehalfOfCredentialOptions" is a path
    const preceding = text.slice(Math.max(0, start - CONTEXT_WINDOW), start);
    const before = preceding.slice(preceding.lastIndexOf('\n') + 1);
    if (!AWS_CONTEXT.test(before)) continue;
    report({ kind: 'aws-secret-key', start, end: start + value.length, confidence: looksRandom(value) ? 'high' : 'medium' });
  }
};
