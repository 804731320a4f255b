import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Locking around the WebAssembly SQLite driver (node-sqlite3-wasm). Its file system layer locks
 * a database by creating the directory `<db>.lock` and removing it when done: readers and
 * writers alike, so two windows take turns (a busy timeout makes them wait), and nothing
 * removes the directory when a process dies holding it (a crash, a killed window). Without
 * help the database would then stay "locked" for good.
 *
 * So every process that opens a database with this driver registers itself in
 * `<db>.wasm-users/<host>.<pid>` and removes the entry when it closes its last connection. A
 * lock directory is left over from a crash when no other live process on this machine (nor any
 * process on another machine) is registered and no connection of this process is in a
 * transaction; only then is it removed. See docs/SQLITE-DRIVERS.md for what was measured.
 */

export function lockDirectory(file: string): string {
  return `${file}.lock`;
}

export function usersDirectory(file: string): string {
  return `${file}.wasm-users`;
}

const ownName = () => `${os.hostname()}.${process.pid}`;

/** Open connections of this process per database file, and whether one is in a transaction. */
const openHere = new Map<string, Set<{ inTransaction(): boolean }>>();

export function registerUser(file: string, connection: { inTransaction(): boolean }): void {
  const key = path.resolve(file);
  let connections = openHere.get(key);
  if (!connections) {
    connections = new Set();
    openHere.set(key, connections);
    // Twice: another process closing its last connection may remove the folder in between.
    for (let attempt = 0; ; attempt++) {
      fs.mkdirSync(usersDirectory(file), { recursive: true });
      try {
        fs.writeFileSync(path.join(usersDirectory(file), ownName()), new Date().toISOString());
        break;
      } catch (error) {
        if (attempt > 0 || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  connections.add(connection);
}

export function unregisterUser(file: string, connection: { inTransaction(): boolean }): void {
  const key = path.resolve(file);
  const connections = openHere.get(key);
  if (!connections) return;
  connections.delete(connection);
  if (connections.size > 0) return;
  openHere.delete(key);
  fs.rmSync(path.join(usersDirectory(file), ownName()), { force: true });
  try {
    fs.rmdirSync(usersDirectory(file)); // when no other process is registered
  } catch {
    // Another process still has the database open.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Other processes that have the database open with this driver (entries of dead ones are removed). */
export function otherLiveUsers(file: string): string[] {
  const folder = usersDirectory(file);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const host = os.hostname();
  const live: string[] = [];
  for (const name of names) {
    if (name === ownName()) continue;
    const dot = name.lastIndexOf('.');
    const pid = Number(name.slice(dot + 1));
    if (name.slice(0, dot) === host && Number.isInteger(pid) && !isAlive(pid)) {
      fs.rmSync(path.join(folder, name), { force: true });
      continue;
    }
    live.push(name);
  }
  return live;
}

/**
 * Removes `<db>.lock` when it was left by a process that is gone. Returns true when it removed
 * one (SQLite then rolls back the dead process's unfinished transaction from its journal).
 */
export function clearStaleLock(file: string): boolean {
  if (!fs.existsSync(lockDirectory(file))) return false;
  const here = openHere.get(path.resolve(file));
  if (here && [...here].some((c) => c.inTransaction())) return false;
  if (otherLiveUsers(file).length > 0) return false;
  try {
    fs.rmdirSync(lockDirectory(file));
    return true;
  } catch {
    return false;
  }
}
