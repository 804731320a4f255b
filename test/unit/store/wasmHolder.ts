// A second "VS Code window" on SQLite over WebAssembly, as its own process, for wasmDriver.test.ts.
// Usage: wasmHolder.ts <db file> <commit|crash>. It opens the database, starts a write (an
// article row straight in SQL), prints "holding", then on a line on stdin commits and exits
// ("commit") or dies without committing or unlocking ("crash", SIGKILL: a killed window).
import { createWasmSqliteDriver } from '../../../src/core/store/wasmSqliteDriver';

const [file, mode] = process.argv.slice(2);
const connection = createWasmSqliteDriver().open(file!);
connection.exec('BEGIN IMMEDIATE');
connection.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('written by the other window', mode!);
process.stdout.write('holding\n');
process.stdin.once('data', () => {
  if (mode === 'crash') process.kill(process.pid, 'SIGKILL');
  connection.exec('COMMIT');
  connection.close();
  process.exit(0);
});
