import * as vscode from 'vscode';

/** Wires Lore's features into VS Code. Nothing heavy here: the database opens on first use. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Lore', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(vscode.commands.registerCommand('lore.showLog', () => log.show()));
  log.info('Lore activated');
}

export function deactivate(): void {
  // Disposables in context.subscriptions are released by VS Code.
}
