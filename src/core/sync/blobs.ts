import { sha256Hex } from '../hash';
import type { LoreEvent } from '../store/events';
import type { LoreStore } from '../store/loreStore';
import { writeImmutableFile, type ImmutableWriteOptions } from './immutableWrite';
import { describeFsError, errorCode, type SyncFs } from './syncFs';
import type { SegmentCodec } from './segmentCodec';
import { blobPath } from './teamFolderLayout';
import { describeError } from '../errors';
import { MAX_IMAGE_BYTES } from '../model';

/** Images cited by article bodies as `lore-image:<sha256>`. */
const IMAGE_REF = /lore-image:([0-9a-f]{64})/gi;

export function citedImages(events: readonly LoreEvent[]): string[] {
  const hashes = new Set<string>();
  for (const event of events) {
    for (const value of Object.values(event.changes)) {
      if (typeof value !== 'string' || !value.includes('lore-image:')) continue;
      for (const match of value.matchAll(IMAGE_REF)) hashes.add(match[1].toLowerCase());
    }
  }
  return [...hashes].sort();
}

/** The image type from its first bytes (blobs carry no name or type). */
export function sniffImageType(data: Uint8Array): string | undefined {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => data[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && data[8] === 0x57 && data[9] === 0x45 && data[10] === 0x42 && data[11] === 0x50) return 'image/webp';
  const head = new TextDecoder().decode(data.subarray(0, 512)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  return undefined;
}

/**
 * Writes the images that `events` cite to `lore/blobs/`, before the segment that cites them,
 * so a reader never sees an article whose image cannot be found. Images of private articles are
 * never cited by published events, so they never leave the machine.
 */
export async function publishCitedImages(
  fs: SyncFs, root: string, store: LoreStore, events: readonly LoreEvent[], options: ImmutableWriteOptions,
  sealed?: { codec: SegmentCodec; space: string },
): Promise<number> {
  let written = 0;
  for (const hash of citedImages(events)) {
    const image = store.getImage(hash);
    if (!image) continue;
    // Cited by a sealed segment: encrypted, under a name only members can compute (the image's
    // own hash would let anyone confirm a guessed image). Written once, like any blob.
    const file = sealed ? sealed.codec.sealBlob(sealed.space, hash, image.data) : { name: hash, bytes: image.data };
    if (sealed && (await fs.stat(blobPath(root, file.name)))) continue;
    if ((await writeImmutableFile(fs, blobPath(root, file.name), file.bytes, options)) === 'written') written++;
  }
  return written;
}

export interface BlobFetchResult {
  fetched: number;
  /** Still missing, with why (not arrived yet, damaged, not an image). */
  missing: Array<{ hash: string; reason: string }>;
}

/**
 * An image of a space this device holds keys for (sealed by a member: codec.blobCandidates), or
 * undefined when none of its candidate files is there or opens.
 */
async function readSealedImage(fs: SyncFs, root: string, hash: string, codec: SegmentCodec): Promise<Uint8Array | undefined> {
  for (const name of codec.blobNames(hash)) {
    const path = blobPath(root, name);
    try {
      const stat = await fs.stat(path);
      if (!stat || stat.size > MAX_IMAGE_BYTES + 1024) continue;
      const opened = codec.openBlob(name, await fs.readFile(path));
      if (opened.ok && sha256Hex(opened.data) === hash) return opened.data;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** Reads wanted images from `lore/blobs/`, checking each against its hash. */
export async function fetchImages(fs: SyncFs, root: string, store: LoreStore, hashes: readonly string[], codec?: SegmentCodec): Promise<BlobFetchResult> {
  const missing: BlobFetchResult['missing'] = [];
  let fetched = 0;
  for (const hash of hashes) {
    if (store.getImage(hash)) continue;
    const path = blobPath(root, hash);
    let data: Uint8Array;
    const sealed = codec ? await readSealedImage(fs, root, hash, codec) : undefined;
    if (sealed) data = sealed;
    else try {
      // Never read a file larger than any image Lore stores: a planted giant would cost its size in memory on every sync.
      const stat = await fs.stat(path);
      if (stat && stat.size > MAX_IMAGE_BYTES) {
        missing.push({ hash, reason: `the file is ${Math.round(stat.size / (1024 * 1024))} MB, larger than any image Lore stores (10 MB); it was not read` });
        continue;
      }
      data = await fs.readFile(path);
    } catch (error) {
      missing.push({ hash, reason: errorCode(error) === 'ENOENT' ? 'not in the team folder yet' : describeFsError(error) });
      continue;
    }
    if (sha256Hex(data) !== hash) {
      missing.push({ hash, reason: 'the file does not match its name (incomplete or damaged)' });
      continue;
    }
    const mime = sniffImageType(data);
    if (!mime) {
      missing.push({ hash, reason: 'the file is not an image Lore shows' });
      continue;
    }
    try {
      store.putImage(data, mime);
      fetched++;
    } catch (error) {
      missing.push({ hash, reason: describeError(error) });
    }
  }
  return { fetched, missing };
}
