import { plural } from '../plural';

/** What a held deletion would take away, as this machine knows it. */
export type HeldSubject =
  | { kind: 'article'; title: string }
  | { kind: 'note'; text: string; path: string }
  | { kind: 'reply'; text: string; path: string }
  | { kind: 'snippet'; articleTitle: string; path: string }
  | { kind: 'unknown'; id: string };

const NOUNS: Record<HeldSubject['kind'], string> = {
  article: 'article', note: 'review note', reply: 'reply', snippet: 'snippet', unknown: 'record',
};

/** The first words of a note, on one line, plain: "This scan is O(n) per insert. An index…". */
export function firstWords(text: string, words = 10): string {
  const flat = text.replace(/[`*_>#~[\]]/g, '').replace(/\s+/g, ' ').trim();
  const parts = flat.split(' ');
  return parts.length > words ? `${parts.slice(0, words).join(' ')}…` : flat;
}

/** One held deletion in words a teammate recognises: a title, a note's first words and file. */
export function describeHeldSubject(subject: HeldSubject): string {
  switch (subject.kind) {
    case 'article': return `Article "${subject.title}"`;
    case 'note': return `Review note "${firstWords(subject.text)}" on ${subject.path}`;
    case 'reply': return `Reply "${firstWords(subject.text)}" on ${subject.path}`;
    case 'snippet': return `Snippet of "${subject.articleTitle}" (${subject.path})`;
    default: return `A record Lore does not know here (${subject.id.slice(0, 12)})`;
  }
}

/** "12 articles, 3 review notes and 1 snippet": what the held deletions take away, per kind. */
export function countHeldKinds(subjects: ReadonlyArray<HeldSubject>): string {
  const counts = new Map<HeldSubject['kind'], number>();
  for (const s of subjects) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  const parts = (Object.keys(NOUNS) as Array<HeldSubject['kind']>)
    .filter((kind) => counts.has(kind))
    .map((kind) => (kind === 'reply' && counts.get(kind)! > 1 ? `${counts.get(kind)} replies` : plural(counts.get(kind)!, NOUNS[kind])));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0] ?? 'nothing';
}

/**
 * The held deletions for a dialog or the CLI: a headline with the counts per kind, then one line
 * per deletion (at most `limit`, then "… and N more"), each with who asked for it.
 */
export function describeHeldDeletions(
  held: ReadonlyArray<{ subject: HeldSubject; author: string }>, limit = 5,
): { headline: string; lines: string[] } {
  const headline = `The team folder asks to delete or empty ${countHeldKinds(held.map((h) => h.subject))} at once. Lore is holding these changes until you decide.`;
  const lines = held.slice(0, limit).map((h) => `${describeHeldSubject(h.subject)}, deleted by ${h.author}`);
  if (held.length > limit) lines.push(`… and ${held.length - limit} more`);
  return { headline, lines };
}
