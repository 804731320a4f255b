import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError, LoreError } from '../../core/errors';
import { Database } from '../../core/store/database';
import { LoreStore } from '../../core/store/loreStore';
import { runMigrations, runMigrationsInSteps, upgradeAhead, type UpgradeAhead } from '../../core/store/migrations';
import { loadSqliteDriver } from '../../core/store/sqliteDriverLoader';
import type { FieldMerger } from '../../core/store/fieldResolution';
import { setContext } from './commands';
import { markReported } from './reportedErrors';
import { loreMessage } from '../../core/loreMessage';
import { plainText } from '../../core/plainText';

/**
 * Every upgrade whose work grows with the articles (a search index rebuild: ~0.2 s per 1,000
 * articles) runs in steps without blocking the window. From this many articles its progress is
 * a notification; below, a few seconds at most, it shows in the status bar.
 */
export const UPGRADE_NOTIFICATION_FROM = 2_000;

/** The author name now, and the promise of git's answer (`common/author.ts`). */
export interface AuthorSource {
  current(): string;
  load(): Promise<void>;
}

/**
 * Opens the local database on first use (never during activation) and hands the same store
 * to every feature. Listeners registered before the first open are attached when it opens.
 */
/** Logged once when Lore runs on SQLite compiled to WebAssembly (README: Compatibility and performance). */
export const WASM_PERFORMANCE_NOTE =
  'This VS Code runs Lore on SQLite compiled to WebAssembly, since neither a better-sqlite3 build for its runtime nor node:sqlite loads. ' +
  'Everything works, but searching and saving are slower than with the native drivers, and VS Code windows take turns on the database ' +
  "(one waits while another saves). The README's Compatibility section says which VS Code versions use which driver.";

export class StoreProvider implements vscode.Disposable {
  private store: LoreStore | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<import('../../core/store/loreStore').StoreChange>();
  /** Fires after every committed change, local or from the team folder. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly openedEmitter = new vscode.EventEmitter<LoreStore>();
  readonly onDidOpen = this.openedEmitter.event;
  private mergers: FieldMerger[] = [];
  private dataVersion = 0;
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly author: AuthorSource,
  ) {}

  /** Mergers must be given before the store is first opened. */
  addMerger(merger: FieldMerger): void {
    this.mergers.push(merger);
  }

  /** The open store writes under the current author name (after a settings change, or once git has answered). */
  refreshAuthor(): void {
    if (this.store) this.store.author = this.author.current();
  }

  /**
   * Waits for git's `user.name` (asked once, asynchronously) and writes under it from then on.
   * Whatever records the name beyond one event (the device file sync publishes) waits for this.
   */
  async authorKnown(): Promise<void> {
    await this.author.load();
    this.refreshAuthor();
  }

  get isOpen(): boolean {
    return this.store !== undefined;
  }

  /**
   * The store, opened on first use. When it cannot be opened (newer schema, damaged file,
   * locked, no SQLite driver) the reason is shown once and logged once, the views switch to
   * their "cannot open" welcome text, and the error is thrown marked as already reported.
   * The next call tries again, so a database that was locked opens once it is free.
   */
  get(): LoreStore {
    return this.openOrExplain(false);
  }

  /** For views: the store, or undefined when it cannot be opened (already reported by get()) or is being upgraded. */
  tryGet(): LoreStore | undefined {
    try {
      return this.openOrExplain(true);
    } catch {
      return undefined;
    }
  }

  private openOrExplain(quiet: boolean): LoreStore {
    if (this.store) return this.store;
    try {
      if (this.upgrading) throw new LoreError('Lore is still upgrading its database.');
      return this.open();
    } catch (error) {
      if (this.upgrading) {
        if (!quiet && !this.toldAboutUpgrade) {
          this.toldAboutUpgrade = true;
          void vscode.window.showInformationMessage('Lore is upgrading its database for this version. Try again when the upgrade has finished (its progress is shown).');
        }
      } else {
        this.reportOpenError(error);
      }
      markReported(error);
      throw error;
    }
  }

  private reportOpenError(error: unknown): void {
    const message = describeError(error);
    if (message === this.lastOpenError) return;
    this.lastOpenError = message;
    this.log.error(`Cannot open the Lore database: ${message}`);
    void setContext('lore:databaseUnavailable', true);
    void vscode.window.showErrorMessage(plainText(loreMessage(message)), 'Show Log').then((choice) => {
      if (choice) this.log.show();
    });
  }

  private lastOpenError: string | undefined;
  /** The loader's line: which SQLite driver is in use and why the ones before it were not. */
  private driverReport: string | undefined;
  private toldAboutWasm = false;

  /** What `Lore: Show Log` adds at the end of the log: the driver in use and why. */
  driverSummary(): string {
    return this.driverReport ?? 'SQLite driver: none loaded yet (Lore opens its database on first use).';
  }
  private driver: ReturnType<typeof loadSqliteDriver> | undefined;
  /** Set while a long upgrade runs in steps; get() refuses until it is done. */
  private upgrading: Promise<void> | undefined;
  private toldAboutUpgrade = false;
  private disposed = false;

