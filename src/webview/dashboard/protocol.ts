/**
 * Messages between the Team Knowledge webview and the extension. Imports nothing from `vscode`,
 * Node or the DOM, so both sides share it.
 */
import type { TeamKnowledge } from '../../core/recognition/teamKnowledge';

/** Webview → extension. The webview posts `ready` before the extension posts anything. */
export type DashboardRequest =
  | { type: 'ready' }
  /** Export CSV was pressed: the extension asks where to save the figures. */
  | { type: 'exportCsv' }
  /** The webview drew the figures it was sent (`charts`: how many charts it drew), or could not (`error`). */
  | { type: 'drawn'; charts: number; error?: string };

/** Extension → webview: the figures, with how each is counted, drawn again whole. */
export interface DashboardUpdate {
  type: 'figures';
  figures: TeamKnowledge;
  rules: Array<{ name: string; rule: string }>;
}

export function isDashboardRequest(value: unknown): value is DashboardRequest {
  if (!value || typeof value !== 'object') return false;
  const message = value as { type?: unknown; charts?: unknown; error?: unknown };
  if (message.type === 'ready' || message.type === 'exportCsv') return true;
  return message.type === 'drawn' && typeof message.charts === 'number' && (message.error === undefined || typeof message.error === 'string');
}
