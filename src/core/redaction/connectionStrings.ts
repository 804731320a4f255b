import type { Detector } from './finding';
import { isPlaceholderValue } from './placeholders';

/**
 * URLs that carry a password: `postgres://user:pass@host/db`, `mongodb+srv://…`, `redis://:pass@…`,
 * `https://user:pass@host`. Only the password is masked, so the article still shows which
 * database and user the snippet talks to. URLs without `user:password@` are not findings.
 */
const SCHEME = /(?<![A-Za-z0-9+.-])(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|cockroachdb|clickhouse|jdbc:[a-z]+|s?ftp|smtps?|ldaps?|https?|wss?|nats|kafka|couchdb|neo4j(?:\+s)?|bolt):\/\//gi;
const MAX_AUTHORITY = 512;
const MIN_PASSWORD = 3;
/** Hosts reserved for documentation (RFC 2606): `https://abc:xyz@example.com` is an example. */
const DOCUMENTATION_HOST = /^(?:[\w-]+\.)*example\.(?:com|org|net)(?::\d+)?$/i;
const DATABASE_SCHEMES = /^(?!https?$|wss?$|s?ftp$|smtps?$|ldaps?$)/i;

export const detectConnectionStrings: Detector = (text, report) => {
  for (const match of text.matchAll(SCHEME)) {
    const authorityStart = match.index + match[0].length;
    const authority = text.slice(authorityStart, endOfAuthority(text, authorityStart));
    const at = authority.lastIndexOf('@');
    const colon = authority.indexOf(':');
    if (at === -1 || colon === -1 || colon >= at) continue;
    const password = authority.slice(colon + 1, at);
    if (password.length < MIN_PASSWORD || isPlaceholderValue(decodeSafely(password))) continue;
    if (DOCUMENTATION_HOST.test(authority.slice(at + 1))) continue;
    const label = DATABASE_SCHEMES.test(match[1]) ? 'Password in connection string' : 'Password in URL';
    const start = authorityStart + colon + 1;
    report({ kind: 'connection-string', start, end: start + password.length, confidence: 'high', label });
  }
};

/** The authority ends at the first `/`, `?`, `#`, whitespace or quote, within a bounded scan. */
function endOfAuthority(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_AUTHORITY);
  for (let i = from; i < limit; i++) {
    const c = text[i];
    if (c === '/' || c === '?' || c === '#' || c === '"' || c === "'" || c === '`' || c === '<' || c === '>' || c === ')' || c === ',' || /\s/.test(c)) return i;
  }
  return limit;
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
