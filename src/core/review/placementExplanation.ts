/**
 * Why a note is not simply attached, and what to do about it, in words shown on the note's
 * thread. Moved notes need nothing (their label says so); a note that needs review or is
 * orphaned gets an explanation with the code involved, always inside a fence.
 */
import { fillMasks } from '../anchoring/maskedText';
import { lineChanges } from '../anchoring/describeChange';
import { markdownText } from '../markdownText';
import type { Anchor, AnchorState, TextRange } from '../model';
import { plural } from '../plural';
import { codeFence, languageForPath } from './languageForPath';
import { describeMove, isCodeChange, linesText, whereItWas } from './threadLabel';

/** The action's title as the thread shows it (package.json `lore.review.reattachHere`). */
export const REATTACH_HERE = 'Re-attach Here';

export interface PlacementFacts {
  state: AnchorState;
  /** What re-anchoring said (the resolver's note). */
  note?: string;
  /** The anchor the note was written on (where it was, its code). */
  anchor: Pick<Anchor, 'path' | 'range' | 'text'>;
  /** Where the note is shown now: the best guess when it needs review. */
  range: TextRange;
  /** The code at `range` now, when the document is open. */
  textNow?: string;
}

/** How the anchored code differs from the code now, in lines: `2 lines edited`, `1 line edited, 2 added`; '' when the same. */
export function changeSummary(changes: string): string {
  let removed = 0;
  let added = 0;
  for (const line of changes.split('\n')) {
    if (line.startsWith('- ')) removed++;
    else if (line.startsWith('+ ')) added++;
  }
  const edited = Math.min(removed, added);
  const parts: string[] = [];
  if (edited) parts.push(`${plural(edited, 'line')} edited`);
  if (added > edited) parts.push(edited ? `${added - edited} added` : `${plural(added - edited, 'line')} added`);
  if (removed > edited) parts.push(edited ? `${removed - edited} removed` : `${plural(removed - edited, 'line')} removed`);
  return parts.join(', ');
}

/** The anchored code against the code now, line by line (`- ` was, `+ ` is); '' when they are the same. */
export function codeChanges(anchorText: string, textNow: string): string {
  const changes = lineChanges(fillMasks(anchorText, textNow), textNow);
  return /^[-+] /m.test(changes) ? changes : '';
}

/**
 * The explanation shown first in a thread that needs review or is orphaned (Markdown, every
 * outside word escaped, code fenced); undefined for attached and moved notes.
 */
export function explainPlacement(facts: PlacementFacts): string | undefined {
  const was = markdownText(`(${whereItWas(facts.anchor)})`);
  switch (facts.state) {
    case 'attached':
    case 'moved':
      return undefined;
    case 'needsReview': {
      const changes = facts.textNow !== undefined ? codeChanges(facts.anchor.text, facts.textNow) : '';
      const moved = describeMove(facts.anchor.range, facts.range);
      const movedText = moved.startsWith('moved ') && moved !== 'moved within its line' ? moved : '';
      let why: string;
      if (isCodeChange(facts.note) || (changes && !facts.note)) {
        const what = [changeSummary(changes), movedText].filter(Boolean).join(', ');
        why = `The code here changed${what ? `: ${what}` : ''}.`;
      } else {
        why = facts.note?.trim() || 'Lore is not sure this is the code the note was written on.';
      }
      const todo =
        `Check that the note still applies to ${linesText(facts.range)}, then choose ${REATTACH_HERE} in this thread's title to keep it on this code. ` +
        `Until then it stays tied to the code it was written on`;
      const parts = [`**Needs review.** ${markdownText(why)} ${markdownText(todo)} ${was}.`];
      if (changes) parts.push(`What changed (\`-\` was, \`+\` is now):`, codeFence(changes, 'diff'));
      return parts.join('\n\n');
    }
    case 'orphaned': {
      const parts = [`**Orphaned.** ${markdownText('The code this note was about is no longer in this file.')} ${markdownText(`It ${whereItWas(facts.anchor)}:`)}`];
      if (facts.anchor.text.trim()) parts.push(codeFence(facts.anchor.text, languageForPath(facts.anchor.path)));
      parts.push(markdownText(`Select the code the note is about now and choose ${REATTACH_HERE}, or resolve the note if it no longer applies.`));
      return parts.join('\n\n');
    }
  }
}
