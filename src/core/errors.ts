/**
 * Errors that carry what the user needs to fix them. The extension shows `message` as is;
 * `hint` (when present) says what to do next.
 */
export class LoreError extends Error {
  constructor(message: string, readonly hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoreError';
  }
}

/** A value that breaks a rule of the model, with the field it belongs to. */
export class ValidationError extends LoreError {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** The database could not be opened or used; the hint says what to do. */
export class StoreError extends LoreError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, hint, options);
    this.name = 'StoreError';
  }
}

export class NotFoundError extends LoreError {
  constructor(readonly entity: string, readonly id: string) {
    super(`The ${entity} ${id} does not exist (it may have been deleted on another machine).`);
    this.name = 'NotFoundError';
  }
}

/** A message fit to show to a user: LoreErrors as they are, anything else summarised. */
export function describeError(error: unknown): string {
  if (error instanceof LoreError) return error.hint ? `${error.message} ${error.hint}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Everything known about a failure, for the log: the stack where there is one. */
export function errorDetail(error: unknown): string {
  if (error instanceof Error) return error.stack ?? describeError(error);
  return String(error);
}
