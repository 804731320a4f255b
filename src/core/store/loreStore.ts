import { systemClock, type Clock } from '../clock';
import {
  validateAuthor,
  type Anchor, type AnchorState, type Article, type ArticleReview, type ReviewComment, type ReviewThread, type Snippet,
  type ThreadKind, type ThreadState, type ArticleVote, type DiscussionComment,
} from '../model';
import { Database } from './database';
import { DeviceIdentity } from './deviceIdentity';
import { readMeta, writeMeta } from './storeMeta';
import type { SqlDriver } from './driver';
import type { EntityKind, LoreEvent } from './events';
import type { FieldConflict, FieldMerger } from './fieldResolution';
import { rematerialize } from './projections';
import type { ArticleSummary, ArticleTitle } from './rows';
import { countsForPath, renamePath } from './workspacePaths';
import {
  articleConflicts, articlesForPath, conflictedArticleCount, countArticles, groupCounts, listArticles, listArticleTitles,
  reportedArticleIds, reviewCandidateIds, summariesOf, type ArticleFilter,
} from './articleQueries';
import { articleIdsByTitle, articlesLinkingTo, articleTitlesMatching } from './linkQueries';
import { knowledgeGraph } from './graphQueries';
import { noteThanksOf, teamKnowledgeInput } from './teamKnowledgeQueries';
import { teamKnowledge, type TeamKnowledge } from '../recognition/teamKnowledge';
import type { KnowledgeGraph } from '../articles/knowledgeGraph';
import { relatedArticles, relatedToArticles, type RelatedArticle } from '../articles/relatedArticles';
import { searchArticles, warmUpSearch, type ParsedQuery, type SearchOptions, type SearchResponse } from '../search/searchArticles';
import { compactSearchIndex } from '../search/searchMaintenance';
import { EventIngest, type IngestResult } from './eventIngest';
import { EventOutbox } from './eventOutbox';
import { ImageStore } from './imageStore';
import { ReviewThreads, type NewThread, type ThreadFilter } from './reviewThreads';
import { LocalWriter } from './storeWriter';
import { ChangeListeners, type ChangeListener } from './storeChanges';
import { SnippetRecords, type NewSnippet } from './snippetRecords';
import { ArticleRecords, type ArticlePatch, type NewArticle } from './articleRecords';
import { ArticleReviews } from './articleReviews';
import { LearningPaths, type LearningPathPatch, type NewLearningPath, type NewPathStep } from './learningPaths';
import type { LearningPath, PathProgress, StepPatch } from '../paths/pathModel';
import { ReaderFeedback, type VoteInput } from './readerFeedback';
import { UsageLog, type OpenSource } from './usageLog';
import { orderByQueryFree, queryWords } from '../search/ranking';
import { parseQuery } from '../search/queryParser';

export interface StoreOptions {
  driver: SqlDriver;
  /** Name written on new articles and comments. */
  author: string;
  clock?: Clock;
  /** Merges concurrent field versions (the sync layer's three-way body merge). */
  mergers?: FieldMerger[];
  busyTimeoutMs?: number;
}

export type { StoreChange } from './storeChanges';
export type { ArticlePatch, NewArticle } from './articleRecords';
export type { ArticleFilter } from './articleQueries';
export type { NewSnippet } from './snippetRecords';
export type { NewThread, ThreadFilter } from './reviewThreads';
export type { IngestResult } from './eventIngest';

/**
 * Lore's local knowledge base. Every write is one transaction that appends a content-hashed
 * event and recomputes the record it touches from its events, exactly as events from the team
 * folder are applied, so every machine that holds the same events shows the same knowledge.
 *
 * The one public API of the store, and a thin one: each concept lives in its own file
 * (articleRecords.ts, snippetRecords.ts, reviewThreads.ts, eventIngest.ts, …) and every local
 * write goes through the one LocalWriter (storeWriter.ts), where privacy is decided.
 */
export class LoreStore {
  private readonly listeners = new ChangeListeners();
  private readonly identity: DeviceIdentity;
  private readonly threads: ReviewThreads;
  private readonly images: ImageStore;
  private readonly outbox: EventOutbox;
  private readonly snippets: SnippetRecords;
  private readonly articles: ArticleRecords;
  private readonly reviews: ArticleReviews;
  private readonly feedback: ReaderFeedback;
  private readonly usage: UsageLog;
  private readonly paths: LearningPaths;
  private readonly ingestion: EventIngest;
  /** The one write path the store's parts use. */
  private readonly writer: LocalWriter;
  private registeredAuthor: ((device: string) => string | undefined) | undefined;

