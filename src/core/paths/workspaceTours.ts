import { sha256Hex } from '../hash';

/**
 * CodeTour files found in a workspace (`.tours/`, `.vscode/tours/`, `.github/tours/`), imported
 * once each. A tour is the same tour when its file (workspace-relative) and its title are: the
 * path imported from it gets an id made from those two (`workspaceTourId`), so
 *
 * - running the import again skips it (a path with that id exists, or existed and was deleted:
 *   a deleted import is not brought back; "Import CodeTour File" imports it anew on purpose);
 * - two teammates importing the same tour of the same repository make one path, not two (their
 *   writes are to the same record and merge like any edit);
 * - a tour renamed in its file, or moved to another file, is offered again as a new tour.
 */
export function workspaceTourId(relativePath: string, title: string): string {
  return `tour-${sha256Hex(`codetour\n${relativePath}\n${title.trim()}`).slice(0, 40)}`;
}

/** The title of a tour file's text, or undefined when it has none Lore can read (the import will say what is wrong). */
export function tourTitleOf(text: string): string | undefined {
  try {
    const tour = JSON.parse(text) as { title?: unknown } | null;
    return tour && typeof tour === 'object' && typeof tour.title === 'string' && tour.title.trim() ? tour.title.trim() : undefined;
  } catch {
    return undefined;
  }
}

export interface WorkspaceTour {
  /** Workspace-relative, forward slashes. */
  file: string;
  /** Undefined: the file is not a tour Lore can read; importing it reports why. */
  title?: string;
  /** The id the path imported from it has (only with a title). */
  pathId?: string;
}

/**
 * The workspace's tours: those not imported yet (`taken`: a path with that id exists or
 * existed), those imported before, and files with no title Lore can read (their import says why).
 */
export function toursToImport(files: ReadonlyArray<{ file: string; text: string }>, taken: (pathId: string) => boolean): { pending: WorkspaceTour[]; imported: WorkspaceTour[]; unreadable: WorkspaceTour[] } {
  const tours: WorkspaceTour[] = files.map(({ file, text }) => {
    const title = tourTitleOf(text);
    return title ? { file, title, pathId: workspaceTourId(file, title) } : { file };
  });
  return {
    pending: tours.filter((t) => t.pathId && !taken(t.pathId)),
    imported: tours.filter((t) => t.pathId && taken(t.pathId)),
    unreadable: tours.filter((t) => !t.pathId),
  };
}
