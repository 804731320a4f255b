import * as fs from 'node:fs';
import type { StepWorkspace } from './stepHealth';

/**
 * Step health's workspace read from disk: `locate` turns a workspace-relative path into a file
 * system path (undefined: not readable here, e.g. outside the workspace or remote), and a stat
 * says whether it is a file or a folder. Used by the CLI and, under open documents, the extension.
 */
export function diskStepWorkspace(locate: (relative: string) => string | undefined, hasArticle: (id: string) => boolean): StepWorkspace {
  const stat = (relative: string): fs.Stats | undefined => {
    const full = locate(relative);
    try {
      return full ? fs.statSync(full) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    fileText: (relative) => {
      const full = locate(relative);
      try {
        return full && fs.statSync(full).isFile() ? fs.readFileSync(full, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    kindOf: (relative) => {
      const found = stat(relative);
      return found?.isDirectory() ? 'directory' : found?.isFile() ? 'file' : undefined;
    },
    hasArticle,
  };
}
