// `lore` on the command line (dist/cli.js): runs one command of cli.ts on this process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './cli';

/** The version in the package.json beside the bundle (dist/../package.json), or "dev". */
function loreVersion(): string {
  try {
    return String(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version ?? 'dev');
  } catch {
    return 'dev';
  }
}

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  version: loreVersion(),
  nativeDir: path.join(__dirname, 'native'),
}).then((code) => {
  process.exitCode = code;
});
