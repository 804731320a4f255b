import * as vscode from 'vscode';
import { resolveAnchors, shiftAnchorForEdits } from '../../core/anchoring';
import type { Snippet, TextRange } from '../../core/model';
import { fromVsRange } from '../common/ranges';
import type { LoreServices } from '../common/services';
import { toRelativePath } from '../common/workspacePaths';

/**
 * Where shared snippets' code is in open documents right now. A snippet's stored range is
 * where the code was when it was shared; once its file is open, Lore re-finds the code with the
 * same anchoring as review notes and then follows it through every edit, so what points at a
 * snippet (the "1 article" CodeLens) stays on its code as the user types above it.
 */
export class SnippetPlaces implements vscode.Disposable {
  private readonly byDocument = new Map<string, Map<string, TextRange>>();
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when a tracked snippet moved. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(private readonly services: LoreServices) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.byDocument.delete(d.uri.toString())),
      // A snippet added, edited or removed: found again from its anchor next time it is asked for.
      services.stores.onDidChange(() => this.byDocument.clear()),
    );
  }

  /** The snippets of `document`'s file, each with where its code is now. */
  placesIn(document: vscode.TextDocument): Array<{ snippet: Snippet; range: TextRange }> {
    const path = toRelativePath(document.uri);
    if (!path || document.uri.scheme !== 'file') return [];
    const snippets = this.services.stores.get().snippetsForPath(path);
    const key = document.uri.toString();
    let places = this.byDocument.get(key);
    if (!places) {
      // One resolver for the file: its line table and index are built once for all its snippets.
      const found = resolveAnchors(snippets.map((s) => s.anchor), document.getText());
      places = new Map(snippets.map((snippet, i) => {
        const at = found[i];
        return [snippet.id, at.state !== 'orphaned' && at.range && at.path === snippet.anchor.path ? at.range : snippet.anchor.range];
      }));
      this.byDocument.set(key, places);
    }
    return snippets.map((snippet) => ({ snippet, range: places.get(snippet.id) ?? snippet.anchor.range }));
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const places = this.byDocument.get(e.document.uri.toString());
    if (!places || places.size === 0 || e.contentChanges.length === 0) return;
    const changes = e.contentChanges.map((c) => ({ range: fromVsRange(c.range), text: c.text }));
    let moved = false;
    for (const [id, range] of places) {
      const shifted = shiftAnchorForEdits(range, changes);
      if (shifted.needsResolve) {
        // The code was replaced wholesale (a reload from disk, a paste over it): find it again
        // from its anchor next time it is asked for.
        this.byDocument.delete(e.document.uri.toString());
        this.emitter.fire();
        return;
      }
      if (shifted.range.startLine !== range.startLine || shifted.range.endLine !== range.endLine) moved = true;
      places.set(id, shifted.range);
    }
    if (moved) this.emitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
