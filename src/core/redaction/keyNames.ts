/**
 * Which names say "the value next to me is a secret": DB_PASSWORD, apiKey, client_secret,
 * x-api-key, AWS_SECRET_ACCESS_KEY, auth_token. The last word of the name decides, so
 * `password_min_length`, `token_url` and `secretName` are not secrets while `db_password` is.
 */

export type SecretNameKind = 'password' | 'secret' | 'token' | 'api-key' | 'secret-key' | 'credential' | 'authorization' | 'client-id' | 'bare-key';

export const NAME_LABELS: Readonly<Record<SecretNameKind, string>> = {
  password: 'Password',
  secret: 'Secret',
  token: 'Token',
  'api-key': 'API key',
  'secret-key': 'Secret key',
  credential: 'Credential',
  authorization: 'Authorization token',
  'client-id': 'Client ID',
  'bare-key': 'Key',
};

/**
 * `client_id`, `appId`, `consumer_id`: an identifier that belongs to a credential. Most such
 * ids are harmless on their own (`user_id = 42` is not even one of them), so assignments.ts
 * reports them only with a generated-looking value, and only when they look random or sit next
 * to a secret.
 */
const ID_OWNERS = new Set(['client', 'app', 'application', 'consumer', 'api', 'oauth']);

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pw', 'pass', 'passphrase', 'passcode', 'pword']);
const KEY_QUALIFIERS = new Set([
  'secret', 'access', 'private', 'auth', 'signing', 'encryption', 'master', 'client', 'app',
  'account', 'storage', 'shared', 'subscription', 'service', 'license', 'webhook', 'session',
  'hmac', 'crypto', 'cipher', 'admin', 'root', 'jwt', 'aes', 'consumer', 'sas',
]);

/** Splits `AWS_SECRET_ACCESS_KEY`, `apiKey`, `APIKey`, `x-api-key`, `db.password` into lower-case words. */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let from = 0; // where the current word starts
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    if (!upper && !(c >= 97 && c <= 122) && !(c >= 48 && c <= 57)) {
      if (i > from) words.push(name.slice(from, i).toLowerCase());
      from = i + 1;
      continue;
    }
    if (upper && i > from) {
      const prev = name.charCodeAt(i - 1);
      const next = name.charCodeAt(i + 1); // NaN past the end
      // apiKey → api|key; APIKey → api|key (the last capital of a run starts the next word).
      if (!(prev >= 65 && prev <= 90) || (next >= 97 && next <= 122)) {
        words.push(name.slice(from, i).toLowerCase());
        from = i;
      }
    }
  }
  if (name.length > from) words.push(name.slice(from).toLowerCase());
  return words;
}

/**
 * The last word of nameWords(name.slice(0, end)), as offsets into `name`, found by reading
 * backwards: where a word starts depends only on the characters around it, so the words before
 * need not be split (classifySecretName reads only the last two).
 */
function wordStartBefore(name: string, end: number): { start: number; end: number } | undefined {
  let e = end;
  while (e > 0 && !isAlphanumeric(name.charCodeAt(e - 1))) e--;
  if (e === 0) return undefined;
  let s = e - 1;
  while (s > 0 && isAlphanumeric(name.charCodeAt(s - 1)) && !startsWord(name, s)) s--;
  return { start: s, end: e };
}

/** nameWords' rule: a capital after a letter or digit starts a word unless it continues a run of capitals (APIKey → api|key). */
function startsWord(name: string, i: number): boolean {
  if (!isUpper(name.charCodeAt(i))) return false;
  const next = name.charCodeAt(i + 1);
  return !isUpper(name.charCodeAt(i - 1)) || (next >= 97 && next <= 122);
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isAlphanumeric(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * "pass" is a password in DB_PASS, smtpPass or `pass:`, but not in allPass, bypass or firstPass.
 * It counts alone, in an upper-case env-style name, or after a word that owns credentials.
 */
const PASS_OWNERS = new Set([
  'db', 'user', 'admin', 'root', 'login', 'mail', 'smtp', 'ftp', 'sftp', 'ldap', 'redis', 'mysql',
  'postgres', 'pg', 'proxy', 'auth', 'basic', 'api', 'app', 'account', 'ssh', 'vpn', 'wifi', 'my',
  'database', 'server', 'email', 'rabbit', 'rabbitmq', 'mongo', 'sql', 'keystore', 'key', 'store',
]);

function isPasswordPass(name: string, previous: string | undefined): boolean {
  if (previous === undefined) return true;
  if (/^[A-Z0-9_.-]+$/.test(name)) return true;
  return PASS_OWNERS.has(previous);
}

/** Every secret name ends in one of these; most names in code do not, and skip the word split. */
const SECRET_ENDING = /(?:pass|passwd|pwd|pw|password|passphrase|passcode|pword|secrets?|token|key|credentials?|auth|authorization|id)$/i;

export function classifySecretName(name: string): SecretNameKind | undefined {
  if (!SECRET_ENDING.test(name.length > 16 ? name.slice(-16) : name)) return undefined; // the ending is at most 13 characters
  const lastStart = wordStartBefore(name, name.length);
  if (lastStart === undefined) return undefined;
  const last = name.slice(lastStart.start, lastStart.end).toLowerCase();
  const previousStart = wordStartBefore(name, lastStart.start);
  const previous = previousStart && name.slice(previousStart.start, previousStart.end).toLowerCase();
  if (last === 'pass' && !isPasswordPass(name, previous)) return undefined;
  if (PASSWORD_WORDS.has(last) || last.endsWith('password') || last.endsWith('passwd')) return 'password';
  if (last === 'secret' || last === 'secrets' || last.endsWith('secret')) return 'secret';
  if (last === 'token' || (last.endsWith('token') && last.length > 5)) return 'token';
  if (last === 'apikey' || (last === 'key' && previous === 'api')) return 'api-key';
  if (last.endsWith('apikey') || last.endsWith('secretkey') || last.endsWith('accesskey')) return 'secret-key';
  if (last === 'key' && previous !== undefined && KEY_QUALIFIERS.has(previous)) return 'secret-key';
  if (last === 'credential' || last === 'credentials' || last === 'auth') return 'credential';
  if (last === 'authorization') return 'authorization';
  if (last === 'key' && previous === undefined) return 'bare-key';
  if (last === 'id' && previous !== undefined && ID_OWNERS.has(previous)) return 'client-id';
  if (last === 'clientid' || last === 'appid') return 'client-id';
  return undefined;
}
