import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { CommandId, ContextKey } from './commandIds';
import { wasReported } from './reportedErrors';
import { loreMessage } from '../../core/loreMessage';
import { plainText } from '../../core/plainText';

/**
 * Registers a command whose failures are logged once and shown once, in plain words.
 * Every Lore command goes through here, so no handler needs its own try/catch.
 */
export function registerCommand(
  log: vscode.LogOutputChannel,
  id: CommandId,
  handler: (...args: any[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (wasReported(error)) {
        log.debug(`${id} could not run: ${describeError(error)}`);
        return undefined;
      }
      log.error(`${id} failed:`, error instanceof Error ? (error.stack ?? error.message) : String(error));
      const message = describeError(error);
      void vscode.window.showErrorMessage(plainText(loreMessage(message)), 'Show Log').then((choice) => {
        if (choice === 'Show Log') log.show();
      });
      return undefined;
    }
  });
}

export function setContext(key: ContextKey, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
