import type { Article } from '../model';
import type { ArticlePatch } from '../store/loreStore';
import type { ArticleDocumentFields } from './articleDocument';

/** What saving an article document does, decided before anything is written. */
export interface ArticleSavePlan {
  patch: ArticlePatch;
  /** Private → team: only the current state is published (the store's `share: true`). */
  sharing: boolean;
  /** Sharing that the author must confirm first: an article that has been saved before as private. */
  needsConfirmation: boolean;
  /** Team → private: teammates' Lore removes it, copies they already received cannot be recalled. */
  withdrawing: boolean;
}

/**
 * A new article is kept private in the store until its first save, so nothing (not even its
 * title) is published before the author has seen the `visibility:` line and saved: the first
 * save applies the visibility the document says without asking again. Later, private → team asks.
 */
export function planArticleSave(current: Pick<Article, 'visibility'>, fields: ArticleDocumentFields, firstSave: boolean): ArticleSavePlan {
  const visibility = fields.visibility ?? current.visibility;
  const sharing = current.visibility === 'private' && visibility === 'team';
  return {
    // owner and review-after: a document without the line keeps what the article has.
    patch: { ...fields, team: fields.team ?? null, visibility },
    sharing,
    needsConfirmation: sharing && !firstSave,
    withdrawing: current.visibility === 'team' && visibility === 'private',
  };
}

/** The line a new article's document starts its front matter with, until its first save. */
export const NEW_ARTICLE_NOTE = '# Nothing is shared until you save. To keep this article on this machine only, set visibility: private before saving.';

/** What the author is told after withdrawing an article from the team. */
export function withdrawnMessage(title: string): string {
  return `"${title}" is now private. Teammates' Lore removes it from their view at their next sync, but copies they already received (exports, backups, their team folder's history) cannot be recalled.`;
}
