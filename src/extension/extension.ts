import * as vscode from 'vscode';
import { Author } from './common/author';
import { GitAccess } from './common/gitAccess';
import { registerCommand } from './common/commands';
import { LORE_SCHEME, LoreFileSystem } from './common/loreFileSystem';
import type { LoreServices } from './common/services';
import { StoreProvider } from './common/storeProvider';
import { registerKnowledge, type KnowledgeApi } from './knowledge';
import { registerPaths, type PathsApi } from './paths';
import { registerReview, type ReviewApi } from './review';
import { registerSpaces } from './spaces';
import { registerSync } from './sync';
import type { SyncController } from './sync/syncController';

/**
 * What Lore's integration tests reach through `extension.exports`. Only a test run gets it: in
 * an installed Lore, no other extension can reach the store (private articles included) this way.
 */
export interface LoreExtensionApi {
  services: LoreServices;
  knowledge: KnowledgeApi;
  review: ReviewApi;
  sync: SyncController;
  paths: PathsApi;
}

/**
 * Wires Lore's features into VS Code and does nothing else: the database opens on first use,
 * and every listener, view and command is handed to `context.subscriptions`.
 */
export function activate(context: vscode.ExtensionContext): LoreExtensionApi | undefined {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Lore', { log: true });
  const git = new GitAccess(log);
  const author = new Author(git.identity());
  const stores = new StoreProvider(context, log, author);
  void stores.authorKnown(); // never rejects: without git, the name falls back to the OS user
  const services: LoreServices = { context, log, stores, git };
  // `lore:` documents: articles (knowledge) and learning paths' notes and descriptions (paths).
  const documents = new LoreFileSystem();
  const sync = registerSync(services);
  const knowledge = registerKnowledge(services, documents);
  const review = registerReview(services);
  const paths = registerPaths(services, documents);
  context.subscriptions.push(
    log,
    stores,
    documents,
    vscode.workspace.registerFileSystemProvider(LORE_SCHEME, documents, { isCaseSensitive: true }),
    ...sync.disposables,
    ...registerSpaces(services, sync.api),
    ...knowledge.disposables,
    ...review.disposables,
    ...paths.disposables,
    registerCommand(log, 'lore.showLog', () => {
      log.info(stores.driverSummary());
      log.show();
    }),
  );
  log.info(`Lore ${context.extension.packageJSON.version as string} activated in ${Date.now() - started} ms`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return { services, knowledge: knowledge.api, review: review.api, sync: sync.api, paths: paths.api };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
