import * as vscode from 'vscode';
import { plainMessage } from '../../core/plainText';
import type { LoreServices } from '../common/services';
import { articleIdFrom } from './articleArgs';
import type { FreshnessTracker } from './freshnessTracker';
import { healthOf, needsAttention } from './needsAttention';
import { labelText } from '../../core/labelText';

/**
 * Mark Verified: the article is confirmed still true by this user, now (shared with the team).
 * That restarts its review period; changed or gone snippets still need their own answer (Update
 * Snippet or Still Accurate), and the message says so. From the palette, the articles that need
 * attention are offered first. Returns the id of the article verified.
 */
export async function markVerified(services: LoreServices, tracker: FreshnessTracker, arg: unknown): Promise<string | undefined> {
  const store = services.stores.get();
  const id = articleIdFrom(arg) ?? (await pickArticle(services, tracker));
  if (!id) return undefined;
  const article = store.markVerified(id);
  services.log.info(`Marked article ${id} verified`);
  const left = healthOf(article, tracker).attention;
  void vscode.window.showInformationMessage(left.length
    ? plainMessage`Marked "${article.title}" verified. It still needs attention: ${left.join('; ')}.`
    : plainMessage`Marked "${article.title}" verified: its next review is due ${new Date(healthOf(article, tracker).reviewDue).toLocaleDateString()}.`);
  return id;
}

async function pickArticle(services: LoreServices, tracker: FreshnessTracker): Promise<string | undefined> {
  const store = services.stores.get();
  const attention = needsAttention(store, tracker).items;
  const listed = new Set(attention.map((i) => i.summary.id));
  const others = store.listArticles({ limit: 200 }).filter((a) => !listed.has(a.id));
  const picked = await vscode.window.showQuickPick([
    ...attention.map((i) => ({ label: labelText(i.summary.title), description: 'needs attention', detail: labelText(i.lines.join(' · ')), id: i.summary.id })),
    ...others.map((a) => ({ label: labelText(a.title), description: a.verified ? `verified ${labelText(a.verified.at.slice(0, 10))}` : 'never verified', id: a.id })),
  ], { title: 'Mark Verified', placeHolder: 'Which article is still true?', matchOnDescription: true });
  return picked?.id;
}
