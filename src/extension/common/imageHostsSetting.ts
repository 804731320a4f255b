import * as vscode from 'vscode';
import { parseImageHosts } from '../../core/articles/imageHosts';

/** The setting that lists the hosts whose images Lore loads (article view and review notes). */
export const IMAGE_HOSTS_SETTING = 'lore.articleView.allowedImageHosts';

let warned = '';

/** The valid hosts of the setting; entries that are not host names are logged once and ignored. */
export function allowedImageHosts(log?: vscode.LogOutputChannel): string[] {
  const { hosts, invalid } = parseImageHosts(vscode.workspace.getConfiguration().get<unknown>(IMAGE_HOSTS_SETTING));
  const key = invalid.join('\n');
  if (invalid.length && key !== warned && log) {
    warned = key;
    log.warn(`${IMAGE_HOSTS_SETTING}: ignored ${invalid.map((e) => JSON.stringify(e)).join(', ')}: write host names such as "images.example.com" or "*.example.com".`);
  }
  return hosts;
}
