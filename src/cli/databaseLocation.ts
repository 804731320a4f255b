import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoreError } from '../core/errors';

/** The extension's id (`publisher.name`): VS Code keeps its global storage in a folder of that name. */
const EXTENSION_ID = 'lore-team.lore';

export interface DatabaseLookup {
  /** `--db` on the command line. */
  dbPath?: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
}

/**
 * Where the Lore extension keeps its database, most likely first: VS Code's global storage on
 * this OS (stable, then Insiders), then code-server's. `lore.db` in each.
 */
export function extensionDatabasePaths(lookup: Omit<DatabaseLookup, 'dbPath'>): string[] {
  const { env, platform, home } = lookup;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const userDirs = (base: string) => ['Code', 'Code - Insiders'].map((product) => p.join(base, product, 'User'));
  const vscode = platform === 'win32'
    ? userDirs(env.APPDATA ?? p.join(home, 'AppData', 'Roaming'))
    : platform === 'darwin'
      ? userDirs(p.join(home, 'Library', 'Application Support'))
      : userDirs(env.XDG_CONFIG_HOME || p.join(home, '.config'));
  const codeServer = p.join(env.XDG_DATA_HOME || p.join(home, '.local', 'share'), 'code-server', 'User');
  return [...vscode, codeServer].map((user) => p.join(user, 'globalStorage', EXTENSION_ID, 'lore.db'));
}

/**
 * The database a command uses: `--db`, else $LORE_DB, else the extension's (the first that
 * exists). A command that only reads never creates one: a missing file is an error that says
 * where the CLI looked. A command that writes creates it where the extension would find it.
 */
export function findDatabase(lookup: DatabaseLookup, mode: 'read' | 'write'): string {
  const given = lookup.dbPath ?? lookup.env.LORE_DB;
  if (given) {
    if (mode === 'read' && !fs.existsSync(given)) {
      throw new LoreError(`There is no Lore database at ${given}.`, 'Check the path given with --db (or $LORE_DB); leave both out to use the database of the Lore extension.');
    }
    return given;
  }
  const candidates = extensionDatabasePaths(lookup);
  const found = candidates.find((file) => fs.existsSync(file));
  if (found) return found;
  if (mode === 'write') return candidates[0];
  throw new LoreError(
    `Lore found no database. It looked for the Lore extension's database in:\n${candidates.map((c) => `  ${c}`).join('\n')}\n`,
    'Open VS Code with Lore installed once, or give a database with --db FILE (or $LORE_DB).',
  );
}
