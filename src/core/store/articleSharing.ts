import type { Anchor, Article } from '../model';
import { headIdsOf } from './eventLog';
import type { EntityKind } from './events';
import { publishedIdsByField } from './privacy';
import type { SnippetRow } from './rows';
import type { StoreWriter } from './storeWriter';

/**
 * A private article becomes shared: its current state, and its snippets', is published as new
 * versions that replace whatever teammates may hold. Nothing of its private history leaves
 * this machine (text removed while it was private stays here).
 */
export function shareCurrentState(store: StoreWriter, article: Article): void {
  const articleId = article.id;
  const seenOf = (entity: EntityKind, id: string) => {
    const seen = publishedIdsByField(store.db, entity, id);
    for (const [field, ids] of Object.entries(headIdsOf(store.db, entity, id))) seen[field] = [...(seen[field] ?? []), ...ids];
    return seen;
  };
  store.emit('article', articleId, {
    title: article.title, body: article.body, tags: article.tags, team: article.team ?? null, status: article.status,
    visibility: 'team', author: article.author, createdAt: article.createdAt,
    ...(article.owner ? { owner: article.owner } : {}),
    ...(article.reviewAfterDays ? { reviewAfterDays: article.reviewAfterDays } : {}),
    ...(article.verified ? { verifiedAt: article.verified.at, verifiedBy: article.verified.by } : {}),
  }, seenOf('article', articleId));
  const snippets = store.db.all<SnippetRow & { deleted: number }>('SELECT * FROM snippets WHERE article_id = ?', articleId);
  for (const row of snippets) {
    const seen = seenOf('snippet', row.id);
    if (!row.deleted) {
      const accepted = row.accepted ? JSON.parse(row.accepted) as { hash: string; at: string; by: string } : undefined;
      const snippet = {
        articleId, position: row.position, code: row.code, language: row.language, anchor: JSON.parse(row.anchor) as Anchor,
        ...(accepted ? { accepted: { hash: accepted.hash, at: accepted.at }, acceptedBy: accepted.by } : {}),
      };
      store.emit('snippet', row.id, snippet, seen);
    } else if (Object.keys(publishedIdsByField(store.db, 'snippet', row.id)).length) {
      // Removed while private, but teammates hold it from before: they remove it too.
      store.emit('snippet', row.id, { deleted: true }, seen);
    }
  }
}
