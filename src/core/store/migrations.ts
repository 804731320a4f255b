import { rebuildSearchIndexSteps, type RebuildProgress } from '../search/articleIndexer';
import { ARTICLE_FTS_SCHEMA, SEARCH_SCHEMA_V1, SEARCH_WORDS_IF_MISSING } from '../search/searchSchema';
import { SYNC_SCHEMA } from '../sync/syncSchema';
import type { Database } from './database';
import { headsOf, getEvent } from './eventLog';
import type { EntityKind } from './events';
import { resolveRecord } from './fieldResolution';
import { linkKey } from '../articles/wikiLinks';
import { writeArticleLinks } from './linkIndex';
import { healthColumns, reviewColumns, withFeedback } from './projections';

/**
 * Numbered schema migrations. Each runs in one transaction together with the bump of
 * `PRAGMA user_version`, so a crash leaves the database at the old or the new version,
 * never in between. Never edit a released migration: add a new one.
 */
export interface Migration {
  version: number;
  description: string;
  /**
   * Changes the schema. A migration whose work grows with the number of articles is a generator
   * that yields its progress between steps (see runMigrationsInSteps).
   */
  up(db: Database): void | Iterable<RebuildProgress>;
  /** For migrations whose work grows with the articles: what the user is told while it runs. */
  longWork?: string;
}

/**
 * The triggers that keep tag_counts and store_counts true (migration 4 made them; migration 7
 * makes them again on the rebuilt articles table). One text, so the two cannot drift apart.
 */
const COUNT_TRIGGERS_SQL = `
        CREATE TRIGGER article_tags_count_insert AFTER INSERT ON article_tags BEGIN
          INSERT INTO tag_counts (tag, articles) VALUES (new.tag, 1)
            ON CONFLICT (tag) DO UPDATE SET articles = articles + 1;
          UPDATE store_counts SET value = value + 1 WHERE name = 'tagged_articles'
            AND (SELECT COUNT(*) FROM article_tags WHERE article_id = new.article_id) = 1;
        END;
        CREATE TRIGGER article_tags_count_delete AFTER DELETE ON article_tags BEGIN
          UPDATE tag_counts SET articles = articles - 1 WHERE tag = old.tag;
          DELETE FROM tag_counts WHERE tag = old.tag AND articles <= 0;
          UPDATE store_counts SET value = value - 1 WHERE name = 'tagged_articles'
            AND NOT EXISTS (SELECT 1 FROM article_tags WHERE article_id = old.article_id);
        END;
        CREATE TRIGGER articles_count_insert AFTER INSERT ON articles WHEN new.deleted = 0 BEGIN
          UPDATE store_counts SET value = value + 1 WHERE name = 'live_articles';
        END;
        CREATE TRIGGER articles_count_update AFTER UPDATE OF deleted ON articles WHEN old.deleted <> new.deleted BEGIN
          UPDATE store_counts SET value = value + (CASE WHEN new.deleted = 0 THEN 1 ELSE -1 END) WHERE name = 'live_articles';
        END;
        CREATE TRIGGER articles_count_delete AFTER DELETE ON articles WHEN old.deleted = 0 BEGIN
          UPDATE store_counts SET value = value - 1 WHERE name = 'live_articles';
        END;
`;

/**
 * Readers' feedback and local usage (issue 13), migration 9. Kept in one entry so that it reads
 * in one line (FEEDBACK_SCHEMA_VERSION) when migrations are merged.
 *   - articles.votes / helpful / not_helpful / discussion: each reader's latest vote, the counts
 *     (a person once), the discussion comments (articleFeedback.feedbackColumns), written by
 *     projections.ts with the row; filled here for articles a newer Lore already sent them for.
 *   - article_usage: this machine's opens per article, day and place, and how many came straight
 *     back. Local: only the per-day counts are shared (usage.ts), never the places or queries.
 *   - search_clicks: this machine's searches and clicks per query word and article (ranking).
 */
