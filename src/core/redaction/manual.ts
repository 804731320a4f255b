import { KIND_LABELS, type SecretFinding } from './finding';
import { lineIndex } from './lineIndex';
import { maskedPreview } from './preview';

/**
 * A finding for text the user marked as secret themselves (detection missed it). It redacts
 * like any other; overlapping automatic findings merge into one marker.
 */
export function manualFinding(text: string, start: number, end: number, label: string = KIND_LABELS.manual): SecretFinding {
  const { line, column } = lineIndex(text).positionAt(start);
  return {
    id: `manual:${start}-${end}`,
    kind: 'manual',
    label,
    start,
    end,
    line,
    column,
    preview: maskedPreview('manual', text.slice(start, end)),
    confidence: 'high',
  };
}
