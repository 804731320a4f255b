import type * as vscode from 'vscode';
import type { StoreProvider } from './storeProvider';

/** What every feature's `register…()` receives: built once in activate(). */
export interface LoreServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly stores: StoreProvider;
}
