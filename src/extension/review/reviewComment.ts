import * as vscode from 'vscode';
import { LORE_LINK_COMMANDS, loreLinksAsCommands } from '../../core/articles/articleLinks';
import type { ReviewComment } from '../../core/model';
import { withoutRemoteImages } from '../../core/review/commentImages';
import { wasEdited } from '../../core/review/threadLabel';
import { allowedImageHosts } from '../common/imageHostsSetting';

/**
 * A stored review comment as the Comments API shows it. The plain `ReviewComment` stays the
 * source of truth; this class only adds what the editor needs (mode, author, capabilities).
 */
export class LoreComment implements vscode.Comment {
  body: string | vscode.MarkdownString;
  mode = vscode.CommentMode.Preview;
  readonly author: vscode.CommentAuthorInformation;
  /** Capability list matched by `comment =~ /canEdit/` in package.json menus. */
  contextValue: string;
  label?: string;
  timestamp?: Date;
  /** The text as written (the body shown may differ: remote images become links). */
  private savedBody: string;

  constructor(
    readonly data: ReviewComment | undefined,
    readonly parent: vscode.CommentThread,
    options: { me: string; pendingText?: string },
  ) {
    const text = data?.body ?? options.pendingText ?? '';
    this.savedBody = text;
    this.body = markdown(text);
    this.author = { name: data?.author ?? options.me };
    const mine = data !== undefined && data.author === options.me;
    this.contextValue = mine ? 'canEdit,canDelete' : '';
    if (data) {
      this.timestamp = new Date(data.createdAt);
      if (wasEdited(data)) this.label = 'edited';
    } else {
      this.label = 'saving…';
    }
  }

  get id(): string | undefined {
    return this.data?.id;
  }

  /** The text in the editor box (after an edit) or the text as written. */
  get text(): string {
    if (this.mode === vscode.CommentMode.Preview) return this.savedBody;
    return typeof this.body === 'string' ? this.body : this.body.value;
  }

  startEditing(): void {
    // The edit box shows the text as written, not the display form.
    this.body = markdown(this.savedBody, false);
    this.mode = vscode.CommentMode.Editing;
  }

  cancelEditing(): void {
    this.body = markdown(this.savedBody);
    this.mode = vscode.CommentMode.Preview;
  }
}

function markdown(text: string, forDisplay = true): vscode.MarkdownString {
  // Comment text comes from teammates: no raw HTML, no images from other hosts, no command links
  // but Lore's own two below.
  // Lore's own links (a promoted note's link to its article) run the command that opens them:
  // those two commands (they take an id and only open) and no other can run from a comment.
  const shown = forDisplay ? loreLinksAsCommands(withoutRemoteImages(text, allowedImageHosts())) : text;
  const md = new vscode.MarkdownString(shown, false);
  md.isTrusted = forDisplay ? { enabledCommands: [...LORE_LINK_COMMANDS] } : false;
  md.supportHtml = false;
  return md;
}

/**
 * Why a note is not simply attached and what to do, shown as the thread's first comment, by
 * "Lore". The Comments API has no status line for a thread: its `label` is one short line of
 * plain text in the header (it carries the headline: "needs review: the code here changed"),
 * while a comment renders Markdown, so the explanation can show the code involved in a fenced
 * block and stays visible above the discussion. It has no id and no `canEdit`/`canDelete`, so
 * no comment action applies to it; the store never sees it.
 */
export class PlacementComment implements vscode.Comment {
  readonly body: vscode.MarkdownString;
  readonly mode = vscode.CommentMode.Preview;
  readonly author: vscode.CommentAuthorInformation = { name: 'Lore' };
  readonly contextValue = 'lorePlacement';
  readonly label: string;

  constructor(markdownText: string, label: string) {
    // Built by core/review/placementExplanation.ts: outside words escaped, code fenced.
    const md = new vscode.MarkdownString(markdownText, false);
    md.isTrusted = false;
    md.supportHtml = false;
    this.body = md;
    this.label = label;
  }
}
