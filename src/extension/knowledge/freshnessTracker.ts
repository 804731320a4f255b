import * as vscode from 'vscode';
import { maskAnchor, reattachHere, type GitPort } from '../../core/anchoring';
import { gitPortUnder } from '../../core/anchoring/gitPortUnder';
import { documentVersion, FileFreshnessChecker, freshnessCheckKey, snippetsKey } from '../../core/articles/fileFreshness';
import { withSnippetUpdate } from '../../core/articles/freshnessText';
import type { SnippetFreshness } from '../../core/articles/snippetFreshness';
import { describeError, LoreError } from '../../core/errors';
import type { Anchor, Snippet } from '../../core/model';
import type { StoreChange } from '../../core/store/loreStore';
import type { GitAccess } from '../common/gitAccess';
import type { LoreServices } from '../common/services';
import { toRelativePath, toWorkspaceUri } from '../common/workspacePaths';

/** Wait after the first trigger before checking, so a burst (a checkout, a save-all) is one pass. */
const DEBOUNCE_MS = 300;
/** A file larger than this is not read for a background check. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** One file's text as the check saw it, and what made it: an open document's version or the file on disk. */
interface FileText {
  text: string | undefined;
  /** Changes whenever the text may have: `documentVersion` (uri, version, `*` when unsaved, hash of the text), `disk:<mtime>:<size>`, `missing`, `outside`. */
  version: string;
  /** The text is what is saved (a clean document or the file on disk): a moved place may be stored. */
  saved: boolean;
}

/**
 * Snippet freshness, kept up to date in the background: each file that snippets point into is
 * checked with `FileFreshnessChecker` (src/core: the same history handling as `lore check`, so a
 * file git renamed is followed) when it is opened, saved or reloaded from disk,
 * when git's HEAD moves, when an article showing it is opened, and when its snippets change.
 * Checks are debounced and run one file per turn of the event loop, so the extension host is
 * never held longer than one file's batch. Results are cached per file version and snippet set.
 *
 * A snippet whose code is the same but moved has its place updated on this machine (the local
 * anchor, as Open Code does), and keeps saying so for the session.
 */
export class FreshnessTracker implements vscode.Disposable {
  /** Per stored path: the key of what was checked (text version + snippets) and the snippet ids. */
  private readonly checked = new Map<string, { key: string; ids: string[] }>();
  private readonly results = new Map<string, SnippetFreshness>();
  private readonly byArticle = new Map<string, Set<string>>();
  /** Snippets whose place this session updated, with what moved. */
  private readonly placesUpdated = new Map<string, string>();
  private readonly files: FileFreshnessChecker;
  /** Git ports seen from stored paths, per repository port and folder prefix (multi-root). */
  private readonly ports = new Map<GitPort, Map<string, GitPort>>();
  private readonly queue = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private changedPaths = new Set<string>();
  private idleWaiters: Array<() => void> = [];
  private readonly emitter = new vscode.EventEmitter<{ paths: string[] }>();
  /** Fires once a run of checks has finished, with the files whose results changed. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(private readonly services: LoreServices, private readonly git: GitAccess) {
    this.files = new FileFreshnessChecker({
      readFile: async (path) => (await this.readFile(path)).text,
      gitFor: (path) => this.gitFor(path),
    });
    const fileOf = (document: vscode.TextDocument) => (document.uri.scheme === 'file' ? toRelativePath(document.uri) : undefined);
    const queueDocument = (document: vscode.TextDocument) => {
      const path = fileOf(document);
      if (path) this.refresh([path]);
    };
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument(queueDocument),
      vscode.workspace.onDidSaveTextDocument(queueDocument),
      // Reloaded from disk (changed by another program) or edited back to what is saved.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.document.isDirty && e.contentChanges.length) queueDocument(e.document);
      }),
      services.stores.onDidChange((change) => this.onStoreChange(change)),
      services.stores.onDidOpen(() => this.refreshAll()),
      ...this.watchGitHead(),
    );
    if (services.stores.isOpen) this.refreshAll();
  }

  /** The last result for a snippet, if its file has been checked. */
  freshnessOf(snippetId: string): SnippetFreshness | undefined {
    return this.results.get(snippetId);
  }

  /** What moved when this session updated the snippet's place, if it did. */
  placeUpdated(snippetId: string): string | undefined {
    return this.placesUpdated.get(snippetId);
  }

  /** The known results of an article's snippets (those whose files have been checked). */
  articleFreshness(articleId: string): SnippetFreshness[] {
    return [...(this.byArticle.get(articleId) ?? [])].map((id) => this.results.get(id)).filter((r): r is SnippetFreshness => r !== undefined);
  }

