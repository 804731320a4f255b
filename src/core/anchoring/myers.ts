/**
 * Myers' O(ND) shortest edit script, the one copy of its inner loop: the line diff
 * (`lineDiff.ts`, with a trace to recover which lines pair) and token similarity
 * (`similarity.ts`, the edit count alone) both call it. Similar inputs (small D) are cheap.
 */

/**
 * The number of insertions plus deletions turning a[aLo..aHi) into b[bLo..bHi), or -1 when more
 * than `maxEdits` are needed (the search stops there). With `trace`, the furthest-reaching x of
 * each diagonal is recorded after every round d (`trace[d][k + d]`), for `myersPairs`.
 */
export function myersDistance<T>(
  a: ArrayLike<T>,
  aLo: number,
  aHi: number,
  b: ArrayLike<T>,
  bLo: number,
  bHi: number,
  maxEdits: number,
  trace?: Int32Array[],
): number {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return d;
    }
    trace?.push(v.slice(offset - d, offset + d + 1));
  }
  return -1;
}

/**
 * The matched (old, new) index pairs of a shortest edit script, in order, flattened
 * `[old, new, old, new, …]`; undefined when more than `maxEdits` edits are needed.
 */
export function myersPairs<T>(a: ArrayLike<T>, aLo: number, aHi: number, b: ArrayLike<T>, bLo: number, bHi: number, maxEdits: number): number[] | undefined {
  const trace: Int32Array[] = [];
  const found = myersDistance(a, aLo, aHi, b, bLo, bHi, maxEdits, trace);
  if (found < 0) return undefined;
  const reversed: number[] = [];
  let x = aHi - aLo;
  let y = bHi - bLo;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1];
    const at = (k: number): number => prev[k + d - 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const startX = down ? prevX : prevX + 1;
    const startY = startX - k;
    while (x > startX && y > startY) {
      x--;
      y--;
      reversed.push(bLo + y, aLo + x);
    }
    x = prevX;
    y = prevX - prevK;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    reversed.push(bLo + y, aLo + x);
  }
  return reversed.reverse();
}
