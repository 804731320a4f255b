/**
 * Local tables of team-folder sync (run by migration 2 in store/migrations.ts). They record what
 * was read from the folder, never what is missing from it: nothing is inferred from a file that
 * is not there.
 */
export const SYNC_SCHEMA = `
  -- Every file read from the team folder, by path relative to it.
  CREATE TABLE sync_files (
    path       TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    hash       TEXT,                        -- SHA-256 of the bytes last read
    state      TEXT NOT NULL,               -- 'ingested' | 'pending'
    reason     TEXT,                        -- why it is pending, in plain words
    device     TEXT,
    segment    TEXT,                        -- content hash of the segment or snapshot it holds
    attempts   INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX sync_files_state ON sync_files(state);

  -- Segments whose events are in the local database (read, written here, or covered by a snapshot).
  CREATE TABLE sync_segments (
    hash   TEXT PRIMARY KEY,
    device TEXT NOT NULL,
    number INTEGER NOT NULL,
    prev   TEXT,
    events INTEGER NOT NULL,
    acks   TEXT NOT NULL DEFAULT '{}',
    mine   INTEGER NOT NULL DEFAULT 0       -- 1: written by this database
  );
  CREATE INDEX sync_segments_device ON sync_segments(device, number);

  -- Device keys, pinned the first time each device is seen.
  CREATE TABLE sync_devices (
    device      TEXT PRIMARY KEY,
    public_key  TEXT NOT NULL,
    author      TEXT,
    pinned_at   TEXT NOT NULL,
    key_warning TEXT                        -- set when its DEVICE.json later shows another key
  );

  -- Incoming deletions above the mass-delete threshold, waiting for the user's decision.
  CREATE TABLE sync_held (
    event_id TEXT PRIMARY KEY,
    json     TEXT NOT NULL,
    batch    TEXT NOT NULL,
    held_at  TEXT NOT NULL
  );
`;
