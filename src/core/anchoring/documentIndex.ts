/**
 * One version of a document, indexed once for every anchor resolved against it: its lines, each
 * line's key (the line without whitespace) as a small integer id, and the lines holding each key
 * and each word. A batch of anchors shares one index, so its cost is paid once per file version.
 *
 * Built without making a string per line or per word: keys and words are hashed while the text
 * is scanned and interned in open-addressing tables, every hash hit confirmed character by
 * character, so equal ids mean equal keys (or words), exactly. The string form of a key is made
 * only when asked for (`key`).
 */
import { LineTable } from './lineTable';
import { isTrivialKey, lineKey, tokenizeOnce, wordTokens } from './similarity';

const NONE: readonly number[] = [];

export class DocumentIndex {
  readonly table: LineTable;
  /** Per line: the id of its key; lines with equal keys (equal but for whitespace) have equal ids. */
  readonly keyIds: Int32Array;
  /** Per line: 1 when its key says nothing about where code is (blank, `}`, `});`; see isTrivialKey). */
  readonly trivial: Uint8Array;
  /** Per key id: the first line holding it (its representative, to confirm hash hits against). */
  private readonly keyLine: Int32Array;
  private readonly keyHash: Int32Array;
  private keyCount = 0;
  private readonly keySlots: Int32Array;
  private readonly keyStrings: (string | undefined)[] = [];
  /** Lines per key id (trivial lines left out), sorted; built when first asked. */
  private byKey?: { starts: Int32Array; lines: Int32Array; lists: (readonly number[] | undefined)[] };
  private byWord?: WordIndex;
  private readonly distinctTokens: (string[] | undefined)[] = [];
  private readonly idsOfKeys = new WeakMap<readonly string[], Int32Array>();

