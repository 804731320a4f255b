/**
 * A message for a notification, said once as Lore's: "Lore: …", unless the message already
 * starts with Lore's name ("Lore cannot open its database…" stays as it is).
 */
export function loreMessage(message: string): string {
  const text = message.trim();
  return /^Lore\b/.test(text) ? text : `Lore: ${text}`;
}