const FEEDBACK_SCHEMA_VERSION = 9;
const FEEDBACK_MIGRATION: Migration = {
  version: FEEDBACK_SCHEMA_VERSION,
  description: "readers' feedback (votes, discussion) on articles, and this machine's usage counts",
  up(db) {
    db.exec(`
      ALTER TABLE articles ADD COLUMN votes TEXT;                            -- JSON: each reader's latest vote
      ALTER TABLE articles ADD COLUMN helpful INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE articles ADD COLUMN not_helpful INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE articles ADD COLUMN discussion TEXT;                       -- JSON: live discussion comments
      ALTER TABLE articles ADD COLUMN thanked_by TEXT;                       -- JSON: who thanked the author
      CREATE TABLE article_usage (
        article_id TEXT NOT NULL,
        day        TEXT NOT NULL,                                          -- YYYY-MM-DD
        source     TEXT NOT NULL CHECK (source IN ('search', 'tree', 'forFile', 'link', 'other')),
        opens      INTEGER NOT NULL DEFAULT 0,
        bounces    INTEGER NOT NULL DEFAULT 0,                             -- came straight back
        shared     INTEGER NOT NULL DEFAULT 0,                             -- opens already in a shared count
        PRIMARY KEY (article_id, day, source)
      ) WITHOUT ROWID;
      CREATE TABLE search_clicks (
        word       TEXT NOT NULL,                                          -- an analysed query word
        article_id TEXT NOT NULL,
        expected   REAL NOT NULL DEFAULT 0,                                -- clicks an average result would have had where it was shown
        clicks     INTEGER NOT NULL DEFAULT 0,
        bounces    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (word, article_id)
      ) WITHOUT ROWID;
    `);
    const ids = db.all<{ entity_id: string }>(
      `SELECT DISTINCT entity_id FROM heads WHERE entity = 'article'
         AND (field LIKE 'vote\\_%' ESCAPE '\\' OR field LIKE 'discussion\\_%' ESCAPE '\\' OR field LIKE 'thanks\\_%' ESCAPE '\\')`,
    ).map((r) => r.entity_id);
    for (const id of ids) {
      const values = resolveRecord(headsOf(db, 'article', id), (eventId) => getEvent(db, eventId)).values;
      const row = db.get<{ title: string; body: string }>('SELECT title, body FROM articles WHERE id = ?', id);
      if (!row) continue;
      const c = withFeedback(reviewColumns(row.title, row.body, values), values);
      db.run('UPDATE articles SET votes = ?, helpful = ?, not_helpful = ?, discussion = ?, thanked_by = ?, reports = ? WHERE id = ?',
        c.votes, c.helpful, c.not_helpful, c.discussion, c.thanked_by, c.reports, id);
    }
  },
};

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events, heads, articles, snippets, images, review threads and comments, search index',
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );

        -- Every change, as content-hashed events: the source of truth that sync publishes.
        CREATE TABLE events (
          id         TEXT PRIMARY KEY,
          entity     TEXT NOT NULL,
          entity_id  TEXT NOT NULL,
          device     TEXT NOT NULL,
          seq        INTEGER NOT NULL,
          hlc        TEXT NOT NULL,
          json       TEXT NOT NULL,
          local      INTEGER NOT NULL DEFAULT 0,  -- 1: made on this device
          private    INTEGER NOT NULL DEFAULT 0,  -- 1: never leaves this machine
          published  INTEGER NOT NULL DEFAULT 0   -- 1: written to the team folder
        );
        CREATE INDEX events_entity ON events(entity, entity_id);
        CREATE INDEX events_device_seq ON events(device, seq);
        CREATE INDEX events_unpublished ON events(local, published) WHERE local = 1 AND published = 0;

        -- prev links: event_id saw prev_id as the value of field.
        CREATE TABLE event_prev (
          event_id TEXT NOT NULL,
          field    TEXT NOT NULL,
          prev_id  TEXT NOT NULL,
          replaces INTEGER NOT NULL,             -- 1: event_id also changes field (so prev_id is no longer a head)
          PRIMARY KEY (event_id, field, prev_id)
        );
        CREATE INDEX event_prev_by_prev ON event_prev(prev_id, field);

        -- The current heads of each field: events no other event lists in its prev.
        CREATE TABLE heads (
          entity    TEXT NOT NULL,
          entity_id TEXT NOT NULL,
          field     TEXT NOT NULL,
          event_id  TEXT NOT NULL,
          PRIMARY KEY (entity, entity_id, field, event_id)
        );

        CREATE TABLE articles (
          rowid       INTEGER PRIMARY KEY,
          id          TEXT NOT NULL UNIQUE,
          title       TEXT NOT NULL,
          body        TEXT NOT NULL,
          tags        TEXT NOT NULL DEFAULT '[]',
          team        TEXT,
          author      TEXT NOT NULL,
          status      TEXT NOT NULL CHECK (status IN ('draft', 'published', 'outdated', 'archived')),
          visibility  TEXT NOT NULL DEFAULT 'team' CHECK (visibility IN ('team', 'private')),
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL,
          conflicts   TEXT,                       -- JSON: fields with concurrent versions kept
          deleted     INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX articles_updated ON articles(deleted, updated_at DESC);

        CREATE TABLE article_tags (
          article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
          tag        TEXT NOT NULL,
          PRIMARY KEY (article_id, tag)
        );
        CREATE INDEX article_tags_tag ON article_tags(tag);

        CREATE TABLE snippets (
          id           TEXT PRIMARY KEY,
          article_id   TEXT NOT NULL,
          position     INTEGER NOT NULL DEFAULT 0,
          code         TEXT NOT NULL,
          language     TEXT NOT NULL,
          path         TEXT NOT NULL,
          anchor       TEXT NOT NULL,
          anchor_state TEXT NOT NULL DEFAULT 'attached',
          local_anchor TEXT,                      -- where re-anchoring on this machine last found it
          deleted      INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX snippets_article ON snippets(article_id, position);
        CREATE INDEX snippets_path ON snippets(path);

        CREATE TABLE images (
          hash       TEXT PRIMARY KEY,
          mime       TEXT NOT NULL,
          data       BLOB NOT NULL,
          created_at TEXT NOT NULL
        );

        CREATE TABLE review_threads (
          id           TEXT PRIMARY KEY,
          kind         TEXT NOT NULL,
          state        TEXT NOT NULL,
          path         TEXT NOT NULL,
          anchor       TEXT NOT NULL,
          anchor_state TEXT NOT NULL DEFAULT 'attached',
          anchor_note  TEXT,
          local_anchor TEXT,                      -- where re-anchoring on this machine last found it
          author       TEXT NOT NULL,
          created_at   TEXT NOT NULL,
          updated_at   TEXT NOT NULL,
          deleted      INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX review_threads_path ON review_threads(deleted, path);

        CREATE TABLE review_comments (
          id         TEXT PRIMARY KEY,
          thread_id  TEXT NOT NULL,
          author     TEXT NOT NULL,
          body       TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted    INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX review_comments_thread ON review_comments(thread_id, created_at);
      `);
      db.exec(SEARCH_SCHEMA_V1);
    },
  },
  {
    version: 2,
    description: 'team-folder sync: files read, segments ingested, pinned device keys, held deletions',
    up(db) {
      db.exec(SYNC_SCHEMA);
    },
  },
  {
    version: 3,
    description: 'indexes for the Knowledge view groups (team and status counted without reading article bodies)',
    up(db) {
      db.exec(`
        CREATE INDEX articles_team ON articles(deleted, team);
        CREATE INDEX articles_status ON articles(deleted, status);
      `);
    },
  },
  {
    version: 4,
    description: "search index also holds each article's snippets (code and file path); rebuilt from the articles and snippets",
    longWork: 'rebuilding the search index so that the code of snippets can be searched',
    *up(db) {
      // The first schema-1 databases (Lore's first hour) have no vocabulary or words table:
      // migration 1 gained them in place later. test/fixtures/migrations/schema-v1.db is one.
      db.exec('DROP TABLE IF EXISTS article_fts_vocab; DROP TABLE IF EXISTS article_fts;');
      db.exec(ARTICLE_FTS_SCHEMA);
      db.exec(SEARCH_WORDS_IF_MISSING);
      yield* rebuildSearchIndexSteps(db);
    },
  },
  {
    version: 5,
    description: 'article and tag counts kept by triggers, so the Knowledge view opens without counting 50,000 articles',
    up(db) {
      db.exec(`
        CREATE TABLE tag_counts (
          tag      TEXT PRIMARY KEY,
          articles INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE store_counts (
          name  TEXT PRIMARY KEY,
          value INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO tag_counts (tag, articles) SELECT tag, COUNT(*) FROM article_tags GROUP BY tag;
        INSERT INTO store_counts (name, value) VALUES
          ('live_articles', (SELECT COUNT(*) FROM articles WHERE deleted = 0)),
          ('tagged_articles', (SELECT COUNT(DISTINCT article_id) FROM article_tags));

        -- article_tags lists the tags of live articles only (projections.ts keeps it so).
        ${COUNT_TRIGGERS_SQL}
      `);
    },
  },
  {
    version: 6,
    description: 'article health: owner, review period and last verification of articles; Still Accurate of snippets',
    up(db) {
      db.exec(`
        ALTER TABLE articles ADD COLUMN owner TEXT;
        ALTER TABLE articles ADD COLUMN review_after_days INTEGER;
        ALTER TABLE articles ADD COLUMN verified_at TEXT;
        ALTER TABLE articles ADD COLUMN verified_by TEXT;
        ALTER TABLE snippets ADD COLUMN accepted TEXT;  -- JSON {hash, by, at}: Still Accurate
      `);
      // A teammate on a newer Lore may already have sent these fields (kept in the events by the
      // older version, never shown): they are read into the new columns. Nothing else of the row
      // is rewritten. Names are the events' own until sync next applies the registered ones.
      const rows = db.all<{ entity: EntityKind; entity_id: string }>(
        `SELECT DISTINCT entity, entity_id FROM heads WHERE (entity = 'article' AND field IN ('owner', 'reviewAfterDays', 'verifiedAt'))
           OR (entity = 'snippet' AND field = 'accepted')`,
      );
      for (const { entity, entity_id: id } of rows) {
        const values = resolveRecord(headsOf(db, entity, id), (eventId) => getEvent(db, eventId)).values;
        const columns = healthColumns(entity, values);
        const names = Object.keys(columns);
        const table = entity === 'article' ? 'articles' : 'snippets';
        db.run(`UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`, ...names.map((n) => columns[n]), id);
      }
    },
  },
  {
    version: 7,
    description: "review before publishing: the 'in-review' status, each article's revision, reviewers, reviews, approvals and outdated reports",
    longWork: 'preparing review before publishing (each article gets its revision)',
    *up(db) {
      // SQLite cannot change a CHECK in place: the articles table is copied into one that allows
      // 'in-review' (rowids kept: the search index is keyed by them). article_tags is copied with
      // it, because dropping the table it references would cascade into it; the count triggers
      // of migration 5 and the indexes are made again as they were.
      db.exec(`
        DROP TRIGGER articles_count_insert;
        DROP TRIGGER articles_count_update;
        DROP TRIGGER articles_count_delete;
        DROP TRIGGER article_tags_count_insert;
        DROP TRIGGER article_tags_count_delete;

        CREATE TABLE articles_v7 (
          rowid             INTEGER PRIMARY KEY,
          id                TEXT NOT NULL UNIQUE,
          title             TEXT NOT NULL,
          body              TEXT NOT NULL,
          tags              TEXT NOT NULL DEFAULT '[]',
          team              TEXT,
          author            TEXT NOT NULL,
          status            TEXT NOT NULL CHECK (status IN ('draft', 'in-review', 'published', 'outdated', 'archived')),
          visibility        TEXT NOT NULL DEFAULT 'team' CHECK (visibility IN ('team', 'private')),
          created_at        TEXT NOT NULL,
          updated_at        TEXT NOT NULL,
          conflicts         TEXT,
          deleted           INTEGER NOT NULL DEFAULT 0,
          owner             TEXT,
          review_after_days INTEGER,
          verified_at       TEXT,
          verified_by       TEXT,
          revision          TEXT NOT NULL DEFAULT '',  -- hash of title and body (reviewWorkflow.revisionOf)
          reviewers         TEXT,                      -- JSON: names asked to review
          approved_by       TEXT,                      -- JSON: who had approved what was published
          reviews           TEXT,                      -- JSON: each reviewer's latest review
          reports           TEXT                       -- JSON: each reader's latest Report Outdated
        );
        INSERT INTO articles_v7 (rowid, id, title, body, tags, team, author, status, visibility, created_at, updated_at, conflicts, deleted,
            owner, review_after_days, verified_at, verified_by)
          SELECT rowid, id, title, body, tags, team, author, status, visibility, created_at, updated_at, conflicts, deleted,
            owner, review_after_days, verified_at, verified_by FROM articles;
        CREATE TABLE article_tags_v7 (
          article_id TEXT NOT NULL REFERENCES articles_v7(id) ON DELETE CASCADE,
          tag        TEXT NOT NULL,
          PRIMARY KEY (article_id, tag)
        );
        INSERT INTO article_tags_v7 (article_id, tag) SELECT article_id, tag FROM article_tags;
        DROP TABLE article_tags;
        DROP TABLE articles;
        ALTER TABLE articles_v7 RENAME TO articles;
        ALTER TABLE article_tags_v7 RENAME TO article_tags;

        CREATE INDEX articles_updated ON articles(deleted, updated_at DESC);
        CREATE INDEX articles_team ON articles(deleted, team);
        CREATE INDEX articles_status ON articles(deleted, status);
        CREATE INDEX article_tags_tag ON article_tags(tag);

        ${COUNT_TRIGGERS_SQL}
      `);
      // Every article gets its revision; one that a teammate on a newer Lore already sent review
      // fields for (kept in the events, never shown) gets them read into the new columns.
      const withReview = new Set(db.all<{ entity_id: string }>(
        `SELECT DISTINCT entity_id FROM heads WHERE entity = 'article'
           AND (field IN ('reviewers', 'approvedBy') OR field LIKE 'review\\_%' ESCAPE '\\' OR field LIKE 'report\\_%' ESCAPE '\\')`,
      ).map((r) => r.entity_id));
      // In steps of 1,000 articles: a large database is upgraded with progress (runMigrationsInSteps).
      const total = db.get<{ n: number }>('SELECT count(*) AS n FROM articles')!.n;
      let done = 0;
      for (let after = -1; ;) {
        const rows = db.all<{ rowid: number; id: string; title: string; body: string }>(
          'SELECT rowid, id, title, body FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 1000', after);
        if (!rows.length) break;
        for (const row of rows) {
          const values = withReview.has(row.id) ? resolveRecord(headsOf(db, 'article', row.id), (eventId) => getEvent(db, eventId)).values : {};
          const columns = reviewColumns(row.title, row.body, values);
          db.run('UPDATE articles SET revision = ?, reviewers = ?, approved_by = ?, reviews = ?, reports = ? WHERE rowid = ?',
            columns.revision, columns.reviewers, columns.approved_by, columns.reviews, columns.reports, row.rowid);
        }
        after = rows[rows.length - 1].rowid;
        done += rows.length;
        yield { done, total };
      }
    },
  },
  {
    version: 8,
    description: "links between articles indexed: each article's title as links compare it, and what each live article links to",
    longWork: 'indexing the links between articles',
    *up(db) {
      // title_key: linkKey(title) (wikiLinks.ts). article_links: the titles (as keys) and article
      // ids a live article's text links to (linkIndex.ts); no foreign key, so that a later copy
      // of the articles table (as migration 7 made) need not copy this one with it.
      db.exec(`
        ALTER TABLE articles ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
        CREATE TABLE article_links (
          source_id TEXT NOT NULL,                                  -- the linking article
          kind      TEXT NOT NULL CHECK (kind IN ('title', 'id')),
          target    TEXT NOT NULL,                                  -- linkKey of a title, or an article id
          PRIMARY KEY (source_id, kind, target)
        ) WITHOUT ROWID;
      `);
      // In steps of 1,000 articles: a large database is upgraded with progress (runMigrationsInSteps).
      const total = db.get<{ n: number }>('SELECT count(*) AS n FROM articles')!.n;
      let done = 0;
      for (let after = -1; ;) {
        const rows = db.all<{ rowid: number; id: string; title: string; body: string; deleted: number }>(
          'SELECT rowid, id, title, body, deleted FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 1000', after);
        if (!rows.length) break;
        for (const row of rows) {
          db.run('UPDATE articles SET title_key = ? WHERE rowid = ?', linkKey(row.title), row.rowid);
          if (!row.deleted) writeArticleLinks(db, row.id, row.body);
        }
        after = rows[rows.length - 1].rowid;
        done += rows.length;
        yield { done, total };
      }
      // Made once the rows are in: cheaper than keeping them sorted row by row.
      db.exec(`
        CREATE INDEX articles_title_key ON articles(title_key, deleted);
        CREATE INDEX article_links_target ON article_links(target, kind);
      `);
    },
  },
  FEEDBACK_MIGRATION,
  {
    version: 10,
    description: 'learning paths (synced like articles) and each person\'s progress through them (local only)',
    up(db) {
      // No path events can exist before this version (older versions refuse the record kind),
      // so there is nothing to project from the event log.
      db.exec(`
        CREATE TABLE learning_paths (
          id          TEXT PRIMARY KEY,
          title       TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          team        TEXT,
          visibility  TEXT NOT NULL DEFAULT 'team' CHECK (visibility IN ('team', 'private')),
          start_here  INTEGER NOT NULL DEFAULT 0,
          steps       TEXT NOT NULL DEFAULT '[]',     -- JSON: the ordered steps (paths/pathModel.ts)
          author      TEXT NOT NULL,
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL,
          deleted     INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX learning_paths_live ON learning_paths(deleted, start_here, title);

        -- This person's place in each path: written without events, never synced.
        CREATE TABLE path_progress (
          path_id    TEXT PRIMARY KEY,
          step       INTEGER NOT NULL,
          finished   INTEGER NOT NULL DEFAULT 0,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 11,
    description: 'an index of the articles in conflict, counted after every sync',
    up(db) {
      // Counting them scanned every article, reading each body's overflow pages to reach the
      // conflicts column after it: ~5 ms of every sync at 15,000 articles, more than listing the
      // folder. The index holds only the few rows in conflict.
      db.exec('CREATE INDEX articles_conflicted ON articles(deleted) WHERE conflicts IS NOT NULL;');
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function runMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  for (const migration of migrations) {
    if (db.pragmaNumber('user_version') >= migration.version) continue;
    db.transaction(() => drain(applyMigration(db, migration)));
  }
}

/**
 * One migration's work inside its transaction, as steps: nothing when another window has
 * already applied it (it may have while this one waited for the write lock), else the
 * migration's own steps, then the version bump.
 */
function* applyMigration(db: Database, migration: Migration): Generator<RebuildProgress> {
  if (db.pragmaNumber('user_version') >= migration.version) return;
  const steps = migration.up(db);
  if (steps) yield* steps;
  db.exec(`PRAGMA user_version = ${migration.version}`);
}

function drain(steps: Iterable<unknown>): void {
  const iterator = steps[Symbol.iterator]();
  while (!iterator.next().done);
}

/** The migrations this database still needs, oldest first. */
export function pendingMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  const version = db.pragmaNumber('user_version');
  return migrations.filter((m) => m.version > version);
}

/** The upgrade an existing database needs before use: its long migrations and the articles they go through. */
export interface UpgradeAhead {
  longWork: Migration[];
  articles: number;
}

/**
 * What opening an existing database has to upgrade first, in steps (see runMigrationsInSteps);
 * undefined for a new database or one with no long migration pending.
 */
export function upgradeAhead(db: Database, migrations: readonly Migration[] = MIGRATIONS): UpgradeAhead | undefined {
  if (db.pragmaNumber('user_version') === 0) return undefined;
  const longWork = pendingMigrations(db, migrations).filter((m) => m.longWork);
  if (longWork.length === 0) return undefined;
  return { longWork, articles: db.get<{ n: number }>('SELECT count(*) AS n FROM articles')?.n ?? 0 };
}

/** What a long upgrade reports: which migration is running and how far it has got. */
export interface UpgradeProgress extends RebuildProgress {
  migration: Migration;
}

export interface StepwiseOptions {
  migrations?: readonly Migration[];
  onProgress?: (progress: UpgradeProgress) => void;
  /** Lets other work run between steps (default: one turn of the event loop). */
  pause?: (ms: number) => Promise<void>;
  /** How long to keep trying when another connection holds the write lock (default 10 minutes). */
  lockWaitMs?: number;
}

const nextTurn = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * runMigrations for a caller that must stay responsive (the VS Code extension host): the same
 * transactions, but a long migration pauses between its steps and reports its progress. The
 * connection must not be used by anything else until the promise settles. While another
 * connection (another window) holds the write lock, for instance because it is running the
 * same upgrade, this waits without blocking and then finds the work done.
 */
export async function runMigrationsInSteps(db: Database, options: StepwiseOptions = {}): Promise<void> {
  const pause = options.pause ?? nextTurn;
  for (const migration of options.migrations ?? MIGRATIONS) {
    // The version is read inside the write transaction: without WAL (the WebAssembly driver)
    // even a read waits while another window writes, and beginWhenFree waits without blocking.
    await beginWhenFree(db, pause, options.lockWaitMs ?? 600_000);
    try {
      if (db.pragmaNumber('user_version') >= migration.version) {
        db.exec('COMMIT');
        continue;
      }
      for (const step of applyMigration(db, migration)) {
        options.onProgress?.({ ...step, migration });
        await pause(0);
      }
      db.exec('COMMIT');
    } catch (error) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // SQLite may already have rolled the transaction back.
      }
      throw error;
    }
  }
}

/** BEGIN IMMEDIATE without blocking: while another connection writes, waits and tries again. */
async function beginWhenFree(db: Database, pause: (ms: number) => Promise<void>, lockWaitMs: number): Promise<void> {
  const busyTimeout = db.pragmaNumber('busy_timeout');
  db.exec('PRAGMA busy_timeout = 0');
  const deadline = Date.now() + lockWaitMs;
  try {
    for (;;) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!/busy|locked/i.test(String(error)) || Date.now() > deadline) throw error;
        await pause(200);
      }
    }
  } finally {
    db.exec(`PRAGMA busy_timeout = ${busyTimeout}`);
  }
}
