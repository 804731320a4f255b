/**
 * Team-folder sync: the API the extension drives (pure core, no `vscode`).
 *
 * The team folder (a network share, a cloud-synced folder, or a folder in a git repository)
 * holds only immutable, signed, content-hashed files, each written by one device; the SQLite
 * database stays local. Syncing is: check the folder is really ours (preflight), read and ingest
 * what is new, publish the local outbox, report. Nothing is ever inferred from a missing file.
 *
 * How the extension uses it:
 *
 * ```ts
 * const store = LoreStore.open(dbFile, { driver, author, mergers: [createBodyMerger()] });
 * const engine = new SyncEngine({ store, fs: createNodeSyncFs(), folder: config.get('lore.teamFolder') || undefined });
 *
 * // "Lore: Set Up Team Folder": pick a folder, ask Create (new team) or Join (a teammate set it
 * // up), save `lore.teamFolder`, then sync once.
 * await engine.setUp(folder, 'create' | 'join');
 *
 * // "Lore: Sync Now", a debounce of a few seconds after store.onDidChange({ origin: 'local' }),
 * // an interval (e.g. 60 s), window focus, and file-watcher hints under <folder>/lore/**
 * // (watchers are only hints: the engine always lists the folder). Overlapping calls share one run.
 * const summary = await engine.syncNow((p) => progress.report({ message: p.message }));
 *
 * // Status bar: engine.status (state, message, last summary) and engine.onDidChangeStatus(cb).
 * // summary.stopped → show its reason + hint once; its code says what to offer: 'not-set-up'
 * //   (lore.teamFolder set by hand: offer Set Up / Join), 'missing' / 'unreachable' (mount it),
 * //   'not-a-team-folder' (emptied or wrong folder), 'other-team', 'unreadable' (wait, retry).
 * // summary.heldDeletions > 0 → ask: engine.heldDeletions() lists them; then
 * //   engine.approveHeldDeletions() or engine.rejectHeldDeletions() (restores and tells the team).
 * // summary.alarms → each new one as a notification (own files written again, a replaced device
 * //   key); summary.queued → "N to share" in the status bar. summary.setAside lists invalid changes
 * //   set aside: setAsideNotices(summary.setAside) tells the new ones once; the tooltip lists them.
 * // summary.conflicts > 0 → "Resolve Sync Conflict" opens store.getConflicts(id) in a diff editor
 * //   and calls store.resolveConflict(id, field, value).
 * // "Lore: Verify Team Folder": const report = await engine.verify(); show report.problems.
 * // `lore.teamFolder` changed: engine.setFolder(newFolder) (a different team's folder is refused
 * //   by preflight until set up again).
 * // deactivate(): engine.dispose() hands the publishing lease to another window at once.
 * ```
 *
 * Several windows share one database: each may read, but only the window holding the lease
 * (flushLease.ts) writes to the folder; the others leave their changes in the shared outbox for
 * it. The lease is held while a window publishes and renewed after every segment, so a window
 * that crashes mid-write blocks publishing only until the lease expires (3 minutes).
 */
import { describeHeldSubject, type HeldSubject } from './heldDeletionText';
import { systemClock, type Clock } from '../clock';
import { LoreError, describeError } from '../errors';
import { newId, sha256Hex } from '../hash';
import type { EntityKind } from '../store/events';
import type { LoreStore } from '../store/loreStore';
import { ackFilePath } from './ackFile';
import { compactOwnSegments, DEFAULT_INACTIVE_AFTER_MS, dropSupersededSnapshots, writeAckFile } from './compaction';
import { FlushLease } from './flushLease';
import type { GitSyncReport, GitSyncState, TeamFolderGit } from './gitMode';
import { FORMAT_CONFLICT, encodeFormatFile, parseDeviceFile, parseFormatFile, type FormatFile } from './folderFiles';
import { ingestEvents, readTeamFolder, type PendingFile, type SyncProgress } from './folderReader';
import { writeImmutableFile } from './immutableWrite';
import { DEFAULT_MASS_DELETE_POLICY, isDeleteEvent, isEmptyingEvent, type MassDeletePolicy } from './massDeleteGuard';
import { preflight, type StopCode } from './preflight';
import { plural } from '../plural';
import { loadSpaces } from '../spaces/spaceFolder';
import { spaceCodec } from '../spaces/spaceCodec';
import type { SegmentCodec } from './segmentCodec';
import { ensureDeviceFile, publishOutbox, repairOwnFiles, type PublisherContext } from './publisher';
import { maybeWriteSnapshot, writeSnapshot, type SnapshotOutcome } from './snapshotWriter';
import type { SetAsideChange } from './setAsideText';
import { SyncLedger } from './syncLedger';
import { describeFsError, errorCode, joinPath, type SyncFs } from './syncFs';
import { timedSyncFs } from './timedSyncFs';
import { FORMAT_MAJOR, deviceFilePath, teamFolderPaths } from './teamFolderLayout';
import { verifyTeamFolder, type VerifyReport } from './verifyTeamFolder';

export type { PendingFile, SyncProgress } from './folderReader';
export type { StopCode } from './preflight';

