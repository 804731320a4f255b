import type { ReviewThread, TextRange } from '../model';
import { THREAD_KINDS } from '../model';
import type { ExportContext, WorkspaceFolderRef } from './exportOptions';
import { kindInfo } from './threadKinds';

/** The OASIS SARIF 2.1.0 schema (with errata 01), named in every log Lore writes. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Key of the partial fingerprint built from the anchor's whitespace-normalised text hash. */
export const FINGERPRINT_KEY = 'loreAnchorHash/v1';

/** The rule a kind of note maps to: `review/bug`, `review/nit` … */
export function ruleIdFor(kind: ReviewThread['kind']): string {
  return `review/${kind}`;
}

// Just the parts of the SARIF object model Lore writes.
export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn?: number;
  snippet?: { text: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind?: 'fail' | 'informational';
  level: 'error' | 'warning' | 'note' | 'none';
  message: { text: string; markdown: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: SarifRegion;
    };
  }>;
  partialFingerprints?: Record<string, string>;
  suppressions?: Array<{ kind: 'external'; status: 'accepted'; justification: string }>;
  properties: Record<string, unknown> & { tags: string[] };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri?: string; rules: unknown[] } };
    invocations: Array<{ executionSuccessful: boolean; endTimeUtc: string }>;
    originalUriBaseIds?: Record<string, { uri: string; description?: { text: string } }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }>;
}

/**
 * SARIF 2.1.0: one result per note. The rule is the kind, the level follows from the kind
 * (bug error, suggestion warning, question and nit note, praise none), the message is the first
 * comment and the rest of the discussion goes in `properties.replies`. Resolved notes carry an
 * external, accepted suppression, so scanning tools treat them as dealt with.
 */
export function buildSarif(threads: readonly ReviewThread[], context: ExportContext): SarifLog {
  const rules = THREAD_KINDS.map((kind) => {
    const info = kindInfo(kind);
    return {
      id: ruleIdFor(kind),
      name: info.title,
      shortDescription: { text: `Review note: ${info.title.toLowerCase()}` },
      fullDescription: { text: `${info.description}.` },
      defaultConfiguration: { level: info.sarifLevel },
      properties: { tags: ['review', kind] },
    };
  });
  const folders = context.workspaceFolders ?? [];
  const bases = folderBaseIds(folders);
  const run: SarifLog['runs'][number] = {
    tool: { driver: { name: 'Lore', version: context.toolVersion, rules } },
    invocations: [{ executionSuccessful: true, endTimeUtc: context.generatedAt }],
    columnKind: 'utf16CodeUnits',
    results: threads.map((thread) => toResult(thread, artifactLocation(thread.anchor.path, bases))),
  };
  if (bases.length) {
    run.originalUriBaseIds = Object.fromEntries(bases.map((base) => [base.id, {
      uri: base.uri.endsWith('/') ? base.uri : `${base.uri}/`,
      description: { text: bases.length === 1 ? 'The workspace folder' : `The workspace folder "${base.name}"` },
    }]));
  }
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** The base id of the first (or only) workspace folder, and of paths when no folder is known. */
export const PRIMARY_BASE_ID = 'SRCROOT';

export interface FolderBaseId extends WorkspaceFolderRef {
  id: string;
}

/**
 * One `uriBaseId` per workspace folder. The first folder is SRCROOT, so a single-root log is the
 * same as before multi-root support; each other folder is `SRCROOT_` plus its name in capitals,
 * with runs of other characters as `_` (folder `web-app` is `SRCROOT_WEB_APP`), and `_2`, `_3` …
 * when two names come out the same. The ids depend only on the folders' names and order, so
 * exports of the same workspace use the same ids.
 */
export function folderBaseIds(folders: readonly WorkspaceFolderRef[]): FolderBaseId[] {
  const taken = new Set<string>();
  return folders.map((folder, index) => {
    let id = PRIMARY_BASE_ID;
    if (index > 0) {
      const stem = `${PRIMARY_BASE_ID}_${folder.name.toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '') || 'FOLDER'}`;
      id = stem;
      for (let n = 2; taken.has(id); n++) id = `${stem}_${n}`;
    }
    taken.add(id);
    return { ...folder, id };
  });
}

/**
 * Where a stored path points, as a SARIF artifact location. In a multi-root workspace Lore stores
 * paths with the folder's name first (`api/src/app.ts`), so the name picks the base id and is
 * dropped from the URI. A path whose first segment names no folder (a note made before the
 * workspace had several folders) belongs to the first folder, as when Lore opens it.
 */
export function artifactLocation(path: string, bases: readonly FolderBaseId[]): { uri: string; uriBaseId: string } {
  if (bases.length > 1) {
    const slash = path.indexOf('/');
    const base = slash > 0 ? bases.find((b) => b.name === path.slice(0, slash)) : undefined;
    if (base && slash < path.length - 1) return { uri: encodePath(path.slice(slash + 1)), uriBaseId: base.id };
  }
  return { uri: encodePath(path), uriBaseId: PRIMARY_BASE_ID };
}

export function exportSarif(threads: readonly ReviewThread[], context: ExportContext): string {
  return `${JSON.stringify(buildSarif(threads, context), null, 2)}\n`;
}

function toResult(thread: ReviewThread, location: { uri: string; uriBaseId: string }): SarifResult {
  const info = kindInfo(thread.kind);
  const [first, ...replies] = thread.comments;
  const text = first?.body.trim() || `${info.title} (no text)`;
  const region = sarifRegion(thread.anchor.range);
  if (thread.anchor.text) region.snippet = { text: thread.anchor.text };
  const properties: SarifResult['properties'] = {
    tags: ['review', thread.kind],
    threadId: thread.id,
    state: thread.state,
    placement: thread.anchorState,
    author: thread.author,
    createdAt: thread.createdAt,
    updatedAt: thread.updatedAt,
    replies: replies.map((c) => ({ author: c.author, createdAt: c.createdAt, updatedAt: c.updatedAt, body: c.body })),
  };
  if (thread.anchorNote) properties.placementNote = thread.anchorNote;
  if (thread.anchor.symbolPath) properties.symbolPath = thread.anchor.symbolPath;
  if (thread.anchor.commit) properties.commit = thread.anchor.commit;
  const result: SarifResult = {
    ruleId: ruleIdFor(thread.kind),
    ruleIndex: THREAD_KINDS.indexOf(thread.kind),
    level: info.sarifLevel,
    message: { text, markdown: text },
    locations: [{ physicalLocation: { artifactLocation: location, region } }],
    properties,
  };
  // SARIF: a result whose kind is not "fail" has level "none"; praise is informational.
  if (info.sarifLevel === 'none') result.kind = 'informational';
  if (thread.anchor.hash) result.partialFingerprints = { [FINGERPRINT_KEY]: thread.anchor.hash };
  if (thread.state === 'resolved') {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: 'Resolved in a Lore review.' }];
  }
  return result;
}

/**
 * A SARIF region from an editor range: lines and columns 1-based, the end column exclusive.
 * A range that ends at the start of a line (whole lines selected) ends on the line before,
 * with no end column, which SARIF reads as "to the end of that line".
 */
export function sarifRegion(range: TextRange): SarifRegion {
  const wholeLines = range.endCharacter === 0 && range.endLine > range.startLine;
  if (wholeLines) return { startLine: range.startLine + 1, startColumn: range.startCharacter + 1, endLine: range.endLine };
  return { startLine: range.startLine + 1, startColumn: range.startCharacter + 1, endLine: range.endLine + 1, endColumn: range.endCharacter + 1 };
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}
