import * as vscode from 'vscode';
import { pendingSecretReview, type SecretReviewSnapshot } from '../common/secretReview';
import type { LoreServices } from '../common/services';
import { SnippetPlaces } from '../knowledge/snippetPlaces';
import { registerExportCommand } from './exportCommand';
import { registerAnnotationsCommand, ReviewCodeLensProvider } from './reviewCodeLens';
import { registerReviewCommands } from './reviewCommands';
import { ReviewController, type ShownThreadSnapshot } from './reviewController';
import { ReviewFilterState } from './reviewFilterState';
import { ReviewNotesProvider, type ReviewNode, type TreeItemSnapshot } from './reviewNotesTree';

/**
 * What the integration tests read about review notes, through the extension's exports (never
 * as commands: a registered command is callable by any extension and was shipped to every user).
 */
export interface ReviewApi {
  /** The threads shown in editors right now. */
  shownThreads(): ShownThreadSnapshot[];
  /** The Review Notes view's items, as the view would show them. */
  treeItems(): TreeItemSnapshot[];
  /** The secret review open right now, if any. */
  pendingSecretReview(): SecretReviewSnapshot | undefined;
}

/**
 * Review notes: the `lore.review` comment controller, the Review Notes view, CodeLens above
 * annotated code, promotion to knowledge and export. Returns everything it registered, and what
 * the integration tests read.
 */
export function registerReview(services: LoreServices): { disposables: vscode.Disposable[]; api: ReviewApi } {
  const controller = new ReviewController(services);
  const filter = new ReviewFilterState(services.context.workspaceState);
  const provider = new ReviewNotesProvider(services, filter, controller);
  const view = vscode.window.createTreeView<ReviewNode>('lore.reviewNotes', { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(view);
  const snippetPlaces = new SnippetPlaces(services);
  const lenses = new ReviewCodeLensProvider(services, controller, snippetPlaces);
  const disposables = [
    controller,
    snippetPlaces,
    filter,
    provider,
    view,
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
    ...registerReviewCommands(services, controller, filter),
    ...registerAnnotationsCommand(services, controller),
    ...registerExportCommand(services),
  ];
  const api: ReviewApi = {
    shownThreads: () => controller.snapshot(),
    treeItems: () => provider.snapshot(),
    pendingSecretReview,
  };
  return { disposables, api };
}
