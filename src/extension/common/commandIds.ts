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
  'lore.showSnippetChanges',
  'lore.updateSnippet',
  'lore.confirmSnippet',
  'lore.markVerified',
  'lore.pickLinkTarget',
  'lore.importMarkdown',
  'lore.exportMarkdown',
  'lore.requestReview',
  'lore.approveArticle',
  'lore.requestChanges',
  'lore.reportOutdated',
  'lore.withdrawReport',
  'lore.voteHelpful',
  'lore.voteNotHelpful',
  'lore.takeBackVote',
  'lore.thankAuthor',
  'lore.addArticleComment',
  'lore.editArticleComment',
  'lore.deleteArticleComment',
  'lore.forgetUsage',
  'lore.groupBy',
  'lore.showTag',
  'lore.showTeam',
  'lore.showGraph',
  'lore.showInGraph',
  'lore.refresh',
  'lore.setupTeamFolder',
  'lore.syncNow',
  'lore.verifyTeamFolder',
  'lore.resolveConflict',
  'lore.addReviewNote',
  'lore.exportReviewNotes',
  'lore.review.createQuestion',
  'lore.review.createSuggestion',
  'lore.review.createBug',
  'lore.review.createNit',
  'lore.review.createPraise',
  'lore.review.cancelDraft',
  'lore.review.reply',
  'lore.review.editComment',
  'lore.review.deleteComment',
  'lore.review.saveComment',
  'lore.review.cancelEdit',
  'lore.review.resolve',
  'lore.review.reopen',
  'lore.review.changeKind',
  'lore.review.reattachHere',
  'lore.review.promote',
  'lore.review.deleteNote',
  'lore.review.reveal',
  'lore.review.openAnnotations',
  'lore.review.filter',
  'lore.review.filterAll',
  'lore.review.filterOpen',
  'lore.review.filterResolved',
  'lore.review.showMine',
  'lore.review.showEveryone',
  'lore.paths.new',
  'lore.paths.addStepHere',
  'lore.paths.play',
  'lore.paths.next',
  'lore.paths.previous',
  'lore.paths.stop',
  'lore.paths.moveStepUp',
  'lore.paths.moveStepDown',
  'lore.paths.deleteStep',
  'lore.paths.editStepNote',
  'lore.paths.reattachStepHere',
  'lore.paths.deletePath',
  'lore.paths.toggleStartHere',
  'lore.paths.importCodeTour',
  'lore.paths.exportCodeTour',
  'lore.showLog',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Context keys Lore sets, for `when` clauses in package.json. */
export type ContextKey =
  | 'lore:hasArticles'
  | 'lore:databaseUnavailable'
  | 'lore:databaseUpgrading'
  | 'lore:groupBy'
  | 'lore:syncEnabled'
  | 'lore:hasReviewNotes'
  | 'lore:reviewStatusFilter'
  | 'lore:reviewMineFilter'
  | 'lore:forThisFileHasFile'
  | 'lore:playingPath';
