import type { ReviewThread } from '../model';
import { formatLines } from '../model';

/** Columns of the CSV export, in order. Lines are 1-based, as editors show them. */
export const CSV_COLUMNS = [
  'id', 'file', 'lines', 'startLine', 'endLine', 'kind', 'status', 'placement', 'placementNote',
  'author', 'createdAt', 'updatedAt', 'comments', 'firstComment', 'replies',
] as const;

/**
 * One row per note, RFC 4180: CRLF between records, fields that hold a comma, a double quote,
 * CR or LF are quoted, quotes doubled. Replies are joined as `author (time): text` blocks.
 */
export function exportCsv(threads: readonly ReviewThread[]): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const t of threads) {
    const [first, ...replies] = t.comments;
    const lines = formatLines(t.anchor.range);
    rows.push([
      t.id,
      t.anchor.path,
      lines,
      lines.split('-')[0],
      lines.split('-').pop()!,
      t.kind,
      t.state,
      t.anchorState,
      t.anchorNote ?? '',
      t.author,
      t.createdAt,
      t.updatedAt,
      String(t.comments.length),
      first?.body ?? '',
      replies.map((c) => `${c.author} (${c.createdAt}): ${c.body}`).join('\n\n'),
    ]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Parses RFC 4180 text back into rows (for tests and for reading exports). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
