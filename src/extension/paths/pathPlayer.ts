import * as vscode from 'vscode';
import { LoreError } from '../../core/errors';
import { markdownText } from '../../core/markdownText';
import { plainText } from '../../core/plainText';
import { describeStep, stepLabel, type LearningPath, type PathStep } from '../../core/paths/pathModel';
import { resolvePathSteps, type StepHealth } from '../../core/paths/stepHealth';
import { setContext } from '../common/commands';
import { toVsRange } from '../common/ranges';
import type { LoreServices } from '../common/services';
import { toWorkspaceUri } from '../common/workspacePaths';
import { stepWorkspace } from './stepWorkspace';

/** What the player shows now (for the integration tests and the status bar). */
export interface PlayerState {
  pathId: string;
  index: number;
  total: number;
  /** Where the step's note is shown: beside code in the editor, or in a message (folders, articles). */
  shownIn: 'comment' | 'message';
  /** The file and range the note sits at (comment only). */
  uri?: string;
  range?: vscode.Range;
  health?: StepHealth;
}

const NAVIGATION = ['lore.paths.previous', 'lore.paths.next', 'lore.paths.stop'];

/**
 * Plays a learning path step by step, as CodeTour does. A code or file step's note is a comment
 * thread of its own comment controller ("Lore Learning Path") at the step's code: the Comments
 * API is the one in-editor surface that shows Markdown beside any line, scrolls with the code,
 * carries Next / Previous / Stop in its title bar, and is what Lore's review notes already use,
 * so readers know it. Folder and article steps show the folder (Explorer) or the article view,
 * with the note in a message that has the same three buttons. The status bar says "Step N of M".
 * Progress is saved at every step (this person's, on this machine only) and resumed by Play;
 * Finish puts it back at the first step.
 */
export class PathPlayer implements vscode.Disposable {
  private readonly controller = vscode.comments.createCommentController('lore.paths', 'Lore Learning Path');
  private readonly status = vscode.window.createStatusBarItem('lore.paths.status', vscode.StatusBarAlignment.Left, 40);
  private thread: vscode.CommentThread | undefined;
  private playing: PlayerState | undefined;
  private showing = 0;

  constructor(private readonly services: LoreServices) {
    this.status.name = 'Lore Learning Path';
    this.status.command = 'lore.paths.next';
  }

  get state(): PlayerState | undefined {
    return this.playing;
  }

  /** Plays a path from `index`, else from where this person stopped, else from the start. */
  async play(pathId: string, index?: number): Promise<void> {
    const store = this.services.stores.get();
    const path = store.getPath(pathId);
    if (!path) throw new LoreError('This learning path is not here any more (deleted on another machine, or made private).');
    if (!path.steps.length) throw new LoreError(`"${path.title}" has no steps yet.`, 'Select some code and run Lore: Add Step Here.');
    // Where the tree says this person is ("at step N"): the last step shown, the first after Finish.
    const start = index ?? store.pathProgress(pathId)?.step ?? 0;
    await this.show(path, Math.max(0, Math.min(start, path.steps.length - 1)));
  }

  async next(): Promise<void> {
    await this.go(+1);
  }

  async previous(): Promise<void> {
    await this.go(-1);
  }

  stop(): void {
    this.clear();
    this.playing = undefined;
    this.status.hide();
    void setContext('lore:playingPath', false);
  }

  private async go(offset: number): Promise<void> {
    if (!this.playing) throw new LoreError('No learning path is playing.', 'Open one from Learning Paths in the Lore view.');
    const path = this.services.stores.get().getPath(this.playing.pathId);
    if (!path) {
      this.stop();
      throw new LoreError('This learning path was deleted while you played it.');
    }
    const index = this.playing.index + offset;
    if (index < 0) return;
    if (index >= path.steps.length) {
      // Finished: played again, it starts over. Reaching the last step is not finishing it: a
      // window closed there resumes there.
      this.services.stores.get().setPathProgress(path.id, 0);
      this.stop();
      void vscode.window.showInformationMessage(plainText(`You finished "${path.title}".`));
      return;
    }
    await this.show(path, index);
  }