export interface SyncEngineOptions {
  store: LoreStore;
  fs: SyncFs;
  /** The team folder (`lore.teamFolder`); undefined: sync is off. */
  folder?: string;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  policy?: Partial<MassDeletePolicy>;
  /** How long to retry a rename that Windows refuses (EPERM/EBUSY). Default 60 s. */
  renameRetryMs?: number;
  maxEventsPerSegment?: number;
  maxBytesPerSegment?: number;
  /** Events per ingest transaction (whole files only). Smaller keeps other windows' writes waiting less. */
  batchEvents?: number;
  /** Write a snapshot when this many segments were read or written since the last one. 0: never. */
  snapshotEverySegments?: number;
  leaseMs?: number;
  /** What this engine is, named to another window or process that finds the publishing lease taken: "lore sync (process 4242)". */
  leaseHolder?: string;
  /** Longest wait for one file operation before it counts as failed (a hung share). Default 60 s. */
  fsTimeoutMs?: number;
  /**
   * Compaction (compaction.ts): write this device's acknowledgement file and delete its own
   * segments that a snapshot carries and every active device has read. Default true.
   */
  compaction?: boolean;
  /** A device silent for longer than this no longer holds compaction back (it catches up from the snapshot). Default 90 days. */
  inactiveAfterMs?: number;
  /** The shortest time between two acknowledgement files of this device. Default 10 minutes. */
  ackIntervalMs?: number;
  /** Segment files larger than this are refused unread. */
  maxFileBytes?: number;
  /** Snapshots larger than this are neither written nor read (MAX_SNAPSHOT_BYTES; tests lower it). */
  maxSnapshotBytes?: number;
  /**
   * Lists the Lore files in `folder` that git does not have committed (untracked or modified), or
   * undefined when the folder is not in a git repository. Set by the extension and the CLI
   * (gitStatus.ts); tests leave it out.
   */
  uncommittedFiles?: (folder: string) => Promise<string[] | undefined>;
  /**
   * Git mode (gitMode.ts, `lore.sync.gitMode` / `lore sync --git`): the publishing window pulls
   * before reading the folder, and commits this device's new files and pushes after publishing.
   */
  git?: TeamFolderGit;
  log?: (message: string) => void;
}

export interface WaitingFor {
  device: string;
  author?: string;
  reason: string;
}

export interface SyncSummary {
  /** Local changes written to the team folder. */
  published: number;
  /** Teammates' changes applied here. */
  ingested: number;
  filesRead: number;
  /** Files that cannot be used yet, by name, with why. Retried on every sync. */
  pending: PendingFile[];
  /** Devices whose files are known to exist but have not arrived (a gap, a cited head, a missing DEVICE.json). */
  waitingFor: WaitingFor[];
  /** Articles showing versions edited at the same time on different machines. */
  conflicts: number;
  /** Incoming deletions waiting for the user's decision (mass-delete guard). */
  heldDeletions: number;
  /** Records a teammate deleted that were kept because someone edited them without seeing the delete. */
  deletesOverridden: string[];
  warnings: string[];
  /**
   * Conditions that threaten the team's data (invalid events set aside, this device's files lost
   * from the folder): listed on every sync while they last. The extension shows each new one as a
   * notification; the CLI prints them and exits non-zero.
   */
  alarms: string[];
  /** Local changes still waiting to be written to the team folder after this sync. */
  queued: number;
  /**
   * Changes sealed for spaces this device holds no key for (docs/SECURITY.md): kept here, applied
   * once a member gives it the key. Not a problem by itself: a non-member never reads them.
   */
  locked?: Array<{ space: string; segments: number }>;
  /** When changes are queued because another window or process holds the publishing lease: until when it holds it. */
  leaseHeldUntil?: string;
  /** What holds the publishing lease then, as it named itself ("lore sync (process 4242)"), when it did. */
  leaseHolder?: string;
  /** Events from the team folder set aside because they are invalid (see ledger.quarantined()). */
  quarantined: number;
  /**
   * Those changes, listed on every sync while they last (the CLI's "Set aside:" lines, the status
   * bar tooltip); `isNew` for those set aside by this sync, told once (setAsideNotices). They alone
   * are not a failure: everything else was applied.
   */
  setAside: SetAsideChange[];
  /** This device's files that had gone from the team folder and were written again. */
  repaired: string[];
  /** Set when the sync did not run: why, and what to do. Nothing local was changed. */
  stopped?: { code: StopCode; reason: string; hint: string };
  /** The folder was written by a newer Lore: read only. */
  readOnly: boolean;
  /** This window holds the lease and wrote to the folder. */
  publisher: boolean;
  snapshotLoaded?: string;
  snapshotWritten?: string;
  /** This device's segment files deleted by compaction in this sync (a snapshot carries them). */
  compacted?: number;
  /** This database took a new device id after finding another machine using its old one. */
  deviceRenewed?: string;
  /** Git mode's pull and push in this sync (absent when git mode is off or another window publishes). */
  git?: GitSyncReport;
}

export type SyncState = 'off' | 'idle' | 'syncing' | 'attention' | 'stopped' | 'error';

export interface SyncStatus {
  state: SyncState;
  folder?: string;
  /** One line for the status bar tooltip. */
  message: string;
  lastSync?: string;
  lastSummary?: SyncSummary;
}

export interface HeldDeletion {
  eventId: string;
  entity: EntityKind;
  entityId: string;
  /** What it deletes, as known here (an article's title, a note's first words and file…). */
  subject: HeldSubject;
  /** The same in one line: describeHeldSubject(subject). */
  label: string;
  author: string;
  device: string;
  heldAt: string;
}

export class SyncEngine {
  private readonly store: LoreStore;
  private readonly fs: SyncFs;
  private readonly clock: Clock;
  private readonly ledger: SyncLedger;
  private readonly lease: FlushLease;
  private readonly policy: MassDeletePolicy;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private folder: string | undefined;
  private running: Promise<SyncSummary> | undefined;
  private currentStatus: SyncStatus;
  /** This sync's view of the folder's encrypted spaces (set before reading; plaintext until then). */
  private codec: SegmentCodec | undefined;

