/**
 * The snippets stored at one path, checked as the extension checks them in the background when
 * that file opens, is saved or changes on disk: with the same core as `lore check`
 * (`checkSnippets`: the file at each snippet's commit, renames and deletions from git), so a
 * snippet whose file git renamed is found at its new path in the editor as on the command line.
 *
 * What git said about past commits is remembered between checks (a file at a commit never
 * changes), so a file opened again asks git only whether there is a repository, once per HEAD.
 */
import type { GitPort } from '../anchoring/gitPort';
import { sha256Hex } from '../hash';
import type { Snippet } from '../model';
import { checkSnippets } from './checkSnippets';
import type { SnippetFreshness } from './snippetFreshness';

export interface FileFreshnessSource {
  /** Another file's text now (where git says a file was renamed to), undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** Git for the repository holding `path` (paths as stored), undefined when there is none. */
  gitFor(path: string): GitPort | undefined;
}

/**
 * What one file's check depends on besides git: the version of the text checked (an open
 * document's version, the file's mtime and size) and the snippets as stored (`snippetsKey`).
 * Same key, same results.
 */
export function freshnessCheckKey(version: string, snippets: string): string {
  return `${version}|${snippets}`;
}

/**
 * The version of an open document's text, for `freshnessCheckKey`. VS Code numbers a document's
 * versions from 1 again each time it is opened, so the uri and version alone name different
 * texts once the file is closed, changed on disk and opened again: a hash of the text tells them
 * apart. `dirty`: the text is not what is saved.
 */
export function documentVersion(uri: string, version: number, dirty: boolean, text: string): string {
  return `doc:${uri}@${version}${dirty ? '*' : ''}#${sha256Hex(text)}`;
}

/** The snippets as stored, hashed: what their answer depends on (`check` takes it when the caller has it: it costs a JSON and a hash). */
export function snippetsKey(snippets: readonly Snippet[]): string {
  return sha256Hex(JSON.stringify(snippets.map((s) => [s.id, s.articleId, s.code, s.anchor, s.accepted?.hash])));
}

/** File versions remembered per repository; older ones are asked again. */
const MAX_VERSIONS = 500;
/** Files whose last answer is remembered (by a hash of their text, not the text). */
const MAX_FILES = 2_000;

export class FileFreshnessChecker {
  private readonly remembered = new WeakMap<GitPort, RememberingGit>();
  /** Per path: the text and snippets last checked (hashed) and the answer. */
  private readonly lastAnswers = new Map<string, { key: string; results: SnippetFreshness[] }>();

  constructor(private readonly source: FileFreshnessSource, private readonly maxVersions = MAX_VERSIONS) {}

  /**
   * The snippets of `path` (all stored there) against `text`, its text now (undefined: no such
   * file). In the order given. The same text and snippets as last time (a file checked on disk,
   * then opened unchanged in an editor) give the same answer without resolving again: for a file
   * that exists, the answer depends only on them and on the file at the snippets' commits.
   */
  async check(path: string, snippets: readonly Snippet[], text: string | undefined, ofSnippets?: string): Promise<SnippetFreshness[]> {
    const key = text === undefined ? undefined : `${this.generation}|${sha256Hex(text)}|${ofSnippets ?? snippetsKey(snippets)}`;
    const last = this.lastAnswers.get(path);
    if (key !== undefined && last?.key === key) return last.results;
    const port = this.source.gitFor(path);
    const results = await checkSnippets(snippets, {
      readFile: (p) => (p === path ? Promise.resolve(text) : this.source.readFile(p)),
      git: port && this.rememberingFor(port),
    });
    this.lastAnswers.delete(path);
    if (key !== undefined) {
      this.lastAnswers.set(path, { key, results });
      if (this.lastAnswers.size > MAX_FILES) this.lastAnswers.delete(this.lastAnswers.keys().next().value!);
    }
    return results;
  }

  /** HEAD moved (a checkout, a commit): whether there is a repository is asked again, and every file resolved again. */
  headMoved(): void {
    this.generation++;
    this.lastAnswers.clear();
  }

  private generation = 0;

  private rememberingFor(port: GitPort): GitPort {
    let memo = this.remembered.get(port);
    if (!memo) this.remembered.set(port, (memo = new RememberingGit(port, this.maxVersions, () => this.generation)));
    return memo;
  }
}

/** A GitPort that remembers file versions at commits, and HEAD until told it moved. */
class RememberingGit implements GitPort {
  private readonly versions = new Map<string, string | undefined>();
  private headOf?: { generation: number; head: Promise<string | undefined> };
  readonly showMany?: GitPort['showMany'];
  readonly nameStatusMany?: GitPort['nameStatusMany'];

  constructor(private readonly git: GitPort, private readonly max: number, private readonly generation: () => number) {
    if (git.showMany) this.showMany = (requests) => this.showManyRemembered(requests);
    if (git.nameStatusMany) this.nameStatusMany = (commits) => git.nameStatusMany!(commits);
  }

  head(): Promise<string | undefined> {
    const generation = this.generation();
    if (this.headOf?.generation !== generation) {
      const head = this.git.head();
      this.headOf = { generation, head };
      // A failure is answered to this call and asked again next time.
      head.catch(() => (this.headOf = undefined));
    }
    return this.headOf!.head;
  }

  async show(commit: string, path: string): Promise<string | undefined> {
    const key = `${commit}\u0000${path}`;
    if (this.versions.has(key)) return this.versions.get(key);
    const text = await this.git.show(commit, path);
    this.remember(key, text);
    return text;
  }

  diff(commit: string, paths?: readonly string[]): Promise<string | undefined> {
    return this.git.diff(commit, paths);
  }

  nameStatus(commit: string): Promise<string | undefined> {
    return this.git.nameStatus(commit);
  }

  private async showManyRemembered(requests: ReadonlyArray<{ commit: string; path: string }>): Promise<Array<string | undefined>> {
    const keys = requests.map((r) => `${r.commit}\u0000${r.path}`);
    const missing = requests.filter((_, i) => !this.versions.has(keys[i]));
    // The answers just given are read from here: remembering may have dropped some already.
    const fresh = new Map<string, string | undefined>();
    if (missing.length) {
      const texts = await this.git.showMany!(missing);
      missing.forEach((r, i) => {
        const key = `${r.commit}\u0000${r.path}`;
        fresh.set(key, texts[i]);
        this.remember(key, texts[i]);
      });
    }
    return keys.map((key) => (fresh.has(key) ? fresh.get(key) : this.versions.get(key)));
  }

  private remember(key: string, text: string | undefined): void {
    this.versions.delete(key);
    this.versions.set(key, text);
    while (this.versions.size > this.max) this.versions.delete(this.versions.keys().next().value!);
  }
}
