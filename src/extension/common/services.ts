import type * as vscode from 'vscode';
import type { GitAccess } from './gitAccess';
import type { StoreProvider } from './storeProvider';

/** What every feature's `register…()` receives: built once in activate(). */
export interface LoreServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly stores: StoreProvider;
  /** The one git access (a GitPort per workspace folder) every feature shares. */
  readonly git: GitAccess;
}
