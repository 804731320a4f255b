import type { Candidate, Detector } from './finding';
import { isFiller } from './placeholders';
import { looksRandom, wordCoverage } from './entropy';
import { PROVIDER_RULES, type TokenRule } from './providerRules';
import { scanKeywords, type KeywordHits } from './keywords';

/**
 * Credentials with a fixed, documented shape: a vendor prefix and a random body (the rules are
 * in providerRules.ts). One scan finds every vendor prefix at the start of a word; each rule's
 * shape is then checked from there, and the finding covers the whole run of token characters
 * that follows, not just the documented length: `ghp_…` followed by more characters is masked to
 * its end, never cut where the documented shape stops.
 */

/** Obvious stand-ins inside the random part: "xoxb-xxxxxxxx…", "ghp_000000…". */
function isFillerBody(body: string): boolean {
  return isFiller(body) || /x{5,}|X{5,}|0{8,}/.test(body);
}

/** Characters a token is made of; `.` only between two of them (a sentence's full stop is not part of a key). */
const TOKEN_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-') TOKEN_CHAR[c.charCodeAt(0)] = 1;
/** Base64 bodies also carry `+`, `/` and `=` padding. */
const BASE64_CHAR = new Uint8Array(TOKEN_CHAR);
for (const c of '+/=') BASE64_CHAR[c.charCodeAt(0)] = 1;

/** End of the token run that starts at `from`. */
export function tokenRunEnd(text: string, from: number, base64 = false): number {
  const table = base64 ? BASE64_CHAR : TOKEN_CHAR;
  const limit = Math.min(text.length, from + 16_384);
  let i = from;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c < 128 && table[c] === 1) i++;
    else if ((c === 46 || c === 126) && i + 1 < limit && isIn(table, text.charCodeAt(i + 1))) i++; // internal . and ~
    else break;
  }
  return i;
}

