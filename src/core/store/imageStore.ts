import { ValidationError } from '../errors';
import { sha256Hex } from '../hash';
import { MAX_IMAGE_BYTES } from '../model';
import type { Database } from './database';

/** Images articles and notes show, stored once per content hash (local: sync carries them as files). */
export class ImageStore {
  constructor(private readonly db: Database, private readonly now: () => string) {}

  /** Stores an image by content hash (the same image twice is stored once). Returns the hash. */
  put(data: Uint8Array, mime: string): string {
    if (!/^image\/(png|jpeg|gif|webp|svg\+xml)$/.test(mime)) {
      throw new ValidationError('mime', `Lore stores PNG, JPEG, GIF, WebP and SVG images; this file is ${mime}.`);
    }
    if (data.byteLength > MAX_IMAGE_BYTES) throw new ValidationError('image', 'The image is larger than 10 MB.');
    const hash = sha256Hex(data);
    this.db.run('INSERT OR IGNORE INTO images (hash, mime, data, created_at) VALUES (?, ?, ?, ?)', hash, mime, data, this.now());
    return hash;
  }

  get(hash: string): { mime: string; data: Uint8Array } | undefined {
    const row = this.db.get<{ mime: string; data: Uint8Array }>('SELECT mime, data FROM images WHERE hash = ?', hash);
    return row ? { mime: row.mime, data: new Uint8Array(row.data) } : undefined;
  }

  hashes(): string[] {
    return this.db.all<{ hash: string }>('SELECT hash FROM images ORDER BY hash').map((r) => r.hash);
  }
}
