import type { ReviewThread } from '../model';
import type { ExportContext } from './exportOptions';
import { codeFence, languageForPath } from './languageForPath';
import { countsText, groupByFile } from './reviewFilter';
import { linesText, placementDetail, wasEdited } from './threadLabel';
import { kindInfo } from './threadKinds';

/** A readable report: a summary, then each file's notes with their code and discussion. */
export function exportMarkdown(threads: readonly ReviewThread[], context: ExportContext, filterDescription = ''): string {
  const groups = groupByFile(threads);
  const open = threads.filter((t) => t.state === 'open').length;
  const out: string[] = [];
  out.push(`# Review notes${context.projectName ? ` — ${escapeInline(context.projectName)}` : ''}`, '');
  const summary = threads.length === 0
    ? 'No review notes match.'
    : `${threads.length} note${threads.length === 1 ? '' : 's'} (${countsText({ open, resolved: threads.length - open })}) in ${groups.length} file${groups.length === 1 ? '' : 's'}.`;
  out.push(`Exported ${formatUtc(context.generatedAt)} by Lore ${context.toolVersion}. ${summary}${filterDescription ? ` Filter: ${escapeInline(filterDescription)}.` : ''}`, '');
  for (const group of groups) {
    out.push(`## ${codeSpan(group.path)}`, '');
    for (const thread of group.threads) out.push(...threadSection(thread), '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function threadSection(thread: ReviewThread): string[] {
  const info = kindInfo(thread.kind);
  const placement = placementDetail(thread);
  const lines: string[] = [];
  lines.push(`### ${info.emoji} ${info.title} · ${thread.state} — ${linesText(thread.anchor.range)}${placement ? ` (${escapeInline(placement)})` : ''}`, '');
  if (thread.anchor.symbolPath) lines.push(`In ${codeSpan(thread.anchor.symbolPath)}.`, '');
  if (thread.anchor.text.trim()) lines.push(codeFence(thread.anchor.text, languageForPath(thread.anchor.path)), '');
  for (const comment of thread.comments) {
    const edited = wasEdited(comment) ? ' (edited)' : '';
    lines.push(`**${escapeInline(comment.author)}** · ${formatUtc(comment.createdAt)}${edited}`, '');
    lines.push(comment.body.trim(), '');
  }
  return lines;
}

/** `2026-01-01 09:30 UTC` from an ISO time; the input unchanged when it is not one. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Inline code that survives backticks in the text. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** Text that Markdown shows as written (names, notes): emphasis and link characters escaped. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}
