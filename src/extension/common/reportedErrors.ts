/**
 * Errors the user has already been shown (e.g. the database that cannot be opened, which every
 * view and command runs into). The command wrapper stays quiet about these instead of showing
 * the same message again for each command.
 */
const reported = new WeakSet<object>();

export function markReported(error: unknown): void {
  if (typeof error === 'object' && error !== null) reported.add(error);
}

export function wasReported(error: unknown): boolean {
  return typeof error === 'object' && error !== null && reported.has(error);
}