function isIn(table: Uint8Array, c: number): boolean {
  return c < 128 && table[c] === 1;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The prefixes as a trie-shaped alternation, so the scan does not retry every prefix at every word. */
function trieSource(prefixes: readonly string[]): string {
  const byFirst = new Map<string, string[]>();
  let endsHere = false;
  for (const p of prefixes) {
    if (p === '') {
      endsHere = true;
      continue;
    }
    const rest = byFirst.get(p[0]) ?? [];
    rest.push(p.slice(1));
    byFirst.set(p[0], rest);
  }
  const alternatives = [...byFirst].map(([c, rest]) => escapeRegExp(c) + trieSource(rest));
  if (alternatives.length === 0) return '';
  if (alternatives.length === 1 && !endsHere) return alternatives[0];
  return `(?:${alternatives.join('|')})${endsHere ? '?' : ''}`;
}

const PREFIX_RULES = PROVIDER_RULES.filter((r) => r.prefixes.length > 0);
const INFIX_RULES = PROVIDER_RULES.filter((r) => r.infix !== undefined);
const PREFIXES = new Map<string, TokenRule[]>();
for (const rule of PREFIX_RULES) {
  for (const p of rule.prefixes) PREFIXES.set(p, [...(PREFIXES.get(p) ?? []), rule]);
}
const PREFIX_SCAN = new RegExp(`\\b${trieSource([...PREFIXES.keys()])}`, 'g');
/** The scan finds the longest prefix; its rules come first, then those of shorter prefixes it starts with (`sk-ant-`, then `sk-`). */
const RULES_AFTER = new Map<string, TokenRule[]>();
for (const found of PREFIXES.keys()) {
  const shorter = [...PREFIXES.keys()].filter((p) => found.startsWith(p)).sort((a, b) => b.length - a.length);
  RULES_AFTER.set(found, shorter.flatMap((p) => PREFIXES.get(p)!));
}

export const detectPrefixedTokens: Detector = (text, report) => {
  PREFIX_SCAN.lastIndex = 0;
  let match: RegExpExecArray | null;
  let skipTo = 0;
  while ((match = PREFIX_SCAN.exec(text)) !== null) {
    const start = match.index;
    if (start < skipTo) continue;
    const end = tryRules(text, start, RULES_AFTER.get(match[0])!, report);
    if (end) {
      skipTo = end;
      PREFIX_SCAN.lastIndex = end;
    }
  }
  for (const rule of INFIX_RULES) {
    const infix = rule.infix!;
    // A native search for a short, rare piece of the infix (`v1.` of `.atlasv1.`) is faster than one for the whole infix.
    const piece = infix.text.length > 4 ? infix.text.slice(-3) : infix.text;
    const back = infix.text.length - piece.length;
    for (let found = text.indexOf(piece, back); found !== -1; found = text.indexOf(piece, found + 1)) {
      const at = found - back;
      if (back > 0 && !text.startsWith(infix.text, at)) continue;
      const start = at - infix.offset;
      if (start < 0 || (start > 0 && isIn(TOKEN_CHAR, text.charCodeAt(start - 1)))) continue;
      tryRules(text, start, [rule], report);
    }
  }
};

/**
 * detectPrefixedTokens without its prefilters, for the differential test: at every word start,
 * every rule whose prefix the text starts with there (longest prefix first, as the scan orders
 * them) is tried, and every infix rule is tried at every token start. The same findings, far slower.
 */
export const detectPrefixedTokensExhaustive: Detector = (text, report) => {
  const byLength = [...PREFIXES.keys()].sort((a, b) => b.length - a.length);
  let skipTo = 0;
  for (let start = 0; start < text.length; start++) {
    if (start < skipTo || (start > 0 && isWordChar(text.charCodeAt(start - 1))) || !isWordChar(text.charCodeAt(start))) continue;
    const rules = byLength.filter((p) => text.startsWith(p, start)).flatMap((p) => PREFIXES.get(p)!);
    const end = tryRules(text, start, rules, report);
    if (end) skipTo = end;
  }
  for (const rule of INFIX_RULES) {
    for (let start = 0; start < text.length; start++) {
      if (start > 0 && isIn(TOKEN_CHAR, text.charCodeAt(start - 1))) continue;
      tryRules(text, start, [rule], report);
    }
  }
};

/** [A-Za-z0-9_], what `\b` counts as a word character. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Reports the first rule whose shape matches at `start`; returns the end of the finding. */
function tryRules(text: string, start: number, rules: readonly TokenRule[], report: Parameters<Detector>[1]): number | undefined {
  for (const rule of rules) {
    rule.shape.lastIndex = start;
    const shaped = rule.shape.exec(text);
    if (!shaped) continue;
    const end = Math.max(start + shaped[0].length, tokenRunEnd(text, start, rule.base64));
    const token = text.slice(start, end);
    const body = token.slice(rule.bodyFrom ?? prefixLength(token, rule));
    if (isFillerBody(body)) continue;
    if (rule.check && !rule.check(token)) continue;
    report({ kind: rule.kind, start, end, confidence: 'high', label: rule.label });
    return end;
  }
  return undefined;
}

function prefixLength(token: string, rule: TokenRule): number {
  let longest = 0;
  for (const p of rule.prefixes) if (p.length > longest && token.startsWith(p)) longest = p.length;
  return longest;
}

/**
 * Webhook URLs whose path is the credential: Slack, Discord, Microsoft Teams, Telegram bots.
 * Only the secret part of the path is masked, so the article still says which service it calls.
 */
const WEBHOOKS: readonly { pattern: RegExp; kind: Candidate['kind']; label?: string; needle: string; leads: readonly number[] }[] = [
  { pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_/-]{8,200})/y, kind: 'slack-webhook', needle: 'hooks.slack.com/', leads: [0] },
  { pattern: /discord(?:app)?\.com\/api\/webhooks\/[0-9]{8,20}\/([A-Za-z0-9_-]{40,100})/y, kind: 'api-token', label: 'Discord webhook token', needle: '.com/api/webhooks/', leads: ['discordapp'.length, 'discord'.length] },
  { pattern: /\.webhook\.office\.com\/webhookb2\/([A-Za-z0-9@/_-]{40,300})/y, kind: 'api-token', label: 'Microsoft Teams webhook URL', needle: '.webhook.office.com/webhookb2/', leads: [0] },
  { pattern: /api\.telegram\.org\/(?:file\/)?bot([0-9]{6,12}:[A-Za-z0-9_-]{30,40})/y, kind: 'api-token', label: 'Telegram bot token', needle: 'api.telegram.org/', leads: [0] },
];

