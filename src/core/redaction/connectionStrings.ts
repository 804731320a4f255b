import type { Detector } from './finding';
import { isPlaceholderValue } from './placeholders';

/**
 * URLs that carry a password: `postgres://user:pass@host/db`, `mongodb+srv://…`, `redis://:pass@…`,
 * `https://user:pass@host`. Only the password is masked, so the article still shows which
 * database and user the snippet talks to. URLs without `user:password@` are not findings.
 */
const SCHEME_BEFORE = /(?<![A-Za-z0-9+.-])(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|cockroachdb|clickhouse|jdbc:[a-z]+|s?ftp|smtps?|ldaps?|https?|wss?|nats|kafka|couchdb|neo4j(?:\+s)?|bolt)$/i;
const MAX_AUTHORITY = 512;
const MIN_PASSWORD = 3;
/** Hosts reserved for documentation (RFC 2606): `https://abc:xyz@example.com` is an example. */
const DOCUMENTATION_HOST = /^(?:[\w-]+\.)*example\.(?:com|org|net)(?::\d+)?$/i;
const DATABASE_SCHEMES = /^(?!https?$|wss?$|s?ftp$|smtps?$|ldaps?$)/i;
/** What may follow the `@` that ends the credentials: a host (or bracketed IPv6), a port, then a query or fragment. */
const HOST = /^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{0,5})?(?:[?#].*)?$/;

/**
 * Passwords often hold `#`, `@` or `?` without percent-encoding (`postgres://app:p@ss#1@db/shop`).
 * A strict URL parser would end the password at the first of them and leave the rest in clear,
 * so the credentials here run to the last `@` that is followed by a host; the password is
 * everything between the first `:` and that `@`.
 */
export const detectConnectionStrings: Detector = (text, report) => {
  let atSign = -1; // the first `@` at or after the current authority: one search serves every URL before it
  for (let mark = text.indexOf('://'); mark !== -1; mark = text.indexOf('://', mark + 3)) {
    const authorityStart = mark + 3;
    if (atSign < authorityStart) {
      const next = text.indexOf('@', authorityStart);
      atSign = next === -1 ? Infinity : next;
    }
    const authorityEnd = endOfAuthority(text, authorityStart);
    // Most URLs carry no credentials: without an `@` there is no password (hostAt finds none), checked first as it is cheap.
    if (atSign >= authorityEnd) continue;
    const scheme = SCHEME_BEFORE.exec(text.slice(Math.max(0, mark - 24), mark));
    if (!scheme) continue;
    const authority = text.slice(authorityStart, authorityEnd);
    const colon = authority.indexOf(':');
    if (colon === -1 || /[?#]/.test(authority.slice(0, colon))) continue; // a query, not a user name
    const at = hostAt(authority, colon);
    if (at === -1) continue;
    const password = authority.slice(colon + 1, at);
    if (/^[0-9]{0,5}[?#]/.test(password)) continue; // host:8443?next=a@b — a port, then a query
    if (password.length < MIN_PASSWORD || isPlaceholderValue(decodeSafely(password))) continue;
    if (DOCUMENTATION_HOST.test(authority.slice(at + 1).replace(/[?#].*$/, ''))) continue;
    const label = DATABASE_SCHEMES.test(scheme[1]) ? 'Password in connection string' : 'Password in URL';
    const start = authorityStart + colon + 1;
    report({ kind: 'connection-string', start, end: start + password.length, confidence: 'high', label });
  }
};

/** The `@` that ends the credentials: the last one after the colon followed by a host. */
function hostAt(authority: string, colon: number): number {
  for (let at = authority.lastIndexOf('@'); at > colon; at = authority.lastIndexOf('@', at - 1)) {
    if (HOST.test(authority.slice(at + 1))) return at;
  }
  return -1;
}

/**
 * The authority ends at the first `/`, whitespace, quote or bracket, within a bounded scan. `#`
 * and `?` do not end it here: they may be part of an unencoded password, and `HOST` tells.
 */
function endOfAuthority(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_AUTHORITY);
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    // / " ' ` < > ) , and whitespace
    if (c === 47 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c === 41 || c === 44 || c <= 32) return i;
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