  constructor(private readonly options: SyncEngineOptions) {
    this.store = options.store;
    this.fs = timedSyncFs(options.fs, options.fsTimeoutMs);
    this.clock = options.clock ?? systemClock;
    this.ledger = new SyncLedger(this.store, this.clock);
    this.lease = new FlushLease(this.store, this.clock, newId(), options.leaseMs, options.leaseHolder);
    this.policy = { ...DEFAULT_MASS_DELETE_POLICY, ...options.policy };
    this.folder = options.folder;
    // Authors are shown with the name their signing device registered with, never the event's own text.
    this.store.setAuthorResolver((device) => this.ledger.registeredAuthor(device));
    this.currentStatus = this.folder ? { state: 'idle', folder: this.folder, message: 'Not synced yet' } : { state: 'off', message: 'No team folder set up' };
  }

  get status(): SyncStatus {
    return this.currentStatus;
  }

  onDidChangeStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The team id this database syncs with, once set up. */
  get teamId(): string | undefined {
    return this.ledger.teamId();
  }

  setFolder(folder: string | undefined): void {
    this.folder = folder || undefined;
    this.setStatus(this.folder ? { state: 'idle', folder: this.folder, message: 'Not synced yet' } : { state: 'off', message: 'No team folder set up' });
  }

  /** Turns git mode on (gitMode.ts) or off from the next sync (`lore.sync.gitMode` changed). */
  setGit(git: TeamFolderGit | undefined): void {
    this.options.git = git;
  }

  /**
   * Makes `folder` this database's team folder. `create` starts a new team there (the folder must
   * not hold another team's `lore/`); `join` joins the team whose `lore/FORMAT.json` is there.
   * Writes this device's `DEVICE.json`. Does not sync: call syncNow() next.
   */
  async setUp(folder: string, mode: 'create' | 'join'): Promise<{ teamId: string }> {
    const paths = teamFolderPaths(folder);
    const stat = await this.fs.stat(folder).catch((error: unknown) => {
      throw new LoreError(`Lore cannot reach ${folder}: ${describeFsError(error)}.`, 'Check that the folder is mounted and that you may read it.');
    });
    if (!stat || stat.kind !== 'dir') throw new LoreError(`The folder ${folder} does not exist.`, 'Create it (or mount the share) first, then set up the team folder again.');
    const existing = await this.readFormat(paths.format);
    const known = this.ledger.teamId();
    let teamId: string;
    if (mode === 'create') {
      if (existing) {
        if (existing.teamId !== known) {
          throw new LoreError(`${folder} already holds a Lore team folder (team ${existing.teamId}).`, 'Choose "Join" to sync with that team, or pick an empty folder to start a new team.');
        }
        teamId = existing.teamId;
      } else {
        if (known) {
          throw new LoreError('This Lore database already syncs with another team folder.', `Join that team's folder instead (team ${known}), or use a new Lore profile for a second team.`);
        }
        teamId = newId();
        await this.writeOnce(folder, paths.format, encodeFormatFile(teamId, new Date(this.clock.now()).toISOString()));
      }
    } else {
      if (!existing) {
        throw new LoreError(`${folder} is not a Lore team folder (it has no lore/FORMAT.json).`, 'Check the folder is mounted and is the one your team uses, or choose "Create" to start a new team there.');
      }
      if (known && known !== existing.teamId) {
        if (!this.aloneInTeam()) {
          throw new LoreError(`This Lore database already syncs with team ${known}, not with the team in ${folder} (${existing.teamId}).`, 'Use a new Lore profile to join a second team.');
        }
        await this.leaveLonelyTeam(folder);
      }
      teamId = existing.teamId;
    }
    if (!(existing && existing.format > FORMAT_MAJOR)) {
      if (!(await this.fs.stat(paths.gitattributes))) await this.writeOnce(folder, paths.gitattributes, new TextEncoder().encode('# Lore files are hashed and signed byte for byte: git must not convert line endings.\n* -text\n'));
      await ensureDeviceFile(this.publisherContext(folder), this.store.deviceId, teamId);
    }
    this.ledger.setTeamId(teamId);
    this.setFolder(folder);
    return { teamId };
  }

  /**
   * This database never read anything from a teammate in its team: it created the team alone
   * (typically at the same time as a teammate, in two git clones, and lost the race for
   * FORMAT.json), so it may join another team without losing anything.
   */
  private aloneInTeam(): boolean {
    return this.ledger.allSegments().every((s) => s.mine) && [...this.ledger.pinnedKeys().keys()].every((d) => d === this.store.deviceId || this.ledger.ownHead(d) !== undefined);
  }

  /**
   * Leaves a team this database was alone in, to join the one in `folder`: its own files bound to
   * the old team are removed from the folder (they were written by this device only, and no
   * teammate read them), and everything made here goes back into the outbox, to be published
   * again, bound to the new team, by the next sync. The device keeps its id and key.
   */
  private async leaveLonelyTeam(folder: string): Promise<void> {
    const own = new Set([this.store.deviceId, ...this.ledger.allSegments().map((s) => s.device)]);
    for (const file of this.ledger.ingestedFiles()) {
      if (file.device && own.has(file.device) && file.path.startsWith('lore/devices/')) await this.fs.remove(joinPath(folder, file.path)).catch(() => undefined);
    }
    for (const device of own) {
      const path = deviceFilePath(folder, device);
      const bytes = await this.fs.readFile(path).catch(() => undefined);
      const file = bytes ? parseDeviceFile(bytes) : undefined;
      // Only this device's own registration, with its own key, is replaced.
      if (file && typeof file !== 'string' && file.publicKey === this.ledger.keysFor(device).publicKey) await this.fs.remove(path).catch(() => undefined);
    }
    const mySnapshot = this.store.getMeta('sync.mySnapshot');
    if (mySnapshot) await this.fs.remove(joinPath(folder, mySnapshot)).catch(() => undefined);
    for (const device of own) await this.fs.remove(ackFilePath(folder, device)).catch(() => undefined);
    this.ledger.transaction(() => {
      this.ledger.forgetTeam();
      this.store.markAllUnpublished();
    });
  }

