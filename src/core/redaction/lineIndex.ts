/**
 * Offsets to 0-based line/column (binary search per lookup). Line starts are found lazily, only
 * as far as the furthest offset asked for: most texts have no finding and pay nothing.
 */
export interface LineIndex {
  positionAt(offset: number): { line: number; column: number };
}

export function lineIndex(text: string): LineIndex {
  const starts = [0];
  /** Every line start at or before this offset is in `starts`. */
  let scanned = 0;
  const extendTo = (offset: number): void => {
    let i = text.indexOf('\n', scanned);
    while (i !== -1 && i < offset) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    scanned = i === -1 ? text.length : i;
  };
  return {
    positionAt(offset) {
      if (offset > scanned) extendTo(offset);
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo, column: offset - starts[lo] };
    },
  };
}
