import type { GitFileState } from '../anchoring/gitPort';

/**
 * Where shared code came from, as honestly as git can say: a snippet records a commit only
 * when the file's text at that commit is the text shared (so history can follow it later);
 * a modified or never-committed file says so instead of borrowing HEAD's commit.
 */
export type SnippetProvenance =
  | { kind: 'committed'; commit: string }
  | { kind: 'modified'; since: string }
  | { kind: 'uncommitted' }
  | { kind: 'no-git' };

/**
 * @param head the repository's HEAD, undefined outside a repository
 * @param state the file against HEAD, undefined when git could not tell
 * @param unsaved the editor has changes not saved to disk
 */
export function snippetProvenance(head: string | undefined, state: GitFileState | undefined, unsaved: boolean): SnippetProvenance {
  if (!head || state === undefined) return { kind: 'no-git' };
  if (state === 'uncommitted') return { kind: 'uncommitted' };
  if (state === 'modified' || unsaved) return { kind: 'modified', since: head };
  return { kind: 'committed', commit: head };
}

/** The commit to keep with the snippet's anchor: only one whose text is the shared text. */
export function provenanceCommit(provenance: SnippetProvenance): string | undefined {
  return provenance.kind === 'committed' ? provenance.commit : undefined;
}

/** How the article's first line describes the code's origin, e.g. "lines 3-9, commit 1a2b3c4d". */
export function describeProvenance(lines: string, provenance: SnippetProvenance): string {
  switch (provenance.kind) {
    case 'committed':
      return `lines ${lines}, commit ${provenance.commit.slice(0, 8)}`;
    case 'modified':
      return `lines ${lines}, with changes not yet committed after commit ${provenance.since.slice(0, 8)}`;
    case 'uncommitted':
      return `lines ${lines}, in a file not committed to git`;
    case 'no-git':
      return `lines ${lines}`;
  }
}
