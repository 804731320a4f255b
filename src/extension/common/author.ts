import * as os from 'node:os';
import * as vscode from 'vscode';
import { AuthorName, type GitIdentity } from '../../core/authorName';

/**
 * The name Lore writes on articles and notes: `lore.authorName`, else git's `user.name`, else the
 * OS user (`core/authorName.ts` holds the chain). Git is asked once, asynchronously, through the
 * GitPort; `current()` never waits for it.
 */
export class Author {
  private readonly name: AuthorName;

  constructor(git: GitIdentity | undefined, osUserName: () => string | undefined = () => os.userInfo().username) {
    this.name = new AuthorName(git, osUserName);
  }

  /** Reads git's `user.name`; never rejects. */
  load(): Promise<void> {
    return this.name.load();
  }

  current(): string {
    return this.name.current(vscode.workspace.getConfiguration('lore').get<string>('authorName'));
  }
}
