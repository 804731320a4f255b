import { generateDeviceKeyPair } from '../../../src/core/sync/deviceKeys';
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

/** A seeded shuffle (mulberry32), so a failing order can be run again. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
