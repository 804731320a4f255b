import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository's root folder. */
export const repoRoot = path.resolve(__dirname, '../../..');

/** Every TypeScript file under `dir`, recursively (the source scans of src/extension use it). */
export function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}
