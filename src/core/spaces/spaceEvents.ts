import { gunzipSync, gzipSync } from 'node:zlib';
import { LoreError } from '../errors';
import { canonicalJson } from '../hash';
import { sealPayload, type SealContext } from './spaceCrypto';
import { openWithKeyring, type SpaceKeyring } from './spaceKeyring';

/**
 * A batch of events (a segment's records) as an encrypted space carries them: canonical JSON
 * lines, gzip, then sealed with the `events` subkey of the current epoch. Compressing first
 * is the only way it shrinks (ciphertext does not compress); what it reveals is the size of
 * the batch, which docs/SECURITY.md lists as visible. `id` names the batch in its folder
 * (for a segment: `<device>/<number>`), so a sealed batch copied elsewhere does not open.
 */
export interface EventBatchRef {
  team: string;
  space: string;
  epoch: string;
  id: string;
}

/** Larger than any segment a writer produces (sync refuses segment files over 32 MB). */
export const MAX_EVENT_BATCH_BYTES = 32 * 2 ** 20;

function context(ref: EventBatchRef): SealContext {
  return { team: ref.team, space: ref.space, epoch: ref.epoch, purpose: 'events', id: ref.id };
}

export function sealEventBatch(key: Uint8Array, ref: EventBatchRef, records: readonly object[]): Buffer {
  const text = records.map((r) => canonicalJson(r)).join('\n');
  return sealPayload(key, context(ref), gzipSync(Buffer.from(text, 'utf8')));
}

/** The batch's records as the canonical JSON lines they were sealed as (sync validates them as events); a LoreError saying why not. */
export function openEventBatchLines(keyring: SpaceKeyring, ref: EventBatchRef, sealed: Uint8Array): string[] {
  const zipped = openWithKeyring(keyring, context(ref), sealed);
  let text: string;
  try {
    text = gunzipSync(zipped, { maxOutputLength: MAX_EVENT_BATCH_BYTES }).toString('utf8');
  } catch (cause) {
    // Authenticated by a member's key: a writer bug or a hostile member, never the transport.
    throw new LoreError('A member wrote encrypted changes that Lore cannot unpack (larger than any Lore writes, or not compressed).', undefined, { cause });
  }
  return text === '' ? [] : text.split('\n');
}

/** The batch's records, parsed (not yet validated as events); a LoreError saying why not. */
export function openEventBatch(keyring: SpaceKeyring, ref: EventBatchRef, sealed: Uint8Array): unknown[] {
  return openEventBatchLines(keyring, ref, sealed).map((line) => {
    try {
      return JSON.parse(line) as unknown;
    } catch (cause) {
      throw new LoreError('A member wrote encrypted changes that are not valid JSON.', undefined, { cause });
    }
  });
}
