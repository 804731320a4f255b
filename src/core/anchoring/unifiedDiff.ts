/**
 * A parser for unified diffs as `git diff` prints them (several files, renames, `-U0` or more
 * context, quoted paths). Paths lose their `a/` and `b/` prefixes; `/dev/null` becomes undefined.
 */
import type { ChangeBlock } from './lineDiff';

export interface DiffLine {
  kind: 'context' | 'removed' | 'added';
  text: string;
}

export interface DiffHunk {
  /** Zero-based line in the old file where the hunk's old side starts (or is inserted after). */
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  lines: DiffLine[];
}

export interface FileDiff {
  /** Path before the change; undefined for an added file. */
  oldPath?: string;
  /** Path after the change; undefined for a deleted file. */
  newPath?: string;
  status: 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';
  binary: boolean;
  hunks: DiffHunk[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseUnifiedDiff(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  const lines = text.split(/\r?\n/);
  let file: FileDiff | undefined;
  let hunk: DiffHunk | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  const startFile = (): FileDiff => {
    file = { status: 'modified', binary: false, hunks: [] };
    files.push(file);
    hunk = undefined;
    return file;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (hunk && (oldLeft > 0 || newLeft > 0)) {
      const marker = line[0];
      if (marker === ' ' || (marker === undefined && line === '')) {
        hunk.lines.push({ kind: 'context', text: line.slice(1) });
        oldLeft--;
        newLeft--;
        continue;
      }
      if (marker === '-') {
        hunk.lines.push({ kind: 'removed', text: line.slice(1) });
        oldLeft--;
        continue;
      }
      if (marker === '+') {
        hunk.lines.push({ kind: 'added', text: line.slice(1) });
        newLeft--;
        continue;
      }
      if (marker === '\\') continue; // "\ No newline at end of file"
      hunk = undefined; // a truncated hunk: fall through to header parsing
    }
    if (line.startsWith('\\')) continue;
    if (line.startsWith('diff --git ')) {
      const f = startFile();
      const paths = parseGitHeaderPaths(line.slice('diff --git '.length));
      if (paths) {
        f.oldPath = paths[0];
        f.newPath = paths[1];
      }
      continue;
    }
    const header = HUNK_HEADER.exec(line);
    if (header) {
      const f = file ?? startFile();
      const oldCount = header[2] === undefined ? 1 : Number(header[2]);
      const newCount = header[4] === undefined ? 1 : Number(header[4]);
      // A side with count 0 names the line *after which* the change sits (so no -1).
      hunk = {
        oldStart: oldCount === 0 ? Number(header[1]) : Number(header[1]) - 1,
        oldCount,
        newStart: newCount === 0 ? Number(header[3]) : Number(header[3]) - 1,
        newCount,
        lines: [],
      };
      oldLeft = oldCount;
      newLeft = newCount;
      f.hunks.push(hunk);
      continue;
    }
    if (line.startsWith('--- ')) {
      if (!file || file.hunks.length > 0) startFile();
      const p = stripPrefix(unquote(line.slice(4).replace(/\t.*$/, '')));
      file!.oldPath = p;
      if (p === undefined) file!.status = 'added';
      continue;
    }
    if (line.startsWith('+++ ')) {
      const f = file ?? startFile();
      const p = stripPrefix(unquote(line.slice(4).replace(/\t.*$/, '')));
      f.newPath = p;
      if (p === undefined) f.status = 'deleted';
      continue;
    }
    if (!file) continue;
    if (line.startsWith('rename from ')) {
      file.oldPath = unquote(line.slice('rename from '.length));
      file.status = 'renamed';
    } else if (line.startsWith('rename to ')) {
      file.newPath = unquote(line.slice('rename to '.length));
      file.status = 'renamed';
    } else if (line.startsWith('copy from ')) {
      file.oldPath = unquote(line.slice('copy from '.length));
      file.status = 'copied';
    } else if (line.startsWith('copy to ')) {
      file.newPath = unquote(line.slice('copy to '.length));
      file.status = 'copied';
    } else if (line.startsWith('new file mode')) {
      file.status = 'added';
      file.oldPath = undefined;
    } else if (line.startsWith('deleted file mode')) {
      file.status = 'deleted';
      file.newPath = undefined;
    } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
      file.binary = true;
    }
  }
  return files;
}

/** The diff of one file, found by its old or new path. */
export function findFileDiff(diffs: readonly FileDiff[], path: string): FileDiff | undefined {
  return diffs.find((d) => d.oldPath === path) ?? diffs.find((d) => d.newPath === path);
}

/** The hunks of a file diff as changed blocks (context lines dropped). */
export function changeBlocksOf(diff: FileDiff): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  for (const hunk of diff.hunks) {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    let current: ChangeBlock | undefined;
    for (const line of hunk.lines) {
      if (line.kind === 'context') {
        current = undefined;
        oldLine++;
        newLine++;
        continue;
      }
      if (!current) {
        current = { oldStart: oldLine, oldLines: [], newStart: newLine, newLines: [] };
        blocks.push(current);
      }
      if (line.kind === 'removed') {
        // A removal after additions in the same run still belongs to the same block.
        current.oldLines.push(line.text);
        oldLine++;
      } else {
        current.newLines.push(line.text);
        newLine++;
      }
    }
  }
  return blocks;
}

/** `a/x b/y` from a `diff --git` line; handles quoted paths and paths with spaces when both sides match. */
function parseGitHeaderPaths(rest: string): [string | undefined, string | undefined] | undefined {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest, 0);
    const first = rest.slice(0, end + 1);
    const second = rest.slice(end + 2);
    return [stripPrefix(unquote(first)), stripPrefix(unquote(second))];
  }
  const quoted = rest.indexOf(' "');
  if (quoted >= 0) return [stripPrefix(rest.slice(0, quoted)), stripPrefix(unquote(rest.slice(quoted + 1)))];
  // Unquoted: "a/<p> b/<p>"; for an unchanged name both halves have the same length.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    const first = stripPrefix(rest.slice(0, half));
    const second = stripPrefix(rest.slice(half + 1));
    if (first === second) return [first, second];
  }
  const space = rest.indexOf(' b/');
  if (space >= 0) return [stripPrefix(rest.slice(0, space)), stripPrefix(rest.slice(space + 1))];
  return undefined;
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

function stripPrefix(path: string | undefined): string | undefined {
  if (path === undefined || path === '/dev/null') return undefined;
  return path.replace(/^[abciwo12]\//, '');
}

/** Undo git's C-style quoting of unusual paths ("\303\251" octal bytes, \t, \", \\). */
export function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"') || path.length < 2) return path;
  const body = path.slice(1, -1);
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      for (const byte of utf8.encode(c)) bytes.push(byte);
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && /[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (next !== undefined && next in escapes) {
      bytes.push(escapes[next]);
      i += 1;
    } else {
      bytes.push(92);
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
