/** "1 device", "3 devices": a count with its noun, for messages (nouns with a plain -s plural). */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
