import { LoreError } from '../errors';
import type { SecretFinding } from './finding';

export interface RedactOptions {
  /** The text that replaces a finding (or several overlapping ones). Default: `<redacted: AWS access key>`. */
  placeholder?: (labels: readonly string[]) => string;
}

/** `<redacted: AWS access key>`; overlapping findings with different labels list them all. */
export function defaultPlaceholder(labels: readonly string[]): string {
  return `<redacted: ${[...new Set(labels)].join(', ')}>`;
}

type Span = Pick<SecretFinding, 'start' | 'end' | 'label'>;

/**
 * Replaces each finding's text with a readable marker. Overlapping findings (for instance one
 * the user marked by hand over an automatic one) become a single marker. Findings must come
 * from this very text: offsets past its end mean it changed since it was checked.
 */
export function redact(text: string, findings: readonly Span[], options: RedactOptions = {}): string {
  const placeholder = options.placeholder ?? defaultPlaceholder;
  for (const f of findings) {
    if (!(Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.start < f.end && f.end <= text.length)) {
      throw new LoreError(
        'The snippet changed after it was checked for secrets.',
        'Check it for secrets again before sharing it.',
      );
    }
  }
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: string[] = [];
  let cursor = 0;
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i].start;
    let end = sorted[i].end;
    const labels = [sorted[i].label];
    i++;
    while (i < sorted.length && sorted[i].start < end) {
      end = Math.max(end, sorted[i].end);
      labels.push(sorted[i].label);
      i++;
    }
    parts.push(text.slice(cursor, start), placeholder(labels));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/**
 * Redacts only the findings the user left ticked: `accepted` holds their ids (or is a test on
 * each finding). Unticked ones — false positives — stay as written.
 */
export function redactAccepted(
  text: string,
  findings: readonly SecretFinding[],
  accepted: Iterable<string> | ((finding: SecretFinding) => boolean),
  options: RedactOptions = {},
): string {
  const keep = typeof accepted === 'function' ? accepted : idSet(accepted);
  return redact(text, findings.filter((f) => keep(f)), options);
}

function idSet(ids: Iterable<string>): (finding: SecretFinding) => boolean {
  const set = new Set(ids);
  return (finding) => set.has(finding.id);
}
