import * as vscode from 'vscode';
import { AnchorResolver, type AnchorResolution, type DocumentSymbolInfo } from '../../core/anchoring';
import type { ReviewThread } from '../../core/model';
import { documentSymbols } from '../common/documentSymbols';
import type { GitAccess } from '../common/gitAccess';

/** What resolving notes in one document may use besides its text. */
export interface ResolutionContext {
  symbols: DocumentSymbolInfo[];
  /** The file's text at each anchor commit git knows. */
  oldTexts: Map<string, string>;
  /** HEAD, when the document's text is exactly the file at HEAD: new anchors may name it. */
  cleanCommit?: string;
}

/** Most distinct commits looked up for one document; older notes fall back to searching. */
const MAX_COMMITS = 8;

/**
 * Gathers, asynchronously, what resolution needs: document symbols when a note names one,
 * the file's text at each note's commit (git), and whether the document is a clean checkout
 * of HEAD (for anchors made now). Git trouble only means less history, never an error.
 */
export async function gatherResolutionContext(
  document: vscode.TextDocument,
  threads: readonly ReviewThread[],
  git: GitAccess,
  options: { wantCleanCommit?: boolean } = {},
): Promise<ResolutionContext> {
  const context: ResolutionContext = { symbols: [], oldTexts: new Map() };
  const needSymbols = threads.some((t) => t.anchor.symbolPath);
  const commits = [...new Set(threads.map((t) => t.anchor.commit).filter((c): c is string => !!c))].slice(0, MAX_COMMITS);
  const docGit = commits.length || options.wantCleanCommit ? git.forDocument(document.uri) : undefined;
  await Promise.all([
    needSymbols ? documentSymbols(document).then((s) => (context.symbols = s)) : undefined,
    ...commits.map(async (commit) => {
      if (!docGit) return;
      const text = await git.show(docGit, commit);
      if (text !== undefined) context.oldTexts.set(commit, text);
    }),
    (async () => {
      if (!docGit || !options.wantCleanCommit || document.isDirty) return;
      const head = await git.head(docGit);
      if (!head) return;
      const atHead = await git.show(docGit, head);
      if (atHead !== undefined && sameText(atHead, document.getText())) context.cleanCommit = head;
    })(),
  ]);
  return context;
}

/** Resolves every note's anchor against the document text in one pass (synchronous). */
export function resolveThreads(threads: readonly ReviewThread[], text: string, context: ResolutionContext): Map<string, AnchorResolution> {
  const resolver = new AnchorResolver(text, { symbols: context.symbols });
  const out = new Map<string, AnchorResolution>();
  for (const thread of threads) {
    const oldText = thread.anchor.commit ? context.oldTexts.get(thread.anchor.commit) : undefined;
    out.set(thread.id, resolver.resolve(thread.anchor, oldText !== undefined ? { oldText } : {}));
  }
  return out;
}

/** Git may hand back CRLF where the editor shows LF (autocrlf): line endings do not count. */
function sameText(a: string, b: string): boolean {
  return a === b || a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}
