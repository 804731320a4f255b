import type { SqlConnection, SqlDriver, SqlStatement, SqlValue } from './driver';

interface NodeSqliteStatement {
  run(...params: SqlValue[]): { changes: number | bigint };
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
}
interface NodeSqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): NodeSqliteStatement;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (file: string, options?: { readOnly?: boolean }) => NodeSqliteDatabase;
}

/** The runtime's built-in SQLite (Node ≥ 22.13, so VS Code desktop's Electron and code-server's Node 24). */
export function createNodeSqliteDriver(): SqlDriver {
  // A plain `require('node:sqlite')` would be resolved by the bundler; this stays a runtime lookup.
  const nodeRequire = module.require.bind(module) as (id: string) => unknown;
  const sqlite = nodeRequire('node:sqlite') as NodeSqliteModule;
  return {
    name: 'node:sqlite',
    open(file, options): SqlConnection {
      const db = new sqlite.DatabaseSync(file, { readOnly: options?.readonly ?? false });
      return {
        driverName: 'node:sqlite',
        exec: (sql) => db.exec(sql),
        prepare: (sql): SqlStatement => {
          const stmt = db.prepare(sql);
          return {
            run: (...params: SqlValue[]) => ({ changes: Number(stmt.run(...params).changes) }),
            get: <T>(...params: SqlValue[]) => normalizeRow(stmt.get(...params)) as T | undefined,
            all: <T>(...params: SqlValue[]) => stmt.all(...params).map(normalizeRow) as T[],
          };
        },
        close: () => db.close(),
      };
    },
  };
}

/** node:sqlite returns rows with a null prototype; give them a normal one so deepEqual and spreads behave. */
function normalizeRow(row: unknown): unknown {
  return row && typeof row === 'object' ? { ...(row as object) } : row;
}
