import { joinPath } from './syncFs';

/**
 * Where everything lives in a team folder. Every path below `lore/devices/<id>/` is written by
 * that one device only, once (and deleted by it only, when compacted); blobs and snapshots are named by their content hash, so two
 * writers of the same path always write the same bytes.
 *
 * ```
 * lore/FORMAT.json                                       {format, teamId}: written once
 * lore/.gitattributes                                    `* -text`: git must not touch line endings
 * lore/devices/<deviceId>/DEVICE.json                    {device, publicKey, author, created, team, boxKey}: written once
 * lore/devices/<deviceId>/<yyyy-mm>/<n>-<hash16>.ndjson  immutable signed segments
 * lore/blobs/<ab>/<sha256>                               images, by content hash (an image of a space: sealed, by a keyed hash)
 * lore/spaces/<space>/<deviceId>/<record>.json           encrypted spaces' signed membership records (docs/SECURITY.md)
 * lore/snapshots/<sha256>.ndjson.gz                      signed snapshots: new members start there, compacted segments live there
 * lore/acks/<deviceId>.json                              what that device has read (compaction.ts); replaced by its device only
 * lore/.staging/                                         temp files; readers ignore them
 * ```
 */
export const FORMAT_MAJOR = 1;
/** 1: segments and device files name their team and vouch for keys; snapshots carry signed segments (format 2). */
export const FORMAT_MINOR = 1;
export const FORMAT_FILE = 'FORMAT.json';
export const DEVICE_FILE = 'DEVICE.json';

export interface TeamFolderPaths {
  root: string;
  lore: string;
  format: string;
  gitattributes: string;
  devices: string;
  blobs: string;
  snapshots: string;
  staging: string;
}

export function teamFolderPaths(root: string): TeamFolderPaths {
  const lore = joinPath(root, 'lore');
  return {
    root,
    lore,
    format: joinPath(lore, FORMAT_FILE),
    gitattributes: joinPath(lore, '.gitattributes'),
    devices: joinPath(lore, 'devices'),
    blobs: joinPath(lore, 'blobs'),
    snapshots: joinPath(lore, 'snapshots'),
    staging: joinPath(lore, '.staging'),
  };
}

export function deviceDir(root: string, device: string): string {
  return joinPath(teamFolderPaths(root).devices, device);
}

export function deviceFilePath(root: string, device: string): string {
  return joinPath(deviceDir(root, device), DEVICE_FILE);
}

export function segmentPath(root: string, device: string, month: string, number: number, hash: string): string {
  return joinPath(deviceDir(root, device), month, segmentFileName(number, hash));
}

export function segmentFileName(number: number, hash: string): string {
  return `${String(number).padStart(8, '0')}-${hash.slice(0, 16)}.ndjson`;
}

export function blobPath(root: string, hash: string): string {
  return joinPath(teamFolderPaths(root).blobs, hash.slice(0, 2), hash);
}

export function snapshotPath(root: string, hash: string): string {
  return joinPath(teamFolderPaths(root).snapshots, `${hash}.ndjson.gz`);
}

/** `yyyy-mm` of a time, in UTC: keeps each device's folders small. */
export function monthFolder(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** `path` relative to the team folder, `/`-separated: how files are recorded locally. */
export function relativeToRoot(root: string, path: string): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

const DEVICE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const HASH = /^[0-9a-f]{64}$/;

export function isDeviceId(name: string): boolean {
  return DEVICE_ID.test(name);
}

export function isHash(text: unknown): text is string {
  return typeof text === 'string' && HASH.test(text);
}

/**
 * A name read from a folder listing that is safe to join to a path: one segment, no `..`, no
 * separators or drive letters, no control characters. Names come from other machines and sync
 * clients, so they are never trusted.
 */
export function isSafeName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\\u0000-\u001f]/.test(name) &&
    !/^[a-zA-Z]:/.test(name)
  );
}

/** Temp and partial files of sync clients, editors and Lore's own staging: never read. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~') || /\.(tmp|temp|part|partial|crdownload|download|lock)$/i.test(name) || name.endsWith('~');
}

/**
 * Whether a listed file may hold a segment or snapshot: `<n>-<hash>.ndjson` and the renamed
 * copies sync clients make of it (`… (conflicted copy).ndjson`, `….sync-conflict-….ndjson`,
 * `… (1).ndjson`). What the file holds is decided by its content, never by its name.
 */
export function isLogFileName(name: string): boolean {
  return isSafeName(name) && !isIgnoredName(name) && name.includes('.ndjson');
}

/** `DEVICE.json` and sync clients' copies of it (`DEVICE (conflicted copy).json`). */
export function isDeviceFileName(name: string): boolean {
  return isSafeName(name) && !isIgnoredName(name) && /^DEVICE\b.*\.json$/.test(name);
}
