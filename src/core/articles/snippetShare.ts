import { createAnchor, maskAnchor } from '../anchoring';
import type { Anchor, TextRange } from '../model';
import { findSecrets, type SecretFinding } from '../redaction';

/** One selection of a document, ready to become a snippet once its secrets are dealt with. */
export interface SnippetDraft {
  code: string;
  language: string;
  anchor: Anchor;
  /** Possible secrets in `code`, offsets into `code`. */
  findings: SecretFinding[];
}

export interface ShareRequest {
  documentText: string;
  /** Workspace-relative path. */
  path: string;
  language: string;
  selections: TextRange[];
  commit?: string;
  /** Symbol path of each selection, when known. */
  symbolPaths?: Array<string | undefined>;
}

/**
 * Turns selections into snippet drafts: the code, an anchor to find it again, and the secrets
 * found in it. Empty selections are skipped; overlapping ones are kept as the user made them.
 */
export function draftSnippets(request: ShareRequest): SnippetDraft[] {
  return request.selections
    .map((range, i) => {
      const anchor = createAnchor(request.documentText, range, {
        path: request.path,
        commit: request.commit,
        symbolPath: request.symbolPaths?.[i],
      });
      // The anchor keeps the exact text, so it must be masked exactly like the snippet.
      return { code: anchor.text, language: request.language, anchor, findings: findSecrets(anchor.text) };
    })
    .filter((draft) => draft.code.trim().length > 0);
}

/**
 * Applies the user's choice: every accepted finding is masked in the code and in the anchor's
 * copy of it, and every possible secret in the surrounding context lines is masked, so no copy
 * of a secret is saved anywhere. The anchor keeps the hash of the original code, which reveals
 * nothing and still lets Lore recognise the code where it stands.
 */
export function maskSnippet(draft: SnippetDraft, accepted: ReadonlySet<string>): { code: string; language: string; anchor: Anchor } {
  // Context lines only help re-anchoring; anything in them that looks like a secret is masked.
  const anchor = maskAnchor(draft.anchor, accepted, draft.findings);
  return { code: anchor.text, language: draft.language, anchor };
}

/** A title to propose: the enclosing symbol, else the file name and lines. */
export function proposeTitle(request: Pick<ShareRequest, 'path' | 'selections' | 'symbolPaths'>): string {
  const symbol = request.symbolPaths?.find(Boolean);
  const file = request.path.split('/').pop() ?? request.path;
  if (symbol) return `${symbol.split(' > ').join('.')} (${file})`;
  const first = request.selections[0];
  return first ? `${file}, line ${first.startLine + 1}` : file;
}
