/**
 * Freshness of many snippets against one checkout, for `lore check` (and anything else that
 * checks a whole knowledge base): files are read once each, the snippets of a file resolved in
 * one batch (`snippetFreshness`), and git asked as little as possible: every file version at a
 * snippet's commit in one `showMany` call, renames and deletions only for files that are missing
 * (asked while the files that exist are resolved). A snippet whose file is the very text it was
 * shared from, its code where it was, is current without the cascade (`unchangedSince.ts`).
 */
import { anchorHistory, type GitPort } from '../anchoring/gitPort';
import type { AnchorHistory } from '../anchoring/resolveAnchor';
import type { Snippet } from '../model';
import { snippetFreshness, type SnippetFreshness } from './snippetFreshness';
import { FileVersion, unchangedSinceShared } from './unchangedSince';

export interface CheckSource {
  /** A workspace-relative file's text now, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** Git for the checkout, when there is one; without it, snippets are found by their hash and by searching. */
  git?: GitPort;
}

/** The snippets' freshness, in the order given. */
export async function checkSnippets(snippets: readonly Snippet[], source: CheckSource): Promise<SnippetFreshness[]> {
  const byPath = groupBy(snippets, (s) => s.anchor.path);
  const texts = new Map<string, string | undefined>();
  // The files are read while git answers (git's processes and the reads overlap).
  const reading = Promise.all([...byPath.keys()].map(async (path) => texts.set(path, await source.readFile(path))));
  const asking = (async () => {
    const port = source.git && (await usableGit(source.git)) ? source.git : undefined;
    return { port, oldTexts: port ? await oldVersions(port, snippets) : new Map<string, string | undefined>() };
  })();
  const [, { port, oldTexts }] = await Promise.all([reading, asking]);
  const nameStatuses = new Map<string, string>();
  const git = port && cached(port, oldTexts, nameStatuses);
  // Files that are missing but existed at a snippet's commit: git is asked about renames and
  // deletions for all their commits at once (a few processes side by side, not one after another),
  // while the files that exist are resolved. No missing file known at a commit (the usual case):
  // no git process at all, nothing to wait for. A failure is held (not left unhandled while files
  // are resolved) and thrown once awaited.
  const commits = git ? commitsOfMissingFiles(byPath, texts, oldTexts) : [];
  const renames = port && git && commits.length ? askRenames(port, git, commits, nameStatuses).then(() => undefined, (error: unknown) => ({ error })) : undefined;
  const historyOf = (s: Snippet): AnchorHistory => {
    const oldText = s.anchor.commit ? oldTexts.get(versionKey(s.anchor.commit, s.anchor.path)) : undefined;
    return oldText === undefined ? {} : { oldText };
  };

  const results = new Map<string, SnippetFreshness>();
  for (const [path, group] of byPath) {
    const text = texts.get(path);
    if (text === undefined && git) continue;
    // One file version: the snippets shared from this very text are current where they were;
    // the others go through the cascade in one batch (one resolver for the file).
    const now = text === undefined ? undefined : new FileVersion(text);
    const rest: Snippet[] = [];
    for (const snippet of group) {
      const unchanged = now && snippet.anchor.commit ? unchangedSinceShared(snippet, now, oldTexts.get(versionKey(snippet.anchor.commit, path))) : undefined;
      if (unchanged) results.set(snippet.id, unchanged);
      else rest.push(snippet);
    }
    for (const [i, r] of snippetFreshness(rest, text, { history: historyOf }).entries()) results.set(rest[i].id, r);
    // Git's answers about missing files are read in between (its output must not fill the pipe).
    if (renames) await turn();
  }
  const failed = await renames;
  if (failed) throw failed.error;

  for (const [path, group] of byPath) {
    if (texts.get(path) !== undefined || !git) continue;
    // The file is missing: renamed, deleted, or never in this repository. Git says which, per commit.
    for (const snippet of group) {
      const known = snippet.anchor.commit !== undefined && oldTexts.get(versionKey(snippet.anchor.commit, path)) !== undefined;
      if (!known) {
        results.set(snippet.id, snippetFreshness([snippet], undefined)[0]);
        continue;
      }
      const loaded = await anchorHistory(git, snippet.anchor);
      if (loaded.path !== path) {
        if (!texts.has(loaded.path)) texts.set(loaded.path, await source.readFile(loaded.path));
        const renamed = texts.get(loaded.path);
        results.set(snippet.id, snippetFreshness([snippet], renamed, { path: loaded.path, history: () => loaded.history, deleted: renamed === undefined })[0]);
      } else {
        results.set(snippet.id, snippetFreshness([snippet], undefined, { history: () => loaded.history, deleted: true })[0]);
      }
    }
  }
  return snippets.map((s) => results.get(s.id)!);
}

