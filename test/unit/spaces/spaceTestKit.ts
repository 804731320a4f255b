import { generateDeviceKeyPair } from '../../../src/core/sync/deviceKeys';
import { Rng } from '../sync/syncTestKit';
import { generateBoxKeyPair } from '../../../src/core/spaces/spaceCrypto';
import { spaceKeyring, type SpaceKeyring } from '../../../src/core/spaces/spaceKeyring';
import { foldMembership, type SpaceState } from '../../../src/core/spaces/spaceMembership';
import { spaceRecordId, type SpaceDevice, type SpaceRecord } from '../../../src/core/spaces/spaceRecords';

export const REF = { team: 'team-1', space: 'security' };

export function device(id: string, person: string): SpaceDevice {
  return { device: id, person, signing: generateDeviceKeyPair(), box: generateBoxKeyPair() };
}

let clock = 0;
/** A new, later time on every call. */
export function at(): string {
  clock += 1;
  return new Date(Date.UTC(2026, 0, 1) + clock * 60_000).toISOString();
}

export function fold(records: readonly SpaceRecord[]): SpaceState {
  return foldMembership(records, REF);
}

export function keyringOf(state: SpaceState, d: SpaceDevice): SpaceKeyring {
  return spaceKeyring(state, { device: d.device, box: d.box });
}

export const idOf = spaceRecordId;

/** A seeded generator, so a failing order can be run again: the sync suite's mulberry32 `Rng`. */
export function seeded(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
