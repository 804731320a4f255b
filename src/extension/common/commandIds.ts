/**
 * Every command Lore contributes. A unit test checks this list against package.json, so a
 * contributed command cannot be left unregistered (or registered under a typo).
 */
export const COMMAND_IDS = [
  'lore.search',
  'lore.newArticle',
  'lore.shareSnippet',
  'lore.openArticle',
  'lore.editArticle',
  'lore.deleteArticle',
  'lore.changeStatus',
  'lore.copyLink',
  'lore.insertImage',
  'lore.openSnippet',
  'lore.groupBy',
  'lore.refresh',
  'lore.setupTeamFolder',
  'lore.syncNow',
  'lore.verifyTeamFolder',
  'lore.resolveConflict',
  'lore.addReviewNote',
  'lore.exportReviewNotes',
  'lore.showLog',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Context keys Lore sets, for `when` clauses in package.json. */
export type ContextKey = 'lore:hasArticles' | 'lore:groupBy' | 'lore:syncEnabled';
