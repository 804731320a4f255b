import { KIND_LABELS, KIND_PRIORITY, type Candidate, type Covered, type Detector, type SecretFinding } from './finding';
import { detectAssignments } from './assignments';
import { detectConnectionStrings } from './connectionStrings';
import { detectHighEntropy, detectHighEntropySeparately } from './highEntropy';
import { detectJwts } from './jwt';
import { detectPrivateKeys } from './privateKeys';
import { detectAwsSecretKeys, detectPrefixedTokens, detectPrefixedTokensExhaustive, detectWebhookUrls, detectWebhookUrlsExhaustive } from './tokenRules';
import { scanKeywords, scanKeywordsSeparately, type KeywordHits } from './keywords';
import { lineIndex, type LineIndex } from './lineIndex';
import { maskedPreview } from './preview';

type ShapeDetector = (text: string, report: Parameters<Detector>[1], hits: KeywordHits) => void;

/** Detectors of exact shapes, all of a higher priority than assignments and high-entropy. */
const SHAPE_DETECTORS: readonly ShapeDetector[] = [
  (text, report) => detectPrivateKeys(text, report),
  (text, report) => detectPrefixedTokens(text, report),
  (text, report) => detectWebhookUrls(text, report),
  detectAwsSecretKeys,
  (text, report) => detectJwts(text, report),
  (text, report) => detectConnectionStrings(text, report),
];

/** The same detectors with their prefilters taken out (see findSecretsExhaustive). */
const SHAPE_DETECTORS_EXHAUSTIVE: readonly ShapeDetector[] = [
  SHAPE_DETECTORS[0],
  (text, report) => detectPrefixedTokensExhaustive(text, report),
  (text, report) => detectWebhookUrlsExhaustive(text, report),
  ...SHAPE_DETECTORS.slice(3),
];

/**
 * Finds secrets in `text` (a code selection about to be shared), in text order. Each finding
 * covers only the secret value, never the name it is assigned to, and carries a masked preview
 * rather than the value. Overlapping claims are settled by `resolveOverlaps`.
 */
export function findSecrets(text: string): SecretFinding[] {
  return scan(text, false);
}

/**
 * What findSecrets must return, computed without the shortcuts that make it fast: each detector's
 * own keyword search instead of the shared one, every vendor rule tried at every word start
 * instead of at the prefixes one scan finds, webhook patterns searched over the whole text, the
 * two high-entropy scans run separately, no cheap filters before an assignment is parsed, and no
 * skipping of values that higher-priority findings already cover. Far slower; the differential
 * test runs both on whole corpora, so a shortcut that drops or changes a finding fails it.
 */
export function findSecretsExhaustive(text: string): SecretFinding[] {
  return scan(text, true);
}

function scan(text: string, exhaustive: boolean): SecretFinding[] {
  if (text.length === 0) return [];
  const candidates: Candidate[] = [];
  const report = (candidate: Candidate): void => {
    if (candidate.end > candidate.start) candidates.push(candidate);
  };
  const hits = exhaustive ? scanKeywordsSeparately(text) : scanKeywords(text); // one pass for every detector that starts from a word
  for (const detect of exhaustive ? SHAPE_DETECTORS_EXHAUSTIVE : SHAPE_DETECTORS) detect(text, report, hits);
  // Where findings of a higher priority already cover a value, a candidate there would merge
  // into theirs and change nothing, so the later detectors do not even check it. Assignments
  // also mark their line for companions (keepCompanions), so they skip only values whose
  // covering findings start on the same line.
  if (exhaustive) {
    detectAssignments(text, report, () => false, hits, true);
    detectHighEntropySeparately(text, report, () => false);
  } else {
    detectAssignments(text, report, coveredBy(candidates, text), hits);
    detectHighEntropy(text, report, coveredBy(candidates));
  }
  const lines = lineIndex(text);
  return resolveOverlaps(keepCompanions(candidates, lines)).map((candidate) => toFinding(text, candidate, lines));
}

/**
 * Which text the non-companion candidates cover, as the stretches resolveOverlaps would merge
 * them into (overlapping or touching). A lower-priority candidate inside one stretch joins that
 * finding without changing its span, kind or label. Companions are left out: they may be dropped.
 * With `text`, a stretch covers only from its own line on: [start, end) must lie in a stretch
 * that starts on the line of `start`.
 */
export function coveredBy(candidates: readonly Candidate[], text?: string): Covered {
  const sorted = candidates.filter((c) => !c.companion).sort((a, b) => a.start - b.start);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const c of sorted) {
    const last = ends.length - 1;
    if (last >= 0 && c.start <= ends[last]) ends[last] = Math.max(ends[last], c.end);
    else {
      starts.push(c.start);
      ends.push(c.end);
    }
  }
  // Where each stretch's first newline is (its end when it has none), found on the first
  // question about it by reading only the stretch: a search from `start` back to the line's
  // start made one long line with many findings (minified code) quadratic.
  const newlines: number[] = [];
  const firstNewline = (k: number): number => {
    if (newlines[k] === undefined) {
      let i = starts[k];
      while (i < ends[k] && text!.charCodeAt(i) !== 10) i++;
      newlines[k] = i;
    }
    return newlines[k];
  };
  return (start, end) => {
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 0 || starts[0] > start) return false;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= start) lo = mid;
      else hi = mid - 1;
    }
    if (end > ends[lo]) return false;
    return text === undefined || firstNewline(lo) >= start;
  };
}

/** How near another finding a companion candidate must be to count: a few lines of the same block. */
const COMPANION_LINES = 3;

/** Drops companion candidates (see Candidate.companion) with no other finding within a few lines. */
function keepCompanions(candidates: Candidate[], lines: LineIndex): Candidate[] {
  if (!candidates.some((c) => c.companion)) return candidates;
  const anchors = candidates.filter((c) => !c.companion && c.kind !== 'high-entropy').map((c) => lines.positionAt(c.start).line);
  anchors.sort((a, b) => a - b);
  return candidates.filter((c) => {
    if (!c.companion) return true;
    const line = lines.positionAt(c.start).line;
    const nearest = firstAtLeast(anchors, line - COMPANION_LINES);
    return nearest < anchors.length && anchors[nearest] <= line + COMPANION_LINES;
  });
}

/** Index of the first value >= `min` in ascending `sorted` (its length when there is none). */
function firstAtLeast(sorted: readonly number[], min: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < min) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One finding per stretch of text: candidates that overlap or touch are merged into one that
 * covers all of them, so no secret character is left in clear because a detector saw only part
 * of it (a JWT whose first 40 characters also look like an AWS secret key, a token whose tail a
 * vendor rule did not expect). The merged finding takes the kind, label and confidence of its
 * highest-priority candidate: the specific detector knows better what the secret is
 * (`password = "ghp_…"` is a GitHub token). Runs in O(n log n).
 */
export function resolveOverlaps(candidates: readonly Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Candidate[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.start <= last.end) {
      const end = Math.max(last.end, c.end);
      if (KIND_PRIORITY[c.kind] > KIND_PRIORITY[last.kind]) out[out.length - 1] = { ...c, start: last.start, end };
      else last.end = end;
    } else {
      out.push({ ...c });
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
