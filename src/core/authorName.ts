/**
 * The name Lore writes on articles and notes: the `lore.authorName` setting, else git's
 * `user.name`, else the operating system's user name, else "Unknown author" (the README's
 * Settings table says the same).
 */

/** The part of a git port that knows who the user is. */
export interface GitIdentity {
  /** `git config user.name`; undefined when it is not set. Rejects when git cannot run. */
  userName?(): Promise<string | undefined>;
}

/** Shown when nothing else names the user. */
export const UNKNOWN_AUTHOR = 'Unknown author';

/** The fallback chain, first non-blank wins; each name is trimmed. */
export function pickAuthorName(setting: string | undefined, gitUserName: string | undefined, osUserName: string | undefined): string {
  for (const name of [setting, gitUserName, osUserName]) {
    const clean = name?.trim();
    if (clean) return clean;
  }
  return UNKNOWN_AUTHOR;
}

/**
 * Keeps git's `user.name`, read once and asynchronously (never on the extension host's thread),
 * and answers the author name synchronously: until git has answered, the chain skips git.
 */
export class AuthorName {
  private gitUserName: string | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly git: GitIdentity | undefined,
    private readonly osUserName: () => string | undefined,
  ) {}

  /** Reads git's `user.name` (once; later calls wait for the same read). Never rejects: no git means no git name. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        this.gitUserName = (await this.git?.userName?.())?.trim() || undefined;
      } catch {
        this.gitUserName = undefined;
      }
    })();
    return this.loading;
  }

  /** The name for this setting value (`lore.authorName`, read by the caller each time). */
  current(setting: string | undefined): string {
    return pickAuthorName(setting, this.gitUserName, this.safeOsUserName());
  }

  private safeOsUserName(): string | undefined {
    try {
      return this.osUserName();
    } catch {
      // os.userInfo() throws when the user has no entry in the password database (some containers).
      return undefined;
    }
  }
}
