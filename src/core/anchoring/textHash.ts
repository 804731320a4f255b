import { sha256Hex } from '../hash';

/**
 * Whitespace-normalised form of a piece of code: runs of spaces, tabs and line breaks become
 * one space, ends trimmed. Re-indenting code or switching CRLF/LF does not change it.
 */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The hash stored in `Anchor.hash`: SHA-256 of the whitespace-normalised text. */
export function textHash(text: string): string {
  return sha256Hex(normalizeWhitespace(text));
}
