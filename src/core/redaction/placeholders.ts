/**
 * Values that sit where a secret would but are not one: empty strings, template variables,
 * environment lookups, "<your-key-here>", "changeme", "xxxxx". Masking those would only teach
 * users to untick everything, so detectors that rely on context (assignments, connection
 * strings, entropy) skip them. Detectors for exact token shapes do not use this: a string shaped
 * exactly like an AWS key is masked even when it is AWS's documented example.
 */

const PLACEHOLDER_WORDS = new Set([
  'changeme', 'changeit', 'example', 'sample', 'placeholder', 'dummy', 'redacted', 'replaceme',
  'password', 'passwd', 'secret', 'token', 'apikey', 'secretkey', 'accesstoken', 'yourpassword',
  'yoursecret', 'yourtoken', 'yourapikey', 'mypassword', 'mysecret', 'mytoken',
  'null', 'none', 'nil', 'undefined', 'true', 'false', 'todo', 'tbd', 'fixme', 'test', 'testing',
  'foo', 'bar', 'foobar', 'baz', 'default', 'empty', 'string', 'value', 'required', 'optional',
  'usernamepassword', 'userpassword', 'userpass', 'userpwd',
]);

const PLACEHOLDER_FRAGMENTS = [
  'changeme', 'change_me', 'change-me', 'replace_me', 'replace-me', 'replaceme', 'placeholder',
  'your_', 'your-', 'yourkey', 'your key', 'insert_', 'insert-', 'put_your', 'goes_here',
  'goes-here', '_here', '-here', 'example', 'redacted', 'dummy', 'xxxx', '****', '....', '…',
  '<', '>',
];

/** Template and lookup syntax: ${X}, {{ x }}, %(x)s, $X, #{x}, {x}, %X%. */
const TEMPLATE = /\$\{|\{\{|\{\{[^}]*\}\}|%\([^)]*\)s|^\$[A-Za-z_(]|#\{[^}]*\}|^\{[^}]*\}$|^%[A-Za-z_]+%$|^%s$/;

/** Lookups that read the secret from elsewhere rather than containing it. */
const LOOKUP = /process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|env\(|secrets\.|vault:|ssm:|arn:aws:secretsmanager/i;

/** Every fragment holds one of these; most values hold none. */
const MAY_HOLD_FRAGMENT = /chang|replac|placeholder|your|insert|here|example|redacted|dummy|xxxx|\*\*\*\*|\.\.\.\.|…|[<>]/;

/** Every TEMPLATE and LOOKUP needs one of these characters; most values have none and skip the long patterns. */
const MAY_BE_TEMPLATE = /[${%#]/;
const MAY_BE_LOOKUP = /[.([:]/;

const LONGEST_WORD = Math.max(...[...PLACEHOLDER_WORDS].map((w) => w.length));

/** How many characters of `lower` are [a-z0-9], counting no further than LONGEST_WORD + 1. */
function alphanumerics(lower: string): number {
  let count = 0;
  for (let i = 0; i < lower.length && count <= LONGEST_WORD; i++) {
    const c = lower.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) count++;
  }
  return count;
}

/** A run of one character ("xxxxxxxx", "00000000", "********") or too few distinct ones. */
export function isFiller(value: string): boolean {
  if (value.length === 0) return true;
  if (value.length >= 4 && hasAtMostTwoDistinct(value)) return true;
  return hasHalfRun(value);
}

/**
 * A run of one character at least 6 long and at least half the value. Such a run always holds
 * one of the two middle characters, so only the runs through those are measured, not every run.
 */
function hasHalfRun(value: string): boolean {
  const n = value.length;
  if (n < 6) return false;
  const need = Math.max(6, (n + 1) >> 1);
  const middle = n >> 1;
  return runThrough(value, middle - 1) >= need || runThrough(value, middle) >= need;
}

/** Length of the run of one character that holds value[i]. */
function runThrough(value: string, i: number): number {
  const c = value.charCodeAt(i);
  let start = i;
  let end = i + 1;
  while (start > 0 && value.charCodeAt(start - 1) === c) start--;
  while (end < value.length && value.charCodeAt(end) === c) end++;
  return end - start;
}

function hasAtMostTwoDistinct(value: string): boolean {
  let a = -1;
  let b = -1;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c === a || c === b) continue;
    if (a === -1) a = c;
    else if (b === -1) b = c;
    else return false;
  }
  return true;
}


/** True when `value` is obviously not a real secret (see the module comment). */
export function isPlaceholderValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (isFiller(trimmed)) return true;
  if (MAY_BE_TEMPLATE.test(trimmed) && TEMPLATE.test(trimmed)) return true;
  if (MAY_BE_LOOKUP.test(trimmed) && LOOKUP.test(trimmed)) return true;
  const lower = trimmed.toLowerCase();
  const letters = alphanumerics(lower);
  // All alphanumeric (most values): nothing to strip.
  if (letters <= LONGEST_WORD && PLACEHOLDER_WORDS.has(letters === lower.length ? lower : lower.replace(/[^a-z0-9]/g, ''))) return true;
  return MAY_HOLD_FRAGMENT.test(lower) && PLACEHOLDER_FRAGMENTS.some((fragment) => lower.includes(fragment));
}
