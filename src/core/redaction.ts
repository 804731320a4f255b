/**
 * Secret detection and masking for "Share Snippet as Knowledge": before a selection is saved
 * as a team article, `findSecrets` lists what looks like a secret, the user sees each finding
 * (label, line, masked preview) and unticks false positives, and `redactAccepted` replaces the
 * rest with `<redacted: …>` markers.
 *
 * Decisions worth knowing:
 * - AWS's documented example key `AKIAIOSFODNN7EXAMPLE` (and its example secret) IS flagged: it
 *   is shaped exactly like a real key, and masking a fake costs nothing while tests and demos
 *   rely on it. The same goes for Stripe's documented test keys. Only context-based detectors
 *   skip placeholders such as "changeme", "<your-key>", "${TOKEN}", "xxxxx".
 * - Hex strings (git SHAs, digests, UUIDs) are never flagged on entropy alone, only when
 *   assigned to a secret-sounding name.
 * - Findings that overlap or touch merge into one that covers all of them, and vendor tokens run
 *   to the end of their characters: a secret is masked whole or not at all.
 * - Findings hold no secret text; their `preview` shows at most four leading characters.
 * - Offsets are UTF-16 code units (JavaScript string indices, VS Code positions).
 * - Speed: the shape detectors run first; assignments and high-entropy then skip values that
 *   those findings already cover (their candidates would merge and change nothing). Most of the
 *   remaining time is a handful of whole-text regex scans (trigger words, vendor prefixes, value
 *   starts), so a new detector should hang off an existing scan or start from a native
 *   `indexOf` of a literal rather than add another pass. `npm run bench -- redaction` measures it.
 *   Every such shortcut has a slow counterpart in `findSecretsExhaustive` (findSecrets.ts); the
 *   differential test (test/unit/redactionDifferential.test.ts) checks both find the same.
 */
export { findSecrets } from './redaction/findSecrets';
export { redact, redactAccepted, defaultPlaceholder, type RedactOptions } from './redaction/redact';
export { manualFinding } from './redaction/manual';
export { REDACTION_MARKER, splitAtMarkers, redactAll } from './redaction/markers';
export { SECRET_KINDS, KIND_LABELS, type SecretKind, type SecretFinding, type Confidence } from './redaction/finding';
export { shannonEntropy } from './redaction/entropy';
export { isPlaceholderValue } from './redaction/placeholders';
