import { maskAnchor } from '../anchoring/maskAnchor';
import type { ReviewThread } from '../model';
import { exportCsv } from './exportCsv';
import { exportJson } from './exportJson';
import { exportMarkdown } from './exportMarkdown';
import type { ExportRequest } from './exportOptions';
import { exportSarif } from './exportSarif';
import { filterText, filterThreads } from './reviewFilter';

export interface ExportOutput {
  text: string;
  /** How many notes made it through the filter. */
  count: number;
}

/** Filters the notes and writes them in the requested format. */
export function exportReviewNotes(threads: readonly ReviewThread[], request: ExportRequest, me?: string): ExportOutput {
  const filter = request.filter ?? {};
  // Notes are masked when saved; older ones (and anchors kept before that rule) are masked here.
  const chosen = filterThreads(threads, filter).map((t) => ({ ...t, anchor: maskAnchor(t.anchor, 'all') }));
  switch (request.format) {
    case 'markdown':
      return { text: exportMarkdown(chosen, request, filterText(filter, me)), count: chosen.length };
    case 'csv':
      return { text: exportCsv(chosen), count: chosen.length };
    case 'json':
      return { text: exportJson(chosen, request, filter), count: chosen.length };
    case 'sarif':
      return { text: exportSarif(chosen, request), count: chosen.length };
  }
}
