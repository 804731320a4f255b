import type { ReviewThread } from '../model';
import { formatLines } from '../model';
import type { ExportContext } from './exportOptions';
import type { ReviewFilter } from './reviewFilter';

/** Name and version of the JSON export's layout; bump the version when fields change meaning. */
export const JSON_EXPORT_FORMAT = 'lore.reviewNotes';
export const JSON_EXPORT_VERSION = 1;

/**
 * Every field of every note. Ranges stay as stored (zero-based, end exclusive, as editors
 * count); `lines` gives the 1-based line numbers a person reads.
 */
export function exportJson(threads: readonly ReviewThread[], context: ExportContext, filter: ReviewFilter = {}): string {
  const document = {
    format: JSON_EXPORT_FORMAT,
    version: JSON_EXPORT_VERSION,
    generatedAt: context.generatedAt,
    tool: { name: 'Lore', version: context.toolVersion },
    ...(context.projectName ? { project: context.projectName } : {}),
    filter,
    threads: threads.map((t) => ({
      id: t.id,
      kind: t.kind,
      state: t.state,
      path: t.anchor.path,
      lines: formatLines(t.anchor.range),
      placement: t.anchorState,
      ...(t.anchorNote ? { placementNote: t.anchorNote } : {}),
      author: t.author,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
      anchor: t.anchor,
      comments: t.comments.map((c) => ({ id: c.id, author: c.author, body: c.body, createdAt: c.createdAt, updatedAt: c.updatedAt })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
