/** Notes and articles that point at one line of code. */
export interface LineAnnotations<N, A> {
  line: number;
  notes: N[];
  articles: A[];
}

/**
 * Groups review notes and article snippets by the line they start on, lines in order,
 * each article counted once per line.
 */
export function annotationsByLine<N, A>(
  notes: ReadonlyArray<{ line: number; item: N }>,
  articles: ReadonlyArray<{ line: number; item: A; key: string }>,
): Array<LineAnnotations<N, A>> {
  const byLine = new Map<number, LineAnnotations<N, A> & { keys: Set<string> }>();
  const at = (line: number) => {
    let entry = byLine.get(line);
    if (!entry) {
      entry = { line, notes: [], articles: [], keys: new Set() };
      byLine.set(line, entry);
    }
    return entry;
  };
  for (const n of notes) at(n.line).notes.push(n.item);
  for (const a of articles) {
    const entry = at(a.line);
    if (entry.keys.has(a.key)) continue;
    entry.keys.add(a.key);
    entry.articles.push(a.item);
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line).map(({ line, notes: n, articles: a }) => ({ line, notes: n, articles: a }));
}

/** `2 review notes · 1 article`; parts with a zero count are left out. */
export function codeLensTitle(notes: number, articles: number): string {
  const parts: string[] = [];
  if (notes) parts.push(`${notes} review note${notes === 1 ? '' : 's'}`);
  if (articles) parts.push(`${articles} article${articles === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
