import type { Visibility } from '../model';
import type { Database } from './database';
import type { EntityKind, LoreEvent } from './events';

/**
 * Lore's one privacy rule, decided here for every local write (the store's `emit` asks
 * `isPrivateEvent` for each event; no write path decides it by itself):
 *
 * - events on a private article and on its snippets never leave this machine, nor do those of a
 *   private learning path;
 * - review notes and their comments are always shared;
 * - a change of visibility is always told to the team, and carries only what the team may see:
 *   sharing (private → team) publishes the article's current state as a new version, never its
 *   private history; withdrawing (team → private) publishes only `visibility: private`, which
 *   teammates apply by removing the article from their view (see `isWithdrawnFromHere`).
 */
export function isPrivateEvent(before: Visibility | undefined, changes: Record<string, unknown>): boolean {
  const after = (changes.visibility as Visibility | undefined) ?? before ?? 'team';
  if (before !== undefined && after !== before) return false;
  return after === 'private';
}

/**
 * The visibility of the record an event is about, before the event: an article's own, a
 * snippet's article's, `team` for review notes; undefined for an article not created yet.
 */
export function visibilityBefore(db: Database, entity: EntityKind, id: string, changes: Record<string, unknown>): Visibility | undefined {
  if (entity === 'article') return articleVisibility(db, id);
  if (entity === 'path') return db.get<{ visibility: Visibility }>('SELECT visibility FROM learning_paths WHERE id = ?', id)?.visibility;
  if (entity !== 'snippet') return 'team';
  const articleId = typeof changes.articleId === 'string'
    ? changes.articleId
    : db.get<{ article_id: string }>('SELECT article_id FROM snippets WHERE id = ?', id)?.article_id;
  return (articleId ? articleVisibility(db, articleId) : undefined) ?? 'team';
}

/** An article's visibility on this machine; undefined for an article this machine does not have. */
export function articleVisibility(db: Database, id: string): Visibility | undefined {
  return db.get<{ visibility: Visibility }>('SELECT visibility FROM articles WHERE id = ?', id)?.visibility;
}

/**
 * An article that a teammate withdrew (made private after sharing it) is removed from the view
 * of everyone else: its current visibility is `private` and no version of that value was made
 * on this machine. On the author's machine the article stays, private.
 */
export function isWithdrawnFromHere(db: Database, heads: Map<string, LoreEvent[]>, values: Record<string, unknown>): boolean {
  if (values.visibility !== 'private') return false;
  const privateHeads = (heads.get('visibility') ?? []).filter((e) => e.changes.visibility === 'private');
  return !privateHeads.some((e) => db.get<{ local: number }>('SELECT local FROM events WHERE id = ?', e.id)?.local === 1);
}

/**
 * Field → ids of every event of this record that teammates may hold (not private). A shared
 * version lists them all as seen, so on a teammate's machine it replaces whatever they had,
 * even though the private events in between never reached them.
 */
export function publishedIdsByField(db: Database, entity: EntityKind, id: string): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  const rows = db.all<{ id: string; json: string }>('SELECT id, json FROM events WHERE entity = ? AND entity_id = ? AND private = 0', entity, id);
  for (const row of rows) {
    for (const field of Object.keys((JSON.parse(row.json) as LoreEvent).changes)) (byField[field] ??= []).push(row.id);
  }
  return byField;
}