  /** Reads, ingests and publishes once. Concurrent calls share the run in progress. */
  syncNow(progress?: (progress: SyncProgress) => void): Promise<SyncSummary> {
    if (!this.running) {
      this.running = this.run(progress).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  /** Checks every file and chain in the team folder (see verifyTeamFolder.ts). */
  async verify(progress?: (message: string) => void): Promise<VerifyReport> {
    const folder = this.requireFolder();
    return verifyTeamFolder(this.fs, folder, {
      pinnedKeys: this.ledger.pinnedKeys(),
      knownSegments: this.ledger.allSegments(),
      progress,
    });
  }

  /** Writes a snapshot for new members now (also done automatically every `snapshotEverySegments`). */
  async writeSnapshot(): Promise<SnapshotOutcome> {
    const folder = this.requireFolder();
    const check = await preflight(this.fs, folder, this.ledger.teamId());
    if (!check.ok) throw new LoreError(check.reason, check.hint);
    if (check.readOnly) throw new LoreError('The team folder was set up by a newer Lore; this version does not write there.', 'Update the Lore extension.');
    return writeSnapshot(this.publisherContext(folder));
  }

  heldDeletions(): HeldDeletion[] {
    return this.ledger.held().map(({ event, heldAt }) => {
      const subject = this.subjectOf(event.entity, event.entityId);
      return {
        eventId: event.id,
        entity: event.entity,
        entityId: event.entityId,
        subject,
        label: describeHeldSubject(subject),
        author: this.ledger.registeredAuthor(event.device) ?? event.author,
        device: event.device,
        heldAt,
      };
    });
  }

  /** Applies held deletions (all, or those listed). Returns how many were applied. */
  approveHeldDeletions(eventIds?: string[]): number {
    return this.releaseHeld(eventIds, false);
  }

  /**
   * Refuses held deletions: they are applied (so every machine keeps the same history) and the
   * records are restored at once by a change that is shared with the team.
   */
  rejectHeldDeletions(eventIds?: string[]): number {
    return this.releaseHeld(eventIds, true);
  }

  /** Hands the publishing lease to another window (call when the window closes). */
  dispose(): void {
    this.listeners.clear();
    try {
      this.lease.release();
    } catch {
      // The database may already be closed.
    }
  }

  // --- internals ------------------------------------------------------------------------------

  private async run(progress?: (progress: SyncProgress) => void): Promise<SyncSummary> {
    const summary: SyncSummary = {
      published: 0, ingested: 0, filesRead: 0, pending: [], waitingFor: [], conflicts: 0, heldDeletions: 0,
      deletesOverridden: [], warnings: [], alarms: [], queued: 0, quarantined: 0, setAside: [], repaired: [], readOnly: false, publisher: false,
    };
    const folder = this.folder;
    const teamId = this.ledger.teamId();
    if (!folder || !teamId) {
      summary.stopped = {
        code: 'not-set-up',
        reason: folder ? `Lore has not joined the team folder ${folder} yet.` : 'No team folder is set up.',
        hint: 'Run "Lore: Set Up Team Folder" to share knowledge with your team.',
      };
      this.setStatus({ state: 'off', message: summary.stopped.reason, lastSummary: summary });
      return summary;
    }
    this.setStatus({ ...this.currentStatus, state: 'syncing', folder, message: 'Syncing…' });
    try {
      progress?.({ message: 'Checking the team folder' });
      const check = await preflight(this.fs, folder, teamId);
      if (!check.ok) {
        summary.stopped = { code: check.code, reason: check.reason, hint: check.hint };
        this.setStatus({ state: 'stopped', folder, message: check.reason, lastSync: this.currentStatus.lastSync, lastSummary: summary });
        return summary;
      }
      summary.readOnly = check.readOnly;
      summary.warnings.push(...check.warnings);
      summary.publisher = !check.readOnly && this.lease.acquire();
      if (summary.publisher && this.options.git) {
        progress?.({ message: 'Pulling from git' });
        this.noteGit(summary, await this.options.git.pull(folder));
        this.lease.acquire();
      }

      // Encrypted spaces: who is in them and which keys this device holds, from the folder's membership records.
      const spaces = await loadSpaces(this.fs, folder, this.store, this.ledger);
      summary.warnings.push(...spaces.warnings);
      this.codec = spaceCodec(spaces);
      const read = await readTeamFolder({
        fs: this.fs, root: folder, store: this.store, ledger: this.ledger, policy: this.policy, now: () => this.clock.now(),
        batchEvents: this.options.batchEvents ?? 5_000, maxFileBytes: this.options.maxFileBytes, maxSnapshotBytes: this.options.maxSnapshotBytes, progress,
        codec: this.codec,
      });
      if (read.locked.length) {
        const bySpace = new Map<string, number>();
        for (const l of read.locked) bySpace.set(l.space, (bySpace.get(l.space) ?? 0) + 1);
        summary.locked = [...bySpace].map(([space, segments]) => ({ space, segments }));
      }
      summary.ingested = read.ingestedEvents;
      summary.filesRead = read.ingestedFiles;
      summary.deletesOverridden = read.deletesOverridden;
      summary.snapshotLoaded = read.snapshot;
      summary.warnings.push(...read.warnings);
      for (const device of read.skewedDevices) summary.warnings.push(`The clock of ${this.deviceName(device)} is more than a day ahead; its changes are kept, but ask its owner to check the time settings.`);
      for (const device of read.laggingDevices) summary.warnings.push(`The clock of ${this.deviceName(device)} is more than a day behind; its changes are kept, but ask its owner to check the time settings.`);
      for (const image of read.missingImages.slice(0, 5)) summary.warnings.push(`Image ${image.hash.slice(0, 12)}… is not available yet: ${image.reason}.`);

      if (summary.publisher) {
        progress?.({ message: 'Publishing your changes' });
        try {
          // Only a listing that failed says nothing about which files are there; other warnings (a
          // stray folder, a teammate's bad file) must not stop the repair.
          if (read.listingComplete) await this.repairOwnFiles(folder, read.listed, summary);
          const published = await publishOutbox({ ...this.publisherContext(folder), renewLease: () => this.lease.acquire() });
          summary.published = published.events;
          if (published.held) summary.warnings.push(published.held);
          await this.renewIfCloned(folder, summary);
          await this.maybeSnapshot(folder, summary);
          await this.compact(folder, summary);
          if (this.options.git) {
            progress?.({ message: 'Committing and pushing with git' });
            const own = new Set([this.store.deviceId, ...this.ledger.ownSegments().map((s) => s.device)]);
            // Refused pushes are pulled and pushed again: the lease is renewed before each attempt.
            this.noteGit(summary, await this.options.git.push(folder, own, () => void this.lease.acquire()));
          }
        } catch (error) {
          summary.warnings.push(`Your changes could not be written to the team folder yet: ${describeError(error)}`);
        } finally {
          this.lease.release();
        }
      }
      if (read.listingComplete) await this.checkForVanishedFiles(folder, read.listed, summary);
      await this.checkGit(folder, summary);
      this.fillReport(summary);
      this.setStatus({
        state: needsAttention(summary) ? 'attention' : 'idle',
        folder,
        message: describeSummary(summary),
        lastSync: new Date(this.clock.now()).toISOString(),
        lastSummary: summary,
      });
      return summary;
    } catch (error) {
      summary.warnings.push(describeError(error));
      this.setStatus({ state: 'error', folder, message: `Sync failed: ${describeError(error)}`, lastSync: this.currentStatus.lastSync, lastSummary: summary });
      return summary;
    }
  }

  private publisherContext(folder: string): PublisherContext {
    return {
      fs: this.fs, root: folder, store: this.store, ledger: this.ledger, clock: this.clock,
      sleep: this.options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      renameRetryMs: this.options.renameRetryMs,
      maxEventsPerSegment: this.options.maxEventsPerSegment ?? 1_000,
      maxBytesPerSegment: this.options.maxBytesPerSegment ?? 1_000_000,
      maxSnapshotBytes: this.options.maxSnapshotBytes,
      codec: this.codec,
    };
  }

  /**
   * Another machine wrote segments under this database's device id (a copied database or disk
   * image, or a restored backup). Both histories are kept; once everything made under the old id
   * is published, this database continues under a new id so the two stop colliding.
   */
  private async renewIfCloned(folder: string, summary: SyncSummary): Promise<void> {
    const device = this.store.deviceId;
    if (this.ledger.foreignSegmentsOf(device) === 0) return;
    if (this.ledger.prepared() || this.store.unpublishedEvents(1).some((e) => e.device === device)) return;
    const renewed = this.store.renewDeviceId();
    try {
      await ensureDeviceFile(this.publisherContext(folder), renewed);
    } catch (error) {
      summary.warnings.push(`The new device file could not be written yet: ${describeError(error)}`);
    }
    summary.deviceRenewed = renewed;
    summary.warnings.push(
      `Another machine was writing to the team folder as this one (device ${device}), probably a copy of this Lore database or disk image. ` +
      `Both histories are kept; this machine now writes as device ${renewed}.`,
    );
  }

  private async maybeSnapshot(folder: string, summary: SyncSummary): Promise<void> {
    const every = this.options.snapshotEverySegments ?? 500;
    if (every <= 0 || summary.snapshotLoaded) return;
    try {
      const written = await maybeWriteSnapshot(this.publisherContext(folder), every);
      if (written && 'path' in written) summary.snapshotWritten = written.path;
    } catch (error) {
      summary.warnings.push(`A snapshot for new members could not be written: ${describeError(error)}`);
    }
  }

  /** Acknowledges what this device has read, then deletes its own segments nobody needs as files any more (compaction.ts). */
  private async compact(folder: string, summary: SyncSummary): Promise<void> {
    if (this.options.compaction === false) return;
    const ctx = { ...this.publisherContext(folder), renewLease: () => this.lease.acquire() };
    try {
      await writeAckFile(ctx, this.options.ackIntervalMs);
      await dropSupersededSnapshots(ctx);
      const outcome = await compactOwnSegments(ctx, this.options.inactiveAfterMs ?? DEFAULT_INACTIVE_AFTER_MS);
      summary.compacted = outcome.deleted.length;
    } catch (error) {
      summary.warnings.push(`Lore could not finish tidying the team folder (its acknowledgement file or old segments); it continues on the next sync: ${describeError(error)}`);
    }
  }

  /**
   * This device's own files that are gone from the folder are written again (see repairOwnFiles);
   * the user is told, since whatever removed them may remove teammates' files too.
   */
  private async repairOwnFiles(folder: string, listed: Set<string>, summary: SyncSummary): Promise<void> {
    const repair = await repairOwnFiles(this.publisherContext(folder), listed);
    summary.repaired = repair.rewritten;
    if (repair.rewritten.length) {
      summary.alarms.push(
        `${plural(repair.rewritten.length, 'file')} this machine had written ${repair.rewritten.length === 1 ? 'was' : 'were'} missing from the team folder (for example ${repair.rewritten[0]}) and ${repair.rewritten.length === 1 ? 'has' : 'have'} been written again. ` +
        'Something removed files from the folder (git clean or stash, a restore from an older backup, a deleted device folder): check that your teammates\' files are all there.',
      );
    }
    if (repair.lost.length) {
      this.warnOnce(summary, `${plural(repair.lost.length, 'file')} this machine wrote before this version of Lore ${repair.lost.length === 1 ? 'is' : 'are'} missing from the team folder and cannot be rebuilt here (for example ${repair.lost[0]}). Restore ${repair.lost.length === 1 ? 'it' : 'them'} from a backup or a teammate's copy of the folder.`);
    }
  }

  private async checkForVanishedFiles(folder: string, listed: Set<string>, summary: SyncSummary): Promise<void> {
    const repaired = new Set(summary.repaired);
    const carried = this.ledger.carriedHashes();
    // Paths first (one column of every file read): the full records only of those not listed now.
    const missing = [...this.ledger.ingestedPaths()]
      .filter((path) => path.startsWith('lore/devices/') && !listed.has(path) && !repaired.has(path))
      .sort()
      .map((path) => this.ledger.fileRecord(path))
      .filter((f): f is NonNullable<typeof f> => f !== undefined && f.state === 'ingested');
    // Compacted by its device: a snapshot in the folder carries the segment, so the file is not needed.
    for (const file of missing.filter((f) => f.segment && carried.has(f.segment))) this.ledger.forgetFile(file.path);
    missing.splice(0, missing.length, ...missing.filter((f) => !(f.segment && carried.has(f.segment))));
    // Another window may have written a file after this scan listed the folder: look again before alarming.
    const gone: typeof missing = [];
    for (const file of missing.slice(0, 200)) {
      try {
        if (!(await this.fs.stat(joinPath(folder, file.path)))) gone.push(file);
      } catch {
        // Unreachable now: not evidence that the file is gone.
      }
    }
    if (!gone.length) return;
    this.warnOnce(
      summary,
      `${gone.length} file${gone.length === 1 ? '' : 's'} Lore read before ${gone.length === 1 ? 'is' : 'are'} no longer in the team folder (for example ${gone[0].path}). ` +
      'Nothing was deleted here. If the folder was emptied or replaced, restore it from a backup or a teammate\'s copy.',
    );
  }

  /** Keeps the worse of git mode's pull and push; what needs the user is a warning. */
  private noteGit(summary: SyncSummary, report: GitSyncReport): void {
    const before = summary.git;
    const worse = before && GIT_SEVERITY[before.state] > GIT_SEVERITY[report.state] ? before : report;
    summary.git = {
      ...worse,
      committed: (before?.committed ?? 0) + report.committed,
      pulled: Boolean(before?.pulled || report.pulled),
      pushed: Boolean(before?.pushed || report.pushed),
    };
    const needsUser = report.state === 'failed' || report.state === 'blocked' || report.state === 'waiting' || (report.state === 'not-applicable' && this.options.git?.required);
    if (needsUser && !summary.warnings.includes(report.message)) summary.warnings.push(report.message);
  }

  /** In a git repository, Lore files that are not committed reach no teammate (and `git clean` removes them). */
  private async checkGit(folder: string, summary: SyncSummary): Promise<void> {
    if (!this.options.uncommittedFiles) return;
    let files: string[] | undefined;
    try {
      files = await this.options.uncommittedFiles(folder);
    } catch {
      return;
    }
    if (files?.length) {
      summary.warnings.push(
        `${plural(files.length, 'Lore file')} in the team folder ${files.length === 1 ? 'is' : 'are'} not committed to git (for example ${files[0]}): ` +
        'teammates get them only after you commit and push the lore/ folder.',
      );
    }
  }

  private fillReport(summary: SyncSummary): void {
    summary.pending = this.ledger.pendingFiles().map((f) => ({ path: f.path, reason: f.reason ?? 'not readable yet' }));
    const waiting = new Map<string, WaitingFor>();
    const add = (device: string, reason: string): void => {
      if (!waiting.has(device)) waiting.set(device, { device, author: this.ledger.deviceAuthors().get(device), reason });
    };
    for (const gap of this.ledger.gaps()) add(gap.device, `segment ${gap.number - 1} has not arrived yet`);
    const distrusted = this.ledger.distrusted();
    for (const cited of this.ledger.citedButMissing()) {
      if (cited.device === this.store.deviceId || distrusted[cited.device]) continue;
      // The segment with that number is here, with other content: the history was rewritten, not delayed.
      if (this.ledger.segmentsAt(cited.device, cited.number).length) {
        this.warnOnce(summary, `Security: ${this.deviceName(cited.by)} has read segment ${cited.number} of ${this.deviceName(cited.device)} with other content than the one here. ` +
          'That device\'s history was rewritten or forged in the team folder (or forked, if its Lore database was copied to another machine). Run "Lore: Verify Team Folder" and ask both owners.');
        continue;
      }
      add(cited.device, `${this.deviceName(cited.by)} has seen its segment ${cited.number}, which has not arrived here yet`);
    }
    for (const file of this.ledger.pendingFiles()) {
      if (file.device && !distrusted[file.device] && /key of device .* is not known yet/.test(file.reason ?? '')) add(file.device, 'its DEVICE.json has not arrived yet');
    }
    summary.waitingFor = [...waiting.values()];
    for (const fork of this.ledger.forks()) {
      if (fork.device === summary.deviceRenewed) continue;
      this.warnOnce(summary, `${this.deviceName(fork.device)} has ${fork.count} different histories from segment ${fork.number} on (a copied Lore database?). All of them are kept.`);
    }
    for (const { warning } of this.ledger.keyWarnings()) this.warnOnce(summary, warning);
    // Possible tampering is an alarm on every sync too (a notification in VS Code, exit 3 in the CLI), not only a line in a log.
    summary.alarms.push(...this.ledger.keyWarnings().map((k) => k.warning));
    summary.conflicts = this.store.conflictedArticleCount();
    this.reportQuarantined(summary);
    this.reportQueued(summary);
    summary.heldDeletions = this.ledger.held().length;
    if (summary.heldDeletions) {
      summary.warnings.push(`${summary.heldDeletions} deletions from the team folder are waiting for your decision (one device taking away ${this.policy.maxCount} or more articles and review notes, or ${Math.round(this.policy.maxFraction * 100)}% of them, within ${Math.round(this.policy.windowMs / 3_600_000)} hours).`);
    }
  }

  /**
   * Every change set aside (quarantined) is listed on every sync; those set aside by this sync are
   * marked new, so the user is alarmed once per change, not on every sync (setAsideNotices).
   */
  private reportQuarantined(summary: SyncSummary): void {
    const quarantined = this.ledger.quarantined();
    summary.quarantined = quarantined.length;
    const key = 'sync.setAsideTold';
    let told: Set<string>;
    try {
      told = new Set(JSON.parse(this.store.getMeta(key) || '[]') as string[]);
    } catch {
      told = new Set();
    }
    summary.setAside = quarantined.map((q) => ({
      device: q.device, from: this.deviceName(q.device), path: q.path, line: q.line, reason: q.reason, at: q.at, isNew: !told.has(`${q.path}:${q.line}`),
    }));
    if (summary.setAside.some((c) => c.isNew)) this.store.setMeta(key, JSON.stringify(quarantined.map((q) => `${q.path}:${q.line}`)));
  }

  /** Changes still in the outbox: said plainly, with who holds the publishing lease when it is not this window. */
  private reportQueued(summary: SyncSummary): void {
    summary.queued = this.store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events WHERE local = 1 AND published = 0 AND private = 0')!.n;
    if (!summary.queued || summary.readOnly) return;
    const held = this.lease.heldByOther();
    if (!summary.publisher && held) {
      summary.leaseHeldUntil = new Date(held.until).toISOString();
      if (held.holder) summary.leaseHolder = held.holder;
      const who = held.holder ? `${held.holder}, another Lore window or process on this machine,` : 'another Lore window or process on this machine';
      summary.warnings.push(
        `${plural(summary.queued, 'change')} ${summary.queued === 1 ? 'is' : 'are'} waiting to be shared: ${who} is publishing ` +
        `(its turn ends by ${summary.leaseHeldUntil}, sooner when it finishes; a process that was killed keeps it until then). They will be shared on a later sync.`,
      );
    }
  }

  /**
   * Conditions that stay true (a fork, a replaced key, vanished files) are told once, not on every
   * sync; Verify Team Folder lists them all again whenever asked.
   */
  private warnOnce(summary: SyncSummary, warning: string): void {
    const key = 'sync.toldWarnings';
    const told = new Set<string>(JSON.parse(this.store.getMeta(key) || '[]') as string[]);
    const id = sha256Hex(warning).slice(0, 16);
    if (told.has(id)) return;
    told.add(id);
    this.store.setMeta(key, JSON.stringify([...told].slice(-500)));
    summary.warnings.push(warning);
  }

  private releaseHeld(eventIds: string[] | undefined, restore: boolean): number {
    const wanted = eventIds ? new Set(eventIds) : undefined;
    const held = this.ledger.held().map((h) => h.event).filter((e) => !wanted || wanted.has(e.id));
    if (!held.length) return 0;
    const outcome = { ingestedEvents: 0, skewedDevices: [] as string[], deletesOverridden: [] as string[] };
    this.ledger.transaction(() => {
      // Bodies an emptying edit would remove, to write back when the user refuses it.
      const bodies = new Map<string, string>();
      if (restore) {
        for (const event of held.filter(isEmptyingEvent)) {
          const body = this.store.db.get<{ body: string }>('SELECT body FROM articles WHERE id = ? AND deleted = 0', event.entityId)?.body;
          if (body?.trim()) bodies.set(event.entityId, body);
        }
      }
      this.ledger.unhold(held.map((e) => e.id));
      ingestEvents({ store: this.store, ledger: this.ledger }, held, outcome);
      if (restore) {
        const records = new Map<string, { entity: EntityKind; id: string }>();
        for (const event of held.filter(isDeleteEvent)) records.set(`${event.entity}:${event.entityId}`, { entity: event.entity, id: event.entityId });
        const deleted = [...records.values()].filter((r) => this.isDeleted(r.entity, r.id));
        if (deleted.length) this.store.restoreRecords(deleted);
        for (const [id, body] of bodies) {
          if (this.store.getArticle(id)?.body.trim() === '') this.store.updateArticle(id, { body });
        }
      }
    });
    if (this.currentStatus.lastSummary) {
      this.currentStatus.lastSummary.heldDeletions = this.ledger.held().length;
      this.setStatus({ ...this.currentStatus });
    }
    return held.length;
  }

  private isDeleted(entity: EntityKind, id: string): boolean {
    const table = { article: 'articles', snippet: 'snippets', thread: 'review_threads', comment: 'review_comments', path: 'learning_paths' }[entity];
    return this.store.db.get<{ deleted: number }>(`SELECT deleted FROM ${table} WHERE id = ?`, id)?.deleted === 1;
  }

  private subjectOf(entity: EntityKind, id: string): HeldSubject {
    const db = this.store.db;
    const articleTitle = (articleId: string) => db.get<{ title: string }>('SELECT title FROM articles WHERE id = ?', articleId)?.title;
    const firstComment = (threadId: string) => db.get<{ body: string }>('SELECT body FROM review_comments WHERE thread_id = ? ORDER BY created_at LIMIT 1', threadId)?.body;
    const threadPath = (threadId: string) => db.get<{ path: string }>('SELECT path FROM review_threads WHERE id = ?', threadId)?.path;
    if (entity === 'article') {
      const title = articleTitle(id);
      if (title !== undefined) return { kind: 'article', title };
    } else if (entity === 'thread') {
      const path = threadPath(id);
      if (path !== undefined) return { kind: 'note', text: firstComment(id) ?? '', path };
    } else if (entity === 'comment') {
      const comment = db.get<{ body: string; thread_id: string }>('SELECT body, thread_id FROM review_comments WHERE id = ?', id);
      const path = comment && threadPath(comment.thread_id);
      if (comment && path !== undefined) return { kind: 'reply', text: comment.body, path };
    } else if (entity === 'snippet') {
      const snippet = db.get<{ article_id: string; path: string }>('SELECT article_id, path FROM snippets WHERE id = ?', id);
      if (snippet) return { kind: 'snippet', articleTitle: articleTitle(snippet.article_id) ?? 'an article not on this machine', path: snippet.path };
    }
    return { kind: 'unknown', id };
  }

  private deviceName(device: string): string {
    const author = this.ledger.deviceAuthors().get(device);
    return author ? `${author}'s device (${device.slice(0, 8)})` : `device ${device.slice(0, 8)}`;
  }

  private async readFormat(path: string): Promise<FormatFile | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw new LoreError(`Lore cannot read ${path}: ${describeFsError(error)}.`, 'Try again when the folder is available.');
    }
    const format = parseFormatFile(bytes);
    if (format === FORMAT_CONFLICT) {
      throw new LoreError(`${path} ${format}.`, 'Keep the teammate\'s FORMAT.json, the one already in the shared repository that you pulled, commit the merge, then choose Join: what you wrote is published again into that team.');
    }
    if (typeof format === 'string') throw new LoreError(`${path} cannot be used: ${format}.`, 'Restore it from a teammate\'s copy of the folder.');
    return format;
  }

