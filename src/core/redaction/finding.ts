/**
 * What secret detection reports. A finding never holds the secret itself — only where it is
 * and a masked preview — so findings can be logged, shown in a webview or sent to the CLI
 * without leaking what they point at.
 */

export const SECRET_KINDS = [
  'private-key',
  'aws-access-key',
  'aws-secret-key',
  'github-token',
  'gitlab-token',
  'slack-token',
  'slack-webhook',
  'stripe-key',
  'google-api-key',
  'npm-token',
  'api-token',
  'jwt',
  'connection-string',
  'password-assignment',
  'high-entropy',
  'manual',
] as const;

export type SecretKind = (typeof SECRET_KINDS)[number];

/**
 * How sure detection is that the text is a live secret.
 * - `high`: the shape is unmistakable (a `ghp_…` token, a PEM block, a quoted password).
 * - `medium`: strong context but a looser shape (an unquoted value in an env file).
 * - `low`: only statistics say so (a random-looking string); the user should look at it.
 */
export type Confidence = 'high' | 'medium' | 'low';

export interface SecretFinding {
  /** Stable within one text: `kind:start-end`. Use it to say which findings the user accepted. */
  readonly id: string;
  readonly kind: SecretKind;
  /** Plain-English name, used in the redaction marker: "AWS access key". */
  readonly label: string;
  /** UTF-16 offset of the first character of the secret value. */
  readonly start: number;
  /** UTF-16 offset just past the secret value (exclusive). */
  readonly end: number;
  /** 0-based line of `start`. */
  readonly line: number;
  /** 0-based column of `start` within its line (UTF-16 units, as in VS Code positions). */
  readonly column: number;
  /** Enough to recognise the value without revealing it: "AKIA…", "hu…". */
  readonly preview: string;
  readonly confidence: Confidence;
}

/** Default labels per kind; a detector may give a more precise one (e.g. "Password"). */
export const KIND_LABELS: Readonly<Record<SecretKind, string>> = {
  'private-key': 'Private key',
  'aws-access-key': 'AWS access key',
  'aws-secret-key': 'AWS secret key',
  'github-token': 'GitHub token',
  'gitlab-token': 'GitLab token',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack webhook URL',
  'stripe-key': 'Stripe secret key',
  'google-api-key': 'Google API key',
  'npm-token': 'npm access token',
  'api-token': 'API token',
  jwt: 'JSON Web Token',
  'connection-string': 'Password in connection string',
  'password-assignment': 'Password',
  'high-entropy': 'Random-looking string (possible secret)',
  manual: 'Secret',
};

/**
 * When detectors claim overlapping text, the finding covers all of it and takes the kind of the
 * highest priority: a specific token shape knows better than "a value assigned to something
 * called token".
 */
export const KIND_PRIORITY: Readonly<Record<SecretKind, number>> = {
  manual: 200,
  'private-key': 100,
  'aws-access-key': 90,
  'aws-secret-key': 90,
  'github-token': 90,
  'gitlab-token': 90,
  'slack-token': 90,
  'slack-webhook': 90,
  'stripe-key': 90,
  'google-api-key': 90,
  'npm-token': 90,
  'api-token': 90,
  jwt: 80,
  'connection-string': 70,
  'password-assignment': 50,
  'high-entropy': 10,
};

/** What a detector reports before offsets are turned into lines and previews. */
export interface Candidate {
  kind: SecretKind;
  start: number;
  end: number;
  confidence: Confidence;
  /** Overrides KIND_LABELS[kind]. */
  label?: string;
  /** Only a secret next to another finding (a `client_id` beside its `client_secret`). */
  companion?: boolean;
}

/**
 * A detector scans the whole text and reports candidates; it must run in linear-ish time.
 * `covered`, when given, says that [start, end) already lies within findings of a higher
 * priority: a candidate there would change nothing, so the detector may skip checking it.
 */
export type Detector = (text: string, report: (candidate: Candidate) => void, covered?: Covered) => void;

/** True when [start, end) lies within one stretch of findings that would absorb a candidate there. */
export type Covered = (start: number, end: number) => boolean;
