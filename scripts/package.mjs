// `npm run package [-- --target <vsce target>] [--out file.vsix]`: a production build packaged
// as a .vsix, the same way the tests package Lore (scripts/harness/build.mjs).
//   --target win32-x64 | win32-arm64 | darwin-x64 | darwin-arm64 | linux-x64 | linux-arm64 | alpine-x64 | …
//       a package for that platform: it carries only that platform's better-sqlite3 builds from
//       dist/native (put there by `npm run build` and by the release workflow)
//   --target universal
//       one package for every platform, with no native code: node:sqlite, else SQLite on WebAssembly
//   (no --target: every build in dist/native, for this machine and the test harness)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { keepsNativeFolder, packageVsix } from './harness/build.mjs';
import { repoRoot } from './harness/paths.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const target = option('--target');
const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
const out = path.resolve(option('--out') ?? path.join(repoRoot, 'out', `lore-${target ?? 'local'}-${version}.vsix`));
fs.mkdirSync(path.dirname(out), { recursive: true });
const file = await packageVsix({ production: true, target, out });
const nativeDir = path.join(repoRoot, 'dist', 'native');
const native = fs.existsSync(nativeDir) ? fs.readdirSync(nativeDir).filter((f) => keepsNativeFolder(target, f)) : [];
console.log(`${path.relative(process.cwd(), file)}: ${target ?? 'this machine'}; native SQLite builds: ${native.join(', ') || 'none (node:sqlite, else SQLite on WebAssembly)'}`);
