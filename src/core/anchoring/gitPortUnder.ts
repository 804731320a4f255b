/**
 * A repository's GitPort seen from paths that carry a prefix: in a multi-root workspace Lore
 * stores `folder/src/a.ts` while git in that folder knows `src/a.ts`. Paths going in lose the
 * prefix, paths coming out of `nameStatus` gain it. Unified diffs are not rewritten: `diff`
 * answers nothing through this view (a deleted file's code is then not searched for among the
 * files added since; its stored place and file at its commit still count).
 */
import type { GitPort } from './gitPort';

export function gitPortUnder(git: GitPort, prefix: string): GitPort {
  if (!prefix) return git;
  const inner = (path: string): string | undefined => (path.startsWith(prefix) ? path.slice(prefix.length) : undefined);
  const outer = (nameStatus: string | undefined): string | undefined => nameStatus === undefined ? undefined : prefixNameStatus(nameStatus, prefix);
  return {
    head: () => git.head(),
    show: async (commit, path) => {
      const p = inner(path);
      return p === undefined ? undefined : git.show(commit, p);
    },
    diff: async () => undefined,
    nameStatus: async (commit) => outer(await git.nameStatus(commit)),
    showMany: git.showMany && (async (requests) => {
      const inside = requests.map((r) => ({ commit: r.commit, path: inner(r.path) }));
      const asked = inside.filter((r): r is { commit: string; path: string } => r.path !== undefined);
      const answers = asked.length ? await git.showMany!(asked) : [];
      let k = 0;
      return inside.map((r) => (r.path === undefined ? undefined : answers[k++]));
    }),
    nameStatusMany: git.nameStatusMany && (async (commits) => {
      const many = await git.nameStatusMany!(commits);
      return many && new Map([...many].map(([commit, status]) => [commit, prefixNameStatus(status, prefix)]));
    }),
    fileState: git.fileState && (async (path) => {
      const p = inner(path);
      return p === undefined ? undefined : git.fileState!(p);
    }),
    userName: git.userName?.bind(git),
    blameLines: git.blameLines && (async (path, startLine, endLine, timeoutMs) => {
      const p = inner(path);
      return p === undefined ? undefined : git.blameLines!(p, startLine, endLine, timeoutMs);
    }),
  };
}

/** `git diff --name-status -z` output with every path prefixed (a status, then one path, two for renames and copies). */
function prefixNameStatus(output: string, prefix: string): string {
  const fields = output.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const status = fields[i];
    if (!status) continue;
    const paths = status[0] === 'R' || status[0] === 'C' ? 2 : 1;
    for (let k = 1; k <= paths && i + k < fields.length; k++) fields[i + k] = `${prefix}${fields[i + k]}`;
    i += paths;
  }
  return fields.join('\0');
}