/**
 * Every match of a pattern holds its `needle`, `leads` characters (one of them) after the match
 * starts, so the pattern is tried only there, at each occurrence of the needle (found by a native
 * search), rather than over the whole text: the same matches, in the same order.
 */
export const detectWebhookUrls: Detector = (text, report) => {
  const hook = text.indexOf('hook'); // in three of the needles: one search rules them out in most code
  for (const { pattern, kind, label, needle, leads } of WEBHOOKS) {
    const hookAt = needle.indexOf('hook');
    if (hookAt !== -1 && hook === -1) continue;
    let from = 0; // where the previous match ended: matches do not overlap
    const first = hookAt === -1 ? text.indexOf(needle) : text.indexOf(needle, Math.max(0, hook - hookAt));
    for (let at = first; at !== -1; at = text.indexOf(needle, Math.max(from, at + 1))) {
      const match = matchAt(pattern, text, at, leads, from);
      if (!match) continue;
      from = match.index + match[0].length;
      const secret = match[1].replace(/\/+$/, '');
      if (isFillerBody(secret.replace(/[/:]/g, ''))) continue;
      const start = match.index + match[0].length - match[1].length;
      report({ kind, start, end: start + secret.length, confidence: 'high', label });
    }
  }
};

/** detectWebhookUrls without the needle search: each pattern's own global search over the whole text. */
export const detectWebhookUrlsExhaustive: Detector = (text, report) => {
  for (const { pattern, kind, label } of WEBHOOKS) {
    for (const match of text.matchAll(new RegExp(pattern.source, 'g'))) {
      const secret = match[1].replace(/\/+$/, '');
      if (isFillerBody(secret.replace(/[/:]/g, ''))) continue;
      const start = match.index + match[0].length - match[1].length;
      report({ kind, start, end: start + secret.length, confidence: 'high', label });
    }
  }
};

/** The first match of sticky `pattern` starting `lead` characters before `at`, not before `from`. */
function matchAt(pattern: RegExp, text: string, at: number, leads: readonly number[], from: number): RegExpExecArray | null {
  for (const lead of leads) {
    if (at - lead < from) continue;
    pattern.lastIndex = at - lead;
    const match = pattern.exec(text);
    if (match) return match;
  }
  return null;
}

/**
 * AWS secret access keys are 40 characters of base64 with no prefix, so one only counts when
 * "aws" or "secret" appears shortly before it on the same line (a key name, a CLI flag, a
 * credentials-file entry). The scan starts from those words (found by keywords.ts), so text without them costs one
 * search. Pure hex (git SHAs) never matches: a 40-character key that happens to be all hex has
 * under one chance in 10^13.
 */
const FORTY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/y;
const CONTEXT_WINDOW = 120;

export const detectAwsSecretKeys = (text: string, report: Parameters<Detector>[1], hits: KeywordHits = scanKeywords(text)): void => {
  let scanned = 0;
  for (const context of hits.awsContexts) {
    // The window ends at the line's end or CONTEXT_WINDOW + 40 characters on, whichever comes
    // first; the newline is searched for only that far, or a long line made this quadratic.
    const windowEnd = lineEndWithin(text, context.index, Math.min(text.length, context.index + CONTEXT_WINDOW + 40));
    for (let i = Math.max(scanned, context.index + context.length); i + 40 <= windowEnd; i++) {
      if (!isBase64Char(text.charCodeAt(i)) || isBase64Char(text.charCodeAt(i - 1))) continue; // run starts only
      FORTY.lastIndex = i;
      if (!FORTY.test(text)) continue;
      const value = text.slice(i, i + 40);
      if (isAwsSecretShape(value)) report({ kind: 'aws-secret-key', start: i, end: i + 40, confidence: looksRandom(value) ? 'high' : 'medium' });
      i += 39;
    }
    scanned = Math.max(scanned, windowEnd - 39);
  }
};

/** The first newline in [from, limit), or `limit` when there is none. */
function lineEndWithin(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (text.charCodeAt(i) === 10) return i;
  return limit;
}

function isBase64Char(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47;
}

function isAwsSecretShape(value: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(value)) return false;
  if (!/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/[0-9/+]/.test(value)) return false;
  return !isFillerBody(value) && wordCoverage(value) <= 0.75; // "credentials/onBehalfOfCredentialOptions" is a path
}
