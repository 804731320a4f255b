// What two (or three) VS Code windows get on one database, per SQLite driver: each window is a
// process; two save (a transaction writing 30 rows of 4 KB, the pages of a save at 50,000
// articles, then 100 ms idle) while one reads a row every 10 ms. Prints how long operations
// waited for the other windows (p50 / p95 / max) and how many gave up after the 5 s busy
// timeout. Used for docs/SQLITE-DRIVERS.md; not part of `npm run bench` (it measures locking,
// not Lore's code).
//   node bench/twoWindowsSqlite.mjs            both drivers
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);

function open(driver, file) {
  if (driver === 'wasm') {
    const { Database } = require('node-sqlite3-wasm');
    const db = new Database(file);
    db.exec('PRAGMA busy_timeout = 5000');
    return { exec: (sql) => db.exec(sql), run: (sql, v) => db.run(sql, v), get: (sql) => db.get(sql), close: () => db.close() };
  }
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return { exec: (sql) => db.exec(sql), run: (sql, v) => db.prepare(sql).run(v), get: (sql) => db.prepare(sql).get(), close: () => db.close() };
}

const idle = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function window(driver, role, file, count, pauseMs) {
  const db = open(driver, file);
  const waits = [];
  let gaveUp = 0;
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    try {
      if (role === 'writer') {
        db.exec('BEGIN IMMEDIATE');
        for (let k = 0; k < 30; k++) db.run('INSERT INTO t VALUES (?)', 'x'.repeat(4000));
        db.exec('COMMIT');
      } else {
        db.get('SELECT length(x) FROM t WHERE rowid = abs(random()) % (SELECT max(rowid) FROM t)');
      }
    } catch {
      gaveUp++;
      try { db.exec('ROLLBACK'); } catch { /* not in a transaction */ }
    }
    waits.push(performance.now() - t);
    idle(pauseMs);
  }
  db.close();
  waits.sort((a, b) => a - b);
  const p = (q) => Math.round(waits[Math.floor(q * (waits.length - 1))] * 10) / 10;
  process.stdout.write(JSON.stringify({ role, count, gaveUp, p50: p(0.5), p95: p(0.95), max: p(1) }));
}

function child(args) {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [self, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('exit', () => resolve(JSON.parse(out)));
  });
}

async function scenario(driver) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lore-two-windows-')), 'lore.db');
  const db = open(driver, file);
  db.exec('CREATE TABLE t (x TEXT)');
  db.close();
  const results = await Promise.all([
    child(['--window', driver, 'writer', file, '100', '100']),
    child(['--window', driver, 'reader', file, '1000', '10']),
    child(['--window', driver, 'writer', file, '100', '100']),
  ]);
  for (const r of results) console.log(`${driver.padEnd(14)} ${r.role.padEnd(6)} ${r.count} ops, gave up ${r.gaveUp}, waited p50 ${r.p50} ms, p95 ${r.p95} ms, max ${r.max} ms`);
}

if (process.argv[2] === '--window') {
  const [driver, role, file, count, pause] = process.argv.slice(3);
  window(driver, role, file, Number(count), Number(pause));
} else {
  for (const driver of ['better-sqlite3', 'wasm']) await scenario(driver);
}
