import * as vscode from 'vscode';
import { pendingSecretReview, SECRET_REVIEW_SNAPSHOT_COMMAND } from '../common/secretReview';
import type { LoreServices } from '../common/services';
import { SnippetPlaces } from '../knowledge/snippetPlaces';
import { registerExportCommand } from './exportCommand';
import { registerAnnotationsCommand, ReviewCodeLensProvider } from './reviewCodeLens';
import { registerReviewCommands } from './reviewCommands';
import { ReviewController } from './reviewController';
import { ReviewFilterState } from './reviewFilterState';
import { ReviewNotesProvider, type ReviewNode } from './reviewNotesTree';

/** Command for integration tests: the threads shown in editors right now (not contributed). */
export const SNAPSHOT_COMMAND = '_lore.review.snapshot';
/** Command for integration tests: the Review Notes view's items, as the view would show them. */
export const TREE_SNAPSHOT_COMMAND = '_lore.review.treeSnapshot';

/**
 * Review notes: the `lore.review` comment controller, the Review Notes view, CodeLens above
 * annotated code, promotion to knowledge and export. Returns everything it registered.
 */
export function registerReview(services: LoreServices): vscode.Disposable[] {
  const controller = new ReviewController(services);
  const filter = new ReviewFilterState(services.context.workspaceState);
  const provider = new ReviewNotesProvider(services, filter, controller);
  const view = vscode.window.createTreeView<ReviewNode>('lore.reviewNotes', { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(view);
  const snippetPlaces = new SnippetPlaces(services);
  const lenses = new ReviewCodeLensProvider(services, controller, snippetPlaces);
  return [
    controller,
    snippetPlaces,
    filter,
    provider,
    view,
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
    ...registerReviewCommands(services, controller, filter),
    registerAnnotationsCommand(services, controller),
    registerExportCommand(services),
    vscode.commands.registerCommand(SNAPSHOT_COMMAND, () => controller.snapshot()),
    vscode.commands.registerCommand(TREE_SNAPSHOT_COMMAND, () => provider.snapshot()),
    vscode.commands.registerCommand(SECRET_REVIEW_SNAPSHOT_COMMAND, () => pendingSecretReview()),
  ];
}