  /** Articles with a snippet whose code changed or is gone, as last checked. */
  staleArticleIds(): string[] {
    return [...this.byArticle].filter(([, ids]) => [...ids].some((id) => {
      const state = this.results.get(id)?.state;
      return state === 'changed' || state === 'gone';
    })).map(([articleId]) => articleId);
  }

  /** Checks these files soon (debounced). */
  refresh(paths: Iterable<string>): void {
    for (const path of paths) this.queue.add(path);
    if (this.queue.size && !this.timer && !this.running) this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  /** Checks every file snippets point into (the store open, git HEAD moved). */
  refreshAll(): void {
    const store = this.services.stores.tryGet();
    if (store) this.refresh(store.snippetPaths());
  }

  /** Resolves when nothing is queued or running (for commands and tests). */
  whenIdle(): Promise<void> {
    if (!this.queue.size && !this.running && !this.timer) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Checks one snippet's file now, whatever the cache says, and returns its result with the
   * text it was checked against (for Show Changes and Update Snippet).
   */
  async checkNow(snippet: Snippet): Promise<{ result: SnippetFreshness; text: string | undefined }> {
    const file = await this.readFile(snippet.anchor.path);
    const [result] = this.worded([snippet], await this.files.check(snippet.anchor.path, [snippet], file.text));
    // A renamed file: the text is the one at the path the code was found at.
    const text = result.path === snippet.anchor.path ? file.text : (await this.readFile(result.path)).text;
    return { result, text };
  }

  /** Results of snippets someone gave newer code count from that update, wherever they are shown. */
  private worded(snippets: readonly Snippet[], results: SnippetFreshness[]): SnippetFreshness[] {
    const store = this.services.stores.tryGet();
    // One query for the file's snippets, not one per snippet.
    const updated = store?.snippetCodeUpdates(snippets.map((s) => s.id));
    return results.map((result, i) => withSnippetUpdate(result, updated?.has(snippets[i].id) === true));
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    try {
      // One file per turn of the event loop: other work of the extension host goes in between.
      while (this.queue.size) {
        const path: string = this.queue.values().next().value!;
        this.queue.delete(path);
        try {
          await this.check(path);
        } catch (error) {
          this.services.log.warn(`Checking the snippets of ${path} failed: ${describeError(error)}`);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
    if (this.changedPaths.size) {
      const paths = [...this.changedPaths];
      this.changedPaths = new Set();
      this.emitter.fire({ paths });
    }
    // Triggers that came while running wait for their own debounce; otherwise this run is the last.
    if (this.queue.size) this.refresh([]);
    else for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async check(path: string): Promise<void> {
    const store = this.services.stores.tryGet();
    if (!store) return;
    const snippets = store.snippetsForPath(path);
    const probe = await this.probeFile(path);
    const ofSnippets = snippetsKey(snippets);
    const key = freshnessCheckKey(probe.version, ofSnippets);
    const before = this.checked.get(path);
    if (before?.key === key) return;
    const file = await probe.read();
    const results = snippets.length ? this.worded(snippets, await this.files.check(path, snippets, file.text, ofSnippets)) : [];
    let changed = false;
    // Snippets no longer in this file (removed, or moved to another path by a rename).
    const now = new Set(snippets.map((s) => s.id));
    for (const id of before?.ids ?? []) {
      if (now.has(id)) continue;
      const old = this.results.get(id);
      if (old && old.storedPath === path) {
        this.results.delete(id);
        for (const ids of this.byArticle.values()) ids.delete(id);
        changed = true;
      }
    }
    snippets.forEach((snippet, i) => {
      const result = results[i];
      const old = this.results.get(snippet.id);
      if (!old || shown(old) !== shown(result)) changed = true;
      this.results.set(snippet.id, result);
      let ids = this.byArticle.get(snippet.articleId);
      if (!ids) this.byArticle.set(snippet.articleId, (ids = new Set()));
      ids.add(snippet.id);
    });
    this.checked.set(path, { key, ids: snippets.map((s) => s.id) });
    if (changed) this.changedPaths.add(path);
    this.services.log.debug(`Snippet freshness of ${path}: ${results.map((r) => `${r.state}${r.moved ? ' (moved)' : ''}`).join(', ')}`);
    // Same code, another place: remember where it is now (this machine only), and say so.
    if (file.saved && file.text !== undefined) {
      const places: Array<{ id: string; state: 'moved'; anchor: Anchor }> = [];
      snippets.forEach((snippet, i) => {
        const result = results[i];
        // Only within this file: a renamed file's text is not the one read here.
        if (result.state !== 'current' || !result.moved || !result.range || result.path !== path) return;
        this.placesUpdated.set(snippet.id, result.reason);
        places.push({ id: snippet.id, state: 'moved', anchor: maskAnchor(reattachHere(snippet.anchor, file.text!, result.range, { path: result.path }), 'all') });
      });
      if (places.length) {
        // One transaction and one change for all of them (a line added at the top moves them all).
        store.setSnippetAnchorStates(places);
        // The save changes these snippets' anchors, and the store says so: the results just found
        // stand for the new anchors too (same code, now stored where it is), so that change is not
        // a reason to check the file again.
        const moved = new Set(places.map((p) => p.id));
        const saved = new Map(store.snippetsForPath(path).filter((s) => moved.has(s.id)).map((s) => [s.id, s]));
        this.checked.set(path, { key: freshnessCheckKey(probe.version, snippetsKey(snippets.map((s) => saved.get(s.id) ?? s))), ids: snippets.map((s) => s.id) });
      }
    }
  }

  /**
   * Git for the repository holding a stored path, seen from stored paths (a multi-root
   * workspace's paths start with the folder's name; git's do not). Undefined outside a repository
   * folder of this workspace. Git trouble is logged once per folder by GitAccess.
   */
  private gitFor(path: string): GitPort | undefined {
    const uri = toWorkspaceUri(path);
    const doc = uri && this.git.forDocument(uri);
    if (!doc || !path.endsWith(doc.path)) return undefined;
    const prefix = path.slice(0, path.length - doc.path.length);
    let byPrefix = this.ports.get(doc.git);
    if (!byPrefix) this.ports.set(doc.git, (byPrefix = new Map()));
    let port = byPrefix.get(prefix);
    if (!port) {
      const under = gitPortUnder(doc.git, prefix);
      port = {
        // Through GitAccess, which logs git trouble once per folder; the core then goes on without history.
        head: () => this.git.head(doc),
        show: (commit, p) => under.show(commit, p),
        diff: (commit, paths) => under.diff(commit, paths),
        nameStatus: (commit) => under.nameStatus(commit),
        showMany: under.showMany && ((requests) => under.showMany!(requests)),
        nameStatusMany: under.nameStatusMany && ((commits) => under.nameStatusMany!(commits)),
      };
      byPrefix.set(prefix, port);
    }
    return port;
  }

  /** The open document's text if the file is open, else the file on disk through VS Code's file system. */
  private async readFile(path: string): Promise<FileText> {
    return (await this.probeFile(path)).read();
  }

  /** What version of the file a check would see, without reading a file on disk yet. */
  private async probeFile(path: string): Promise<{ version: string; read: () => Promise<FileText> }> {
    const done = (file: FileText) => ({ version: file.version, read: async () => file });
    const uri = toWorkspaceUri(path);
    if (!uri) return done({ text: undefined, version: 'outside', saved: false });
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // Saving keeps the version but makes the text the saved one (a moved place may be stored then).
    if (document) {
      const text = document.getText();
      return done({ text, version: documentVersion(uri.toString(), document.version, document.isDirty, text), saved: !document.isDirty });
    }
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return done({ text: undefined, version: 'missing', saved: true });
      throw error;
    }
    if (stat.type & vscode.FileType.Directory) return done({ text: undefined, version: 'missing', saved: true });
    if (stat.size > MAX_FILE_BYTES) throw new LoreError(`the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    const version = `disk:${stat.mtime}:${stat.size}`;
    return { version, read: async () => ({ text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), version, saved: true }) };
  }

  private onStoreChange(change: StoreChange): void {
    if (!change.entities.includes('snippet') && !change.entities.includes('article')) return;
    const store = this.services.stores.tryGet();
    const paths = new Set<string>();
    for (const id of change.ids) {
      const known = this.results.get(id)?.storedPath;
      if (known) paths.add(known);
      const snippet = store?.getSnippet(id);
      if (snippet) paths.add(snippet.anchor.path);
      // An article deleted or restored: its snippets' files.
      for (const snippetId of this.byArticle.get(id) ?? []) {
        const path = this.results.get(snippetId)?.storedPath;
        if (path) paths.add(path);
      }
      if (change.entities.includes('article')) for (const s of store?.getArticle(id)?.snippets ?? []) paths.add(s.anchor.path);
    }
    // Only what changed is checked again; the cache key decides whether anything needs work.
    this.refresh(paths);
  }

  /** HEAD moving (checkout, commit, pull) can change every file: all are checked again. */
  private watchGitHead(): vscode.Disposable[] {
    return (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.git/{HEAD,refs/heads/**}'));
        const onHead = () => {
          this.files.headMoved();
          this.refreshAll();
        };
        watcher.onDidChange(onHead);
        watcher.onDidCreate(onHead);
        return watcher;
      });
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    for (const d of this.disposables) d.dispose();
  }
}

/** What a view shows of a result: a new place, state or reason is a change worth a refresh. */
function shown(result: SnippetFreshness): string {
  return JSON.stringify([result.state, result.moved, result.path, result.range, result.reason]);
}
