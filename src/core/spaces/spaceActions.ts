import { LoreError } from '../errors';
import { newId } from '../hash';
import type { LoreStore } from '../store/loreStore';
import type { SyncLedger } from '../sync/syncLedger';
import type { SyncFs } from '../sync/syncFs';
import { safetyNumber } from './spaceCrypto';
import { loadSpaces, setSharingSpace, writeSpaceRecord, type LoadedSpace, type SpacesView } from './spaceFolder';
import { rotationPlan } from './spaceKeyring';
import { approveJoinRecord, createSpaceRecord, publicKeysOf, requestJoinRecord, rotateKeyRecord } from './spaceRecords';

/**
 * What a person does with spaces (the CLI's `lore space …`, later VS Code's commands): each
 * writes one signed membership record to the team folder; the next sync of every device folds it.
 * Creating or asking to join a space makes this device share into it: its changes are sealed for
 * the space from then on, and wait here while it does not hold the key.
 */
export interface SpaceActionContext {
  fs: SyncFs;
  root: string;
  store: LoreStore;
  ledger: SyncLedger;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const noSleep = async (): Promise<void> => undefined;

function at(ctx: SpaceActionContext): string {
  return new Date(ctx.now()).toISOString();
}

function teamOf(ctx: SpaceActionContext): string {
  const team = ctx.ledger.teamId();
  if (!team) throw new LoreError('This database has not joined a team folder yet.', 'Run lore sync --team-folder DIR --join (or --create) first.');
  return team;
}

/** A space by its id, a unique start of its id, or (for members) its name. */
export function findSpace(view: SpacesView, which: string): LoadedSpace {
  const matches = view.spaces.filter((s) => s.space === which || s.name === which || (which.length >= 4 && s.space.startsWith(which)));
  if (matches.length === 1) return matches[0];
  if (!matches.length) throw new LoreError(`There is no space "${which}" in the team folder.`, 'Run lore space list to see the spaces and their ids (names show only to members).');
  throw new LoreError(`"${which}" names more than one space.`, 'Give more of the space id (lore space list shows them).');
}

function isMember(s: LoadedSpace, device: string): boolean {
  return s.state.members.some((m) => m.device === device);
}

export async function createSpace(ctx: SpaceActionContext, name: string): Promise<{ space: string; name: string }> {
  const team = teamOf(ctx);
  const clean = name.trim();
  if (!clean || clean.length > 200) throw new LoreError('Give the space a name of 1 to 200 characters, e.g. lore space create security.');
  const view = await loadSpaces(ctx.fs, ctx.root, ctx.store, ctx.ledger);
  const space = newId();
  const { record } = createSpaceRecord(view.me, { team, space }, clean, at(ctx));
  await writeSpaceRecord(ctx.fs, ctx.root, record, ctx.sleep ?? noSleep);
  setSharingSpace(ctx.store, space);
  return { space, name: clean };
}

export interface JoinRequestResult {
  space: string;
  request: string;
  /** The safety number this device shares with each member: compare it with whoever approves. */
  safetyNumbers: Array<{ device: string; person: string; number: string }>;
}

export async function requestToJoin(ctx: SpaceActionContext, which: string): Promise<JoinRequestResult> {
  const team = teamOf(ctx);
  const view = await loadSpaces(ctx.fs, ctx.root, ctx.store, ctx.ledger);
  const s = findSpace(view, which);
  if (isMember(s, view.me.device)) throw new LoreError('This device is already a member of that space.');
  const record = requestJoinRecord(view.me, { team, space: s.space }, s.state.heads, at(ctx));
  const request = await writeSpaceRecord(ctx.fs, ctx.root, record, ctx.sleep ?? noSleep);
  setSharingSpace(ctx.store, s.space);
  const mine = publicKeysOf(view.me);
  return {
    space: s.space, request,
    safetyNumbers: s.state.members.map((m) => ({
      device: m.device, person: m.person, number: safetyNumber(mine, { device: m.device, signingKey: m.signingKey, boxKey: m.boxKey }, { team, space: s.space }),
    })),
  };
}

export interface ApproveResult {
  space: string;
  device: string;
  person: string;
  safetyNumber: string;
}

function pendingRequest(s: LoadedSpace, who: string): LoadedSpace['state']['pending'][number] {
  const matches = s.state.pending.filter((p) => p.device === who || p.id.startsWith(who) || p.person === who || (who.length >= 4 && p.device.startsWith(who)));
  if (!matches.length) throw new LoreError(`No join request from "${who}" is waiting in that space.`, 'lore space list shows the requests waiting; the other device may not have synced its request yet.');
  if (matches.length > 1) throw new LoreError(`"${who}" matches ${matches.length} join requests.`, 'Give the device id that lore space list shows.');
  return matches[0];
}

/**
 * The safety number this device shares with a device asking to join, before approving it (VS Code
 * shows it first and approves only once the person says it matches). Writes nothing.
 */
export async function joinRequestSafetyNumber(ctx: SpaceActionContext, which: string, who: string): Promise<ApproveResult> {
  const team = teamOf(ctx);
  const view = await loadSpaces(ctx.fs, ctx.root, ctx.store, ctx.ledger);
  const s = findSpace(view, which);
  const request = pendingRequest(s, who);
  return {
    space: s.space, device: request.device, person: request.person,
    safetyNumber: safetyNumber(publicKeysOf(view.me), { device: request.device, signingKey: request.signingKey, boxKey: request.boxKey }, { team, space: s.space }),
  };
}

/** Approves the pending request of a device (its id, a unique start of it, or its person's name). */
export async function approveJoin(ctx: SpaceActionContext, which: string, who: string): Promise<ApproveResult> {
  const team = teamOf(ctx);
  const view = await loadSpaces(ctx.fs, ctx.root, ctx.store, ctx.ledger);
  const s = findSpace(view, which);
  if (!isMember(s, view.me.device)) throw new LoreError('Only a member of the space can approve a join request, and this device is not one.');
  const request = pendingRequest(s, who);
  const epoch = s.state.current;
  const key = epoch ? s.keyring.get(epoch) : undefined;
  if (!epoch || !key) throw new LoreError('This device does not hold the current key of the space, so it cannot give it to anyone.', 'Sync first; if it still lacks the key, another member should approve.');
  const record = approveJoinRecord(view.me, { team, space: s.space }, { id: request.id, device: request.device, boxKey: request.boxKey }, { epoch, key }, s.state.heads, at(ctx));
  await writeSpaceRecord(ctx.fs, ctx.root, record, ctx.sleep ?? noSleep);
  return {
    space: s.space, device: request.device, person: request.person,
    safetyNumber: safetyNumber(publicKeysOf(view.me), { device: request.device, signingKey: request.signingKey, boxKey: request.boxKey }, { team, space: s.space }),
  };
}

/** A new key for the space, without the devices in `removes` (none: a plain rotation). */
export async function rotateSpace(ctx: SpaceActionContext, which: string, removes: readonly string[] = []): Promise<{ space: string; removed: string[] }> {
  const team = teamOf(ctx);
  const view = await loadSpaces(ctx.fs, ctx.root, ctx.store, ctx.ledger);
  const s = findSpace(view, which);
  if (!isMember(s, view.me.device)) throw new LoreError('Only a member of the space can remove members or rotate its key, and this device is not one.');
  const gone = removes.map((who) => {
    const found = s.state.members.filter((m) => m.device === who || m.person === who || (who.length >= 4 && m.device.startsWith(who)));
    if (found.length !== 1) throw new LoreError(found.length ? `"${who}" matches ${found.length} members.` : `"${who}" is not a member of that space.`, 'Give the device id that lore space list shows.');
    return found[0].device;
  });
  const plan = rotationPlan(s.state, s.keyring, gone);
  if (!plan.recipients.length) throw new LoreError('That would leave the space without members.');
  const { record } = rotateKeyRecord(view.me, { team, space: s.space }, plan, s.state.heads, at(ctx));
  await writeSpaceRecord(ctx.fs, ctx.root, record, ctx.sleep ?? noSleep);
  return { space: s.space, removed: gone };
}

/** One space as `lore space list` (and later the Lore view) shows it. */
export interface SpaceListing {
  space: string;
  /** Null when this device cannot read it (not a member): the name is sealed. */
  name: string | null;
  you: 'member' | 'asked to join' | 'removed' | 'not a member';
  sharingHere: boolean;
  members: Array<{ person: string; device: string; since: string; admittedBy: string }>;
  pending: Array<{ person: string; device: string; at: string }>;
  keyEpochs: number;
  /** Changes of this space kept here unopened (this device holds no key for them). */
  lockedSegments: number;
  /** What a member should do (missing keys, a rotation needed), in plain words. */
  needs: string[];
}

export async function listSpaces(ctx: SpaceActionContext): Promise<SpaceListing[]> {
  const view = await loadSpaces(ctx.fs, ctx.root, ctx.store, ctx.ledger);
  const locked = ctx.ledger.lockedSegments();
  const me = view.me.device;
  return view.spaces.map((s) => {
    const st = s.state;
    const you = st.members.some((m) => m.device === me) ? 'member'
      : st.pending.some((p) => p.device === me) ? 'asked to join'
        : st.removed.some((r) => r.device === me) ? 'removed' : 'not a member';
    const needs: string[] = [];
    if (st.missingKeys.length) needs.push(`${st.missingKeys.length} member device(s) lack the current key: any member can run lore space rotate ${s.space.slice(0, 8)} to give everyone a new one.`);
    if (st.rotationNeeded) needs.push(`${st.rotationNeeded} Run lore space rotate ${s.space.slice(0, 8)}.`);
    if (s.keyProblem) needs.push(s.keyProblem);
    return {
      space: s.space, name: s.name, you, sharingHere: view.sharing === s.space,
      members: st.members.map((m) => ({ person: m.person, device: m.device, since: m.since, admittedBy: m.admittedBy })),
      pending: st.pending.map((p) => ({ person: p.person, device: p.device, at: p.at })),
      keyEpochs: st.epochs.length,
      lockedSegments: locked.filter((l) => l.space === s.space).length,
      needs,
    };
  });
}
