import type { EntityKind } from './events';

/** What changed, for views to refresh. `remote` changes came from the team folder. */
export interface StoreChange {
  entities: EntityKind[];
  ids: string[];
  origin: 'local' | 'remote';
  /** Records where a delete lost to an edit made without seeing it. */
  deletesOverridden: string[];
}

export type ChangeListener = (change: StoreChange) => void;

/** Who is told after each committed change (views refresh from it). */
export class ChangeListeners {
  private readonly listeners = new Set<ChangeListener>();

  /** Calls `listener` after every committed change. Returns a function that unsubscribes. */
  add(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.listeners.clear();
  }

  fire(change: StoreChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A failing view must not break the write that already committed.
      }
    }
  }
}