  constructor(source: string | LineTable) {
    this.table = typeof source === 'string' ? new LineTable(source) : source;
    const lines = this.table.lines;
    const count = lines.length;
    this.keyIds = new Int32Array(count);
    this.trivial = new Uint8Array(count);
    this.keySlots = new Int32Array(tableSize(count));
    this.keyLine = new Int32Array(count);
    this.keyHash = new Int32Array(count);
    // Scanned in the whole text (a flat string) rather than in each line's slice of it.
    const text = this.table.text;
    for (let l = 0; l < count; l++) {
      const line = lines[l];
      const from = this.table.lineStartOffset(l);
      const to = from + line.length;
      let hash = FNV_OFFSET;
      let length = 0;
      let alnum = false;
      let ascii = true;
      for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (isWhitespace(c)) continue;
        hash = Math.imul(hash ^ c, FNV_PRIME);
        length++;
        if (c > 127) ascii = false;
        else if (!alnum && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) alnum = true;
      }
      this.keyIds[l] = this.internLine(l, hash);
      this.trivial[l] = ascii ? (length < 3 || !alnum ? 1 : 0) : isTrivialKey(lineKey(line)) ? 1 : 0;
    }
  }

  /** The key of a line (the line without whitespace), as `lineKey` gives it. */
  key(line: number): string {
    return this.keyOfId(this.keyIds[line]);
  }

  /** A key by its id, made (and kept) when first asked for. */
  private keyOfId(id: number): string {
    let key = this.keyStrings[id];
    if (key === undefined) this.keyStrings[id] = key = lineKey(this.table.lines[this.keyLine[id]]);
    return key;
  }

  /** The id of a key (a whitespace-free line), or -1 when no line of the document has it. */
  keyId(key: string): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (isWhitespace(c)) return -1; // keys have none: no line has this one
      hash = Math.imul(hash ^ c, FNV_PRIME);
    }
    const slots = this.keySlots;
    const mask = slots.length - 1;
    for (let s = mix(hash) & mask; slots[s] !== 0; s = (s + 1) & mask) {
      const id = slots[s] - 1;
      if (this.keyHash[id] === hash && this.keyOfId(id) === key) return id;
    }
    return -1;
  }

  /**
   * The ids of a list of keys (-1 for a key no line has), remembered for that list: an anchor's
   * body keys (one list per anchor shape) are matched against many places of the document.
   */
  keyIdsOf(keys: readonly string[]): Int32Array {
    let ids = this.idsOfKeys.get(keys);
    if (!ids) {
      ids = new Int32Array(keys.length);
      for (let k = 0; k < keys.length; k++) ids[k] = this.keyId(keys[k]);
      this.idsOfKeys.set(keys, ids);
    }
    return ids;
  }

  /** Lines whose key is `key`, sorted; none for trivial keys. */
  linesWithKey(key: string): readonly number[] {
    const id = this.keyId(key);
    return id < 0 ? NONE : this.linesWithKeyId(id);
  }

  /** Lines whose key has this id, sorted; none for trivial keys. */
  linesWithKeyId(id: number): readonly number[] {
    let byKey = this.byKey;
    if (!byKey) byKey = this.byKey = this.buildByKey();
    let list = byKey.lists[id];
    if (list === undefined) {
      list = byKey.starts[id] === byKey.starts[id + 1] ? NONE : Array.from(byKey.lines.subarray(byKey.starts[id], byKey.starts[id + 1]));
      byKey.lists[id] = list;
    }
    return list;
  }

  /** Lines holding the word (an identifier of three characters or more, see `forEachWord`), sorted, each once. */
  linesWithToken(token: string): readonly number[] {
    this.byWord ??= new WordIndex(this.table);
    return this.byWord.lines(token);
  }

  lineTokens(line: number): string[] {
    let tokens = this.distinctTokens[line];
    if (!tokens) {
      tokens = [...new Set(tokenizeOnce(this.table.lines[line]))];
      this.distinctTokens[line] = tokens;
    }
    return tokens;
  }

  private internLine(line: number, hash: number): number {
    const slots = this.keySlots;
    const mask = slots.length - 1;
    let s = mix(hash) & mask;
    for (; slots[s] !== 0; s = (s + 1) & mask) {
      const id = slots[s] - 1;
      if (this.keyHash[id] === hash && this.sameKeyAt(line, this.keyLine[id])) return id;
    }
    const id = this.keyCount++;
    this.keyLine[id] = line;
    this.keyHash[id] = hash;
    slots[s] = id + 1;
    return id;
  }

  /** Whether two lines have the same key, compared in place in the text (a flat string, fast to read). */
  private sameKeyAt(a: number, b: number): boolean {
    const text = this.table.text;
    const lines = this.table.lines;
    let i = this.table.lineStartOffset(a);
    let j = this.table.lineStartOffset(b);
    const endA = i + lines[a].length;
    const endB = j + lines[b].length;
    for (;;) {
      while (i < endA && isWhitespace(text.charCodeAt(i))) i++;
      while (j < endB && isWhitespace(text.charCodeAt(j))) j++;
      if (i === endA || j === endB) return i === endA && j === endB;
      if (text.charCodeAt(i) !== text.charCodeAt(j)) return false;
      i++;
      j++;
    }
  }

  private buildByKey(): { starts: Int32Array; lines: Int32Array; lists: (readonly number[] | undefined)[] } {
    const ids = this.keyCount;
    const starts = new Int32Array(ids + 1);
    const keyIds = this.keyIds;
    const trivial = this.trivial;
    for (let l = 0; l < keyIds.length; l++) if (!trivial[l]) starts[keyIds[l] + 1]++;
    for (let id = 0; id < ids; id++) starts[id + 1] += starts[id];
    const fill = starts.slice(0, ids);
    const lines = new Int32Array(starts[ids]);
    for (let l = 0; l < keyIds.length; l++) if (!trivial[l]) lines[fill[keyIds[l]]++] = l;
    return { starts, lines, lists: new Array(ids) };
  }
}

/**
 * The lines each word occurs on (words as `forEachWord` finds them), built in one pass: ASCII
 * lines are scanned by hand and their words hashed as they are read; lines with other characters
 * go through the tokenizer.
 */
class WordIndex {
  private slots: Int32Array;
  private readonly words: string[] = [];
  private hashes = new Int32Array(1024);
  private lastLine = new Int32Array(1024);
  private readonly starts: Int32Array;
  private readonly lineList: Int32Array;
  private readonly lists: (readonly number[] | undefined)[] = [];

