import type { Database } from './database';
import { getEvent } from './eventLog';
import type { LoreEvent } from './events';

/** The events sync reads and marks: this device's outbox, and every shareable event for snapshots. */
export class EventOutbox {
  constructor(private readonly db: Database) {}

  /** Events made here that are not yet in the team folder (private ones never are). */
  unpublished(limit = 10_000): LoreEvent[] {
    return this.db
      .all<{ json: string }>('SELECT json FROM events WHERE local = 1 AND published = 0 AND private = 0 ORDER BY seq LIMIT ?', limit)
      .map((r) => JSON.parse(r.json) as LoreEvent);
  }

  markPublished(ids: string[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.db.run('UPDATE events SET published = 1 WHERE id = ?', id);
    });
  }

  /** Every event made here goes back into the outbox (joining another team: published again there). */
  markAllUnpublished(): void {
    this.db.run('UPDATE events SET published = 0 WHERE local = 1');
  }

  get(id: string): LoreEvent | undefined {
    return getEvent(this.db, id);
  }

  has(id: string): boolean {
    return this.db.get('SELECT 1 FROM events WHERE id = ?', id) !== undefined;
  }

  /** Every non-private event, in a stable order (for snapshots and verification). */
  *all(): Generator<LoreEvent> {
    let after = '';
    for (;;) {
      const rows = this.db.all<{ id: string; json: string }>('SELECT id, json FROM events WHERE private = 0 AND id > ? ORDER BY id LIMIT 1000', after);
      if (!rows.length) return;
      for (const row of rows) yield JSON.parse(row.json) as LoreEvent;
      after = rows[rows.length - 1].id;
    }
  }
}
