/**
 * The one point where sync meets encrypted spaces (docs/SECURITY.md, src/core/spaces): a segment
 * is written either as today (plaintext event lines) or sealed for a space (one line holding the
 * encrypted events), and an image cited by a sealed segment is written encrypted under a name
 * only members can compute. Sync never sees a key: it asks the codec, which spaces/spaceCodec.ts
 * builds from the membership records each sync. Without a codec (or a folder without spaces)
 * everything is plaintext, exactly as before spaces.
 */

/** What a sealed segment's payload belongs to: `id` is `<device>/<segment number>`. */
export interface SealedRef {
  space: string;
  epoch: string;
  id: string;
}

/** Where this device's next segment goes. */
export type SealTarget =
  | { kind: 'plain' }
  | { kind: 'sealed'; space: string; epoch: string; seal: (id: string, events: readonly object[]) => string }
  /** Not published yet: this device shares into a space whose current key it does not hold (waiting for approval, or removed). */
  | { kind: 'held'; reason: string };

export type OpenResult =
  | { ok: true; lines: string[] }
  /** No key for it here: kept locally and opened once a member gives this device the key. */
  | { ok: false; locked: true; reason: string }
  /** A key is held and it still does not open: changed, forged or damaged. Never applied. */
  | { ok: false; locked: false; reason: string };

/** An image as written to the team folder: `name` replaces the image hash in lore/blobs/<ab>/<name>. */
export interface BlobFile {
  name: string;
  bytes: Uint8Array;
}

export interface SegmentCodec {
  target(): SealTarget;
  open(ref: SealedRef, payload: string): OpenResult;
  /** Whether this device holds the key of that epoch of that space (a locked segment is worth opening again). */
  holds(space: string, epoch: string): boolean;
  /** The file for an image cited by a segment sealed for `space`. */
  sealBlob(space: string, hash: string, data: Uint8Array): BlobFile;
  /** The names an image with this hash has in the spaces this device holds keys for. */
  blobNames(hash: string): string[];
  /** A sealed image file's content (isSealedBlob), by its name. */
  openBlob(name: string, bytes: Uint8Array): { ok: true; data: Uint8Array } | { ok: false; locked: boolean; reason: string };
}

/**
 * A sealed image file: the 32 hex digits of its key epoch, then the sealed payload (`LS` 0x01 …).
 * Told apart from a plain image by its first bytes (no image format starts with 32 hex digits).
 */
export function isSealedBlob(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 35) return false;
  for (let i = 0; i < 32; i++) {
    const c = bytes[i];
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return bytes[32] === 0x4c && bytes[33] === 0x53 && bytes[34] === 0x01;
}

/** The body line of a sealed segment: `{"data":"<base64>","type":"sealed"}`. */
export const SEALED_LINE_TYPE = 'sealed';
