// `lore space create|request|approve|remove|rotate|list`: encrypted team spaces from the command
// line, on the same core as the extension (core/spaces/spaceActions.ts). Each command writes one
// signed membership record to the team folder; `lore sync` then carries the changes.
import * as path from 'node:path';
import { systemClock } from '../core/clock';
import { LoreError } from '../core/errors';
import { approveJoin, createSpace, listSpaces, requestToJoin, rotateSpace, type SpaceActionContext } from '../core/spaces/spaceActions';
import type { LoreStore } from '../core/store/loreStore';
import { createNodeSyncFs } from '../core/sync/nodeSyncFs';
import { printable } from '../core/sync/printable';
import { SyncLedger } from '../core/sync/syncLedger';
import { flag, UsageError, USAGE, type ParsedArgs } from './args';

export interface SpaceIo {
  stdout(text: string): void;
  stderr(text: string): void;
  now?: () => number;
}

const SPACE_USAGE = 'lore space create NAME | request SPACE | approve SPACE DEVICE | remove SPACE DEVICE | rotate SPACE | list   (each with --team-folder DIR)';

function needs(args: ParsedArgs, count: number): string[] {
  const words = args.positional.slice(1);
  if (words.length < count) throw new UsageError(`lore space ${args.positional[0] ?? ''} needs ${count === 1 ? 'one argument' : `${count} arguments`}: ${SPACE_USAGE}`, USAGE);
  return words;
}

export async function spaceCommand(args: ParsedArgs, io: SpaceIo, store: LoreStore): Promise<number> {
  const folder = flag(args, 'team-folder');
  if (!folder) throw new LoreError('Give the team folder: lore space … --team-folder DIR');
  const ctx: SpaceActionContext = {
    fs: createNodeSyncFs(), root: path.resolve(folder), store, ledger: new SyncLedger(store, systemClock), now: io.now ?? (() => Date.now()),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  const sub = args.positional[0];
  switch (sub) {
    case 'create': {
      const [name] = needs(args, 1);
      const made = await createSpace(ctx, name);
      io.stdout(`Created space "${printable(made.name)}" (${made.space}). You are its only member.\n` +
        'From now on this device encrypts everything it shares for this space; people outside it see only that files exist.\n' +
        `Others join with: lore space request ${made.space} --team-folder ${folder}, then you approve them. Run lore sync to publish.\n`);
      return 0;
    }
    case 'request': {
      const [which] = needs(args, 1);
      const asked = await requestToJoin(ctx, which);
      io.stdout(`Asked to join space ${asked.space}. Run lore sync so the members see the request.\n` +
        'Until a member approves, your changes wait on this machine (nothing is shared unencrypted).\n' +
        'Before they approve, compare this safety number with the member who approves, in person or on a call you trust:\n');
      for (const s of asked.safetyNumbers) io.stdout(`  with ${printable(s.person)} (device ${s.device}): ${s.number}\n`);
      if (!asked.safetyNumbers.length) io.stdout('  (no member found yet: sync and run lore space list)\n');
      return 0;
    }
    case 'approve': {
      const [which, who] = needs(args, 2);
      const approved = await approveJoin(ctx, which, who);
      io.stdout(`Safety number with ${printable(approved.person)} (device ${approved.device}): ${approved.safetyNumber}\n` +
        'It must be the number their machine shows. If it is not, someone else wrote the request: run lore space remove for that device.\n' +
        `Approved: ${printable(approved.person)} can read everything in the space once both of you sync.\n`);
      return 0;
    }
    case 'remove': {
      const [which, who] = needs(args, 2);
      const done = await rotateSpace(ctx, which, [who]);
      io.stdout(`Removed device ${done.removed.join(', ')} from space ${done.space} and made a new key for the others.\n` +
        'It cannot read anything written after this, but it keeps everything it already had. Run lore sync to publish.\n');
      return 0;
    }
    case 'rotate': {
      const [which] = needs(args, 1);
      const done = await rotateSpace(ctx, which);
      io.stdout(`Made a new key for space ${done.space}; every member gets it on their next sync. Run lore sync to publish.\n`);
      return 0;
    }
    case 'list': {
      const spaces = await listSpaces(ctx);
      if (args.flags.has('json')) {
        io.stdout(`${JSON.stringify(spaces, null, 2)}\n`);
        return 0;
      }
      if (!spaces.length) io.stdout('The team folder has no spaces: everything shared is readable by anyone with the folder.\n');
      for (const s of spaces) {
        const title = s.name ? `"${printable(s.name)}"` : '(locked: the name shows to members only)';
        io.stdout(`${title}  ${s.space}\n  You: ${s.you}${s.sharingHere ? ' (this device shares into it)' : ''}; ${s.keyEpochs} key(s) so far\n`);
        for (const m of s.members) io.stdout(`  member  ${printable(m.person)}  device ${m.device}  since ${m.since.slice(0, 10)}\n`);
        for (const p of s.pending) io.stdout(`  asks to join  ${printable(p.person)}  device ${p.device}  since ${p.at.slice(0, 10)}  (a member approves with: lore space approve ${s.space.slice(0, 8)} ${p.device})\n`);
        if (s.lockedSegments) io.stdout(`  ${s.lockedSegments} change file(s) of this space are locked here: this device holds no key for them.\n`);
        for (const n of s.needs) io.stdout(`  Needs: ${printable(n)}\n`);
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown space command "${sub ?? ''}": ${SPACE_USAGE}`, USAGE);
  }
}
