// `lore path list | import FILE | export ID FILE`: learning paths from the command line, with
// the same CodeTour import and export as the extension (core/paths/codeTour.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoreError } from '../core/errors';
import { exportCodeTour, importCodeTour } from '../core/paths/codeTour';
import { describeStep } from '../core/paths/pathModel';
import { diskStepWorkspace } from '../core/paths/diskStepWorkspace';
import { resolvePathSteps, type StepWorkspace } from '../core/paths/stepHealth';
import type { LoreStore } from '../core/store/loreStore';
import { printable } from '../core/sync/printable';
import { plural } from '../core/plural';
import { flag, UsageError, USAGE, type ParsedArgs } from './args';

export interface PathIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The workspace a tour's paths are relative to: --root, else the folder holding `.tours/` or `.vscode/tours/`, else here. */
export function tourRoot(file: string, root: string | undefined): string {
  if (root) return path.resolve(root);
  const dir = path.dirname(path.resolve(file));
  if (path.basename(dir) === '.tours') return path.dirname(dir);
  if (path.basename(dir) === 'tours' && path.basename(path.dirname(dir)) === '.vscode') return path.dirname(path.dirname(dir));
  return process.cwd();
}

/** Files and folders under `root`, never outside it. */
export function folderWorkspace(root: string, store: LoreStore): StepWorkspace {
  const inside = (relative: string) => {
    const full = path.resolve(root, relative);
    return full === root || full.startsWith(root + path.sep) ? full : undefined;
  };
  return diskStepWorkspace(inside, (id) => !!store.getArticle(id));
}

export function pathCommand(args: ParsedArgs, io: PathIo, store: LoreStore): number {
  const [sub, ...rest] = args.positional;
  switch (sub) {
    case 'list': {
      const paths = store.listPaths();
      if (args.flags.has('json')) {
        io.stdout(`${JSON.stringify(paths, null, 2)}\n`);
        return 0;
      }
      for (const p of paths) {
        io.stdout(`${p.id}  ${printable(p.title)}${p.startHere ? '  [start here]' : ''}${p.visibility === 'private' ? '  [private]' : ''}  ${plural(p.steps.length, 'step')}\n`);
      }
      if (!paths.length) io.stdout('No learning paths yet.\n');
      return 0;
    }
    case 'import': {
      const [file] = rest;
      if (!file || rest.length > 1) throw new UsageError('lore path import takes one .tour file: lore path import FILE [--root DIR].', USAGE);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        throw new LoreError(`Cannot read ${file}: give the path of a CodeTour .tour file.`);
      }
      const root = tourRoot(file, flag(args, 'root'));
      const result = importCodeTour(path.basename(file), text, folderWorkspace(root, store).fileText);
      if (!result.ok) {
        for (const problem of result.problems) io.stderr(`problem  ${printable(problem)}\n`);
        io.stderr(`Nothing imported from ${printable(file)}: fix the problems above and import it again.\n`);
        return 1;
      }
      const made = store.createPath(result.path);
      for (const line of result.summary) io.stdout(`note     ${printable(line)}\n`);
      io.stdout(`Imported "${printable(made.title)}" (${made.id}) with ${plural(made.steps.length, 'step')}.\n`);
      return 0;
    }
    case 'export': {
      const [id, file] = rest;
      if (!id || !file || rest.length > 2) throw new UsageError('lore path export takes a path id and a file: lore path export ID FILE [--root DIR].', USAGE);
      const found = store.getPath(id);
      if (!found) throw new LoreError(`There is no learning path ${id}: lore path list shows their ids.`);
      const root = path.resolve(flag(args, 'root') ?? process.cwd());
      const health = resolvePathSteps([found], folderWorkspace(root, store));
      fs.writeFileSync(file, exportCodeTour(found, health));
      const lost = found.steps.filter((s) => ['gone', 'elsewhere'].includes(health.get(s.id)?.state ?? ''));
      for (const step of lost) io.stderr(`warning  ${printable(describeStep(step))}: not found under ${root}, exported where it was\n`);
      io.stdout(`Exported "${printable(found.title)}" (${plural(found.steps.length, 'step')}) to ${file}.\n`);
      return 0;
    }
    default:
      throw new UsageError('lore path takes list, import FILE or export ID FILE.', USAGE);
  }
}
