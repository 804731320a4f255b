/**
 * Anchors kept for the team hold masked code: each secret replaced by `<redacted: …>`, with
 * `Anchor.hash` still the hash of the original text (which reveals nothing). These helpers let
 * anchoring compare masked anchor text with the real code: a mask stands for whatever the code
 * holds in its place, and an exact match is confirmed by the hash of the original.
 */
import type { Anchor } from '../model';
import { splitAtMarkers } from '../redaction/markers';
import { textSimilarity } from './similarity';
import { textHash } from './textHash';

/** The longest secret a mask is taken to stand for when looking for exact copies. */
const MAX_MASKED_LENGTH = 4096;

/** The text holds at least one redaction marker. */
export function hasMasks(text: string): boolean {
  return splitAtMarkers(text).length > 1;
}

/**
 * The masked text with each mask replaced by what `code` holds in its place, when the text
 * around the masks lines up with the code (whitespace aside); else line by line, each masked line
 * filled from a line of the code that fits it; masks with no counterpart become a space.
 * Unmasked text comes back unchanged.
 */
export function fillMasks(masked: string, code: string): string {
  const pieces = splitAtMarkers(masked);
  if (pieces.length === 1) return masked;
  const whole = fillPieces(pieces, code);
  if (whole !== undefined) return whole;
  const codeLines = code.split(/\r\n|\r|\n/);
  return masked
    .split(/(\r\n|\r|\n)/)
    .map((line) => {
      const linePieces = splitAtMarkers(line);
      if (linePieces.length === 1) return line;
      for (const codeLine of codeLines) {
        const filled = fillPieces(linePieces, codeLine);
        if (filled !== undefined) return filled;
      }
      return linePieces.join(' ');
    })
    .join('');
}

/** Token similarity of (possibly masked) anchor text to code, a mask counting as the code it covers. */
export function maskedSimilarity(anchorText: string, code: string): number {
  return textSimilarity(fillMasks(anchorText, code), code);
}

/** The anchored text with its masks counted as one word each (for measures of how much code it is). */
export function withoutMasks(text: string): string {
  return splitAtMarkers(text).join(' secret ');
}

/**
 * The next exact copy of the anchor's text in `haystack` at or after `from`: the text itself,
 * or for masked text, the text around the masks with anything in their place whose whole has
 * the anchor's hash (the hash of the original code).
 */
export function findExact(anchor: Pick<Anchor, 'text' | 'hash'>, haystack: string, from = 0): { start: number; end: number } | undefined {
  const pieces = splitAtMarkers(anchor.text);
  if (pieces.length === 1) {
    const start = haystack.indexOf(anchor.text, from);
    return start < 0 ? undefined : { start, end: start + anchor.text.length };
  }
  const pattern = new RegExp(pieces.map(escapeRegExp).join(`[\\s\\S]{1,${MAX_MASKED_LENGTH}}?`), 'g');
  pattern.lastIndex = from;
  for (let m = pattern.exec(haystack); m; m = pattern.exec(haystack)) {
    if (textHash(m[0]) === anchor.hash) return { start: m.index, end: m.index + m[0].length };
    pattern.lastIndex = m.index + 1;
  }
  return undefined;
}

/**
 * Fill the gaps between `pieces` from `code`, comparing with whitespace runs as one space: the
 * code must start with the first piece, end with the last, and hold the others in order, with at
 * least one character in each gap. Returns the pieces as written with the code's text in the
 * gaps, or undefined when the code does not fit.
 */
function fillPieces(pieces: string[], code: string): string | undefined {
  const flat = code.replace(/\s+/g, ' ').trim();
  const norm = pieces.map((p) => p.replace(/\s+/g, ' '));
  norm[0] = norm[0].trimStart();
  norm[norm.length - 1] = norm[norm.length - 1].trimEnd();
  const last = norm[norm.length - 1];
  if (!flat.startsWith(norm[0])) return undefined;
  const limit = flat.length - last.length;
  if (!flat.endsWith(last) || limit < norm[0].length) return undefined;
  const fillers: string[] = [];
  let pos = norm[0].length;
  for (let i = 1; i < norm.length - 1; i++) {
    const at = flat.indexOf(norm[i], pos + 1);
    if (at < 0 || at + norm[i].length > limit) return undefined;
    fillers.push(flat.slice(pos, at));
    pos = at + norm[i].length;
  }
  if (limit - pos < 1) return undefined;
  fillers.push(flat.slice(pos, limit));
  let out = pieces[0];
  for (let i = 1; i < pieces.length; i++) out += fillers[i - 1].trim() + pieces[i];
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
