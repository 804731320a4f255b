import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface GitExtensionApi {
  getRepository(uri: vscode.Uri): { state: { HEAD?: { commit?: string } } } | null;
}

/**
 * The commit a file's repository is at: from VS Code's built-in git extension when it is
 * there, else from the git command line. Undefined outside a repository.
 */
export async function gitHeadFor(uri: vscode.Uri, log: vscode.LogOutputChannel): Promise<string | undefined> {
  try {
    const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitExtensionApi }>('vscode.git');
    if (extension) {
      const api = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
      const commit = api.getRepository(uri)?.state.HEAD?.commit;
      if (commit) return commit;
    }
  } catch (error) {
    log.debug(`Git extension unavailable: ${String(error)}`);
  }
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd: path.dirname(uri.fsPath), timeout: 3000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
}
