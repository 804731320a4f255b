import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';

let gitName: string | undefined | null = null;

/** The name Lore writes on articles and notes: the setting, else git's user.name, else the OS user. */
export function authorName(): string {
  const configured = vscode.workspace.getConfiguration('lore').get<string>('authorName')?.trim();
  if (configured) return configured;
  if (gitName === null) {
    try {
      gitName = execFileSync('git', ['config', '--get', 'user.name'], { encoding: 'utf8', timeout: 2000 }).trim() || undefined;
    } catch {
      gitName = undefined;
    }
  }
  return gitName || os.userInfo().username || 'Unknown author';
}
