import type { Confidence, Covered, Detector } from './finding';
import { scanKeywords, type KeywordHits } from './keywords';
import { classifySecretName, nameWords, NAME_LABELS, type SecretNameKind } from './keyNames';
import { isPlaceholderValue } from './placeholders';
import { isSeparatedWords, looksRandom, wordCoverage } from './entropy';

/**
 * Secrets assigned to something named like one, across the languages people paste:
 *
 *   password = "hunter22"            JS/TS/Python/Java/Go/C#/Ruby/PHP (quoted)
 *   "apiKey": "…"  /  apiKey: '…'    JSON, JS objects, YAML
 *   SECRET_KEY: s3cr3t               YAML, .properties (unquoted, config-like line)
 *   export DB_PASSWORD=hunter22      .env, shell, Dockerfile ENV, docker -e
 *   Server=db;Password=hunter22;     ADO.NET-style connection strings, URL query strings
 *   <password>hunter22</password>    XML (Maven settings, app.config)
 *   setPassword("hunter22")          a setter called with a literal
 *   Authorization: Bearer abc…       HTTP headers (the scheme word stays visible)
 *   --password hunter22              command-line flags
 *
 * Only the value is reported. Unquoted values count only on config-like lines (the name
 * starts the line, or follows `export`, `ENV`, `-e`, `;`, `?`, `&`), because in code an unquoted
 * value is an expression (`password = getPassword()`, `token: tok`), not the secret itself.
 *
 * The scan looks for a few short trigger words and parses outward from each with bounded
 * loops, so a 1 MB minified line costs one pass plus constant work per trigger.
 */

/** The trigger words, found by keywords.ts: pass|pw|secret|token|key|auth|credential|bearer|client|consumer|app(?:lication)?_?id */
const MAX_NAME_BEFORE = 80;
const MAX_NAME_AFTER = 120;
const MAX_VALUE = 1000;
const MIN_PASSWORD_LENGTH = 4;
const MIN_QUOTED_PASSWORD_LENGTH = 3;
const MIN_OTHER_LENGTH = 8;

/** Names that end like a secret but are not: the shell's working directory. */
const NOT_SECRETS = new Set(['PWD', 'OLDPWD']);

interface ValueSpan {
  start: number;
  end: number;
  quoted: boolean;
  /** Handed to a call (`setPassword("…")`, `Setenv("TOKEN", "…")`) rather than assigned. */
  call?: boolean;
}

/**
 * `exhaustive` (findSecretsExhaustive) skips the cheap filters mayBeAssigned and valueMayFollow
 * and lets findValue decide every name: the same findings, far slower.
 */