  private constructor(
    readonly db: Database,
    public author: string,
    private readonly clock: Clock,
    mergers: FieldMerger[],
  ) {
    this.identity = new DeviceIdentity(db, clock);
    const writer = this.writer = new LocalWriter(db, {
      identity: this.identity,
      clock,
      author: () => this.author,
      recompute: (entity, id) => rematerialize(db, entity, id, { mergers, registeredAuthor: this.registeredAuthor }),
      listeners: this.listeners,
    });
    this.threads = new ReviewThreads(writer);
    this.images = new ImageStore(db, () => writer.now());
    this.outbox = new EventOutbox(db);
    this.ingestion = new EventIngest(db, this.identity, this.listeners, mergers);
    this.snippets = new SnippetRecords(writer);
    this.articles = new ArticleRecords(writer);
    this.reviews = new ArticleReviews(writer, this.articles);
    this.feedback = new ReaderFeedback(writer, this.articles);
    this.usage = new UsageLog(writer);
    this.paths = new LearningPaths(writer);
  }

  /** The id this database writes events under (see renewDeviceId). */
  get deviceId(): string {
    return this.identity.id;
  }

  /**
   * A search showed these articles, best first (search ranking learns from what people open
   * out of what they were shown: UsageLog). Kept on this machine only.
   */
  recordSearch(query: string | ParsedQuery, shownIds: readonly string[]): void {
    this.usage.recordSearch(queryWords(typeof query === 'string' ? parseQuery(query) : query), shownIds);
  }

  /** The reader opened an article, from a search (give its query), the tree, For This File or a link. */
  recordOpen(articleId: string, source: OpenSource, query?: string | ParsedQuery): void {
    const words = query === undefined ? [] : queryWords(typeof query === 'string' ? parseQuery(query) : query);
    this.usage.recordOpen(articleId, source, words);
  }

  /** The reader came straight back from the article they last opened. */
  recordBounce(articleId: string): void {
    this.usage.recordBounce(articleId);
  }

  /** Publishes this device's per-article, per-day open counts (nothing else of its use; see UsageLog). */
  shareUsage(): number {
    return this.usage.shareUsage(this.deviceId);
  }

  /** Forgets this machine's record of use (what search learnt from it too). */
  clearUsage(): void {
    this.usage.clear();
  }

  /** Full-text search over this knowledge base (core/search/searchArticles.ts). */
  search(query: string | ParsedQuery, options: SearchOptions = {}): SearchResponse {
    return searchArticles(this.db, query, { now: this.clock.now(), ...options });
  }

  /** Loads search's typo vocabulary ahead of the first search, off the typing path. */
  warmUpSearch(): void {
    warmUpSearch(this.db);
  }

  /** Merges the full-text index one small step; true while there is more to merge. */
  compactSearchIndex(): boolean {
    return compactSearchIndex(this.db);
  }

  /** Changes whenever another connection (another window, the CLI) commits to this database. */
  dataVersion(): number {
    return this.db.pragmaNumber('data_version');
  }

  /**
   * Gives this database a new device id, starting its sequence again. Sync calls it when it finds
   * another machine writing under this id (a copied database or disk image): both histories are
   * kept, and from now on the two machines no longer share an id.
   */
  renewDeviceId(): string {
    return this.identity.renew();
  }

  static open(file: string, options: StoreOptions): LoreStore {
    return LoreStore.onDatabase(Database.open(file, options.driver, { busyTimeoutMs: options.busyTimeoutMs }), options);
  }

  /** A store on a database that is already open and migrated (see runMigrationsInSteps). */
  static onDatabase(db: Database, options: Omit<StoreOptions, 'driver' | 'busyTimeoutMs'>): LoreStore {
    return new LoreStore(db, validateAuthor(options.author), options.clock ?? systemClock, options.mergers ?? []);
  }

  get driverName(): string {
    return this.db.connection.driverName;
  }

  close(): void {
    this.listeners.clear();
    this.db.close();
  }

  /** Calls `listener` after every committed change. Returns a function that unsubscribes. */
  onDidChange(listener: ChangeListener): () => void {
    return this.listeners.add(listener);
  }

  // --- meta (storeMeta.ts) --------------------------------------------------------------------

  getMeta(key: string): string | undefined {
    return readMeta(this.db, key);
  }

