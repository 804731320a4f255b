import * as os from 'node:os';
import * as vscode from 'vscode';
import type { GitIdentity } from '../../core/authorName';
import type { GitFileState, GitPort } from '../../core/anchoring';
import { NodeGit } from '../../core/anchoring/nodeGit';
import { describeError } from '../../core/errors';


/** Git for one document: the repository port and the document's path as git sees it. */
export interface DocumentGit {
  git: GitPort;
  /** Path relative to the workspace folder (git's `--relative` paths). */
  path: string;
}

/**
 * One git port per workspace folder, made on first use. Git trouble (no git, not a repository)
 * is logged once per folder and resolution goes on without history.
 */
export class GitAccess {
  private readonly ports = new Map<string, GitPort>();
  private readonly warned = new WeakSet<GitPort>();

  /** `makePort` builds the port for a folder (tests can give a fake; default NodeGit). */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly makePort: (cwd: string) => GitPort = (cwd) => new NodeGit({ cwd }),
  ) {}

  forDocument(uri: vscode.Uri): DocumentGit | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || folder.uri.scheme !== 'file') return undefined;
    return { git: this.portFor(folder.uri.fsPath), path: vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/') };
  }

  /**
   * Git as it names the user: in the first local workspace folder, so a repository's own
   * `user.name` counts as it does for commits there, else in the home folder (the user's config).
   */
  identity(): GitIdentity {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    return this.portFor(folder?.uri.fsPath ?? os.homedir());
  }

  private portFor(cwd: string): GitPort {
    let git = this.ports.get(cwd);
    if (!git) {
      git = this.makePort(cwd);
      this.ports.set(cwd, git);
    }
    return git;
  }

  /** HEAD, or undefined outside a repository (logged once per folder). */
  async head(doc: DocumentGit): Promise<string | undefined> {
    try {
      return await doc.git.head();
    } catch (error) {
      this.warnOnce(doc, error);
      return undefined;
    }
  }

  /** A file's text at a commit, or undefined when git cannot tell. */
  async show(doc: DocumentGit, commit: string): Promise<string | undefined> {
    try {
      return await doc.git.show(commit, doc.path);
    } catch (error) {
      this.warnOnce(doc, error);
      return undefined;
    }
  }

  /** How the document's file stands against HEAD, or undefined when git cannot tell. */
  async fileState(doc: DocumentGit): Promise<GitFileState | undefined> {
    try {
      return await doc.git.fileState?.(doc.path);
    } catch (error) {
      this.warnOnce(doc, error);
      return undefined;
    }
  }

  private warnOnce(doc: DocumentGit, error: unknown): void {
    if (this.warned.has(doc.git)) return;
    this.warned.add(doc.git);
    this.log.warn('Git is not available, so Lore cannot follow code through its history:', describeError(error));
  }
}