  private async writeOnce(folder: string, path: string, bytes: Uint8Array): Promise<void> {
    await writeImmutableFile(this.fs, path, bytes, {
      staging: teamFolderPaths(folder).staging,
      tag: this.store.deviceId,
      sleep: this.options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      renameRetryMs: this.options.renameRetryMs,
    });
  }

  private requireFolder(): string {
    if (!this.folder || !this.ledger.teamId()) throw new LoreError('No team folder is set up.', 'Run "Lore: Set Up Team Folder" first.');
    return this.folder;
  }

  /**
   * Counts the articles in conflict again, for when the store changed between syncs (the last
   * conflict resolved): the status says what is true now, not what the last sync found.
   */
  refreshConflictCount(): void {
    const summary = this.currentStatus.lastSummary;
    if (!summary) return;
    const conflicts = this.store.conflictedArticleCount();
    if (conflicts === summary.conflicts) return;
    const updated = { ...summary, conflicts };
    const settled = this.currentStatus.state === 'idle' || this.currentStatus.state === 'attention';
    this.setStatus({
      ...this.currentStatus,
      ...(settled ? { state: needsAttention(updated) ? 'attention' : 'idle', message: describeSummary(updated) } : {}),
      lastSummary: updated,
    });
  }

  private setStatus(status: SyncStatus): void {
    this.currentStatus = status;
    for (const listener of [...this.listeners]) {
      try {
        listener(status);
      } catch {
        // A failing status view must not break sync.
      }
    }
  }
}