  setMeta(key: string, value: string): void {
    writeMeta(this.db, key, value);
  }

  // --- articles (articleRecords.ts) ---------------------------------------------------------

  createArticle(input: NewArticle): Article {
    return this.articles.create(input);
  }

  /**
   * Changes an article. A missing field keeps its value. Visibility changes follow the privacy
   * rule (privacy.ts): team → private withdraws the article from teammates' views; private →
   * team publishes only the current state as a new version, and only with `share: true`, because
   * the author must be asked first (see ArticleRecords.update).
   */
  updateArticle(id: string, patch: ArticlePatch, options: { share?: boolean } = {}): Article {
    return this.articles.update(id, patch, options);
  }

  /**
   * Settles a conflict on one field: the chosen (or hand-merged) value becomes the only head,
   * replacing every version the user was shown.
   */
  resolveConflict(id: string, field: string, value: unknown): Article {
    return this.articles.resolveConflict(id, field, value);
  }

  deleteArticle(id: string): void {
    this.articles.delete(id);
  }

  /**
   * Brings deleted records back (the user refused a mass deletion that came from the team folder).
   * The restore is an ordinary change that has seen the delete, so it is shared with the team.
   */
  restoreRecords(records: Array<{ entity: EntityKind; id: string }>): void {
    this.articles.restore(records);
  }

  getArticle(id: string): Article | undefined {
    return this.articles.get(id);
  }

  /** Whether a live article with this id is here (cheaper than getArticle: no body, no snippets). */
  hasArticle(id: string): boolean {
    return this.articles.has(id);
  }

  // --- reading articles (linkQueries.ts, relatedQueries.ts, graphQueries.ts, articleQueries.ts) ----

  /** For `[[Title]]` links: the id of the article each title names (see linkQueries.ts). */
  articleIdsByTitle(titles: readonly string[]): Map<string, string> {
    return articleIdsByTitle(this.db, titles);
  }

  /** Titles for `[[` completion, best first (see linkQueries.ts). */
  articleTitlesMatching(typed: string, limit: number): ArticleTitle[] {
    return articleTitlesMatching(this.db, typed, limit);
  }

  /** The articles most related to this one, each with why (see core/articles/relatedArticles.ts). */
  relatedArticles(id: string, limit = 5): RelatedArticle[] {
    return relatedArticles(this.db, id, limit, this.clock.now());
  }

  /** Articles related to these ones together, leaving them and `exclude` out (For This File). */
  relatedToArticles(articles: ReadonlyArray<{ id: string; title: string }>, limit = 5, exclude: Iterable<string> = []): RelatedArticle[] {
    return relatedToArticles(this.db, articles, limit, exclude, this.clock.now());
  }

  /** The articles that link to this one ("Linked from"). */
  articlesLinkingTo(target: { id: string; title: string }): ArticleTitle[] {
    return articlesLinkingTo(this.db, target);
  }

  /** Articles, tags, teams and code files joined by links, tags and snippets, for the graph view (see graphQueries.ts). */
  knowledgeGraph(limit?: number): KnowledgeGraph {
    return knowledgeGraph(this.db, limit);
  }

  // --- readers' feedback (readerFeedback.ts) ---------------------------------------------------

  /** Helpful / Not helpful on the revision shown now, replacing the reader's earlier vote (see ReaderFeedback). */
  voteOnArticle(id: string, vote: VoteInput): Article {
    return this.feedback.vote(id, vote);
  }

  /** Takes the reader's vote on the article back. */
  takeBackVote(id: string): Article {
    return this.feedback.takeBackVote(id);
  }

  /** The reader's own current vote on the article. */
  myVote(article: Article): ArticleVote | undefined {
    return this.feedback.myVote(article);
  }

  /** Thank: kudos to the article's author from this reader (see ReaderFeedback.thank). */
  thankAuthor(id: string): Article {
    return this.feedback.thank(id);
  }

  /** A comment in the article's discussion, or a reply to one (`replyTo`: the comment's id). */
  addDiscussionComment(articleId: string, body: string, replyTo?: string): DiscussionComment {
    return this.feedback.addComment(articleId, body, replyTo);
  }

  /** Changes one's own discussion comment. */
  editDiscussionComment(articleId: string, commentId: string, body: string): DiscussionComment {
    return this.feedback.editComment(articleId, commentId, body);
  }

