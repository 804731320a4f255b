/**
 * The small surface of SQLite that Lore uses, so the store runs on better-sqlite3, on the
 * runtime's built-in `node:sqlite`, or on SQLite compiled to WebAssembly, whichever loads first
 * in the host (see sqliteDriverLoader.ts). Parameters are positional (`?`) only: all three
 * drivers agree on those.
 */
export type SqlValue = string | number | bigint | null | Uint8Array;
export type SqlRow = Record<string, unknown>;

export interface SqlStatement {
  run(...params: SqlValue[]): { changes: number };
  get<T = SqlRow>(...params: SqlValue[]): T | undefined;
  all<T = SqlRow>(...params: SqlValue[]): T[];
}

export interface SqlConnection {
  readonly driverName: SqlDriverName;
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  close(): void;
}

export type SqlDriverName = 'better-sqlite3' | 'node:sqlite' | 'wasm';

export const SQL_DRIVER_NAMES: readonly SqlDriverName[] = ['better-sqlite3', 'node:sqlite', 'wasm'];

export interface SqlDriver {
  readonly name: SqlDriverName;
  open(file: string, options?: { readonly?: boolean }): SqlConnection;
}