export const detectAssignments = (
  text: string,
  report: Parameters<Detector>[1],
  covered: Covered = () => false,
  hits: KeywordHits = scanKeywords(text),
  exhaustive = false,
): void => {
  let scannedUpTo = -1;
  for (const at of hits.triggers) {
    if (at < scannedUpTo) continue;
    let nameStart = at;
    while (nameStart > 0 && isNameChar(text.charCodeAt(nameStart - 1)) && at - nameStart < MAX_NAME_BEFORE) nameStart--;
    let nameEnd = at;
    while (nameEnd < text.length && isNameChar(text.charCodeAt(nameEnd)) && nameEnd - at < MAX_NAME_AFTER) nameEnd++;
    scannedUpTo = nameEnd;
    if (nameStart > 0 && isNameChar(text.charCodeAt(nameStart - 1))) continue; // a 80+ character run is not a name
    if (!exhaustive && !mayBeAssigned(text, nameEnd)) {
      if (endsEntry(text, nameEnd)) reportPairedValue(text, nameStart, nameEnd, report, covered);
      continue; // e.key||…, t.token; — most triggers in code end here, cheaply
    }
    let trimmedStart = nameStart;
    while (trimmedStart < nameEnd && (text[trimmedStart] === '.' || text[trimmedStart] === '-')) trimmedStart++;
    let trimmedEnd = nameEnd;
    while (trimmedEnd > trimmedStart && (text[trimmedEnd - 1] === '.' || text[trimmedEnd - 1] === '-')) trimmedEnd--;
    if (!isNameStart(text.charCodeAt(trimmedStart))) continue; // names do not start with a digit: "5qmPw" is data
    const name = text.slice(trimmedStart, trimmedEnd);

    if (name.length === 6 && name.toLowerCase() === 'bearer') {
      reportBearer(text, trimmedEnd, report);
      continue;
    }
    const isFlag = nameEnd - nameStart >= 2 && text.charCodeAt(nameStart) === 45 && text.charCodeAt(nameStart + 1) === 45; // --name
    if (!exhaustive && !isFlag && !valueMayFollow(text, trimmedStart, trimmedEnd)) {
      if (endsEntry(text, nameEnd)) reportPairedValue(text, nameStart, nameEnd, report, covered);
      continue; // n.password=r, {apiKey:e}: an expression in code, decided before the name is even read
    }
    const kind = classifySecretName(name);
    if (!kind || NOT_SECRETS.has(name)) continue;
    const value = findValue(text, trimmedStart, trimmedEnd, isFlag || (kind === 'authorization' && AUTH_SCHEME.test(afterOperator(text, trimmedEnd))));
    if (value) reportValue(text, value, kind, report, covered);
    else if (endsEntry(text, nameEnd)) reportPairedValue(text, nameStart, nameEnd, report, covered);
  }
};

/**
 * Cheap superset of what findValue accepts, checked before the name is classified: a quoted
 * value, a call, an XML element, or an unquoted value where config-like lines allow one (the
 * name starts its line or follows `export`/`ENV`/`-`/`;`/`?`/`&`/`:`), an HTTP header, or a
 * type annotation followed by `=`.
 */
function valueMayFollow(text: string, nameStart: number, nameEnd: number): boolean {
  let j = nameEnd;
  if (text[j] === '\\') j++;
  if (isQuote(text[j])) j++;
  if (text[j] === ']') j++;
  while (text[j] === ' ' || text[j] === '\t') j++;
  const c = text[j];
  if (c === '(' || c === ',' || c === '>') return true;
  let k = j;
  while (k < j + 3 && (text[k] === '=' || text[k] === ':' || text[k] === '!' || text[k] === '?' || text[k] === '|' || text[k] === '>')) k++;
  while (text[k] === ' ' || text[k] === '\t') k++;
  if (isQuoteStart(text, k)) return true;
  if (mayBeConfigPosition(text, nameStart)) return true;
  if ((text.charCodeAt(nameEnd - 1) | 0x20) === 0x6e && /authorization$/i.test(text.slice(nameEnd - 13, nameEnd))) return true; // …n first: cheap
  if (text[j] === ':' && isAnnotationStart(text, k)) return true;
  return false;
}

/** `password: str = "…"`: an identifier, then `=` before the statement ends. */
function isAnnotationStart(text: string, from: number): boolean {
  const limit = Math.min(text.length, from + 48);
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) return text.charCodeAt(i + 1) !== 61; // =, not ==
    // \n ; { } ) " '
    if (c === 10 || c === 59 || c === 123 || c === 125 || c === 41 || c === 34 || c === 39) return false;
  }
  return false;
}

const CONFIG_WORDS = new Set(['export', 'env', 'arg', 'set', 'setx', '-e', '--env']);

/** Looking back from the name over blanks: a line start, `-`, `;`, `?`, `&`, `:`, `<`, a quote, or export/ENV/set. */
function mayBeConfigPosition(text: string, nameStart: number): boolean {
  let i = nameStart - 1;
  if (isQuote(text[i]) || text[i] === '<') return true;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < 0) return true;
  const c = text[i];
  if (c === '\n' || c === '\r' || c === '-' || c === ';' || c === '?' || c === '&' || c === ':') return true;
  let w = i;
  while (w >= 0 && i - w < 8 && isWordOrDash(text.charCodeAt(w))) w--;
  const length = i - w;
  return length >= 2 && length <= 6 && CONFIG_WORDS.has(text.slice(w + 1, i + 1).toLowerCase()); // -e … export
}