  /** Deletes one's own discussion comment. */
  deleteDiscussionComment(articleId: string, commentId: string): void {
    this.feedback.deleteComment(articleId, commentId);
  }

  /** How many articles (not deleted) have fields edited at the same time on different machines. */
  conflictedArticleCount(): number {
    return conflictedArticleCount(this.db);
  }

  /** Versions of an article's fields that were edited at the same time on different machines. */
  getConflicts(id: string): FieldConflict[] {
    return articleConflicts(this.db, id);
  }

  /** Articles (private ones included, deleted ones not), most recently updated first. */
  listArticles(filter: ArticleFilter = {}): ArticleSummary[] {
    return listArticles(this.db, filter);
  }

  /** The ids and titles `listArticles` lists for the same filter, in the same order (see articleQueries.ts). */
  listArticleTitles(filter: ArticleFilter = {}): ArticleTitle[] {
    return listArticleTitles(this.db, filter);
  }

  /** Summaries of the given articles, in the order given (missing or deleted ones left out). */
  summariesOf(ids: string[]): ArticleSummary[] {
    return summariesOf(this.db, ids);
  }

  /** How many articles each tag, team or status has, for the tree's groups (no article rows loaded). */
  groupCounts(by: 'tag' | 'team' | 'status'): Array<{ key: string | null; count: number }> {
    return groupCounts(this.db, by);
  }

  countArticles(): number {
    return countArticles(this.db);
  }

  /** Articles whose review date may have passed (see articleQueries.ts). */
  reviewCandidateIds(defaultDays: number, now: number): string[] {
    return reviewCandidateIds(this.db, defaultDays, now);
  }

  /** Articles some reader reported outdated (whether the report still counts: articleHealth.activeReports). */
  reportedArticleIds(): string[] {
    return reportedArticleIds(this.db);
  }

  /**
   * Articles with a snippet in `path` (For This File): each equally relevant to the file, so
   * ordered by the query-free part of search's blend (helpful votes up, outdated down,
   * search/ranking.ts); articles without votes or freshness stay newest first among themselves.
   */
  articlesForPath(path: string): ArticleSummary[] {
    return orderByQueryFree(this.db, articlesForPath(this.db, path), () => 1, this.clock.now());
  }

  // --- keeping articles true (articleReviews.ts) -----------------------------------------------

  /** Mark Verified: the article is confirmed still true, by this user, now (see ArticleReviews). */
  markVerified(id: string): Article {
    return this.reviews.markVerified(id);
  }

  /** Request Review: asks teammates to review the article, which goes in review. */
  requestReview(id: string, reviewers: readonly string[]): Article {
    return this.reviews.requestReview(id, reviewers);
  }

  /** Approve or Request Changes (comment required) on the revision shown now. */
  reviewArticle(id: string, verdict: ArticleReview['verdict'], comment?: string): Article {
    return this.reviews.review(id, verdict, comment);
  }

  /** Report Outdated: a reader says the article is no longer true (optional reason). */
  reportOutdated(id: string, reason?: string): Article {
    return this.reviews.reportOutdated(id, reason);
  }

  /** Withdraw My Report: the reader takes back their Report Outdated. */
  withdrawReport(id: string): Article {
    return this.reviews.withdrawReport(id);
  }

  /** Articles in review (private ones cannot be), newest first, with their reviewers and reviews. */
  articlesInReview(): Article[] {
    return this.reviews.inReview();
  }

  /** The names Lore knows, for choosing reviewers (authors and registered device names), sorted, each once. */
  knownNames(): string[] {
    return this.reviews.knownNames();
  }

  // --- snippets (snippetRecords.ts) ----------------------------------------------------------

  snippetsForPath(path: string): Snippet[] {
    return this.snippets.forPath(path);
  }

  /**
   * Every snippet of the articles the team shares and still uses (not private, not archived),
   * each with its article's title, in one query: what `lore check` checks.
   */
  teamSnippets(): Array<{ snippet: Snippet; articleTitle: string }> {
    return this.snippets.ofTeam();
  }

  /** Every file that snippets of live articles point into, for a background check of them all. */
  snippetPaths(): string[] {
    return this.snippets.paths();
  }

  getSnippet(id: string): Snippet | undefined {
    return this.snippets.get(id);
  }

  addSnippet(articleId: string, input: NewSnippet): Snippet {
    this.articles.require(articleId);
    return this.snippets.add(articleId, input);
  }

  removeSnippet(id: string): void {
    this.snippets.remove(id);
  }