const GIT_SEVERITY: Record<GitSyncState, number> = { synced: 0, 'not-applicable': 1, waiting: 2, blocked: 3, failed: 4 };

function needsAttention(summary: SyncSummary): boolean {
  return summary.pending.length > 0 || summary.heldDeletions > 0 || summary.conflicts > 0 || summary.warnings.length > 0
    || summary.alarms.length > 0 || summary.queued > 0 || summary.setAside.some((c) => c.isNew) || summary.waitingFor.length > 0;
}

function describeSummary(summary: SyncSummary): string {
  const parts: string[] = [];
  if (summary.alarms.length) parts.push(`${plural(summary.alarms.length, 'problem')} to look at`);
  if (summary.queued) parts.push(`${summary.queued} change${summary.queued === 1 ? '' : 's'} waiting to be shared`);
  if (summary.published) parts.push(`${summary.published} change${summary.published === 1 ? '' : 's'} shared`);
  if (summary.ingested) parts.push(`${summary.ingested} received`);
  if (summary.conflicts) parts.push(`${summary.conflicts} article${summary.conflicts === 1 ? '' : 's'} with conflicts`);
  if (summary.heldDeletions) parts.push(`${summary.heldDeletions} deletions waiting for you`);
  if (summary.setAside.length) parts.push(`${plural(summary.setAside.length, 'invalid change')} set aside`);
  if (summary.pending.length) parts.push(`${summary.pending.length} file${summary.pending.length === 1 ? '' : 's'} not readable yet`);
  if (summary.waitingFor.length) parts.push(`waiting for ${summary.waitingFor.length} device${summary.waitingFor.length === 1 ? '' : 's'}`);
  return parts.length ? `Synced: ${parts.join(', ')}` : 'Up to date';
}
