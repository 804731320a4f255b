import { LoreError } from '../errors';
import { openPayload, unwrapSpaceKey, type BoxIdentity, type SealContext } from './spaceCrypto';
import type { SpaceState } from './spaceMembership';
import { SPACE_NAME_ID } from './spaceRecords';

/**
 * The keys of a space one device holds: those wrapped for it in the membership records, then
 * every earlier key reachable through the `back` links of a key it holds. A device removed from
 * the space keeps the keys it had; it never gets the ones made after its removal.
 */
export type SpaceKeyring = Map<string, Buffer>;

export function spaceKeyring(state: SpaceState, me: BoxIdentity): SpaceKeyring {
  const ref = { team: state.team, space: state.space };
  const keys: SpaceKeyring = new Map();
  const todo: string[] = [];
  for (const [epoch, byDevice] of Object.entries(state.wraps)) {
    const wrapped = byDevice[me.device];
    if (!wrapped) continue;
    keys.set(epoch, unwrapSpaceKey(wrapped, me, { ...ref, epoch }));
    todo.push(epoch);
  }
  const epochs = new Map(state.epochs.map((e) => [e.id, e]));
  while (todo.length) {
    const epoch = todo.pop()!;
    for (const [prev, sealed] of Object.entries(epochs.get(epoch)?.back ?? {})) {
      if (keys.has(prev)) continue;
      keys.set(prev, openPayload(keys.get(epoch)!, { ...ref, epoch, purpose: 'chain', id: prev }, Buffer.from(sealed, 'base64')));
      todo.push(prev);
    }
  }
  return keys;
}

export const KEYRING_MESSAGES = {
  notHeld: 'This was written with a key of the space that this device does not hold: it was written after this device was removed, or before it was given the key.',
} as const;

/** Opens a payload of the space with the key of its epoch, or says plainly why not. */
export function openWithKeyring(keyring: SpaceKeyring, ctx: SealContext, sealed: Uint8Array): Buffer {
  const key = keyring.get(ctx.epoch);
  if (!key) throw new LoreError(KEYRING_MESSAGES.notHeld, 'A member of the space can approve this device again.');
  return openPayload(key, ctx, sealed);
}

/** What a member needs to rotate: the devices that remain and every key nobody linked yet that it holds. */
export function rotationPlan(state: SpaceState, keyring: SpaceKeyring, removes: readonly string[]): {
  removes: string[];
  recipients: { device: string; boxKey: string }[];
  previous: Map<string, Buffer>;
} {
  const gone = new Set(removes);
  const linked = new Set(state.epochs.flatMap((e) => Object.keys(e.back)));
  const previous = new Map<string, Buffer>();
  for (const e of state.epochs) {
    const key = keyring.get(e.id);
    if (!linked.has(e.id) && key) previous.set(e.id, key);
  }
  return {
    removes: [...gone],
    recipients: state.members.filter((m) => !gone.has(m.device)).map((m) => ({ device: m.device, boxKey: m.boxKey })),
    previous,
  };
}

/** The space's name, for a device that holds its first key (every member: keys link back to it). */
export function spaceName(state: SpaceState, keyring: SpaceKeyring): string | null {
  const first = state.epochs[0];
  if (!state.sealedName || !first) return null;
  const key = keyring.get(first.id);
  if (!key) return null;
  const ctx = { team: state.team, space: state.space, epoch: first.id, purpose: 'names' as const, id: SPACE_NAME_ID };
  return openPayload(key, ctx, Buffer.from(state.sealedName, 'base64')).toString('utf8');
}
