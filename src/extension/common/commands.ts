import * as vscode from 'vscode';
import { describeError, errorDetail } from '../../core/errors';
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
      showFailure(log, id, error);
      return undefined;
    }
  });
}

/** Logs a failure with its stack and shows it once in plain words, with a way to the log. */
export function showFailure(log: vscode.LogOutputChannel, what: string, error: unknown): void {
  log.error(`${what} failed:`, errorDetail(error));
  void vscode.window.showErrorMessage(plainText(loreMessage(describeError(error))), 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show();
  });
}

export function setContext(key: ContextKey, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
