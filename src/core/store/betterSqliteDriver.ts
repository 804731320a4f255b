import type { SqlConnection, SqlDriver, SqlStatement, SqlValue } from './driver';

type BetterSqliteModule = typeof import('better-sqlite3');

/**
 * better-sqlite3, optionally with an explicit native addon (a `.node` file built for this
 * runtime's ABI, as shipped in a per-platform .vsix).
 */
export function createBetterSqliteDriver(addon?: object): SqlDriver {
   
  const Database = require('better-sqlite3') as BetterSqliteModule;
  return {
    name: 'better-sqlite3',
    open(file, options): SqlConnection {
      const db = new Database(file, { readonly: options?.readonly ?? false, nativeBinding: addon as never });
      return {
        driverName: 'better-sqlite3',
        exec: (sql) => void db.exec(sql),
        prepare: (sql): SqlStatement => {
          const stmt = db.prepare(sql);
          return {
            run: (...params: SqlValue[]) => ({ changes: stmt.run(...params).changes }),
            get: <T>(...params: SqlValue[]) => (stmt.reader ? (stmt.get(...params) as T | undefined) : (stmt.run(...params), undefined)),
            all: <T>(...params: SqlValue[]) => stmt.all(...params) as T[],
          };
        },
        close: () => db.close(),
      };
    },
  };
}