/** The commits at which a file missing now existed (a snippet's file renamed or deleted since). */
function commitsOfMissingFiles(
  byPath: ReadonlyMap<string, readonly Snippet[]>,
  texts: ReadonlyMap<string, string | undefined>,
  oldTexts: ReadonlyMap<string, string | undefined>,
): string[] {
  const commits = new Set<string>();
  for (const [path, group] of byPath) {
    if (texts.get(path) !== undefined) continue;
    for (const s of group) if (s.anchor.commit && oldTexts.get(versionKey(s.anchor.commit, path)) !== undefined) commits.add(s.anchor.commit);
  }
  return [...commits];
}

/** Name-status of each of these commits (renames and deletions since), into `nameStatuses`. */
async function askRenames(port: GitPort, git: GitPort, commits: readonly string[], nameStatuses: Map<string, string>): Promise<void> {
  const many = port.nameStatusMany && (await port.nameStatusMany(commits).catch(() => undefined));
  if (many) for (const [commit, status] of many) nameStatuses.set(commit, status);
  else await inParallel(commits, GIT_PARALLEL, (commit) => git.nameStatus(commit).catch(() => undefined));
}

/** Lets other work of the event loop run (a child process's output read, another file's check). */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Git answers for this checkout (a repository with at least one commit); no git or no repository: undefined. */
async function usableGit(git: GitPort): Promise<boolean> {
  try {
    return (await git.head()) !== undefined;
  } catch {
    return false;
  }
}

/** Every file version at a snippet's commit, fetched in one batch when the port can. */
async function oldVersions(git: GitPort, snippets: readonly Snippet[]): Promise<Map<string, string | undefined>> {
  const wanted = new Map<string, { commit: string; path: string }>();
  for (const s of snippets) {
    if (s.anchor.commit) wanted.set(versionKey(s.anchor.commit, s.anchor.path), { commit: s.anchor.commit, path: s.anchor.path });
  }
  const requests = [...wanted.values()];
  const texts = git.showMany
    ? await git.showMany(requests).catch(() => requests.map(() => undefined))
    : await Promise.all(requests.map((r) => git.show(r.commit, r.path).catch(() => undefined)));
  return new Map([...wanted.keys()].map((key, i) => [key, texts[i]]));
}

function versionKey(commit: string, path: string): string {
  return `${commit}\u0000${path}`;
}

/** Git processes run side by side when many commits need asking. */
const GIT_PARALLEL = 4;

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The port with each answer remembered (many snippets share a commit, and `nameStatus` lists
 * the whole tree), starting from the file versions already read in one batch.
 */
function cached(git: GitPort, versions: ReadonlyMap<string, string | undefined>, nameStatuses: ReadonlyMap<string, string>): GitPort {
  const memo = new Map<string, Promise<string | undefined>>();
  for (const [key, text] of versions) memo.set(`show\u0000${key}`, Promise.resolve(text));
  const once = (key: string, run: () => Promise<string | undefined>): Promise<string | undefined> => {
    let p = memo.get(key);
    if (!p) memo.set(key, (p = run()));
    return p;
  };
  return {
    head: () => git.head(),
    show: (commit, path) => once(`show\u0000${commit}\u0000${path}`, () => git.show(commit, path)),
    diff: (commit, paths) => once(`diff\u0000${commit}\u0000${(paths ?? []).join('\u0000')}`, () => git.diff(commit, paths)),
    // Answers read in one batch are looked up when asked (the batch runs after this port is made).
    nameStatus: (commit) => once(`names\u0000${commit}`, () => (nameStatuses.has(commit) ? Promise.resolve(nameStatuses.get(commit)) : git.nameStatus(commit))),
    showMany: git.showMany?.bind(git),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = []));
    group.push(item);
  }
  return groups;
}
