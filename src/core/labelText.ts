/**
 * Text from articles and teammates (a title, a tag, an excerpt, a path, a note) made safe to put
 * into the parts of VS Code's UI that draw `$(name)` as an icon: quick pick items' labels,
 * descriptions and details, and status bar text. `plainText()` (plainText.ts) is its counterpart
 * for notifications and dialogs, where the danger is links rather than icons.
 *
 * VS Code draws `$(verified)` in those places as the "verified" codicon, so a synced title
 * "Deploy guide $(verified)" would show a badge Lore never gave it. A backslash before the `$(`
 * makes VS Code show the text as written (`\$(verified)` reads "$(verified)"), as its own
 * `escapeIcons` does. Unlike `escapeIcons`, a backslash already in the text is kept as text:
 * `\$(x)` becomes `\\$(x)`, which VS Code shows as "\$(x)".
 *
 * Lore's own icons are written in Lore's literal strings around the value:
 * `` `$(book) ${labelText(article.title)}` ``.
 */
export function labelText(text: string): string {
  return text.replace(ICON, '\\$&');
}

/** What VS Code draws as an icon: `$(` a name (letters, digits, dashes), an optional `~modifier`, `)`. */
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;