  /** A user re-attached a snippet to other code: shared with the team. */
  reattachSnippet(id: string, anchor: Anchor): Snippet {
    return this.snippets.reattach(id, anchor);
  }

  /** The snippet takes the code as it is now (Update Snippet), shared as one change. */
  updateSnippetCode(id: string, input: { code: string; anchor: Anchor }): Snippet {
    return this.snippets.updateCode(id, input);
  }

  /** Still Accurate: the snippet's text is confirmed right for the code as it is now (see SnippetRecords.confirm). */
  confirmSnippet(id: string, codeHash: string): Snippet {
    return this.snippets.confirm(id, codeHash);
  }

  /**
   * Who last gave the snippet new code, and when (ISO time): undefined while its code is the
   * code it was shared with. Of concurrent updates, the one whose code is shown.
   */
  snippetCodeUpdate(id: string): { author: string; at: string } | undefined {
    return this.snippets.codeUpdate(id, this.registeredAuthor);
  }

  /** Where re-anchoring found a snippet on this machine (without `anchor`: where it was last found stays). Local only, never published. */
  setSnippetAnchorState(id: string, state: AnchorState, anchor?: Anchor): void {
    this.snippets.setAnchorState(id, state, anchor);
  }

  /** `setSnippetAnchorState` of many snippets (a file's, after a check) in one transaction and one change. */
  setSnippetAnchorStates(updates: ReadonlyArray<{ id: string; state: AnchorState; anchor?: Anchor }>): void {
    this.snippets.setAnchorStates(updates);
  }

  /** `snippetCodeUpdate` of many snippets in one query: those given new code since they were shared, by id. */
  snippetCodeUpdates(ids: readonly string[]): Map<string, { author: string; at: string }> {
    return this.snippets.codeUpdates(ids, this.registeredAuthor);
  }

  // --- images (imageStore.ts) ----------------------------------------------------------------

  /** Stores an image by content hash (the same image twice is stored once). Returns the hash. */
  putImage(data: Uint8Array, mime: string): string {
    return this.images.put(data, mime);
  }

  getImage(hash: string): { mime: string; data: Uint8Array } | undefined {
    return this.images.get(hash);
  }

  listImageHashes(): string[] {
    return this.images.hashes();
  }

  // --- review threads (reviewThreads.ts) ------------------------------------------------------

  createThread(input: NewThread): ReviewThread {
    return this.threads.create(input);
  }

  getThread(id: string): ReviewThread | undefined {
    return this.threads.get(id);
  }

  listThreads(filter: ThreadFilter = {}): ReviewThread[] {
    return this.threads.list(filter);
  }

  /** Thank: kudos to the note's author from this person, synced (see ReviewThreads.thank). */
  thankNoteAuthor(threadId: string): ReviewThread {
    return this.threads.thank(threadId, this.noteThankedBy(threadId));
  }

  /** Who thanked the note's author for it, by registered name, oldest first. */
  noteThankedBy(threadId: string): string[] {
    return noteThanksOf(this.db, this.registeredAuthor, threadId).sort((a, b) => a.at.localeCompare(b.at)).map((t) => t.by);
  }

  // --- Team Knowledge (recognition/teamKnowledge.ts, teamKnowledgeQueries.ts) ----------------

  /** The Team Knowledge dashboard's figures, now (see recognition/teamKnowledge.ts for how each is counted). */
  teamKnowledge(options: { freshDays?: number; weeks?: number } = {}): TeamKnowledge {
    return teamKnowledge({ ...teamKnowledgeInput(this.db, new Date(this.clock.now()).toISOString(), this.registeredAuthor), ...options });
  }

  addComment(threadId: string, body: string): ReviewComment {
    return this.threads.addComment(threadId, body);
  }

  editComment(id: string, body: string): ReviewComment {
    return this.threads.editComment(id, body);
  }

  /** Deletes a comment; a thread whose last comment goes is deleted with it. */
  deleteComment(id: string): void {
    this.threads.deleteComment(id);
  }

  setThreadState(id: string, state: ThreadState): ReviewThread {
    return this.threads.setState(id, state);
  }

  setThreadKind(id: string, kind: ThreadKind): ReviewThread {
    return this.threads.setKind(id, kind);
  }

  deleteThread(id: string): void {
    this.threads.delete(id);
  }

  /** A user re-attached a note to other code: shared with the team. */
  reattachThread(id: string, anchor: Anchor): ReviewThread {
    return this.threads.reattach(id, anchor);
  }

