import { KIND_LABELS, KIND_PRIORITY, type Candidate, type Detector, type SecretFinding } from './finding';
import { detectAssignments } from './assignments';
import { detectConnectionStrings } from './connectionStrings';
import { detectHighEntropy } from './highEntropy';
import { detectJwts } from './jwt';
import { detectPrivateKeys } from './privateKeys';
import { detectAwsSecretKeys, detectPrefixedTokens, detectSlackWebhooks } from './tokenRules';
import { lineIndex, type LineIndex } from './lineIndex';
import { maskedPreview } from './preview';

const DETECTORS: readonly Detector[] = [
  detectPrivateKeys,
  detectPrefixedTokens,
  detectSlackWebhooks,
  detectAwsSecretKeys,
  detectJwts,
  detectConnectionStrings,
  detectAssignments,
  detectHighEntropy,
];

/**
 * Finds secrets in `text` (a code selection about to be shared), in text order. Each finding
 * covers only the secret value, never the name it is assigned to, and carries a masked preview
 * rather than the value. Overlapping claims are settled by `resolveOverlaps`.
 */
export function findSecrets(text: string): SecretFinding[] {
  if (text.length === 0) return [];
  const candidates: Candidate[] = [];
  for (const detect of DETECTORS) detect(text, (candidate) => {
    if (candidate.end > candidate.start) candidates.push(candidate);
  });
  const lines = lineIndex(text);
  return resolveOverlaps(candidates).map((candidate) => toFinding(text, candidate, lines));
}

/**
 * One finding per stretch of text. Candidates are settled by priority: a lower-priority one
 * that lies inside or around an accepted one is dropped — the specific detector knows better
 * what the secret is (`password = "ghp_…"` is a GitHub token, the JWT inside an assignment is a
 * JWT). One that only partly overlaps widens the accepted one, so no secret character is left
 * between two findings. Runs in O(n log n): one sorted sweep per priority level.
 */
export function resolveOverlaps(candidates: readonly Candidate[]): Candidate[] {
  const levels = [...new Set(candidates.map((c) => KIND_PRIORITY[c.kind]))].sort((a, b) => b - a);
  let accepted: Candidate[] = [];
  for (const level of levels) {
    const batch = mergeSameLevel(candidates.filter((c) => KIND_PRIORITY[c.kind] === level));
    accepted = mergeLevel(accepted, batch);
  }
  return accepted;
}

function byStartThenLongest(a: Candidate, b: Candidate): number {
  return a.start - b.start || b.end - a.end;
}

/** Same-priority candidates: nested ones dropped, partly overlapping ones joined. */
function mergeSameLevel(batch: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of [...batch].sort(byStartThenLongest)) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) last.end = Math.max(last.end, c.end);
    else out.push({ ...c });
  }
  return out;
}

/** Adds a lower-priority batch to the accepted findings (both sorted and disjoint). */
function mergeLevel(accepted: Candidate[], batch: Candidate[]): Candidate[] {
  const added: Candidate[] = [];
  let first = 0;
  for (const c of batch) {
    while (first < accepted.length && accepted[first].end <= c.start) first++;
    let overlapped = false;
    for (let i = first; i < accepted.length && accepted[i].start < c.end; i++) {
      overlapped = true;
      const a = accepted[i];
      const nested = (c.start >= a.start && c.end <= a.end) || (c.start <= a.start && c.end >= a.end);
      if (!nested) {
        a.start = Math.min(a.start, c.start);
        a.end = Math.max(a.end, c.end);
      }
    }
    if (!overlapped) added.push({ ...c });
  }
  return foldOverlapping([...accepted, ...added].sort(byStartThenLongest));
}

/** Widening can make neighbours overlap; fold them, keeping the higher-priority kind. */
function foldOverlapping(sorted: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) {
      const end = Math.max(last.end, c.end);
      if (KIND_PRIORITY[c.kind] > KIND_PRIORITY[last.kind]) out[out.length - 1] = { ...c, start: last.start, end };
      else last.end = end;
    } else {
      out.push(c);
    }
  }
  return out;
}

function toFinding(text: string, c: Candidate, lines: LineIndex): SecretFinding {
  const { line, column } = lines.positionAt(c.start);
  return {
    id: `${c.kind}:${c.start}-${c.end}`,
    kind: c.kind,
    label: c.label ?? KIND_LABELS[c.kind],
    start: c.start,
    end: c.end,
    line,
    column,
    preview: maskedPreview(c.kind, text.slice(c.start, c.end)),
    confidence: c.confidence,
  };
}
