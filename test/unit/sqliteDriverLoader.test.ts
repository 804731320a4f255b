import { strict as assert } from 'node:assert';
import Module from 'node:module';
import { loadSqliteDriver, noDriverError } from '../../src/core/store/sqliteDriverLoader';

type Load = (request: string, ...rest: unknown[]) => unknown;

// Not among the SQL tests run again on Node 24: it needs a runtime where better-sqlite3 loads.
describe('SQLite driver loader: why a driver did not load', () => {
  const modules = Module as unknown as { _load: Load };
  const original = modules._load;
  afterEach(() => {
    modules._load = original;
  });

  it('logs the whole explanation of a driver that did not load, not just up to "Tried:"', () => {
    modules._load = function (this: unknown, request: string, ...rest: unknown[]) {
      if (request === 'node:sqlite') {
        throw new Error('Could not locate the bindings file. Tried:\n → /ext/build/better_sqlite3.node\n → /ext/lib/binding/node-v127-linux-x64/better_sqlite3.node');
      }
      return original.call(this, request, ...rest);
    };
    const lines: string[] = [];
    // node:sqlite first, so that better-sqlite3 (which this Node loads) is the one used and the failure is logged.
    loadSqliteDriver({ prefer: 'node:sqlite', log: (line) => lines.push(line) });
    const log = lines.join('\n');
    assert.match(log, /SQLite driver: better-sqlite3/);
    assert.match(log, /node:sqlite: Could not locate the bindings file\. Tried: → \/ext\/build\/better_sqlite3\.node → \/ext\/lib\/binding\/node-v127-linux-x64\/better_sqlite3\.node/);
    assert.equal(lines.length, 1, 'one log line');
  });

  it('puts the whole explanation in the error when no driver loads', () => {
    const error = noDriverError('cli', ['better-sqlite3: Tried: → /a → /b']);
    assert.match(error.hint ?? '', /Tried: → \/a → \/b/);
  });
});

describe('SQLite driver loader: a host where no native SQLite loads', () => {
  const modules = Module as unknown as { _load: Load };
  const original = modules._load;
  afterEach(() => {
    modules._load = original;
  });

  it('falls back to SQLite on WebAssembly and logs which drivers did not load and why', () => {
    modules._load = function (this: unknown, request: string, ...rest: unknown[]) {
      if (request === 'better-sqlite3' || request === 'node:sqlite' || /better_sqlite3\.node$/.test(request)) {
        throw new Error(`Cannot load ${request} in this host`);
      }
      return original.call(this, request, ...rest);
    };
    const lines: string[] = [];
    const driver = loadSqliteDriver({ log: (line) => lines.push(line) });
    assert.equal(driver.name, 'wasm');
    assert.equal(lines.length, 1, 'one log line');
    assert.match(lines[0]!, /^SQLite driver: SQLite on WebAssembly \(node-sqlite3-wasm\) \(Node /);
    assert.match(lines[0]!, /not used: better-sqlite3: Cannot load better-sqlite3 in this host; node:sqlite: Cannot load node:sqlite in this host/);
  });

  it('never uses SQLite on WebAssembly while a native driver loads', () => {
    const requested: string[] = [];
    modules._load = function (this: unknown, request: string, ...rest: unknown[]) {
      requested.push(request);
      return original.call(this, request, ...rest);
    };
    assert.notEqual(loadSqliteDriver({ prefer: undefined }).name, 'wasm');
    assert.ok(!requested.includes('node-sqlite3-wasm'), 'the WebAssembly package is not even loaded');
  });
});
