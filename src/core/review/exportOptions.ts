import type { ReviewFilter } from './reviewFilter';

export const EXPORT_FORMATS = ['markdown', 'csv', 'json', 'sarif'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export writes besides the notes themselves. */
export interface ExportContext {
  /** ISO 8601 time of the export (from the caller's clock, so tests are repeatable). */
  generatedAt: string;
  /** Lore's version, for the SARIF tool entry and the JSON header. */
  toolVersion: string;
  /** Shown in report titles, e.g. the workspace folder's name. */
  projectName?: string;
  /**
   * The open workspace folders, in VS Code's order. SARIF results are relative to them: the first
   * (or only) folder is `uriBaseId` SRCROOT, each other folder gets its own id (see
   * exportSarif's folderBaseIds). Without them, readers resolve paths against wherever the log
   * is opened.
   */
  workspaceFolders?: readonly WorkspaceFolderRef[];
}

/** A workspace folder as exports need it. */
export interface WorkspaceFolderRef {
  /** The folder's name in VS Code, which is also the first segment of stored paths in a multi-root workspace. */
  name: string;
  /** Its `file:` URI (a trailing `/` is added when missing). */
  uri: string;
}

export interface ExportRequest extends ExportContext {
  format: ExportFormat;
  filter?: ReviewFilter;
}

export const FORMAT_INFO: Record<ExportFormat, { title: string; extension: string; description: string }> = {
  markdown: { title: 'Markdown report', extension: 'md', description: 'A readable report, grouped by file, with the code and the discussion' },
  csv: { title: 'CSV', extension: 'csv', description: 'One row per note, for spreadsheets' },
  json: { title: 'JSON', extension: 'json', description: 'Every field of every note, for scripts' },
  sarif: { title: 'SARIF 2.1.0', extension: 'sarif', description: 'For code-scanning tools and SARIF viewers' },
};
