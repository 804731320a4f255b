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
 * Cells that a spreadsheet would run as a formula start with `'` (see neutraliseFormula).
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

/**
 * One CSV field: neutralised against formulas, then quoted as RFC 4180 says (fields that hold a
 * comma, a double quote, CR or LF are wrapped in quotes, quotes doubled).
 */
export function csvField(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Characters that make Excel, LibreOffice Calc or Google Sheets read a cell as a formula when
 * they come first: `=`, `+`, `-`, `@`, tab and carriage return (OWASP "CSV Injection"), and NUL
 * (OWASP ASVS 1.2.10).
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/**
 * Review notes come from teammates' machines, so a comment such as `=HYPERLINK("http://…","click")`
 * must not run when the export is opened in a spreadsheet. As OWASP recommends, a cell that starts
 * with a formula character gets a single quote in front, which spreadsheets take as "this is text".
 *
 * Every such cell is prefixed, numbers included: a `-1` or `+1` reply is written as `'-1` / `'+1`.
 * Lore's own numeric columns (lines, comment count) are never negative, so only free text is
 * affected, and telling harmless numbers apart from formulas would mean guessing how each
 * spreadsheet and locale parses numbers (`-1e3`, `-1,5`, `+1-2`), which is where injections hide.
 * Characters later in a cell (`a-b`, `x = 1`) are left alone.
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Parses RFC 4180 text back into rows (for tests and for reading exports). It does not remove
 * the `'` that neutraliseFormula added: the export is for spreadsheets, not a round-trip format
 * (the JSON export is).
 */
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