  private open(): LoreStore {
    const folder = this.context.globalStorageUri.fsPath;
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'lore.db');
    const started = Date.now();
    // Loaded once: a database that fails to open is tried again on the next use, the driver is not.
    const driver = this.driver ??= loadSqliteDriver({
      nativeDir: path.join(this.context.extensionPath, 'dist', 'native'),
      log: (message) => {
        this.driverReport = message;
        this.log.info(message);
      },
    });
    if (driver.name === 'wasm' && !this.toldAboutWasm) {
      this.toldAboutWasm = true;
      this.log.info(WASM_PERFORMANCE_NOTE);
    }
    const db = Database.open(file, driver, { migrate: false });
    try {
      const ahead = upgradeAhead(db);
      if (ahead) {
        this.upgrading = this.upgradeInSteps(db, ahead);
        throw new LoreError(`Lore is upgrading its database (${ahead.articles} articles).`);
      }
      // What is left is schema changes of a moment (and a new database's first tables).
      runMigrations(db);
      return this.attach(db, started);
    } catch (error) {
      if (!this.upgrading) db.close();
      throw error;
    }
  }

  private attach(db: Database, started: number): LoreStore {
    const store = LoreStore.onDatabase(db, { author: this.author.current(), mergers: this.mergers });
    if (this.lastOpenError !== undefined) {
      this.lastOpenError = undefined;
      void setContext('lore:databaseUnavailable', false);
    }
    store.onDidChange((change) => this.changeEmitter.fire(change));
    this.store = store;
    this.watchOtherWindows(store);
    this.log.info(`Opened ${db.file} in ${Date.now() - started} ms (${store.countArticles()} articles, device ${store.deviceId.slice(0, 8)})`);
    this.openedEmitter.fire(store);
    return store;
  }

  /**
   * A database from an older Lore whose upgrade grows with its articles, whatever its size:
   * upgraded in steps with its progress shown, the views saying so meanwhile, then opened and
   * the views refreshed.
   */
  private async upgradeInSteps(db: Database, { longWork, articles }: UpgradeAhead): Promise<void> {
    const started = Date.now();
    this.log.info(`Upgrading ${db.file} (${articles} articles): ${longWork.map((m) => m.longWork).join('; ')}`);
    void setContext('lore:databaseUpgrading', true);
    try {
      await vscode.window.withProgress(
        {
          location: articles >= UPGRADE_NOTIFICATION_FROM ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
          title: 'Lore is upgrading its database for this version',
        },
        async (progress) => {
          let reported = 0;
          await runMigrationsInSteps(db, {
            onProgress: ({ migration, done, total }) => {
              // Each long migration is an equal share of the bar.
              const percent = Math.round(((longWork.indexOf(migration) + done / Math.max(total, 1)) * 100) / longWork.length);
              progress.report({ message: `${migration.longWork}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} articles`, increment: percent - reported });
              reported = percent;
            },
            pause: async (ms) => {
              await new Promise((resolve) => setTimeout(resolve, ms));
              if (this.disposed) throw new LoreError('The window closed before the upgrade finished; it starts again next time.');
            },
          });
        },
      );
      this.upgrading = undefined;
      this.toldAboutUpgrade = false;
      this.log.info(`Upgraded the database in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      this.attach(db, started);
      this.changeEmitter.fire({ entities: ['article', 'snippet', 'thread', 'comment', 'path'], ids: [], origin: 'remote', deletesOverridden: [] });
    } catch (error) {
      this.upgrading = undefined;
      this.toldAboutUpgrade = false;
      db.close();
      if (!this.disposed) this.reportOpenError(new LoreError(`Lore could not upgrade its database: ${describeError(error)}`, 'Nothing was changed; reload the window to try again.'));
    } finally {
      void setContext('lore:databaseUpgrading', false);
    }
  }

  /**
   * Another VS Code window shares this database; what it writes (or ingests from the team folder)
   * fires no event here. SQLite's data_version changes when another connection commits, so a
   * cheap poll tells this window's views to refresh.
   */
  private watchOtherWindows(store: LoreStore): void {
    this.dataVersion = store.dataVersion();
    this.poll = setInterval(() => {
      if (!vscode.window.state.focused || this.store !== store) return;
      const version = store.dataVersion();
      if (version === this.dataVersion) return;
      this.dataVersion = version;
      this.changeEmitter.fire({ entities: ['article', 'snippet', 'thread', 'comment', 'path'], ids: [], origin: 'remote', deletesOverridden: [] });
    }, 2000);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.poll);
    this.store?.close();
    this.store = undefined;
    this.changeEmitter.dispose();
    this.openedEmitter.dispose();
  }
}
