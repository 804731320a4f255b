import type { TextRange } from '../model';

const LINE_BREAK = /\r\n|\r|\n/g;

/** Lines of a text without their terminators; `\r\n`, `\r` and `\n` all end a line, as in editors. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

export function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

export interface Position {
  line: number;
  character: number;
}

/**
 * A text with its line starts, to convert between editor positions (zero-based line and
 * UTF-16 character) and string offsets. Out-of-range positions are clamped as editors do.
 */
export class LineTable {
  readonly lines: string[];
  private readonly starts: number[];

  constructor(readonly text: string) {
    this.lines = [];
    this.starts = [];
    let lineStart = 0;
    if (!text.includes('\r')) {
      // Only `\n` ends lines (most files): find them with indexOf rather than character by character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', lineStart)) {
        this.starts.push(lineStart);
        this.lines.push(text.slice(lineStart, i));
        lineStart = i + 1;
      }
      this.starts.push(lineStart);
      this.lines.push(text.slice(lineStart));
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.starts.push(lineStart);
      this.lines.push(text.slice(lineStart, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      lineStart = i + 1;
    }
    this.starts.push(lineStart);
    this.lines.push(text.slice(lineStart));
  }

  get lineCount(): number {
    return this.lines.length;
  }

  lineStartOffset(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.lines.length - 1))];
  }

  lineEndOffset(line: number): number {
    const l = Math.max(0, Math.min(line, this.lines.length - 1));
    return this.starts[l] + this.lines[l].length;
  }

  clampPosition(line: number, character: number): Position {
    if (line < 0) return { line: 0, character: 0 };
    if (line >= this.lines.length) {
      const last = this.lines.length - 1;
      return { line: last, character: this.lines[last].length };
    }
    return { line, character: Math.max(0, Math.min(character, this.lines[line].length)) };
  }

  offsetAt(line: number, character: number): number {
    const p = this.clampPosition(line, character);
    return this.starts[p.line] + p.character;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(o - this.starts[lo], this.lines[lo].length) };
  }

  clampRange(range: TextRange): TextRange {
    const start = this.clampPosition(range.startLine, range.startCharacter);
    let end = this.clampPosition(range.endLine, range.endCharacter);
    if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
    return { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character };
  }

  slice(range: TextRange): string {
    const r = this.clampRange(range);
    return this.text.slice(this.offsetAt(r.startLine, r.startCharacter), this.offsetAt(r.endLine, r.endCharacter));
  }
}

/** The last line a range really covers: a range ending at character 0 of a line stops on the line before. */
export function lastCoveredLine(range: TextRange): number {
  return range.endCharacter === 0 && range.endLine > range.startLine ? range.endLine - 1 : range.endLine;
}

export function rangesEqual(a: TextRange, b: TextRange): boolean {
  return a.startLine === b.startLine && a.startCharacter === b.startCharacter && a.endLine === b.endLine && a.endCharacter === b.endCharacter;
}
