/**
 * An address with a scheme (`https://…`, `vscode://lore-team.lore/article/…`) in text: the
 * scheme part of the patterns that find them. Real schemes are short, so it is at most 32
 * characters. Unbounded (`[a-z][a-z0-9+.-]*`), the pattern is tried from every letter of a long
 * run of letters and digits without `://` and runs to its end each time: quadratic in the run's
 * length. A teammate's 100 KB body of one word (a pasted base64 blob) then stopped sync for a
 * minute, and a 2 MB one (bodies may be that large) for hours.
 */
export const SCHEME_PATTERN = '[a-z][a-z0-9+.-]{0,31}';

/** A fresh global, case-insensitive pattern for addresses with a scheme, each ending before `stop` (a character class body). */
export function addressPattern(stop = '\\s)\\]>"\''): RegExp {
  return new RegExp(`${SCHEME_PATTERN}:\\/\\/[^${stop}]+`, 'gi');
}
