/**
 * Text from a team folder (file and folder names, authors, reasons quoting them) made safe to
 * print in a terminal or a log: control characters, terminal escape sequences (C0 and C1,
 * including ESC and CSI) and invisible direction overrides are shown as `\u{…}` escapes, so a
 * planted file name cannot rewrite what the user sees.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
