import type { ThreadKind } from '../model';
import { THREAD_KINDS } from '../model';

/** SARIF's result levels, from most to least severe. */
export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** How each kind of review note is shown and exported. */
export interface KindInfo {
  kind: ThreadKind;
  /** Title-case name, e.g. `Bug`. */
  title: string;
  /** Shown before the title in thread labels and reports. */
  emoji: string;
  /** Codicon name for trees and quick picks. */
  codicon: string;
  /** One line for the kind picker. */
  description: string;
  /** Severity in SARIF exports. */
  sarifLevel: SarifLevel;
}

const KINDS: Record<ThreadKind, KindInfo> = {
  bug: { kind: 'bug', title: 'Bug', emoji: '🐞', codicon: 'bug', description: 'Something here is wrong and should be fixed', sarifLevel: 'error' },
  suggestion: { kind: 'suggestion', title: 'Suggestion', emoji: '💡', codicon: 'lightbulb', description: 'A better way to do this', sarifLevel: 'warning' },
  question: { kind: 'question', title: 'Question', emoji: '❓', codicon: 'question', description: 'Something you want explained', sarifLevel: 'note' },
  nit: { kind: 'nit', title: 'Nit', emoji: '🧹', codicon: 'symbol-misc', description: 'A small style or naming point; fine to skip', sarifLevel: 'note' },
  praise: { kind: 'praise', title: 'Praise', emoji: '👏', codicon: 'heart', description: 'Something done well, worth keeping', sarifLevel: 'none' },
};

export function kindInfo(kind: ThreadKind): KindInfo {
  return KINDS[kind];
}

/** Every kind in the order the picker shows them. */
export function allKinds(): KindInfo[] {
  return THREAD_KINDS.map((k) => KINDS[k]);
}
