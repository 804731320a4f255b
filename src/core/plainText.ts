/**
 * Text from articles and teammates (a title, a snippet's path, a value, an error that quotes
 * them) made safe to put into VS Code's plain-text UI: notifications, dialogs, file-system
 * errors, input box prompts and validation messages (the places where VS Code looks for links).
 * `markdownText()` (markdownText.ts) is its counterpart for Markdown strings, `codeFence()` for
 * code shown in Markdown, `labelText()` (labelText.ts) for quick pick items and status bar text.
 *
 * VS Code turns `[label](command:…)` (and `https:`, `file:` targets) in those messages into a
 * link that runs the command when clicked: a synced title such as
 * `[Open](command:workbench.action.terminal.sendSequence?…)` would type into the user's terminal.
 * Lore breaks the `](` that such a link needs with a space, so the text still reads as written.
 */
export function plainText(text: string): string {
  return text.replace(LINK_JOINT, '] (');
}

/**
 * A message whose literal parts are Lore's own words and whose `${values}` are untrusted:
 * `plainMessage\`"${article.title}" has no conflicting versions.\``. Every show*Message call
 * with a value in its text goes through this tag (test/unit/extension/untrustedMessages.test.ts
 * fails on one that does not). The whole message is checked, so a value cannot join a `[` or
 * `]` of the surrounding words into a link either.
 */
export function plainMessage(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings[0];
  values.forEach((value, i) => { text += String(value) + strings[i + 1]; });
  return plainText(text);
}

/** The `](` between a link's label and its target (VS Code's link pattern needs them adjacent). */
const LINK_JOINT = /\]\(/g;