  constructor(table: LineTable) {
    this.slots = new Int32Array(1024);
    const source = table.lines;
    const text = table.text;
    let pairs: Int32Array = new Int32Array(Math.max(64, source.length * 8));
    let pairCount = 0;
    for (let l = 0; l < source.length; l++) {
      const lineStart = pairCount;
      // Scanned in the whole text (a flat string) rather than in each line's slice of it.
      const from = table.lineStartOffset(l);
      const n = from + source[l].length;
      let i = from;
      let ascii = true;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (isIdentifierStart(c)) {
          let hash = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
          let j = i + 1;
          for (; j < n; j++) {
            const d = text.charCodeAt(j);
            if (!isIdentifierStart(d) && !(d >= 48 && d <= 57)) break;
            hash = Math.imul(hash ^ d, FNV_PRIME);
          }
          if (j - i >= 3) {
            const id = this.intern(text, i, j, hash);
            if (this.lastLine[id] !== l) {
              // Each line once per word.
              this.lastLine[id] = l;
              if (pairCount + 2 > pairs.length) pairs = grown(pairs);
              pairs[pairCount++] = id;
              pairs[pairCount++] = l;
            }
          }
          i = j;
        } else if (c >= 48 && c <= 57) {
          // A number runs on through letters, digits, `_` and `.` (`1e3`, `0x1F`, `1.5`).
          let j = i + 1;
          for (; j < n; j++) {
            const d = text.charCodeAt(j);
            if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 95 || d === 46)) break;
          }
          i = j;
        } else if (c > 127) {
          ascii = false;
          break;
        } else {
          i++;
        }
      }
      if (ascii) continue;
      // Letters beyond ASCII: the tokenizer reads the line instead, from its start.
      for (let p = lineStart; p < pairCount; p += 2) this.lastLine[pairs[p]] = -1;
      pairCount = lineStart;
      const line = source[l];
      for (const word of wordTokens(line, tokenizeOnce(line))) {
        const id = this.intern(word, 0, word.length, hashOf(word, 0, word.length));
        if (this.lastLine[id] === l) continue;
        this.lastLine[id] = l;
        if (pairCount + 2 > pairs.length) pairs = grown(pairs);
        pairs[pairCount++] = id;
        pairs[pairCount++] = l;
      }
    }
    const ids = this.words.length;
    const starts = new Int32Array(ids + 1);
    for (let p = 0; p < pairCount; p += 2) starts[pairs[p] + 1]++;
    for (let id = 0; id < ids; id++) starts[id + 1] += starts[id];
    const fill = starts.slice(0, ids);
    const lineList = new Int32Array(pairCount / 2);
    for (let p = 0; p < pairCount; p += 2) lineList[fill[pairs[p]]++] = pairs[p + 1];
    this.starts = starts;
    this.lineList = lineList;
  }

  lines(word: string): readonly number[] {
    const id = this.find(word, 0, word.length, hashOf(word, 0, word.length));
    if (id < 0) return NONE;
    let list = this.lists[id];
    if (list === undefined) this.lists[id] = list = Array.from(this.lineList.subarray(this.starts[id], this.starts[id + 1]));
    return list;
  }

  private find(text: string, from: number, to: number, hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let s = mix(hash) & mask; slots[s] !== 0; s = (s + 1) & mask) {
      const id = slots[s] - 1;
      if (this.hashes[id] === hash && sameSlice(this.words[id], text, from, to)) return id;
    }
    return -1;
  }

  private intern(text: string, from: number, to: number, hash: number): number {
    const found = this.find(text, from, to, hash);
    if (found >= 0) return found;
    const id = this.words.length;
    this.words.push(from === 0 && to === text.length ? text : text.slice(from, to));
    if (id === this.hashes.length) {
      const hashes = new Int32Array(id * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const lastLine = new Int32Array(id * 2);
      lastLine.set(this.lastLine);
      this.lastLine = lastLine;
    }
    this.hashes[id] = hash;
    this.lastLine[id] = -1;
    if (this.words.length * 2 > this.slots.length) this.grow();
    else this.place(id);
    return id;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let s = mix(this.hashes[id]) & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = id + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.words.length; id++) this.place(id);
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Spreads FNV's low bits before masking them into a table slot. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x45d9f3b);
  return h ^ (h >>> 16);
}

function hashOf(text: string, from: number, to: number): number {
  let hash = FNV_OFFSET;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** A power of two at least twice `count` (load at most one half). */
function tableSize(count: number): number {
  let size = 16;
  while (size < count * 2) size *= 2;
  return size;
}

function sameSlice(word: string, text: string, from: number, to: number): boolean {
  if (word.length !== to - from) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}

function grown(pairs: Int32Array): Int32Array {
  const bigger = new Int32Array(pairs.length * 2);
  bigger.set(pairs);
  return bigger;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

/** What `\s` matches (the whitespace `lineKey` and `normalizeWhitespace` remove). */
export function isWhitespace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
