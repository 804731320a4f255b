import { rememberingWords } from '../search/articleIndexer';
import type { Database } from './database';
import type { DeviceIdentity } from './deviceIdentity';
import { getEvent, insertEvents } from './eventLog';
import type { EntityKind, LoreEvent } from './events';
import type { FieldMerger } from './fieldResolution';
import { rematerialize } from './projections';
import type { ChangeListeners } from './storeChanges';

export interface IngestResult {
  inserted: number;
  duplicates: number;
  touched: number;
  /** Devices whose clocks are far ahead of ours. */
  skewedDevices: string[];
}

/**
 * Applies events from the team folder: the same events and the same recomputation as local
 * writes, so every machine that holds the same events shows the same knowledge. Events are
 * stored as they came (never private: only shared events reach the folder).
 */
export class EventIngest {
  constructor(
    private readonly db: Database,
    private readonly identity: DeviceIdentity,
    private readonly listeners: ChangeListeners,
    private readonly mergers: FieldMerger[],
  ) {}

  /**
   * Applies events from other devices (already validated). Idempotent and order-independent:
   * events already here are skipped, and each touched record is recomputed from all its events.
   */
  ingest(events: LoreEvent[], registeredAuthor: ((device: string) => string | undefined) | undefined): IngestResult {
    const touched = new Map<string, { entity: EntityKind; id: string }>();
    const skewed = new Set<string>();
    let inserted = 0;
    const overridden: string[] = [];
    this.db.transaction(() => {
      const deviceId = this.identity.catchUp();
      for (const event of insertEvents(this.db, events, (e) => ({ local: e.device === deviceId, private: false }))) {
        if (event.device === deviceId) this.db.run('UPDATE events SET published = 1 WHERE id = ?', event.id);
        inserted++;
        if (this.identity.receive(event.hlc)) skewed.add(event.device);
        touched.set(`${event.entity}:${event.entityId}`, { entity: event.entity, id: event.entityId });
      }
      // The events given are the ones stored (ids are content hashes): no need to read them back.
      const given = new Map(events.map((e) => [e.id, e]));
      const lookup = (eventId: string): LoreEvent | undefined => given.get(eventId) ?? getEvent(this.db, eventId);
      // Registered names do not change during an ingest: each device's is asked for once.
      const names = new Map<string, string | undefined>();
      const author = registeredAuthor && ((device: string): string | undefined => {
        if (!names.has(device)) names.set(device, registeredAuthor(device));
        return names.get(device);
      });
      rememberingWords(this.db, () => {
        for (const { entity, id } of touched.values()) {
          if (rematerialize(this.db, entity, id, { mergers: this.mergers, lookup, registeredAuthor: author })) overridden.push(id);
        }
      });
      this.identity.saveClock();
    });
    if (touched.size) {
      this.listeners.fire({
        entities: [...new Set([...touched.values()].map((t) => t.entity))],
        ids: [...touched.values()].map((t) => t.id),
        origin: 'remote',
        deletesOverridden: overridden,
      });
    }
    return { inserted, duplicates: events.length - inserted, touched: touched.size, skewedDevices: [...skewed] };
  }
}
