import * as vscode from 'vscode';
import type { SecretFinding } from '../../core/redaction';
import { labelText } from '../../core/labelText';

/** One piece of text about to be saved for the team, with the possible secrets found in it. */
export interface SecretReviewPart {
  /** Names the part in the answer, e.g. `code`, `note`, or a snippet's index. */
  key: string;
  findings: readonly SecretFinding[];
  /** Where a finding is, for the list: `src/app.ts:12`, `your note, line 2`. */
  where: (finding: SecretFinding) => string;
}

/** What the integration tests read about the secret review being shown. */
export interface SecretReviewSnapshot {
  title: string;
  items: string[];
}

let pending: SecretReviewSnapshot | undefined;

export function pendingSecretReview(): SecretReviewSnapshot | undefined {
  return pending;
}

/**
 * Shows every possible secret about to be saved, ticked, so the user can untick false
 * positives: the same review whatever is being shared (a snippet, a review note, a reply, an
 * article made from a note). Resolves to the ids to mask per part key, or undefined when the
 * user cancels. Nothing is shown when there is nothing to review.
 */
export async function reviewSecrets(parts: readonly SecretReviewPart[]): Promise<Map<string, Set<string>> | undefined> {
  const accepted = new Map<string, Set<string>>(parts.map((p) => [p.key, new Set<string>()]));
  const findings = parts.flatMap((part) => part.findings.map((finding) => ({ part, finding })));
  if (!findings.length) return accepted;
  type Item = vscode.QuickPickItem & { key: string; id: string };
  const items: Item[] = findings.map(({ part, finding }) => ({
    key: part.key,
    id: finding.id,
    label: `$(shield) ${finding.label}`,
    description: labelText(`${part.where(finding)} · ${finding.preview}`),
    detail: `${finding.confidence} confidence: ticked items are replaced by <redacted: ${finding.label}>`,
    picked: true,
  }));
  const title = `Lore found ${findings.length} possible secret${findings.length > 1 ? 's' : ''} in what you are about to share`;
  pending = { title, items: items.map((i) => `${i.label} ${i.description}`) };
  let picked: readonly Item[] | undefined;
  try {
    picked = await pickMany(items, title);
  } finally {
    pending = undefined;
  }
  if (!picked) return undefined;
  for (const item of picked) accepted.get(item.key)?.add(item.id);
  return accepted;
}

/**
 * A many-item pick whose items arrive with it. `showQuickPick` shows the picker and sends its
 * items in a second message to the workbench, so an Enter in between accepted an empty choice
 * and masked nothing; a quick pick given its items, ticks and options before `show()` sends
 * them all at once. Resolves to the ticked items, or undefined when the user closes it.
 */
function pickMany<T extends vscode.QuickPickItem>(items: readonly T[], title: string): Promise<readonly T[] | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = title;
    pick.placeholder = 'Ticked items will be masked before anything is saved. Untick false positives, then press Enter.';
    pick.canSelectMany = true;
    pick.ignoreFocusOut = true;
    pick.items = items;
    pick.selectedItems = items.filter((item) => item.picked);
    let answer: readonly T[] | undefined;
    pick.onDidAccept(() => {
      answer = pick.selectedItems;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(answer);
    });
    pick.show();
  });
}
