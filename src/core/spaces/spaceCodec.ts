import { createHmac } from 'node:crypto';
import { describeError, LoreError } from '../errors';
import { isSealedBlob, type BlobFile, type OpenResult, type SealedRef, type SealTarget, type SegmentCodec } from '../sync/segmentCodec';
import { openPayload, sealPayload, spaceSubkey } from './spaceCrypto';
import { openEventBatchLines, sealEventBatch } from './spaceEvents';
import type { LoadedSpace, SpacesView } from './spaceFolder';
import { KEYRING_MESSAGES } from './spaceKeyring';

/**
 * Sync's codec (sync/segmentCodec.ts) on the spaces this device sees: segments it writes are
 * sealed with the current key of the space it shares into, segments and images of spaces it
 * holds keys for are opened, the rest are locked (kept to open later, never applied).
 */
export function spaceCodec(view: SpacesView): SegmentCodec {
  const byId = new Map(view.spaces.map((s) => [s.space, s]));
  const ref = (s: LoadedSpace, epoch: string) => ({ team: view.team, space: s.space, epoch });
  return {
    target(): SealTarget {
      if (!view.sharing) return { kind: 'plain' };
      const s = byId.get(view.sharing);
      const epoch = s?.state.current;
      const key = epoch ? s?.keyring.get(epoch) : undefined;
      if (!s || !epoch || !key) return { kind: 'held', reason: heldReason(view, s) };
      return { kind: 'sealed', space: s.space, epoch, seal: (id, events) => sealEventBatch(key, { ...ref(s, epoch), id }, events).toString('base64') };
    },

    open(sealed: SealedRef, payload: string): OpenResult {
      const s = byId.get(sealed.space);
      if (!s || !s.keyring.has(sealed.epoch)) {
        const member = s?.state.members.some((m) => m.device === view.me.device);
        return { ok: false, locked: true, reason: member ? KEYRING_MESSAGES.notHeld : `it belongs to space ${sealed.space}, which this device is not a member of` };
      }
      try {
        return { ok: true, lines: openEventBatchLines(s.keyring, { ...ref(s, sealed.epoch), id: sealed.id }, Buffer.from(payload, 'base64')) };
      } catch (error) {
        return { ok: false, locked: false, reason: describeError(error) };
      }
    },

    holds(space: string, epoch: string): boolean {
      return byId.get(space)?.keyring.has(epoch) ?? false;
    },

    sealBlob(space: string, hash: string, data: Uint8Array): BlobFile {
      const s = byId.get(space);
      const epoch = s?.state.current;
      const key = epoch ? s?.keyring.get(epoch) : undefined;
      const name = s ? blobName(view, s, hash) : undefined;
      if (!s || !epoch || !key || !name) throw new LoreError(`This device holds no key of space ${space} to encrypt an image with.`, 'Sync again; a member may have to approve this device.');
      const sealed = sealPayload(key, { ...ref(s, epoch), purpose: 'blobs', id: name }, data);
      return { name, bytes: Buffer.concat([Buffer.from(epoch, 'ascii'), sealed]) };
    },

    blobNames(hash: string): string[] {
      return view.spaces.map((s) => blobName(view, s, hash)).filter((n): n is string => !!n);
    },

    openBlob(name: string, bytes: Uint8Array) {
      if (!isSealedBlob(bytes)) return { ok: false, locked: false, reason: 'it is not an encrypted image' };
      const epoch = Buffer.from(bytes.subarray(0, 32)).toString('ascii');
      const holders = view.spaces.filter((s) => s.keyring.has(epoch));
      if (!holders.length) return { ok: false, locked: true, reason: 'it is encrypted for a space this device holds no key for' };
      let reason = '';
      for (const s of holders) {
        try {
          return { ok: true, data: openPayload(s.keyring.get(epoch)!, { ...ref(s, epoch), purpose: 'blobs', id: name }, bytes.subarray(32)) };
        } catch (error) {
          reason = describeError(error);
        }
      }
      return { ok: false, locked: false, reason };
    },
  };
}

/**
 * An image's file name in a space: HMAC-SHA-256 of its hash under a subkey of the space's first
 * key (every member holds it), so the name does not confirm a guessed image to non-members.
 */
function blobName(view: SpacesView, s: LoadedSpace, hash: string): string | undefined {
  const first = s.state.epochs[0];
  const key = first ? s.keyring.get(first.id) : undefined;
  if (!first || !key) return undefined;
  const subkey = spaceSubkey(key, 'blob-names', { team: view.team, space: s.space, epoch: first.id });
  return createHmac('sha256', subkey).update(hash).digest('hex');
}

function heldReason(view: SpacesView, s: LoadedSpace | undefined): string {
  const space = s?.name ?? view.sharing;
  if (!s) return `This device shares into space ${space}, which is not in the team folder (yet). Your changes wait here.`;
  if (s.state.removed.some((r) => r.device === view.me.device) && !s.state.members.some((m) => m.device === view.me.device)) {
    return `This device was removed from space ${space}; your changes wait here and are not shared. Ask a member to approve a new join request (lore space request).`;
  }
  if (s.state.pending.some((p) => p.device === view.me.device)) {
    return `This device asked to join space ${space}; your changes wait here until a member approves the request (they compare the safety number with you first).`;
  }
  return `This device does not hold the current key of space ${space}; your changes wait here until a member gives it (lore space request, then a member approves).`;
}
