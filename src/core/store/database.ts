import { StoreError, describeError } from '../errors';
import type { SqlConnection, SqlDriver, SqlStatement, SqlValue } from './driver';
import { LATEST_SCHEMA_VERSION, runMigrations, type Migration } from './migrations';

/** WAL size, in pages, at which a commit checkpoints (see Database.open). */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/**
 * A SQLite connection set up the way Lore needs it: WAL (so two VS Code windows can read and
 * write at once), a busy timeout, foreign keys, migrations applied, statements cached, and
 * write transactions that take the write lock up front (BEGIN IMMEDIATE) so two writers
 * queue instead of failing half-way.
 */
export class Database {
  private readonly statements = new Map<string, SqlStatement>();
  private depth = 0;

  private constructor(readonly connection: SqlConnection, readonly file: string) {}

  /**
   * `migrations`: the schema to bring the file to (default: all of them; tests pass fewer to make
   * an older Lore's database). `migrate: false` leaves that to the caller (runMigrationsInSteps).
   */
  static open(file: string, driver: SqlDriver, options: { busyTimeoutMs?: number; migrations?: readonly Migration[]; migrate?: boolean } = {}): Database {
    let connection: SqlConnection;
    try {
      connection = driver.open(file);
    } catch (error) {
      throw explainOpenError(error, file);
    }
    const db = new Database(connection, file);
    try {
      // Check the schema version before anything writes to the file (even switching to WAL does).
      db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      const version = db.pragmaNumber('user_version');
      if (version > LATEST_SCHEMA_VERSION) {
        throw new StoreError(
          `The Lore database at ${file} was written by a newer version of Lore (schema ${version}; this version knows up to ${LATEST_SCHEMA_VERSION}).`,
          'Update the Lore extension. The database has not been changed.',
        );
      }
      if (file !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
      // NORMAL, the usual choice with WAL: a commit appends to the WAL without waiting for the
      // disk, which is synced when a checkpoint copies it into the database. A power cut can lose
      // the last commits, never corrupt the file (and what sync already published is in the team
      // folder too); FULL would add a disk flush (milliseconds to tens of them) to every save.
      db.exec('PRAGMA synchronous = NORMAL');
      // SQLite copies the WAL into the database (a checkpoint, with two disk flushes) during the
      // commit that makes it reach wal_autocheckpoint pages. At the default 1,000 pages that was
      // one save in ~30 at 50,000 articles (a save writes ~30 pages), and that save took ~15 ms
      // more, ten times a plain save: the slowest saves were those. Lore checkpoints when idle instead
      // (checkpoint(), called by compactSearchIndex() once the index is merged), so a save only
      // pays for one after ~130 saves with no idle moment between them; the WAL can then reach
      // about 16 MB, and journal_size_limit gives the space back after a checkpoint.
      db.exec(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      db.exec(`PRAGMA journal_size_limit = ${WAL_AUTOCHECKPOINT_PAGES * 4096}`);
      db.exec('PRAGMA foreign_keys = ON');
      if (options.migrate ?? true) runMigrations(db, options.migrations);
      return db;
    } catch (error) {
      connection.close();
      throw error instanceof StoreError ? error : explainOpenError(error, file);
    }
  }

  exec(sql: string): void {
    this.connection.exec(sql);
  }

  /** A cached prepared statement. */
  statement(sql: string): SqlStatement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.connection.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  run(sql: string, ...params: SqlValue[]): number {
    return this.statement(sql).run(...params).changes;
  }

  get<T>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.statement(sql).get<T>(...params);
  }

  all<T>(sql: string, ...params: SqlValue[]): T[] {
    return this.statement(sql).all<T>(...params);
  }

  pragmaNumber(name: string): number {
    const row = this.connection.prepare(`PRAGMA ${name}`).get<Record<string, unknown>>();
    return Number(row ? Object.values(row)[0] : 0);
  }

  /**
   * Runs `work` in one write transaction (nested calls join the outer one). If `work` throws,
   * nothing it did is kept.
   */
  transaction<T>(work: () => T): T {
    if (this.depth > 0) {
      this.depth++;
      try {
        return work();
      } finally {
        this.depth--;
      }
    }
    try {
      this.connection.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw explainOpenError(error, this.file);
    }
    this.depth = 1;
    try {
      const result = work();
      this.connection.exec('COMMIT');
      return result;
    } catch (error) {
      try {
        this.connection.exec('ROLLBACK');
      } catch {
        // The transaction may already have been rolled back by SQLite itself.
      }
      throw error;
    } finally {
      this.depth = 0;
    }
  }

  /**
   * Copies what the WAL holds into the database file without waiting for other connections
   * (SQLite's PASSIVE checkpoint), so the next saves start from an empty WAL and do not pay for
   * a checkpoint themselves. For idle time: at 50,000 articles it took ~15 ms after 30 saves.
   * Returns true when everything was copied (a reader in another window can hold some back).
   */
  checkpoint(): boolean {
    if (this.depth > 0 || this.file === ':memory:') return false;
    const row = this.connection.prepare('PRAGMA wal_checkpoint(PASSIVE)').get<{ busy: number; log: number; checkpointed: number }>();
    return !!row && row.busy === 0 && row.log === row.checkpointed;
  }

  close(): void {
    this.statements.clear();
    this.connection.close();
  }
}

/** Turns SQLite's terse errors into ones that say what happened and what to do. */
export function explainOpenError(error: unknown, file: string): StoreError {
  if (error instanceof StoreError) return error;
  const message = describeError(error);
  if (/not a database|file is encrypted|malformed/i.test(message)) {
    return new StoreError(
      `The Lore database at ${file} is damaged or is not a SQLite database (${message}).`,
      'Lore has not changed it. Move the file aside (keep it for recovery) and reload the window; ' +
        'if you use a team folder, your team\'s articles come back from it.',
      { cause: error },
    );
  }
  if (/busy|locked/i.test(message)) {
    return new StoreError(
      `The Lore database at ${file} is locked by another program.`,
      'Close other programs using it (a database browser, a backup tool) and try again. Nothing was lost.',
      { cause: error },
    );
  }
  if (/unable to open|cannot open|could not open|no such file|ENOENT|EACCES|readonly|read-only/i.test(message)) {
    return new StoreError(
      `Lore cannot open its database at ${file} (${message}).`,
      'Check that the folder exists and that you may write to it.',
      { cause: error },
    );
  }
  return new StoreError(`The Lore database at ${file} failed: ${message}`, undefined, { cause: error });
}
