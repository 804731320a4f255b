import type { Clock } from '../clock';
import type { LoreEvent } from '../store/events';
import type { LoreStore } from '../store/loreStore';
import { generateEncodedKeyPair, type EncodedKeyPair } from '../keyObjects';
import { generateDeviceKeyPair, type DeviceKeyPair } from './deviceKeys';
import type { SegmentAck } from './segmentFile';

export interface FileRecord {
  path: string;
  size: number;
  hash: string | null;
  state: 'ingested' | 'pending';
  reason: string | null;
  device: string | null;
  segment: string | null;
  attempts: number;
}

export interface SegmentRecord {
  hash: string;
  device: string;
  number: number;
  prev: string | null;
  events: number;
  acks: Record<string, SegmentAck>;
  mine: boolean;
}

/** A segment built and saved locally before it is written, so a retry writes the very same bytes. */
export interface PreparedSegment {
  /** Path relative to the team folder. */
  path: string;
  text: string;
  hash: string;
  device: string;
  number: number;
  prev: string | null;
  acks: Record<string, SegmentAck>;
  /** Key fingerprints vouched for in this segment. */
  keys?: Record<string, string>;
  eventIds: string[];
  /** Sealed for a space (segmentCodec.ts): its space, key epoch and sealed payload, to rebuild the same bytes. */
  sealed?: { space: string; epoch: string; data: string };
}

export interface OwnSegmentRecipe {
  path: string;
  created: string;
  eventIds: string[];
  /** The header's team and vouched key fingerprints, when it had them: they are signed too. */
  team?: string;
  keys?: Record<string, string>;
  /** A sealed segment's payload (random nonces: sealing again would give other bytes). */
  sealed?: { space: string; epoch: string; data: string };
}

/** A sealed segment this device could not open (no key for its space yet): kept here, opened once a key arrives. */
export interface LockedSegment {
  hash: string;
  device: string;
  number: number;
  space: string;
  epoch: string;
  /** Where it was read (a segment file, or a snapshot carrying it). */
  path: string;
  reason: string;
}

export interface QuarantinedEvent {
  /** The segment file, relative to the team folder. */
  path: string;
  line: number;
  device: string;
  reason: string;
  at: string;
}

export interface HeldEvent {
  event: LoreEvent;
  batch: string;
  heldAt: string;
}

/**
 * What this database knows about the team folder, in its own tables (see syncSchema.ts) and a
 * few `sync.*` meta keys. Every method runs on the store's connection, so it joins the store's
 * transactions.
 */
export class SyncLedger {
  constructor(private readonly store: LoreStore, private readonly clock: Clock) {}