  /** Where re-anchoring found a note on this machine (without `anchor`: where it was last found stays). Local only, never published. */
  setThreadAnchorState(id: string, state: AnchorState, note?: string, anchor?: Anchor): void {
    this.threads.setAnchorState(id, state, note, anchor);
  }

  // --- by workspace file (workspacePaths.ts) --------------------------------------------------

  /** Review notes and articles that point into a file, for CodeLens and the For This File view. */
  countsForPath(path: string): { notes: number; articles: number } {
    return countsForPath(this.db, path);
  }

  /** Moves notes and snippets when a file or folder is renamed in the workspace. */
  renamePath(oldPath: string, newPath: string): number {
    return renamePath(this.writer, oldPath, newPath);
  }

  // --- learning paths (learningPaths.ts) ---------------------------------------------------

  createPath(input: NewLearningPath): LearningPath {
    return this.paths.create(input);
  }

  getPath(id: string): LearningPath | undefined {
    return this.paths.get(id);
  }

  listPaths(): LearningPath[] {
    return this.paths.list();
  }

  /** A path has this id, or had it and was deleted (a CodeTour file imported once). */
  pathIdTaken(id: string): boolean {
    return this.paths.idTaken(id);
  }

  updatePath(id: string, patch: LearningPathPatch, options: { share?: boolean } = {}): LearningPath {
    return this.paths.update(id, patch, options);
  }

  setPathSteps(id: string, steps: NewPathStep[]): LearningPath {
    return this.paths.setSteps(id, steps);
  }

  addPathStep(id: string, step: NewPathStep, index?: number): { path: LearningPath; stepId: string } {
    return this.paths.addStep(id, step, index);
  }

  movePathStep(id: string, stepId: string, offset: number): LearningPath {
    return this.paths.moveStep(id, stepId, offset);
  }

  movePathStepTo(id: string, stepId: string, index: number): LearningPath {
    return this.paths.moveStepTo(id, stepId, index);
  }

  removePathStep(id: string, stepId: string): LearningPath {
    return this.paths.removeStep(id, stepId);
  }

  updatePathStep(id: string, stepId: string, patch: StepPatch): LearningPath {
    return this.paths.updateStep(id, stepId, patch);
  }

  deletePath(id: string): void {
    this.paths.delete(id);
  }

  /** This person's place in a path, on this machine only. */
  pathProgress(id: string): PathProgress | undefined {
    return this.paths.progress(id);
  }

  setPathProgress(id: string, step: number): PathProgress {
    return this.paths.setProgress(id, step);
  }

  playedPathIds(): Set<string> {
    return this.paths.playedPathIds();
  }

  // --- events, for sync (eventOutbox.ts, eventIngest.ts) ------------------------------------

  /** Events made here that are not yet in the team folder (private ones never are). */
  unpublishedEvents(limit = 10_000): LoreEvent[] {
    return this.outbox.unpublished(limit);
  }

  markPublished(ids: string[]): void {
    this.outbox.markPublished(ids);
  }

  /** Every event made here goes back into the outbox (joining another team: published again there). */
  markAllUnpublished(): void {
    this.outbox.markAllUnpublished();
  }

  getEvent(id: string): LoreEvent | undefined {
    return this.outbox.get(id);
  }

  hasEvent(id: string): boolean {
    return this.outbox.has(id);
  }

  /** Every non-private event, in a stable order (for snapshots and verification). */
  allEvents(): Generator<LoreEvent> {
    return this.outbox.all();
  }

  /**
   * Applies events from other devices (already validated). Idempotent and order-independent:
   * events already here are skipped, and each touched record is recomputed from all its events.
   */
  ingest(events: LoreEvent[]): IngestResult {
    return this.ingestion.ingest(events, this.registeredAuthor);
  }

  // --- authors' names -------------------------------------------------------------------------

  /**
   * Where names shown as authors come from: the name a device registered with (team-folder sync
   * sets this), so an event cannot claim to be someone else's. Unknown devices keep their text.
   */
  setAuthorResolver(resolver: ((device: string) => string | undefined) | undefined): void {
    this.registeredAuthor = resolver;
  }

  /** The resolver set by setAuthorResolver, so that whoever replaces it for a while can put it back. */
  get authorResolver(): ((device: string) => string | undefined) | undefined {
    return this.registeredAuthor;
   }
}
