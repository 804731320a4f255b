import { printable } from './printable';

/**
 * What went wrong when git talked to the remote, told apart from git's own message: the remote
 * could not be reached (offline, wrong address), the push was refused (someone pushed first, a
 * protected branch, a server hook), the remote wants credentials, git took too long, or else.
 */
export type GitFailureKind = 'offline' | 'rejected' | 'auth' | 'timeout' | 'missing' | 'other';

export interface GitFailure {
  kind: GitFailureKind;
  /** The line of git's message that says why, escaped for display (printable). */
  line: string;
  /** Only "someone pushed first": pulling and pushing again resolves it. */
  retryable?: boolean;
}

const AUTH = /authentication failed|permission denied|could not read (username|password)|terminal prompts disabled|invalid username or password|access denied|\b(401|403)\b|unauthorized|forbidden|publickey/i;
const OFFLINE = /could not resolve host|failed to connect|connection (refused|timed out|reset)|network is unreachable|no route to host|unable to access|does not appear to be a git repository|could not read from remote repository|repository not found|name or service not known|temporary failure in name resolution|operation timed out/i;
const NOT_FAST_FORWARD = /\[rejected\].*\((fetch first|non-fast-forward)\)|updates were rejected because/i;
/** Two pushes reaching the server at the same moment: the later one loses the ref's lock. */
const PUSHED_AT_ONCE = /cannot lock ref|failed to update ref|incorrect old value|but expected [0-9a-f]{7,}/i;
const REJECTED = /\[remote rejected\]|\[rejected\]|hook declined|protected branch|rejected/i;

/** Classifies a failed fetch or push from its standard error. */
export function classifyGitFailure(stderr: string, run: { timedOut?: boolean; missing?: boolean } = {}): GitFailure {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const first = (pattern: RegExp) => lines.find((l) => pattern.test(l));
  const show = (line: string | undefined) => printable((line ?? lines.find((l) => /^(fatal|error):/i.test(l)) ?? lines[0] ?? 'no message').slice(0, 300));
  if (run.missing) return { kind: 'missing', line: 'git was not found on the PATH' };
  if (run.timedOut) return { kind: 'timeout', line: show(lines[lines.length - 1]) };
  // A server's own explanation (a hook, a protected branch) comes on `remote:` lines.
  const remoteSays = lines.find((l) => /^remote:\s*\S/.test(l) && !/^remote:\s*(counting|compressing|enumerating|total|resolving)/i.test(l));
  if (first(AUTH)) return { kind: 'auth', line: show(first(AUTH)) };
  const raced = first(NOT_FAST_FORWARD) ?? first(PUSHED_AT_ONCE);
  if (raced) return { kind: 'rejected', line: show(raced), retryable: true };
  if (first(REJECTED)) return { kind: 'rejected', line: show(remoteSays ?? first(REJECTED)) };
  if (first(OFFLINE)) return { kind: 'offline', line: show(first(OFFLINE)) };
  return { kind: 'other', line: show(undefined) };
}

/** One sentence for the user: what failed, git's line, and what happens next. */
export function describeGitFailure(step: 'pull' | 'push', remote: string, failure: GitFailure): string {
  const what = step === 'pull' ? `Lore could not pull from the git remote ${printable(remote)}` : `Lore could not push to the git remote ${printable(remote)}`;
  const after = step === 'pull'
    ? 'Teammates\' newest changes arrive at a later sync.'
    : 'Your changes are committed here and go out at a later sync.';
  switch (failure.kind) {
    case 'offline': return `${what}: it cannot be reached (offline, or a wrong address): ${failure.line}. ${after}`;
    case 'auth': return `${what}: it refused your credentials: ${failure.line}. Check that \`git ${step}\` works in a terminal (a credential helper or ssh agent must answer without a prompt). ${after}`;
    case 'rejected': return `${what}: the remote refused the push: ${failure.line}. ${failure.retryable ? 'Others kept pushing first; Lore tries again at the next sync.' : 'Check the branch\'s protection and the server\'s hooks, or push the lore/ folder yourself.'}`;
    case 'timeout': return `${what}: git did not finish in time${failure.line !== 'no message' ? ` (${failure.line})` : ''}. ${after}`;
    case 'missing': return `${what}: git was not found. Install git or put it on the PATH.`;
    default: return `${what}: ${failure.line}. ${after}`;
  }
}
