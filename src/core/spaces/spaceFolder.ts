import { canonicalJson } from '../hash';
import { describeError } from '../errors';
import type { LoreStore } from '../store/loreStore';
import { writeImmutableFile } from '../sync/immutableWrite';
import type { SyncLedger } from '../sync/syncLedger';
import { describeFsError, errorCode, joinPath, type SyncFs } from '../sync/syncFs';
import { isDeviceId, isIgnoredName, isSafeName, teamFolderPaths } from '../sync/teamFolderLayout';
import type { BoxIdentity } from './spaceCrypto';
import { spaceKeyring, spaceName, type SpaceKeyring } from './spaceKeyring';
import { foldMembership, type SpaceState } from './spaceMembership';
import { spaceRecordId, type SpaceDevice, type SpaceRecord } from './spaceRecords';

/**
 * Where a team folder keeps its spaces' membership records, and what this device makes of them:
 *
 * ```
 * lore/spaces/<space id>/<device id>/<record id>.json   one signed record (spaceRecords.ts), written once by its device
 * ```
 *
 * Each sync reads them all, folds each space's records (spaceMembership.ts) and unwraps the keys
 * this device holds (spaceKeyring.ts). Which space this device shares into is local (`spaces.sharing`).
 */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;

export function spacesDir(root: string): string {
  return joinPath(teamFolderPaths(root).lore, 'spaces');
}

export function spaceRecordPath(root: string, space: string, device: string, id: string): string {
  return joinPath(spacesDir(root), space, device, `${id}.json`);
}

/** One space as this device sees it after a sync. */
export interface LoadedSpace {
  space: string;
  state: SpaceState;
  keyring: SpaceKeyring;
  /** The name, when this device holds the first key (every member does). */
  name: string | null;
  /** Why the keys this device was given could not be opened, if so. */
  keyProblem?: string;
}

export interface SpacesView {
  team: string;
  me: SpaceDevice;
  spaces: LoadedSpace[];
  /** The space this device shares into (set by create and request). */
  sharing: string | undefined;
  warnings: string[];
}

const SHARING_KEY = 'spaces.sharing';

export function sharingSpace(store: LoreStore): string | undefined {
  return store.getMeta(SHARING_KEY) || undefined;
}

export function setSharingSpace(store: LoreStore, space: string): void {
  store.setMeta(SHARING_KEY, space);
}

/** This device as a space member: its id, the person it belongs to (its author name), its two key pairs. */
export function spaceDeviceOf(store: LoreStore, ledger: SyncLedger): SpaceDevice {
  const device = store.deviceId;
  return { device, person: store.author, signing: ledger.keysFor(device), box: ledger.boxKeysFor(device) };
}

/** Every membership record in the folder, by space; files that are not records are skipped (the fold refuses bad ones). */
export async function readSpaceRecords(fs: SyncFs, root: string, warnings: string[]): Promise<Map<string, unknown[]>> {
  const bySpace = new Map<string, unknown[]>();
  const list = async (dir: string) => {
    try {
      return await fs.list(dir);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') warnings.push(`Lore could not list ${dir}: ${describeFsError(error)}.`);
      return [];
    }
  };
  for (const spaceEntry of await list(spacesDir(root))) {
    if (spaceEntry.kind !== 'dir' || !isDeviceId(spaceEntry.name)) continue;
    const records: unknown[] = [];
    bySpace.set(spaceEntry.name, records);
    const spaceDir = joinPath(spacesDir(root), spaceEntry.name);
    for (const deviceEntry of await list(spaceDir)) {
      if (deviceEntry.kind !== 'dir' || !isDeviceId(deviceEntry.name)) continue;
      const deviceDir = joinPath(spaceDir, deviceEntry.name);
      for (const file of await list(deviceDir)) {
        if (file.kind !== 'file' || !isSafeName(file.name) || isIgnoredName(file.name) || !file.name.endsWith('.json')) continue;
        try {
          const path = joinPath(deviceDir, file.name);
          const stat = await fs.stat(path);
          if (!stat || stat.size > MAX_RECORD_BYTES) continue;
          records.push(JSON.parse(new TextDecoder().decode(await fs.readFile(path))) as unknown);
        } catch {
          continue; // half-copied or not JSON: read again next sync
        }
      }
    }
  }
  return bySpace;
}

export async function writeSpaceRecord(fs: SyncFs, root: string, record: SpaceRecord, sleep: (ms: number) => Promise<void>): Promise<string> {
  const id = spaceRecordId(record);
  const path = spaceRecordPath(root, record.body.space, record.body.device, id);
  await writeImmutableFile(fs, path, new TextEncoder().encode(`${canonicalJson(record)}\n`), { staging: teamFolderPaths(root).staging, tag: record.body.device, sleep });
  return id;
}

/** Reads and folds every space in the folder for this device. */
export async function loadSpaces(fs: SyncFs, root: string, store: LoreStore, ledger: SyncLedger): Promise<SpacesView> {
  const team = ledger.teamId() ?? '';
  const me = spaceDeviceOf(store, ledger);
  const identity: BoxIdentity = { device: me.device, box: me.box };
  const warnings: string[] = [];
  const spaces: LoadedSpace[] = [];
  for (const [space, records] of await readSpaceRecords(fs, root, warnings)) {
    const genesis = store.getMeta(`spaces.genesis.${space}`) || undefined;
    const state = foldMembership(records, { team, space, genesis, pinnedSigningKey: (device) => ledger.pinnedKey(device) ?? (device === me.device ? me.signing.publicKey : undefined) });
    let keyring: SpaceKeyring = new Map();
    let keyProblem: string | undefined;
    try {
      keyring = spaceKeyring(state, identity);
    } catch (error) {
      keyProblem = describeError(error);
      warnings.push(`Lore cannot open the keys of space ${space} given to this device: ${keyProblem}`);
    }
    let name: string | null = null;
    try {
      name = spaceName(state, keyring);
    } catch {
      name = null;
    }
    // Once a member, this device keeps trusting the record that created the space it joined.
    if (!genesis && state.genesis && keyring.size) store.setMeta(`spaces.genesis.${space}`, state.genesis);
    spaces.push({ space, state, keyring, name, ...(keyProblem ? { keyProblem } : {}) });
  }
  return { team, me, spaces: spaces.sort((a, b) => (a.space < b.space ? -1 : 1)), sharing: sharingSpace(store), warnings };
}