  private async show(path: LearningPath, index: number): Promise<void> {
    const store = this.services.stores.get();
    const step = path.steps[index];
    const showing = ++this.showing;
    this.clear();
    store.setPathProgress(path.id, index);
    const total = path.steps.length;
    this.status.text = `$(milestone) Step ${index + 1} of ${total}`;
    this.status.tooltip = plainText(`${path.title}: ${stepLabel(step)}. Click for the next step.`);
    this.status.show();
    void setContext('lore:playingPath', true);
    const health = resolvePathSteps([{ ...path, steps: [step] }], stepWorkspace(store)).get(step.id);
    this.playing = { pathId: path.id, index, total, shownIn: 'message', health };
    if (step.kind === 'code' || (step.kind === 'file' && !step.directory)) {
      const relative = step.kind === 'code' ? health?.path ?? step.anchor.path : step.path;
      const uri = toWorkspaceUri(relative);
      if (uri && health?.state !== 'gone' && health?.state !== 'elsewhere') {
        const document = await vscode.workspace.openTextDocument(uri);
        const range = step.kind === 'code' ? document.validateRange(toVsRange(health?.range ?? step.anchor.range)) : new vscode.Range(0, 0, 0, 0);
        const editor = await vscode.window.showTextDocument(document, { preview: false, selection: step.kind === 'code' ? range : undefined });
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        if (showing !== this.showing) return;
        this.thread = this.controller.createCommentThread(document.uri, new vscode.Range(range.end.line, 0, range.end.line, 0), [this.comment(path, step, index, health)]);
        this.thread.canReply = false;
        this.thread.label = `Step ${index + 1} of ${total}`;
        this.thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
        this.thread.contextValue = 'lore.pathStep';
        this.playing = { ...this.playing, shownIn: 'comment', uri: document.uri.toString(), range };
        return;
      }
    } else if (step.kind === 'file') {
      const uri = toWorkspaceUri(step.path);
      if (uri && health?.state === 'current') await vscode.commands.executeCommand('revealInExplorer', uri);
    } else if (health?.state === 'current') {
      await vscode.commands.executeCommand('lore.openArticle', step.articleId);
    }
    void this.message(path, step, index, health);
  }

  /**
   * Folder and article steps (and steps whose code is gone): the note in a message with the
   * navigation buttons. The heading is the step's title or where it points (its label would be
   * the note's first line, said twice); Next (Finish on the last step) is the first, primary
   * button, and the first step has no Previous (it would close the note and do nothing).
   */
  private async message(path: LearningPath, step: PathStep, index: number, health: StepHealth | undefined): Promise<void> {
    const problem = health && health.state !== 'current' ? ` (${health.reason})` : '';
    const heading = step.title || (step.note ? describeStep(step) : stepLabel(step));
    const text = `Step ${index + 1} of ${path.steps.length}: ${heading}${problem}${step.note ? `\n\n${step.note}` : ''}`;
    const showing = this.showing;
    const last = index + 1 >= path.steps.length;
    const choice = index > 0
      ? await vscode.window.showInformationMessage(plainText(text), last ? 'Finish' : 'Next', 'Previous', 'Stop')
      : await vscode.window.showInformationMessage(plainText(text), last ? 'Finish' : 'Next', 'Stop');
    if (showing !== this.showing || !choice) return;
    if (choice === 'Previous') await this.previous();
    else if (choice === 'Stop') this.stop();
    else await this.next();
  }

  private comment(path: LearningPath, step: PathStep, index: number, health: StepHealth | undefined): vscode.Comment {
    const body = new vscode.MarkdownString('', true);
    body.isTrusted = { enabledCommands: NAVIGATION };
    if (step.title) body.appendMarkdown(`**${markdownText(step.title)}**\n\n`);
    if (health && health.state !== 'current') body.appendMarkdown(`$(warning) ${markdownText(health.reason)}\n\n`);
    else if (health?.reason.startsWith('moved')) body.appendMarkdown(`_${markdownText(health.reason)}_\n\n`);
    body.appendMarkdown(step.note.replace(/\]\(command:/gi, '](#'));
    const links = [
      ...(index > 0 ? ['[← Previous](command:lore.paths.previous)'] : []),
      index + 1 < path.steps.length ? '[Next →](command:lore.paths.next)' : '[Finish](command:lore.paths.next)',
      '[Stop](command:lore.paths.stop)',
    ];
    body.appendMarkdown(`\n\n---\n${links.join(' · ')}`);
    return { body, mode: vscode.CommentMode.Preview, author: { name: `${path.title}: step ${index + 1} of ${path.steps.length}` } };
  }

  private clear(): void {
    this.thread?.dispose();
    this.thread = undefined;
  }

  dispose(): void {
    this.clear();
    this.controller.dispose();
    this.status.dispose();
  }
}