  private get db(): LoreStore['db'] {
    return this.store.db;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work);
  }

  // --- meta -------------------------------------------------------------------------------------

  private json<T>(key: string): T | undefined {
    const raw = this.store.getMeta(key);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  }

  teamId(): string | undefined {
    return this.store.getMeta('sync.teamId') || undefined;
  }

  setTeamId(teamId: string): void {
    this.store.setMeta('sync.teamId', teamId);
  }

  /** This device's key pair, made on first use. Keys are kept per device id (a renewed id gets new keys). */
  keysFor(device: string): DeviceKeyPair {
    return this.transaction(() => {
      const all = this.json<Record<string, DeviceKeyPair>>('sync.keys') ?? {};
      if (!all[device]) {
        all[device] = generateDeviceKeyPair();
        this.store.setMeta('sync.keys', JSON.stringify(all));
      }
      return all[device];
    });
  }

  /**
   * This device's X25519 key pair (spaces: a space key is wrapped for it), made on first use and
   * kept per device id like `keysFor`; the public half is published in DEVICE.json.
   */
  boxKeysFor(device: string): EncodedKeyPair {
    return this.transaction(() => {
      const all = this.json<Record<string, EncodedKeyPair>>('sync.boxKeys') ?? {};
      if (!all[device]) {
        all[device] = generateEncodedKeyPair('x25519');
        this.store.setMeta('sync.boxKeys', JSON.stringify(all));
      }
      return all[device];
    });
  }

  // --- locked (sealed for a space this device cannot open yet) ---------------------------------

  // One meta row per locked segment (its description) and one for its text, so locking and
  // unlocking cost the same however many are locked; listed by key range (the primary key).
  lockedSegments(): LockedSegment[] {
    return this.db.all<{ value: string }>("SELECT value FROM meta WHERE key >= 'sync.locked.' AND key < 'sync.locked/' ORDER BY key")
      .map((r) => JSON.parse(r.value) as LockedSegment);
  }

  /** Keeps a sealed segment's text locally: its file may be compacted away before a key arrives. */
  lockSegment(segment: LockedSegment, text: string): void {
    this.store.setMeta(`sync.locked.${segment.hash}`, JSON.stringify(segment));
    this.store.setMeta(`sync.lockedText.${segment.hash}`, text);
  }

  lockedText(hash: string): string | undefined {
    return this.store.getMeta(`sync.lockedText.${hash}`) || undefined;
  }

  unlockSegment(hash: string): void {
    this.db.run('DELETE FROM meta WHERE key IN (?, ?)', `sync.locked.${hash}`, `sync.lockedText.${hash}`);
  }

  prepared(): PreparedSegment | undefined {
    return this.json<PreparedSegment>('sync.prepared');
  }

  setPrepared(prepared: PreparedSegment | undefined): void {
    this.store.setMeta('sync.prepared', prepared ? JSON.stringify(prepared) : '');
  }

  /** The heads of other devices already cited in this device's segments. */
  acked(): Record<string, SegmentAck> {
    return this.json<Record<string, SegmentAck>>('sync.acked') ?? {};
  }

  setAcked(acks: Record<string, SegmentAck>): void {
    this.store.setMeta('sync.acked', JSON.stringify(acks));
  }

  /** Image hashes cited by ingested events that are not in the local database yet. */
  wantedBlobs(): string[] {
    return this.json<string[]>('sync.wantedBlobs') ?? [];
  }

  setWantedBlobs(hashes: string[]): void {
    this.store.setMeta('sync.wantedBlobs', JSON.stringify([...new Set(hashes)].sort()));
  }

  // --- files ------------------------------------------------------------------------------------

  ingestedPaths(): Set<string> {
    return new Set(this.db.all<{ path: string }>("SELECT path FROM sync_files WHERE state = 'ingested'").map((r) => r.path));
  }

  fileRecord(path: string): FileRecord | undefined {
    return this.db.get<FileRecord>('SELECT * FROM sync_files WHERE path = ?', path);
  }

  recordIngested(path: string, size: number, hash: string, device: string | null, segment: string | null): void {
    this.db.run(
      `INSERT INTO sync_files (path, size, hash, state, reason, device, segment, attempts, updated_at)
       VALUES (?, ?, ?, 'ingested', NULL, ?, ?, 0, ?)
       ON CONFLICT(path) DO UPDATE SET size = excluded.size, hash = excluded.hash, state = 'ingested', reason = NULL,
         device = excluded.device, segment = excluded.segment, updated_at = excluded.updated_at`,
      path, size, hash, device, segment, this.now(),
    );
  }

  recordPending(path: string, size: number, hash: string | null, reason: string, device: string | null): void {
    this.db.run(
      `INSERT INTO sync_files (path, size, hash, state, reason, device, segment, attempts, updated_at)
       VALUES (?, ?, ?, 'pending', ?, ?, NULL, 1, ?)
       ON CONFLICT(path) DO UPDATE SET size = excluded.size, hash = excluded.hash, state = 'pending', reason = excluded.reason,
         device = excluded.device, attempts = sync_files.attempts + 1, updated_at = excluded.updated_at
       WHERE sync_files.state = 'pending'`,
      path, size, hash, reason, device, this.now(),
    );
  }

  /** A segment file deleted by compaction, or gone while a snapshot carries its segment: nothing to remember about the path. */
  forgetFile(path: string): void {
    this.db.run('DELETE FROM sync_files WHERE path = ?', path);
  }

  /** A pending file that is no longer listed (a sync client renamed or withdrew it): stop reporting it. */
  forgetPending(path: string): void {
    this.db.run("DELETE FROM sync_files WHERE path = ? AND state = 'pending'", path);
  }

  pendingFiles(): FileRecord[] {
    return this.db.all<FileRecord>("SELECT * FROM sync_files WHERE state = 'pending' ORDER BY path");
  }

  ingestedFiles(): FileRecord[] {
    return this.db.all<FileRecord>("SELECT * FROM sync_files WHERE state = 'ingested' ORDER BY path");
  }

  // --- segments ---------------------------------------------------------------------------------

  hasSegment(hash: string): boolean {
    return this.db.get('SELECT 1 FROM sync_segments WHERE hash = ?', hash) !== undefined;
  }

  addSegment(segment: SegmentRecord): boolean {
    return this.db.run(
      'INSERT OR IGNORE INTO sync_segments (hash, device, number, prev, events, acks, mine) VALUES (?, ?, ?, ?, ?, ?, ?)',
      segment.hash, segment.device, segment.number, segment.prev, segment.events, JSON.stringify(segment.acks), segment.mine ? 1 : 0,
    ) > 0;
  }

  segmentCount(): number {
    return this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sync_segments')!.n;
  }

  allSegments(): SegmentRecord[] {
    return this.segmentsWhere('');
  }

  /**
   * The segments this database wrote (any of its device ids), as allSegments() lists them: read on
   * every sync, so the team's other segments (and their acknowledgements) are not read and parsed.
   */
  ownSegments(): SegmentRecord[] {
    return this.segmentsWhere('WHERE mine = 1');
  }

  private segmentsWhere(where: '' | 'WHERE mine = 1'): SegmentRecord[] {
    return this.db
      .all<{ hash: string; device: string; number: number; prev: string | null; events: number; acks: string; mine: number }>(
        `SELECT * FROM sync_segments ${where} ORDER BY device, number, hash`,
      )
      .map((r) => ({ ...r, acks: JSON.parse(r.acks) as Record<string, SegmentAck>, mine: r.mine === 1 }));
  }

  /** The segments this database wrote for `device`, by number. */
  ownChain(device: string): Map<number, string> {
    return new Map(this.db.all<{ number: number; hash: string }>('SELECT number, hash FROM sync_segments WHERE device = ? AND mine = 1 ORDER BY number', device).map((r) => [r.number, r.hash]));
  }

  /** Segment files of `device` recorded as read or written here (relative paths, with their segment). */
  segmentFilesOf(device: string): Array<{ path: string; segment: string }> {
    return this.db.all<{ path: string; segment: string }>(
      "SELECT path, segment FROM sync_files WHERE state = 'ingested' AND device = ? AND segment IS NOT NULL AND path LIKE 'lore/devices/%' ORDER BY path", device,
    );
  }

  /** The newest segment this database wrote for `device`: where its chain continues. */
  ownHead(device: string): { number: number; hash: string } | undefined {
    return this.db.get<{ number: number; hash: string }>(
      'SELECT number, hash FROM sync_segments WHERE device = ? AND mine = 1 ORDER BY number DESC, hash LIMIT 1', device,
    );
  }

  /** The newest segment known of every device: the heads this device cites in its next segment. */
  heads(): Map<string, SegmentAck> {
    const rows = this.db.all<{ device: string; number: number; hash: string }>(
      `SELECT device, number, hash FROM sync_segments s
       WHERE number = (SELECT MAX(number) FROM sync_segments t WHERE t.device = s.device) ORDER BY device, hash`,
    );
    const heads = new Map<string, SegmentAck>();
    for (const row of rows) if (!heads.has(row.device)) heads.set(row.device, { number: row.number, hash: row.hash });
    return heads;
  }

  /** Segments of another machine that claim this device's id: a copied database or disk image. */
  foreignSegmentsOf(device: string): number {
    return this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sync_segments WHERE device = ? AND mine = 0', device)!.n;
  }

  /** Segments whose predecessor has not been read: a gap in that device's chain. */
  gaps(): Array<{ device: string; number: number }> {
    return this.db.all<{ device: string; number: number }>(
      `SELECT device, number FROM sync_segments s
       WHERE prev IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_segments p WHERE p.hash = s.prev)
       ORDER BY device, number`,
    );
  }

  /** Heads other devices cited (acks) whose segment has not been read here. */
  citedButMissing(): Array<{ device: string; number: number; hash: string; by: string }> {
    return this.db.all<{ device: string; number: number; hash: string; by: string }>(
      `SELECT j.key AS device, MAX(json_extract(j.value, '$.number')) AS number, json_extract(j.value, '$.hash') AS hash, s.device AS by
       FROM sync_segments s, json_each(s.acks) j
       WHERE NOT EXISTS (SELECT 1 FROM sync_segments p WHERE p.hash = json_extract(j.value, '$.hash'))
       GROUP BY j.key ORDER BY j.key`,
    );
  }

  /** Device and number pairs held by more than one different segment: a forked history. */
  forks(): Array<{ device: string; number: number; count: number }> {
    return this.db.all<{ device: string; number: number; count: number }>(
      'SELECT device, number, COUNT(*) AS count FROM sync_segments GROUP BY device, number HAVING COUNT(*) > 1 ORDER BY device, number',
    );
  }

  // --- devices ----------------------------------------------------------------------------------

  pinnedKey(device: string): string | undefined {
    return this.db.get<{ public_key: string }>('SELECT public_key FROM sync_devices WHERE device = ?', device)?.public_key;
  }

  pinnedKeys(): Map<string, string> {
    return new Map(this.db.all<{ device: string; public_key: string }>('SELECT device, public_key FROM sync_devices').map((r) => [r.device, r.public_key]));
  }

  pinDevice(device: string, publicKey: string, author: string | null): void {
    this.db.run('INSERT OR IGNORE INTO sync_devices (device, public_key, author, pinned_at) VALUES (?, ?, ?, ?)', device, publicKey, author, this.now());
  }

  setKeyWarning(device: string, warning: string | null): void {
    this.db.run('UPDATE sync_devices SET key_warning = ? WHERE device = ?', warning, device);
  }

  deviceAuthors(): Map<string, string> {
    return new Map(this.db.all<{ device: string; author: string | null }>('SELECT device, author FROM sync_devices')
      .filter((r) => r.author).map((r) => [r.device, r.author!]));
  }

  /** The name a pinned device registered with (its short id when it gave none); undefined for a device not pinned. */
  registeredAuthor(device: string): string | undefined {
    const row = this.db.get<{ author: string | null }>('SELECT author FROM sync_devices WHERE device = ?', device);
    return row ? row.author || `device ${device.slice(0, 8)}` : undefined;
  }

  keyWarnings(): Array<{ device: string; warning: string }> {
    return this.db.all<{ device: string; key_warning: string }>('SELECT device, key_warning FROM sync_devices WHERE key_warning IS NOT NULL ORDER BY device')
      .map((r) => ({ device: r.device, warning: r.key_warning }));
  }

  // --- own segments, to write them again ------------------------------------------------------

  /** What rebuilds one of this database's segments byte for byte (signatures are deterministic). */
  ownRecipe(hash: string): OwnSegmentRecipe | undefined {
    return this.json<OwnSegmentRecipe>(`sync.own.${hash}`);
  }

  setOwnRecipe(hash: string, recipe: OwnSegmentRecipe): void {
    this.store.setMeta(`sync.own.${hash}`, JSON.stringify(recipe));
  }

  /** Where a segment was written or read, relative to the team folder. */
  pathOfSegment(hash: string): string | undefined {
    return this.db.get<{ path: string }>("SELECT path FROM sync_files WHERE segment = ? AND state = 'ingested' ORDER BY path LIMIT 1", hash)?.path;
  }

  // --- quarantined events and files not worth reading again ------------------------------------

  /** Events of correctly signed segments that were not applied because they are invalid. */
  quarantined(): QuarantinedEvent[] {
    return this.json<QuarantinedEvent[]>('sync.quarantined') ?? [];
  }

  quarantine(entries: Array<Omit<QuarantinedEvent, 'at'>>): void {
    if (!entries.length) return;
    const all = new Map(this.quarantined().map((q) => [`${q.path}:${q.line}`, q]));
    for (const entry of entries) all.set(`${entry.path}:${entry.line}`, { ...entry, reason: entry.reason.slice(0, 300), at: this.now() });
    this.store.setMeta('sync.quarantined', JSON.stringify([...all.values()].slice(-500)));
  }

  /** The size and modification time of a file that could not be used, when it cannot get better by waiting alone. */
  badFileStamp(path: string): string | undefined {
    return this.json<Record<string, string>>('sync.badFiles')?.[path];
  }

  setBadFileStamp(path: string, stamp: string | undefined): void {
    const all = this.json<Record<string, string>>('sync.badFiles') ?? {};
    if (stamp === undefined ? !(path in all) : all[path] === stamp) return;
    if (stamp === undefined) delete all[path];
    else all[path] = stamp;
    this.store.setMeta('sync.badFiles', JSON.stringify(all));
  }

  // --- the mass-delete guard's window ---------------------------------------------------------

  /** Records (`entity:id`) each device's changes took away since `sinceMs`. */
  takenSince(device: string, sinceMs: number): Set<string> {
    const all = this.json<Record<string, Array<[string, number]>>>('sync.deleteWindow') ?? {};
    return new Set((all[device] ?? []).filter(([, at]) => at >= sinceMs).map(([key]) => key));
  }

  recordTaken(device: string, keys: Iterable<string>, atMs: number, sinceMs: number): void {
    const all = this.json<Record<string, Array<[string, number]>>>('sync.deleteWindow') ?? {};
    for (const [other, entries] of Object.entries(all)) {
      all[other] = entries.filter(([, at]) => at >= sinceMs);
      if (!all[other].length) delete all[other];
    }
    const known = new Set((all[device] ?? []).map(([key]) => key));
    const added = [...keys].filter((key) => !known.has(key)).map((key): [string, number] => [key, atMs]);
    if (added.length) all[device] = [...(all[device] ?? []), ...added].slice(-10_000);
    this.store.setMeta('sync.deleteWindow', JSON.stringify(all));
  }

  /** Devices whose registration is not trusted (disagreeing device files, a vouched-against key, another team), with why. */
  distrusted(): Record<string, string> {
    return this.json<Record<string, string>>('sync.distrusted') ?? {};
  }

  setDistrusted(device: string, reason: string | undefined): void {
    const all = this.distrusted();
    if (reason === undefined) delete all[device];
    else all[device] = reason;
    this.store.setMeta('sync.distrusted', JSON.stringify(all));
  }

  /** Key fingerprints devices vouched for in their segments: vouched device -> fingerprint -> first voucher. */
  vouches(): Record<string, Record<string, string>> {
    return this.json<Record<string, Record<string, string>>>('sync.vouches') ?? {};
  }

  addVouches(by: string, keys: Record<string, string> | undefined): void {
    if (!keys || !Object.keys(keys).length) return;
    const all = this.vouches();
    let changed = false;
    for (const [device, fingerprint] of Object.entries(keys)) {
      if (device === by) continue;
      const forDevice = (all[device] ??= {});
      if (!forDevice[fingerprint]) {
        forDevice[fingerprint] = by;
        changed = true;
      }
    }
    if (changed) this.store.setMeta('sync.vouches', JSON.stringify(all));
  }

  /** Fingerprints this device already vouched for in its own segments. */
  vouched(): Record<string, string> {
    return this.json<Record<string, string>>('sync.vouched') ?? {};
  }

  setVouched(keys: Record<string, string>): void {
    this.store.setMeta('sync.vouched', JSON.stringify(keys));
  }

  /** The segments known for one device and number (more than one: a fork or a rewrite). */
  segmentsAt(device: string, number: number): string[] {
    return this.db.all<{ hash: string }>('SELECT hash FROM sync_segments WHERE device = ? AND number = ? ORDER BY hash', device, number).map((r) => r.hash);
  }

  /**
   * Forgets everything about the team folder (files, segments, keys, vouches), keeping this
   * device's own key pair: used when a database that was alone in its team joins another one.
   */
  forgetTeam(): void {
    this.transaction(() => {
      for (const table of ['sync_files', 'sync_segments', 'sync_devices', 'sync_held']) this.db.run(`DELETE FROM ${table}`);
      for (const key of [
        'sync.prepared', 'sync.acked', 'sync.vouched', 'sync.vouches', 'sync.distrusted', 'sync.mySnapshot', 'sync.snapshotCoverage', 'sync.wantedBlobs',
        'sync.quarantined', 'sync.badFiles', 'sync.deleteWindow', 'sync.lastSeen', 'sync.ackWritten', 'sync.snapshotRetry', 'sync.myOldSnapshots',
      ]) {
        this.store.setMeta(key, '');
      }
      // The old team's own segments must never be rebuilt into the folder of the new one.
      this.db.run("DELETE FROM meta WHERE key LIKE 'sync.own.%'");
      this.db.run("DELETE FROM meta WHERE key LIKE 'sync.carried.%'");
    });
  }

  // --- compaction: what snapshots carry, when devices were last seen --------------------------

  /**
   * The segment hashes a snapshot file in the folder carries verifiably (each checked against
   * its own device's pinned key): recorded once per snapshot, dropped when it leaves the folder.
   */
  carriedBy(snapshot: string): string[] | undefined {
    return this.json<string[]>(`sync.carried.${snapshot}`);
  }

  setCarried(snapshot: string, hashes: string[] | undefined): void {
    this.store.setMeta(`sync.carried.${snapshot}`, hashes ? JSON.stringify(hashes) : '');
    if (!hashes) this.db.run('DELETE FROM meta WHERE key = ?', `sync.carried.${snapshot}`);
  }

  /** Snapshots (relative paths) whose carried segments are recorded. */
  carriedSnapshots(): string[] {
    return this.db.all<{ key: string }>("SELECT key FROM meta WHERE key LIKE 'sync.carried.%' AND value <> ''").map((r) => r.key.slice('sync.carried.'.length));
  }

  /** Every segment hash carried verifiably by a snapshot recorded here (see carriedBy). */
  carriedHashes(): Set<string> {
    const all = new Set<string>();
    for (const snapshot of this.carriedSnapshots()) for (const hash of this.carriedBy(snapshot) ?? []) all.add(hash);
    return all;
  }

  /** Snapshots to examine again once more than this many device keys are pinned (they carry segments of devices not known yet). */
  snapshotRetries(): Record<string, number> {
    return this.json<Record<string, number>>('sync.snapshotRetry') ?? {};
  }

  setSnapshotRetry(snapshot: string, pinned: number | undefined): void {
    const all = this.snapshotRetries();
    if (pinned === undefined ? !(snapshot in all) : all[snapshot] === pinned) return;
    if (pinned === undefined) delete all[snapshot];
    else all[snapshot] = pinned;
    this.store.setMeta('sync.snapshotRetry', JSON.stringify(all));
  }

  /** The newest wall-clock stamp each device signed (in a segment or an acknowledgement file): its last sign of life. */
  lastSeen(): Record<string, string> {
    return this.json<Record<string, string>>('sync.lastSeen') ?? {};
  }

  noteSeen(stamps: Iterable<[string, string]>): void {
    const all = this.lastSeen();
    let changed = false;
    for (const [device, at] of stamps) {
      if (!at || Number.isNaN(Date.parse(at)) || (all[device] && all[device] >= at)) continue;
      all[device] = at;
      changed = true;
    }
    if (changed) this.store.setMeta('sync.lastSeen', JSON.stringify(all));
  }

  /** When each pinned device was first seen here (ms). */
  pinnedSince(): Map<string, number> {
    return new Map(this.db.all<{ device: string; pinned_at: string }>('SELECT device, pinned_at FROM sync_devices').map((r) => [r.device, Date.parse(r.pinned_at)]));
  }

  /**
   * Per device, the longest run of segments 1..n all read here, as (n, hash of segment n): what
   * this device acknowledges. A device with a gap is acknowledged only up to the gap.
   */
  contiguousHeads(): Record<string, SegmentAck> {
    const rows = this.db.all<{ device: string; number: number; hash: string }>('SELECT device, number, hash FROM sync_segments ORDER BY device, number, hash');
    const heads: Record<string, SegmentAck> = {};
    let device = '';
    let expected = 1;
    for (const row of rows) {
      if (row.device !== device) {
        device = row.device;
        expected = 1;
      }
      if (row.number === expected) {
        heads[device] = { number: row.number, hash: row.hash };
        expected++;
      }
    }
    return heads;
  }

  // --- held deletions ---------------------------------------------------------------------------

  hold(events: LoreEvent[], batch: string): void {
    for (const event of events) {
      this.db.run('INSERT OR IGNORE INTO sync_held (event_id, json, batch, held_at) VALUES (?, ?, ?, ?)', event.id, JSON.stringify(event), batch, this.now());
    }
  }

  held(): HeldEvent[] {
    return this.db.all<{ json: string; batch: string; held_at: string }>('SELECT json, batch, held_at FROM sync_held ORDER BY held_at, event_id')
      .map((r) => ({ event: JSON.parse(r.json) as LoreEvent, batch: r.batch, heldAt: r.held_at }));
  }

  unhold(ids: string[]): void {
    for (const id of ids) this.db.run('DELETE FROM sync_held WHERE event_id = ?', id);
  }
}
