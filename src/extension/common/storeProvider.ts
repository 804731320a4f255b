import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { LoreStore } from '../../core/store/loreStore';
import { loadSqliteDriver } from '../../core/store/sqliteDriverLoader';
import type { FieldMerger } from '../../core/store/fieldResolution';
import { setContext } from './commands';
import { markReported } from './reportedErrors';

/**
 * Opens the local database on first use (never during activation) and hands the same store
 * to every feature. Listeners registered before the first open are attached when it opens.
 */
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
    private readonly authorName: () => string,
  ) {}

  /** Mergers must be given before the store is first opened. */
  addMerger(merger: FieldMerger): void {
    this.mergers.push(merger);
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
    if (this.store) return this.store;
    try {
      const store = this.open();
      if (this.lastOpenError !== undefined) {
        this.lastOpenError = undefined;
        void setContext('lore:databaseUnavailable', false);
      }
      return store;
    } catch (error) {
      const message = describeError(error);
      if (message !== this.lastOpenError) {
        this.lastOpenError = message;
        this.log.error(`Cannot open the Lore database: ${message}`);
        void setContext('lore:databaseUnavailable', true);
        void vscode.window.showErrorMessage(`Lore: ${message}`, 'Show Log').then((choice) => {
          if (choice) this.log.show();
        });
      }
      markReported(error);
      throw error;
    }
  }

  /** For views: the store, or undefined when it cannot be opened (already reported by get()). */
  tryGet(): LoreStore | undefined {
    try {
      return this.get();
    } catch {
      return undefined;
    }
  }

  private lastOpenError: string | undefined;
  private driver: ReturnType<typeof loadSqliteDriver> | undefined;

  private open(): LoreStore {
    const folder = this.context.globalStorageUri.fsPath;
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'lore.db');
    const started = Date.now();
    // Loaded once: a database that fails to open is tried again on the next use, the driver is not.
    const driver = this.driver ??= loadSqliteDriver({
      nativeDir: path.join(this.context.extensionPath, 'dist', 'native'),
      log: (message) => this.log.info(message),
    });
    const store = LoreStore.open(file, { driver, author: this.authorName(), mergers: this.mergers });
    store.onDidChange((change) => this.changeEmitter.fire(change));
    this.store = store;
    this.watchOtherWindows(store);
    this.log.info(`Opened ${file} in ${Date.now() - started} ms (${store.countArticles()} articles, device ${store.deviceId.slice(0, 8)})`);
    this.openedEmitter.fire(store);
    return store;
  }

  /**
   * Another VS Code window shares this database; what it writes (or ingests from the team folder)
   * fires no event here. SQLite's data_version changes when another connection commits, so a
   * cheap poll tells this window's views to refresh.
   */
  private watchOtherWindows(store: LoreStore): void {
    this.dataVersion = store.db.pragmaNumber('data_version');
    this.poll = setInterval(() => {
      if (!vscode.window.state.focused || this.store !== store) return;
      const version = store.db.pragmaNumber('data_version');
      if (version === this.dataVersion) return;
      this.dataVersion = version;
      this.changeEmitter.fire({ entities: ['article', 'snippet', 'thread', 'comment'], ids: [], origin: 'remote', deletesOverridden: [] });
    }, 2000);
  }

  dispose(): void {
    clearInterval(this.poll);
    this.store?.close();
    this.store = undefined;
    this.changeEmitter.dispose();
    this.openedEmitter.dispose();
  }
}