/** After a name: an optional quote and comma, then the end of the line (`name: DB_PASSWORD`, `"Name": "api-key",`). */
function endsEntry(text: string, nameEnd: number): boolean {
  let i = nameEnd;
  if (isQuote(text[i])) i++;
  if (text[i] === ',') i++;
  return text[i] === '\n' || text[i] === '\r' || i >= text.length;
}

/** A `name`/`key` entry whose value names the secret, on the line before its `value`. */
const PAIR_NAME = /(?:^|[\s{,"'-])(?:name|Name|NAME|key|Key|ParameterKey|parameter_name|secretName|secret_name)["']?[ \t]*[:=][ \t]*["']?[\w./:-]*$/;
const PAIR_VALUE = /^[ \t]*-?[ \t]*["']?(?:value|Value|VALUE|default|ParameterValue|secret_string|secretValue|stringData)["']?[ \t]*[:=][ \t]*/;

/**
 * Secrets given as a name/value pair rather than an assignment: Kubernetes and ECS env lists
 * (`- name: DB_PASSWORD` / `  value: hunter22`), Terraform SSM parameters (`name = "/app/api-key"`
 * / `value = "…"`), CloudFormation parameters. The value may sit on one of the next three lines.
 */
function reportPairedValue(text: string, nameStart: number, nameEnd: number, report: Parameters<Detector>[1], covered: Covered): void {
  const lineStart = text.lastIndexOf('\n', nameStart - 1) + 1;
  if (nameStart - lineStart > 120 || !PAIR_NAME.test(text.slice(lineStart, nameStart))) return;
  const kind = classifySecretName(text.slice(nameStart, nameEnd).replace(/^[.-]+|[.-]+$/g, ''));
  if (!kind || kind === 'client-id' || kind === 'bare-key') return;
  let at = text.indexOf('\n', nameEnd);
  for (let line = 0; line < 3 && at !== -1; line++) {
    const next = text.indexOf('\n', at + 1);
    const lineText = text.slice(at + 1, next === -1 ? text.length : next);
    const head = PAIR_VALUE.exec(lineText);
    if (head) {
      const from = at + 1 + head[0].length;
      const span = isQuoteStart(text, from) ? quotedValue(text, from) : bareValue(text, from);
      if (span) reportValue(text, span, kind, report, covered);
      return;
    }
    if (/^[ \t]*-[ \t]/.test(lineText) || /\b(?:name|Name)["']?[ \t]*[:=]/.test(lineText)) return; // the next entry
    at = next;
  }
}

/** Cheap filter: what follows the name could start an assignment, a call, a pair or an XML value. */
function mayBeAssigned(text: string, nameEnd: number): boolean {
  const first = text.charCodeAt(nameEnd);
  if (first === 32 || first === 9) return true; // blank: an operator may follow, or a flag / ENV value
  let i = nameEnd;
  let c = first;
  if (c === 92) c = text.charCodeAt(++i); // \
  if (c === 34 || c === 39 || c === 96) c = text.charCodeAt(++i); // a quote
  if (c === 93) c = text.charCodeAt(++i); // ]
  while (c === 32 || c === 9) c = text.charCodeAt(++i);
  // = : ( , > ! ? |
  return c === 61 || c === 58 || c === 40 || c === 44 || c === 62 || c === 33 || c === 63 || c === 124;
}

function reportValue(text: string, span: ValueSpan, kind: SecretNameKind, report: Parameters<Detector>[1], covered: Covered): void {
  let { start, end } = span;
  if (kind === 'authorization') {
    // Keep the scheme readable: "Authorization: Bearer <redacted: Authorization token>".
    const scheme = AUTH_SCHEME.exec(text.slice(start, start + 20));
    if (scheme) {
      start += scheme[0].length;
      if (!span.quoted) end = bareEnd(text, start);
    }
  }
  if (covered(start, end)) return; // a token or URL finding already masks it
  const value = text.slice(start, end);
  if (!isPlausibleValue(value, kind, span.call === true, span.quoted)) return;
  let confidence: Confidence = span.quoted ? 'high' : 'medium';
  if (/\s/.test(value)) confidence = 'low';
  if (kind === 'client-id') {
    // An id is a secret when it looks random or belongs to the credentials next to it.
    const random = looksRandom(value);
    report({ kind: 'password-assignment', start, end, confidence: random ? 'medium' : 'low', label: NAME_LABELS[kind], companion: !random });
    return;
  }
  report({ kind: 'password-assignment', start, end, confidence, label: NAME_LABELS[kind] });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Values of `key` and `client_id` must look generated: long, letters and digits mixed, not a
 * UUID, hostname, dotted name or word. `key: "user-settings"`, `key={item.id}`, `user_id = 42`,
 * `client_id = "web-frontend"` stay as written.
 */
function isGeneratedValue(value: string, kind: 'client-id' | 'bare-key'): boolean {
  if (value.length < (kind === 'bare-key' ? 16 : 10) || /\s/.test(value)) return false;
  if (UUID.test(value) || /^[0-9]+$/.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (/\.(?:com|net|org|io|dev|local|internal)\b/i.test(value) || /[:/\\@]/.test(value)) return false;
  if (/^[0-9a-f]+$/i.test(value)) return kind === 'client-id' || value.length >= 32;
  if (looksRandom(value)) return true;
  if (kind !== 'client-id' || !/^[A-Za-z0-9._-]+$/.test(value) || isSeparatedWords(value)) return false;
  // Iv1.8a61f9b3a7aba766, 0oa1b2c3d4e5f6g7h8i9: one long part that is hex or random.
  return value.split(/[._-]/).some((part) => part.length >= 12 && (/^[0-9a-f]+$/i.test(part) || looksRandom(part) || wordCoverage(part) < 0.3));
}

const AUTH_SCHEME = /^(?:Bearer|Basic|Token|token|Bot|Digest|ApiKey|SSWS)[ \t]+/;

/** A few characters after `name:` / `name=`, for checking what kind of value follows. */
function afterOperator(text: string, nameEnd: number): string {
  const head = /^["']?[ \t]*[:=][ \t]*/.exec(text.slice(nameEnd, nameEnd + 24));
  return head ? text.slice(nameEnd + head[0].length, nameEnd + head[0].length + 24) : '';
}

function isPlausibleValue(value: string, kind: SecretNameKind, call: boolean, quoted: boolean): boolean {
  if (kind === 'client-id' || kind === 'bare-key') return !call && !isPlaceholderValue(value) && isGeneratedValue(value, kind);
  // A quoted password is a literal however short ("a.b"); an unquoted one that short is more often syntax.
  const minLength = kind === 'password' ? (quoted && !call ? MIN_QUOTED_PASSWORD_LENGTH : MIN_PASSWORD_LENGTH) : MIN_OTHER_LENGTH;
  if (value.length < minLength) return false;
  if (value.length < MIN_PASSWORD_LENGTH && (!/[A-Za-z0-9]/.test(value) || new Set(value).size === 1)) return false; // "...", "aaa"
  if (isPlaceholderValue(value)) return false;
  // A name, not a value: REFRESH_TOKEN: "RefreshToken", STORAGE_KEY = "auth_token".
  if (/^[A-Za-z_][\w.-]*$/.test(value) && /pass|pwd|secret|token|key|auth|credential/i.test(value)) return false;
  // Tokens and keys are generated, so they have a digit or a symbol; "ui_not_allowed" is a word.
  if (kind !== 'password' && (/^[A-Za-z_.-]+$/.test(value) || /^(?:0x[0-9a-f]+|[0-9]+)$/i.test(value))) return false;
  // Paths and URLs: "/oauth2/v2.0/token" (passwords inside URLs are found by connectionStrings.ts).
  const first = value.charCodeAt(0);
  if (((first === 47 || first === 46 || first === 126) && /^(?:\/|\.{1,2}\/|~\/)/.test(value)) || value.includes('://')) return false; // / . ~ first: cheap
  // Selectors and code that mention the word: "[type=password]".
  if (/[[\]=(){}<>]/.test(value) && /pass|pwd|secret|token|key/i.test(value)) return false;
  // A call argument that is a plain word or a sentence is a label: t.pass('saturated'), scrypt('password', 'salt').
  if (call && (/^[a-z]+$/.test(value) || /\s/.test(value))) return false;
  if (/\s/.test(value)) {
    if (kind !== 'password') return false; // tokens and keys never contain spaces; passphrases may
    // Prose next to a secret-sounding name is a UI label or a message, not a secret.
    if (/[.?!:…]$/.test(value) || /pass|secret|token|key/i.test(value) || value.split(/\s+/).length > 6) return false;
  }
  return true;
}

/** `Bearer abc123…` anywhere: the token after the scheme. */
function reportBearer(text: string, from: number, report: Parameters<Detector>[1]): void {
  const tail = /^[ \t]+([A-Za-z0-9._~+/-]{16,2000}=*)/.exec(text.slice(from, from + 2100));
  if (!tail) return;
  const value = tail[1];
  if (isPlaceholderValue(value) || /^[A-Za-z_.-]+=*$/.test(value)) return; // "Bearer authorization_uri=…" is prose
  const start = from + tail[0].length - value.length;
  report({ kind: 'password-assignment', start, end: start + value.length, confidence: 'medium', label: 'Bearer token' });
}

/** Finds the value assigned to the name at [nameStart, nameEnd), or undefined if it is not an assignment. */
/** `unquotedAllowed`: a CLI flag or an HTTP header, where values are written without quotes anywhere. */
function findValue(text: string, nameStart: number, nameEnd: number, unquotedAllowed: boolean): ValueSpan | undefined {
  const before = text[nameStart - 1];
  let j = nameEnd;

  // <password>value</password>
  if (before === '<' && text[j] === '>') {
    const close = indexWithin(text, '</', j + 1, 256);
    if (close === -1 || text.slice(j + 1, close).includes('\n')) return undefined;
    return trimSpan(text, j + 1, close, false);
  }

  // Closing quote / bracket of a quoted name: "password": …, config['token'] = …, \"key\":
  let quotedName = false;
  if (text[j] === '\\' && isQuote(text[j + 1])) j++;
  if (isQuote(text[j]) && (before === text[j] || text[nameStart - 2] === '\\')) {
    quotedName = true;
    j++;
  }
  if (text[j] === ']') j++;
  j = skipBlanks(text, j);

  const operator = readOperator(text, j);
  const position = unquotedAllowed ? 'flag' : configPosition(text, nameStart);
  let configLike = position !== undefined;
  if (!operator) {
    if (text[j] === '(' && isSetterName(text, nameStart, nameEnd)) return asCall(quotedValue(text, skipBlanks(text, j + 1))); // setPassword("…")
    if (quotedName && text[j] === ',' && isFirstArgument(text, nameStart)) return asCall(quotedValue(text, skipBlanks(text, j + 1))); // Setenv("TOKEN", "…")
    if (unquotedAllowed && j > nameEnd) return bareValue(text, j); // --password hunter22
    if (configLike && j > nameEnd && /^[ \t]*(?:ENV|set)[ \t]/i.test(lineHead(text, nameStart) ?? '')) return bareValue(text, j); // ENV PASSWORD value
    return undefined;
  }
  j = skipBlanks(text, j + operator.length);
  if (operator === ':') {
    const equals = indexWithin(text, '=', j, 64); // bounded: a search to the next `=` anywhere made YAML without one quadratic
    const annotation = equals !== -1 && isNameStart(text.charCodeAt(j)) ? ANNOTATION.exec(text.slice(j, j + 64)) : null; // password: str = "…"
    if (annotation && isQuoteStart(text, j + annotation[0].length)) {
      j += annotation[0].length;
      configLike = false;
    }
  }
  if (isQuoteStart(text, j)) return quotedValue(text, j);
  if (operator !== '=' && operator !== ':' && operator !== ':=') return undefined;
  if (!configLike) return undefined;
  const value = bareValue(text, j, position === 'param');
  // `token: tok,` on its own line is a JavaScript object, not YAML: the value is an expression.
  if (value && position === 'line' && /^[ \t]*,/.test(text.slice(value.end, value.end + 8))) return undefined;
  if (value && position === 'line' && /^[A-Za-z_$][\w$]*$/.test(text.slice(value.start, value.end)) && text[value.end] === ';') return undefined;
  // `password = form.data` in Python or Ruby: code style (a lower-case name, blanks around `=`) makes a dotted name a reference.
  if (value && operator === '=' && /[a-z]/.test(text.slice(nameStart, nameEnd)) && (text[nameEnd] === ' ' || text[nameEnd] === '\t') && IDENTIFIER_CHAIN.test(text.slice(value.start, value.end))) return undefined;
  return value;
}

const ANNOTATION = /^[A-Za-z_][\w.[\]|, ]{0,40}?\s*=(?!=)[ \t]*/;

function asCall(span: ValueSpan | undefined): ValueSpan | undefined {
  return span && { ...span, call: true };
}

/** `setPassword(`, `withToken(`, `.password(`: a call that hands over the secret. Not `getToken(` or `new Token(`. */
function isSetterName(text: string, nameStart: number, nameEnd: number): boolean {
  if (/new[ \t]+$/.test(text.slice(Math.max(0, nameStart - 8), nameStart))) return false;
  const name = text.slice(nameStart, nameEnd);
  const lastSegment = name.slice(name.lastIndexOf('.') + 1);
  const words = nameWords(lastSegment);
  return ['set', 'with', 'put', 'use', 'add'].includes(words[0] ?? '') || words.length === 1;
}

/** A quoted name that opens an argument list: `Setenv("API_TOKEN", …)`, `headers.set('X-Api-Key', …)`. */
function isFirstArgument(text: string, nameStart: number): boolean {
  let i = nameStart - 2; // before the opening quote
  while (i >= 0 && nameStart - i < 16 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === '(';
}

const OPERATORS = [':=', '=>', '===', '!==', '==', '!=', '?=', '||=', '??=', '=', ':'];

function readOperator(text: string, at: number): string | undefined {
  const c = text[at];
  if (c !== ':' && c !== '=' && c !== '!' && c !== '?' && c !== '|') return undefined; // how every operator starts
  for (const op of OPERATORS) {
    if (text.startsWith(op, at)) {
      if (op === ':' && text[at + 1] === ':') return undefined; // Password::new
      return op;
    }
  }
  return undefined;
}

/** A quote, optionally after a string prefix (r"", b'', f"", @"") or a backslash (escaped JSON). */
function isQuoteStart(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 34 || c === 39 || c === 96) return true; // " ' `
  if (!STRING_PREFIX.has(c)) return false;
  const next = text.charCodeAt(at + 1);
  return next === 34 || next === 39 || next === 96;
}

/** \\ r R b B u U f F @, by character code. */
const STRING_PREFIX = new Set([...'\\rRbBuUfF@'].map((c) => c.charCodeAt(0)));

function quotedValue(text: string, at: number): ValueSpan | undefined {
  let i = at;
  let escaped = false;
  if (!isQuote(text[i])) {
    if (text[i] === '\\' && isQuote(text[i + 1])) escaped = true;
    i++;
  }
  if (!isQuote(text[i])) return undefined;
  const quote = text[i];
  const start = i + 1;
  const limit = Math.min(text.length, start + MAX_VALUE);
  for (let k = start; k < limit; k++) {
    const c = text[k];
    if (c === '\n') return undefined;
    if (c === '\\') {
      if (escaped && text[k + 1] === quote) return { start, end: k, quoted: true };
      k++;
      continue;
    }
    if (c === quote && !escaped) return { start, end: k, quoted: true };
  }
  return undefined;
}

/**
 * Where an unquoted value ends. On its own line (.env, YAML, a flag) only blanks, quotes, `,`
 * and `;` end it, so `DB_PASSWORD=Tr0ub4dor&3x` is masked whole; after `;`, `?` or `&` it is a
 * parameter (`?token=abc&page=2`, `Password=abc;`) and brackets and `&` end it too.
 */
const LINE_STOP = new Uint8Array(128);
for (const c of ' \t\r\n"\'`,;') LINE_STOP[c.charCodeAt(0)] = 1;
const PARAM_STOP = new Uint8Array(LINE_STOP);
for (const c of ')}]&<>') PARAM_STOP[c.charCodeAt(0)] = 1;

function bareValue(text: string, at: number, inParameter = false): ValueSpan | undefined {
  const end = bareEnd(text, at, inParameter);
  if (end === at) return undefined;
  if (!looksLikeLiteral(text.slice(at, end))) return undefined;
  return { start: at, end, quoted: false };
}

function bareEnd(text: string, at: number, inParameter = false): number {
  const stop = inParameter ? PARAM_STOP : LINE_STOP;
  const limit = Math.min(text.length, at + MAX_VALUE);
  let end = at;
  while (end < limit) {
    const c = text.charCodeAt(end);
    if (c < 128 && stop[c] === 1) break;
    end++;
  }
  return end;
}

const LITERAL_KEYWORDS = /^(?:null|none|nil|undefined|true|false|yes|no|on|off|this|self|new|await|function|lambda|required|optional|str|string|int|bool|\|[-+]?|>[-+]?)$/i;
/** `undefined`: longer values need not be tried against LITERAL_KEYWORDS. */
const LONGEST_LITERAL_KEYWORD = 9;

/** Where a dotted reference usually starts: `var.db_password`, `config.db.password`, `settings.SECRET_KEY`. */
const REFERENCE_ROOTS = new Set([
  'var', 'local', 'locals', 'module', 'data', 'config', 'conf', 'cfg', 'configuration', 'settings', 'process',
  'env', 'environ', 'self', 'this', 'os', 'app', 'options', 'opts', 'props', 'secrets', 'vault', 'params',
  'values', 'ctx', 'context', 'args', 'argv', 'input', 'inputs', 'vars', 'credentials', 'creds', 'auth', 'req',
  'request', 'properties', 'spring', 'system', 'global', 'window', 'import', 'steps', 'needs', 'github', 'matrix',
]);

/**
 * Rules out unquoted values that are references or syntax rather than a secret. A leading
 * symbol alone does not: `%Tr0ub4dor`, `!Pa55word`, `@dm1n-2024`, `*Sup3r*`, `~H0me-Run` are
 * passwords; `*db_password` (a YAML alias), `&defaults`, `!Ref DbPassword`, `@Value` are not.
 * A dotted value is a reference only when it reads like one (`config.db.password`,
 * `var.db_password`, `a?.b`); `hunter.two` and `Summer.2024` are passwords.
 */
function looksLikeLiteral(value: string): boolean {
  if (value.length <= LONGEST_LITERAL_KEYWORD && LITERAL_KEYWORDS.test(value)) return false;
  if (/[([{]/.test(value)) return false;
  if (value.startsWith('$')) return false;
  if (/^[@&*!%~]/.test(value) && /^[@&*!%~][A-Za-z_][A-Za-z_.-]*$/.test(value)) return false; // an alias, tag or variable
  if (value === '~') return false;
  if (isDottedReference(value)) return false;
  if (/pass|pwd|secret|token|key/i.test(value) && /^[A-Za-z_][\w.-]*$/.test(value)) return false; // DB_PASSWORD (a variable name)
  return true;
}

const IDENTIFIER_CHAIN = /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+$/;

function isDottedReference(value: string): boolean {
  if (!value.includes('.') || !IDENTIFIER_CHAIN.test(value)) return false; // a chain has a dot: most values skip the pattern
  if (value.includes('?.')) return true;
  const parts = value.split('.');
  if (REFERENCE_ROOTS.has(parts[0].toLowerCase())) return true;
  if (classifySecretName(parts[parts.length - 1]) !== undefined) return true; // foo.db_password
  return parts.length >= 3 && parts.every((p) => /^[a-z_][a-z0-9_]*$/.test(p) || /^[A-Z_][A-Z0-9_]*$/.test(p)); // a.b.c in one case style
}

/**
 * Where a name sits when unquoted values may follow it: `line` when it starts its line (after
 * indentation, `export`, `ENV`, `set`, `- `, `-e`), `param` after `;`, `?` or `&` (connection
 * strings, query strings); undefined in the middle of code.
 */
function configPosition(text: string, nameStart: number): 'line' | 'param' | undefined {
  if (startsIndentedLine(text, nameStart)) return 'line'; // what the patterns below would say, without slicing the line
  const head = lineHead(text, nameStart);
  if (head === undefined) return undefined;
  if (/^[ \t]*(?:(?:export|ENV|ARG|set|setx|-e|--env|-)[ \t]+)*$/i.test(head)) return 'line';
  if (/[;?&][ \t]*$/.test(head)) return 'param';
  if (head.endsWith(':') && text[nameStart] === '_') return 'param'; // .npmrc: //registry.npmjs.org/:_authToken=…
  return undefined;
}

/** Only blanks before `at` on its line, and the line starts within lineHead's reach (40 characters). */
function startsIndentedLine(text: string, at: number): boolean {
  const from = Math.max(0, at - 40);
  let i = at - 1;
  while (i >= from && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i < from ? from === 0 : text.charCodeAt(i) === 10;
}

/** Text between the start of the line and `at`, if the line start is near; undefined otherwise. */
function lineHead(text: string, at: number): string | undefined {
  const from = Math.max(0, at - 40);
  const slice = text.slice(from, at);
  const newline = slice.lastIndexOf('\n');
  if (newline !== -1) return slice.slice(newline + 1);
  if (from === 0) return slice;
  const boundary = Math.max(slice.lastIndexOf(';'), slice.lastIndexOf('?'), slice.lastIndexOf('&'), slice.lastIndexOf(':'));
  return boundary === -1 ? undefined : slice.slice(boundary);
}

function trimSpan(text: string, start: number, end: number, quoted: boolean): ValueSpan | undefined {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end, quoted } : undefined;
}

function indexWithin(text: string, needle: string, from: number, maxDistance: number): number {
  const found = text.slice(from, from + maxDistance).indexOf(needle);
  return found === -1 ? -1 : from + found;
}

function skipBlanks(text: string, at: number): number {
  let i = at;
  while (i < text.length && i - at < 16 && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'" || c === '`';
}

/** [A-Za-z-] */
function isWordOrDash(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** [A-Za-z0-9_.-] by character code: the name walks read every character of a name. */
const NAME_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-') NAME_CHAR[c.charCodeAt(0)] = 1;

function isNameChar(c: number): boolean {
  return c < 128 && NAME_CHAR[c] === 1;
}
